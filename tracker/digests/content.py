"""What a digest says: one reader's week, in two parts.

- "Needs you", across all the reader's teams: mentions of them not yet answered, their open items
  that are overdue, due soon, whose newest evidence disagrees with their status, stalled or stale
  (listed every week while they stay so), and suggestions awaiting their review.
- Per team, one entry per item that others worked on during the week (its status changes,
  confirmed evidence and comments together), with new recommendations, documents and
  suggestions as counts that link to the list.

The reader's own actions are left out: they know what they did. Every list is capped and the
rest is a count with a link, so the email stays small whatever the week brought.

A team's week is read once (TeamWeek) and shared by the digests of all its members in a run;
each reader then adds a few queries of their own, so a run's cost grows with the number of
teams and readers, not with readers times the team's activity.
"""

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import Team
from tracker.accounts.permissions import editable_teams
from tracker.evidence.models import Evidence
from tracker.recommendations.models import (
    OPEN_STATUSES,
    Comment,
    Mention,
    Recommendation,
    Status,
    StatusChange,
    stale_cutoff,
)
from tracker.sources.models import Source

from .weeks import Week

DUE_SOON_DAYS = 14
# A mention stays in "Needs you" until the reader comments on that item, for up to four weeks.
MENTIONS_KEPT_FOR = timedelta(days=28)
# Rows shown per group of "Needs you"; the rest are counted and linked.
NEEDS_YOU_SHOWN = 8
MENTIONS_SHOWN = 5
# Item entries shown across all teams, shared out among the teams with news; each team shows at
# least the first few and at most a dozen. With the caps above this bounds the email's size.
ENTRIES_SHOWN = 30
ENTRIES_PER_TEAM = (3, 12)


@dataclass
class Capped:
    """The first rows of a longer list, how many there are in all, and where to see them all."""

    rows: list
    total: int
    url: str = ""

    @property
    def more(self):
        return self.total - len(self.rows)

    def __bool__(self):
        return self.total > 0

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return self.total


def capped(rows, limit, url=""):
    rows = list(rows)
    return Capped(rows=rows[:limit], total=len(rows), url=url)


@dataclass
class Entry:
    """What others did to one item during the week."""

    recommendation: Recommendation
    # Why it needs the reader ("Overdue", "Due soon", "Stalled", "Stale"); empty in a team's list.
    reason: str = ""
    status_changes: list = field(default_factory=list)
    # (stance label, how many) of the evidence confirmed this week.
    confirmed: list = field(default_factory=list)
    comments: int = 0
    commenters: list = field(default_factory=list)
    # The week's suggestions awaiting review, for items in "Needs you".
    suggestions: int = 0

    @property
    def has_activity(self):
        return bool(self.status_changes or self.confirmed or self.comments)

    @property
    def last_change(self):
        return self.status_changes[-1] if self.status_changes else None

    @property
    def path(self):
        """'New → Under review → In progress': the statuses the item went through this week."""
        if not self.status_changes:
            return ""
        labels = [self.status_changes[0].get_from_status_display()]
        labels += [change.get_to_status_display() for change in self.status_changes]
        return " → ".join(labels)

    @property
    def confirmed_count(self):
        return sum(count for _, count in self.confirmed)


@dataclass
class TeamDigest:
    """One team's part of a reader's digest: others' activity, as entries and counts."""

    team: Team
    entries: Capped
    status_changes: int = 0
    confirmed_evidence: int = 0
    comments: int = 0
    added: int = 0
    documents: int = 0
    suggestions: int = 0
    overdue: int = 0
    stale: int = 0
    urls: dict = field(default_factory=dict)

    @property
    def has_news(self):
        return bool(self.entries or self.added or self.documents or self.suggestions or self.overdue)

    @property
    def facts(self):
        """[('3 status changes', url), …]: the team's week in counts, each with where to see them ('' for none)."""
        facts = [
            (self.status_changes, "status change", "status changes", ""),
            (self.confirmed_evidence, "confirmed evidence", "confirmed evidence", ""),
            (self.comments, "comment", "comments", ""),
            (self.added, "new recommendation", "new recommendations", self.urls.get("added", "")),
            (self.documents, "new document", "new documents", self.urls.get("documents", "")),
            (self.suggestions, "new suggestion", "new suggestions", ""),
            (self.overdue, "overdue", "overdue", self.urls.get("overdue", "")),
            (self.stale, "stale", "stale", self.urls.get("stale", "")),
        ]
        return [(f"{n} {one if n == 1 else many}", url) for n, one, many, url in facts if n]


