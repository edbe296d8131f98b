"""The recent-activity feed across a user's teams: status changes, evidence added, comments.

One query per kind of activity, whatever the number of entries, merged newest first.
"""

import heapq
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from html import unescape

from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from markdown_it import MarkdownIt

from tracker.accounts.permissions import team_ids as teams_of

from . import hooks
from .models import Comment, Recommendation, StatusChange

# What an entry prints of its item and of the person: not the item's text and search document (1.4 KB a row).
ENTRY_FIELDS = ["recommendation__id", "recommendation__title"]
PERSON_FIELDS = ["id", "username", "first_name", "last_name"]


EXCERPT_SOURCE = 600


def person_fields(relation):
    return [f"{relation}__{name}" for name in PERSON_FIELDS]


class Kind(StrEnum):
    CREATED = "created"
    STATUS = "status"
    EVIDENCE = "evidence"
    COMMENT = "comment"


@dataclass(frozen=True)
class ActivityEntry:
    kind: Kind
    when: datetime
    who: AbstractBaseUser | None
    recommendation: Recommendation
    what: str
    link: str


_markdown = MarkdownIt("commonmark", {"html": False})


def _plain(markdown):
    """A comment's words without Markdown syntax, for a one-line excerpt (escaped again by the template)."""
    return " ".join(unescape(strip_tags(_markdown.render(markdown))).split())


def link(recommendation, anchor=""):
    url = reverse("recommendation_detail", args=[recommendation.pk])
    return f"{url}#{anchor}" if anchor else url


def _status_changes(team_ids, since, limit):
    changes = StatusChange.objects.filter(recommendation__team__in=team_ids)
    if since:
        changes = changes.filter(changed_at__gte=since)
    changes = changes.select_related("recommendation", "changed_by").only(
        "from_status", "to_status", "changed_at", *ENTRY_FIELDS, *person_fields("changed_by")
    )
    for change in changes.order_by("-changed_at", "-id")[:limit]:
        if change.from_status:
            what = f"changed the status from {change.get_from_status_display()} to {change.get_to_status_display()}"
            yield ActivityEntry(
                Kind.STATUS,
                change.changed_at,
                change.changed_by,
                change.recommendation,
                what,
                link(change.recommendation),
            )
        else:
            what = f"added the recommendation as {change.get_to_status_display()}"
            yield ActivityEntry(
                Kind.CREATED,
                change.changed_at,
                change.changed_by,
                change.recommendation,
                what,
                link(change.recommendation),
            )


def _comments(team_ids, since, limit):
    comments = Comment.objects.filter(recommendation__team__in=team_ids)
    if since:
        comments = comments.filter(created_at__gte=since)
    comments = comments.select_related("recommendation", "author").only(
        "body", "created_at", *ENTRY_FIELDS, *person_fields("author")
    )
    for comment in comments.order_by("-created_at", "-id")[:limit]:
        # The excerpt shows 120 characters: the Markdown of a long comment is read only as far as that needs.
        what = f"commented: “{Truncator(_plain(comment.body[:EXCERPT_SOURCE])).chars(120)}”"
        yield ActivityEntry(
            Kind.COMMENT,
            comment.created_at,
            comment.author,
            comment.recommendation,
            what,
            link(comment.recommendation, f"comment-{comment.pk}"),
        )


def recent_activity(user, limit=20, since=None):
    """The newest `limit` entries (since `since`, if given) across the user's teams, newest first; four queries.

    The teams are read first, as ids: each kind of activity is then read newest first through its time index and
    stops at `limit`, instead of joining every item of the teams and sorting all their history.
    """
    team_ids = teams_of(user)
    kinds = [list(_status_changes(team_ids, since, limit)), list(_comments(team_ids, since, limit))]
    # Entries of apps above (evidence added), one query each.
    kinds += [list(feed(team_ids, since, limit)) for feed in hooks.activity_feeds]
    merged = heapq.merge(*kinds, key=lambda entry: entry.when, reverse=True)
    return list(merged)[:limit]
