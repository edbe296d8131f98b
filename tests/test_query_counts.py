"""Every page's database queries are bounded, and the bound does not grow with what the page shows.

Each page is read in a team that has one of everything, then again after many more recommendations, comments,
evidence, history entries, sources, jobs, members and invitations: the count must stay the same.
"""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import make_user
from tests.recommendations.conftest import make_source
from tests.test_permission_matrix import route_names
from tracker.accounts import services as account_services
from tracker.accounts.models import Membership
from tracker.digests.tokens import unsubscribe_token
from tracker.evidence.models import Evidence
from tracker.jobs.models import Job
from tracker.recommendations import comments, review
from tracker.recommendations.models import Recommendation, Status
from tracker.recommendations.services import change_status, create_recommendation
from tracker.recommendations.services import delete as delete_recommendation

MORE = 15
_serial = itertools.count()


def add_recommendation_volume(team, rec, article, n, *, by, mention):
    """n more recommendations (owned, due soon, each with history, evidence and a comment) and n more rows of
    evidence, comments and history on rec."""
    source = make_source(team, f"Review {next(_serial)}", [f"Point {i}, as the review proposes." for i in range(n)])
    paragraphs = list(article.paragraphs.order_by("number"))
    due = timezone.localdate() + timedelta(days=3)
    for i, paragraph in enumerate(source.paragraphs.order_by("number")):
        other = create_recommendation(
            team=team, source=source, paragraph=paragraph, text=paragraph.text, title=f"Point {i}", owner=by, due_on=due
        )
        change_status(other.pk, Status.IN_PROGRESS, by=by)
        Evidence.objects.create(recommendation=other, paragraph=paragraphs[i % len(paragraphs)], added_by=by)
        comments.add_comment(other, author=by, body=f"On point {i}, @{mention.username}")
        evidence_place = (
            {"paragraph": paragraphs[i]} if i < len(paragraphs) else {"url": f"https://example.org/{i}", "excerpt": "A"}
        )
        state = [Evidence.State.CONFIRMED, Evidence.State.SUGGESTED, Evidence.State.REMOVED, Evidence.State.DISMISSED][
            i % 4
        ]
        if not Evidence.objects.filter(recommendation=rec, paragraph=evidence_place.get("paragraph", -1)).exists():
            Evidence.objects.create(recommendation=rec, state=state, score=0.3, added_by=by, **evidence_place)
        comments.add_comment(rec, author=by, body=f"Comment {i} for @{mention.username}")
        rec.refresh_from_db()
        change_status(rec.pk, [Status.STALLED, Status.IN_PROGRESS][i % 2], by=by, note=f"Step {i}")


@pytest.fixture
def world(seeded, brief, article, alice, bob, victor):
    rec = brief.recommendations.order_by("paragraph__number").first()
    reset_user = make_user("erin")

    marked = iter(article.paragraphs.order_by("number"))

    def grow(n):
        add_recommendation_volume(seeded, rec, article, n, by=bob, mention=alice)
        # Passages proposed for review on the article's review page.
        for _ in range(n):
            review.mark(next(marked), by=bob)
        for _ in range(n):
            Job.objects.create(kind=Job.Kind.SUGGEST, team=seeded, started_by=bob, state=Job.State.SUCCEEDED)
            member = make_user(f"member{next(_serial)}")
            Membership.objects.create(team=seeded, user=member, role=Membership.Role.VIEWER)
            account_services.invite(seeded, f"invitee{next(_serial)}@example.org", "viewer", by=alice)

    grow(1)
    # One passage awaiting review and one dismissed, for the inbox's two views.
    for paragraph, state in zip(
        article.paragraphs.order_by("-number")[:2], [Evidence.State.SUGGESTED, Evidence.State.DISMISSED], strict=True
    ):
        Evidence.objects.create(recommendation=rec, paragraph=paragraph, state=state, score=0.4)
    job = Job.objects.first()
    _, invitation_token = account_services.invite(seeded, "dana@example.org", "editor", by=alice)
    victor_comment = comments.add_comment(rec, author=victor, body="Mine, @bob")
    return {
        "grow": grow,
        "people": {"viewer": victor, "editor": bob, "admin": alice},
        "args": {
            "rec": [rec.pk],
            "deleted": [delete_recommendation(brief.recommendations.order_by("pk").last().pk, by=alice).pk],
            "source": [brief.pk],
            "article": [article.pk],
            "job": [job.pk],
            "team": [seeded.pk],
            "comment": [victor_comment.pk],
            "invitation": [invitation_token],
            "unsubscribe": [unsubscribe_token(alice)],
            "reset": [
                urlsafe_base64_encode(force_bytes(reset_user.pk)),
                default_token_generator.make_token(reset_user),
            ],
        },
    }