@dataclass
class NeedsYou:
    mentions: Capped
    items: Capped
    suggestions: Capped
    suggestion_count: int = 0
    counts: Counter = field(default_factory=Counter)

    def __bool__(self):
        return bool(self.mentions or self.items or self.suggestions)


@dataclass
class Digest:
    user: object
    week: Week
    needs_you: NeedsYou
    # The teams with news for the reader, and all the teams they are a member of.
    teams: list
    member_of: list

    def _total(self, attribute):
        return sum(getattr(team, attribute) for team in self.teams)

    @property
    def counts(self):
        return {
            "mentions": self.needs_you.mentions.total,
            "overdue": self.needs_you.counts["Overdue"],
            "due_soon": self.needs_you.counts["Due soon"],
            "stuck": self.needs_you.counts["Stalled"] + self.needs_you.counts["Stale"],
            "disagreeing": self.needs_you.counts["Evidence disagrees"],
            "to_review": self.needs_you.suggestion_count,
            "status_changes": self._total("status_changes"),
            "confirmed_evidence": self._total("confirmed_evidence"),
            "comments": self._total("comments"),
            "added": self._total("added"),
            "documents": self._total("documents"),
        }

    @property
    def summary(self):
        """'1 mention of you, 2 of your items overdue, 3 status changes, 22 suggestions to review'.

        What needs the reader comes first (a subject line is cut short in most mail clients), and
        each count names what it counts.
        """
        counts = self.counts
        phrases = [
            (counts["mentions"], "mention of you", "mentions of you"),
            (counts["overdue"], "of your items overdue", "of your items overdue"),
            (counts["due_soon"], "of your items due soon", "of your items due soon"),
            (
                counts["disagreeing"],
                "of your items with evidence against their status",
                "of your items with evidence against their status",
            ),
            (counts["stuck"], "of your items stalled or stale", "of your items stalled or stale"),
            (counts["to_review"], "suggestion to review", "suggestions to review"),
            (counts["status_changes"], "status change", "status changes"),
            (counts["confirmed_evidence"], "confirmed evidence", "confirmed evidence"),
            (counts["comments"], "comment", "comments"),
            (counts["added"], "new recommendation", "new recommendations"),
            (counts["documents"], "new document", "new documents"),
        ]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in phrases if n]
        if not said:
            overdue = self._total("overdue")
            return f"{overdue} overdue in your teams" if overdue else "nothing new"
        return ", ".join(said)

    @property
    def is_empty(self):
        """Nothing needs the reader and nobody else did anything: no email."""
        return not self.needs_you and not any(team.has_news for team in self.teams)


def list_url(**params):
    """The recommendation list filtered by params, relative (the email makes it absolute)."""
    pairs = []
    for name, value in params.items():
        for one in value if isinstance(value, list | tuple) else [value]:
            pairs.append((name, one))
    return reverse("recommendation_list") + "?" + urlencode(pairs)


class TeamWeek:
    """Everything that happened in one team during one week, read once and shared by its members' digests.

    Events keep their actor, so that each reader's digest leaves their own out without another query.
    """

    def __init__(self, team, week, as_of):
        self.team = team
        in_week = {"gte": week.start, "lt": week.end}
        today = timezone.localdate(as_of)
        items = Recommendation.objects.filter(team=team, deleted_at__isnull=True)

        self.changes = defaultdict(list)
        # Who added each item created this week (None for an import with no person).
        self.added_by = []
        changes = (
            StatusChange.objects.filter(
                recommendation__in=items, changed_at__gte=in_week["gte"], changed_at__lt=in_week["lt"]
            )
            .select_related("changed_by")
            .order_by("changed_at", "id")
        )
        for change in changes:
            if change.from_status:
                self.changes[change.recommendation_id].append(change)
            else:
                self.added_by.append(change.changed_by_id)

        self.comments = defaultdict(list)
        comments = Comment.objects.filter(
            recommendation__in=items, created_at__gte=in_week["gte"], created_at__lt=in_week["lt"]
        ).values_list("recommendation_id", "author_id", "created_at")
        for recommendation_id, author_id, created_at in comments:
            self.comments[recommendation_id].append((author_id, created_at))

        # Evidence arrives when someone confirms a suggestion, or when someone adds it confirmed. Two
        # ranges rather than COALESCE(reviewed_at, created_at), which no index could serve.
        self.confirmed = defaultdict(list)
        confirmed = (
            Evidence.objects.filter(recommendation__in=items, state=Evidence.State.CONFIRMED)
            .filter(
                Q(reviewed_at__gte=in_week["gte"], reviewed_at__lt=in_week["lt"])
                | Q(reviewed_at__isnull=True, created_at__gte=in_week["gte"], created_at__lt=in_week["lt"])
            )
            .annotate(actor=Coalesce("reviewed_by", "added_by"), arrived_at=Coalesce("reviewed_at", "created_at"))
            .values_list("recommendation_id", "stance", "actor", "arrived_at")
        )
        for recommendation_id, stance, actor, arrived_at in confirmed:
            self.confirmed[recommendation_id].append((stance, actor, arrived_at))

        self.suggestions = Evidence.objects.filter(
            recommendation__in=items,
            state=Evidence.State.SUGGESTED,
            created_at__gte=in_week["gte"],
            created_at__lt=in_week["lt"],
        ).count()
        self.documents_by = list(
            Source.objects.filter(team=team, created_at__gte=in_week["gte"], created_at__lt=in_week["lt"]).values_list(
                "created_by", flat=True
            )
        )
        standing = items.aggregate(
            overdue=Count("pk", filter=Q(pk__in=items.overdue(today).values("pk"))),
            stale=Count("pk", filter=Q(pk__in=items.stale(as_of).values("pk"))),
        )
        self.overdue, self.stale = standing["overdue"], standing["stale"]

        active = set(self.changes) | set(self.comments) | set(self.confirmed)
        # What an entry prints of its item, not the item's text or search document.
        shown = ["title", "status", "owner", "due_on", "team", "last_activity_at", "stale_since", "evidence_disagrees"]
        self.items = {
            item.pk: item
            for item in Recommendation.objects.filter(pk__in=active)
            .select_related("owner")
            .only(*shown, "owner__username", "owner__first_name", "owner__last_name")
            .order_by()
        }
        names = {comment[0] for rows in self.comments.values() for comment in rows}
        self.people = get_user_model().objects.in_bulk(names) if names else {}
        # Most telling first: a status change, then confirmed evidence, then comments; the latest first within.
        self.order = sorted(active, key=self._rank)
        # Who acted on each item, and how many items only one person acted on: an item is news to everyone else.
        self.actors = defaultdict(set)
        for pk, rows in self.changes.items():
            self.actors[pk].update(change.changed_by_id for change in rows)
        for pk, rows in self.comments.items():
            self.actors[pk].update(author for author, _ in rows)
        for pk, rows in self.confirmed.items():
            self.actors[pk].update(actor for _, actor, _ in rows)
        self.only_by = Counter(next(iter(people)) for people in self.actors.values() if len(people) == 1)
        self.own_counts = {
            "status_changes": Counter(c.changed_by_id for rows in self.changes.values() for c in rows),
            "comments": Counter(author for rows in self.comments.values() for author, _ in rows),
            "confirmed_evidence": Counter(actor for rows in self.confirmed.values() for _, actor, _ in rows),
            "added": Counter(self.added_by),
            "documents": Counter(self.documents_by),
        }
        self.totals = {
            "status_changes": sum(len(rows) for rows in self.changes.values()),
            "comments": sum(len(rows) for rows in self.comments.values()),
            "confirmed_evidence": sum(len(rows) for rows in self.confirmed.values()),
            "added": len(self.added_by),
            "documents": len(self.documents_by),
        }
        self.urls = {
            "activity": list_url(team=team.pk, sort="updated"),
            "added": list_url(team=team.pk, status=Status.NEW.value),
            "overdue": list_url(team=team.pk, overdue="on"),
            "stale": list_url(team=team.pk, stale="on"),
            "documents": reverse("sources:list"),
        }

    def _rank(self, pk):
        times = [change.changed_at for change in self.changes.get(pk, [])]
        times += [at for _, _, at in self.confirmed.get(pk, [])]
        times += [at for _, at in self.comments.get(pk, [])]
        kind = 0 if pk in self.changes else 1 if pk in self.confirmed else 2
        return (kind, -max(times).timestamp(), pk)

    def entry(self, pk, reader):
        """What others did to item pk this week, or None when only the reader did anything."""
        recommendation = self.items.get(pk)
        if recommendation is None:
            return None
        changes = [change for change in self.changes.get(pk, []) if change.changed_by_id != reader.pk]
        stances = Counter(stance for stance, actor, _ in self.confirmed.get(pk, []) if actor != reader.pk)
        commenters = [author for author, _ in self.comments.get(pk, []) if author != reader.pk]
        entry = Entry(
            recommendation=recommendation,
            status_changes=changes,
            confirmed=[
                (label, stances[value]) for value, label in Evidence._meta.get_field("stance").choices if stances[value]
            ],
            comments=len(commenters),
            commenters=[self.people[pk] for pk in dict.fromkeys(commenters) if pk in self.people],
        )
        return entry if entry.has_activity else None

    def for_reader(self, reader, shown, skip):
        """This team's part of the reader's digest: up to `shown` entries, not those in `skip`.

        Only the entries shown are built; how many others there are comes from the actors counted once for the
        team, so a reader costs the same however busy the week was.
        """
        rows = []
        for pk in self.order:
            if len(rows) == shown:
                break
            if pk in skip:
                continue
            entry = self.entry(pk, reader)
            if entry is not None:
                rows.append(entry)
        skipped = sum(1 for pk in skip if pk in self.actors and self.actors[pk] != {reader.pk})
        total = len(self.order) - self.only_by[reader.pk] - skipped
        counts = {name: self.totals[name] - self.own_counts[name][reader.pk] for name in self.totals}
        return TeamDigest(
            team=self.team,
            entries=Capped(rows=rows, total=total, url=self.urls["activity"]),
            suggestions=self.suggestions,
            overdue=self.overdue,
            stale=self.stale,
            urls=self.urls,
            **counts,
        )