# (route name, args key, query string, htmx, who, bound)
PAGES = [
    ("dashboard", None, "", False, "admin", 16),
    ("recommendation_list", None, "", False, "admin", 11),
    ("recommendation_list", None, "?q=Point&status=in_progress&sort=due", True, "admin", 7),
    ("recommendation_detail", "rec", "", False, "editor", 13),
    ("recommendation_detail", "rec", "", False, "viewer", 11),
    ("recommendation_detail", "rec", "?comments=all", True, "viewer", 11),
    ("comment_edit", "comment", "", False, "viewer", 4),
    ("comment_edit", "comment", "", True, "viewer", 4),
    ("sources:list", None, "", False, "viewer", 6),
    ("evidence:inbox", None, "", False, "editor", 12),
    ("evidence:inbox", None, "?showing=dismissed", False, "editor", 12),
    ("sources:detail", "article", "", False, "viewer", 9),
    ("review", "article", "", False, "editor", 7),
    ("recommendation_new", None, "", False, "editor", 8),
    ("recommendation_deleted", "deleted", "", False, "admin", 6),
    ("sources:detail", "article", "?link=3", False, "editor", 11),
    ("sources:detail", "article", "?link=3", True, "editor", 7),
    ("jobs:list", None, "", False, "editor", 6),
    ("jobs:detail", "job", "", False, "editor", 4),
    ("jobs:new_document", None, "", False, "editor", 6),
    ("team_list", None, "", False, "admin", 4),
    ("team_detail", "team", "", False, "admin", 7),
    ("digests:settings", None, "", False, "viewer", 4),
    ("digests:preview", None, "", False, "admin", 16),
    ("password_change", None, "", False, "viewer", 3),
    ("password_change_done", None, "", False, "viewer", 3),
    ("login", None, "", False, None, 0),
    ("password_reset", None, "", False, None, 0),
    ("password_reset_done", None, "", False, None, 0),
    ("password_reset_confirm", "reset", "", False, None, 7),
    ("password_reset_complete", None, "", False, None, 0),
    ("accept_invitation", "invitation", "", False, None, 2),
    ("digests:unsubscribe", "unsubscribe", "", False, None, 1),
]


@pytest.mark.parametrize(
    "name, args, query, htmx, who, bound",
    [pytest.param(*row, id=f"{row[0]}{row[2]}{'-htmx' if row[3] else ''}-{row[4]}") for row in PAGES],
)
def test_page_queries_are_bounded_and_do_not_grow(
    client, world, django_assert_max_num_queries, name, args, query, htmx, who, bound
):
    if who:
        client.force_login(world["people"][who])
    url = reverse(name, args=world["args"][args] if args else None) + query
    headers = {"HX-Request": "true"} if htmx else {}

    def count():
        client.get(url, headers=headers)  # warms the session, as a person's second page would
        with django_assert_max_num_queries(bound) as captured:
            response = client.get(url, headers=headers, follow=True)
        assert response.status_code == 200
        return len(captured)

    few = count()
    world["grow"](MORE)
    assert count() == few
    assert Recommendation.objects.count() > MORE


# Routes that only take a POST: their outcome pages are the ones above.
POST_ONLY = {
    "logout",
    "team_invite",
    "team_revoke_invitation",
    "team_change_role",
    "team_remove_member",
    "recommendation_status",
    "recommendation_edit",
    "review_action",
    "recommendation_correct",
    "recommendation_merge",
    "recommendation_delete",
    "recommendation_restore",
    "review_accept_all",
    "review_mark",
    "track_paragraph",
    "comment_add",
    "comment_delete",
    "evidence:add",
    "evidence:confirm",
    "evidence:dismiss",
    "evidence:remove",
    "evidence:restore",
    "evidence:inbox_act",
    "evidence:inbox_dismiss_source",
    "jobs:retry",
    "jobs:suggest_evidence",
}


def test_every_page_is_counted():
    assert route_names() - POST_ONLY == {row[0] for row in PAGES}