def _reason(recommendation, today, due_until, cutoff):
    """Why an open item of the reader's needs them, or '' (the first that applies)."""
    if recommendation.due_on and recommendation.due_on < today:
        return "Overdue"
    if recommendation.due_on and recommendation.due_on <= due_until:
        return "Due soon"
    if recommendation.evidence_disagrees:
        return "Evidence disagrees"
    if recommendation.status == Status.STALLED:
        return "Stalled"
    if recommendation.stale_since is not None or recommendation.last_activity_at < cutoff:
        return "Stale"
    return ""


def _needs_you(user, week, team_ids, as_of, team_weeks):
    today = timezone.localdate(as_of)
    due_until = today + timedelta(days=DUE_SOON_DAYS)
    cutoff = stale_cutoff(as_of)

    answered = Comment.objects.filter(
        recommendation=OuterRef("comment__recommendation"), author=user, created_at__gt=OuterRef("comment__created_at")
    )
    mentions = (
        Mention.objects.filter(
            user=user,
            comment__recommendation__team__in=team_ids,
            comment__recommendation__deleted_at__isnull=True,
            comment__created_at__gte=week.end - MENTIONS_KEPT_FOR,
            comment__created_at__lt=week.end,
        )
        .exclude(comment__author=user)
        .filter(~Exists(answered))
        .select_related("comment__author", "comment__recommendation")
        .order_by("-comment__created_at", "-pk")
    )
    mentions = capped((mention.comment for mention in mentions), MENTIONS_SHOWN)

    mine = (
        Recommendation.objects.open()
        .filter(team__in=team_ids, owner=user)
        .filter(
            Q(due_on__lte=due_until)
            | Q(evidence_disagrees=True)
            | Q(status=Status.STALLED)
            | Q(stale_since__isnull=False)
            | Q(last_activity_at__lt=cutoff)
        )
        .select_related("owner")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
    order = {"Overdue": 0, "Due soon": 1, "Evidence disagrees": 2, "Stalled": 3, "Stale": 4}
    entries = []
    for recommendation in mine:
        reason = _reason(recommendation, today, due_until, cutoff)
        if reason:
            week_of = team_weeks[recommendation.team_id]
            entry = week_of.entry(recommendation.pk, user) or Entry(recommendation=recommendation)
            entry.reason = reason
            entries.append(entry)
    entries.sort(key=lambda entry: order[entry.reason])
    counts = Counter(entry.reason for entry in entries)
    items = capped(entries, NEEDS_YOU_SHOWN, list_url(owner=user.pk, sort="due"))

    # Suggestions wait on the people who can confirm them: the reader's open items in teams they edit.
    waiting = (
        Evidence.objects.filter(
            state=Evidence.State.SUGGESTED,
            recommendation__owner=user,
            recommendation__team__in=editable_teams(user).filter(pk__in=team_ids).order_by(),
            recommendation__status__in=OPEN_STATUSES,
            recommendation__deleted_at__isnull=True,
        )
        .values("recommendation")
        .annotate(n=Count("pk"))
        .order_by("-n", "recommendation")
    )
    waiting = {row["recommendation"]: row["n"] for row in waiting}
    top = list(waiting)[:NEEDS_YOU_SHOWN]
    loaded = Recommendation.objects.in_bulk(top) if top else {}
    suggestions = Capped(
        rows=[Entry(recommendation=loaded[pk], suggestions=waiting[pk]) for pk in top if pk in loaded],
        total=len(waiting),
        url=list_url(owner=user.pk, sort="updated"),
    )
    return NeedsYou(
        mentions=mentions,
        items=items,
        suggestions=suggestions,
        suggestion_count=sum(waiting.values()),
        counts=counts,
    )


class RecentWeeks(dict):
    """A cache of teams' weeks that forgets each after `seconds`: the preview of a week so far is built from a
    team's week at most that old, shared by the previews of its members."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds
        self.stored_at = {}

    def __contains__(self, key):
        stored_at = self.stored_at.get(key)
        fresh = stored_at is not None and time.monotonic() - stored_at < self.seconds and super().__contains__(key)
        if not fresh:
            self.pop(key, None)
        return fresh

    def clear(self):
        self.stored_at.clear()
        super().clear()

    def __setitem__(self, key, value):
        self.stored_at[key] = time.monotonic()
        super().__setitem__(key, value)


def build_digest(user, week, cache=None):
    """The reader's digest for the week. `cache` (a dict) shares each team's week across the readers of a run."""
    cache = {} if cache is None else cache
    teams = list(Team.objects.filter(memberships__user=user).order_by("name"))
    as_of = min(timezone.now(), week.end)
    team_weeks = {}
    for team in teams:
        key = (team.pk, week.iso)
        if key not in cache:
            cache[key] = TeamWeek(team, week, as_of)
        team_weeks[team.pk] = cache[key]

    needs_you = _needs_you(user, week, list(team_weeks), as_of, team_weeks)
    # An item in "Needs you" shows its week there, once, not again in its team's list.
    in_needs_you = {entry.recommendation.pk for entry in needs_you.items.rows}
    busy = [week_of for week_of in team_weeks.values() if week_of.order]
    per_team = max(ENTRIES_PER_TEAM[0], min(ENTRIES_PER_TEAM[1], ENTRIES_SHOWN // max(1, len(busy))))
    sections = [team_weeks[team.pk].for_reader(user, per_team, in_needs_you) for team in teams]
    return Digest(user=user, week=week, needs_you=needs_you, teams=[s for s in sections if s.has_news], member_of=teams)
