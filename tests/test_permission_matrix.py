"""Every route of the product, asked by each kind of person: anonymous, viewer, editor, admin, another team's admin.

302 for an anonymous person means "sent to log in"; for anyone else it is the redirect after a done action.
Another team's object answers 404, an action above the person's role 403. A route added without a row here
fails test_every_route_is_in_the_matrix.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import make_user
from tracker.accounts import services as account_services
from tracker.accounts.models import Membership
from tracker.digests.tokens import unsubscribe_token
from tracker.evidence.models import Evidence
from tracker.jobs.models import Job
from tracker.recommendations import review
from tracker.recommendations.models import Comment

PEOPLE = ("anonymous", "viewer", "editor", "admin", "other")


@pytest.fixture
def world(seeded, brief, article, alice, bob, victor, charlie):
    """One of each object in Alice's team, made by the people the rows below expect."""
    rec = brief.recommendations.order_by("paragraph__number").first()
    erin = make_user("erin")
    paragraphs = list(article.paragraphs.order_by("number")[:5])

    def evidence(paragraph, state):
        return Evidence.objects.create(recommendation=rec, paragraph=paragraph, stance="supports", state=state)

    invitation, invitation_token = account_services.invite(seeded, "dana@example.org", "editor", by=alice)
    return {
        "people": {"anonymous": None, "viewer": victor, "editor": bob, "admin": alice, "other": charlie},
        "team": seeded,
        "rec": rec,
        "source": brief,
        "paragraph": paragraphs[0],
        "suggested": evidence(paragraphs[1], Evidence.State.SUGGESTED),
        "confirmed": evidence(paragraphs[2], Evidence.State.CONFIRMED),
        "removed": evidence(paragraphs[3], Evidence.State.REMOVED),
        # Written by the viewer: only its author edits it, its author or an admin deletes it.
        "comment": Comment.objects.create(recommendation=rec, author=victor, body="A viewer's note."),
        "job": Job.objects.create(kind=Job.Kind.SUGGEST, team=seeded, started_by=bob, state=Job.State.FAILED),
        "invitation": invitation,
        "invitation_token": invitation_token,
        "viewer_membership": Membership.objects.get(team=seeded, user=victor),
        # For someone who does not log in here: logging in would void the link.
        "reset": (urlsafe_base64_encode(force_bytes(erin.pk)), default_token_generator.make_token(erin)),
        "unsubscribe": unsubscribe_token(alice),
        "article": article,
        # A paragraph the finder missed, proposed for review.
        "candidate": review.mark(article.paragraphs.get(number=6), by=bob),
    }


def _rec(w):
    return [w["rec"].pk]


# (route name, method, args(world), data(world), htmx, expected for PEOPLE)
ROUTES = [
    # Logging in and out, passwords.
    ("login", "get", None, None, False, (200, 302, 302, 302, 302)),
    ("logout", "post", None, None, False, (302, 302, 302, 302, 302)),
    ("password_change", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("password_change_done", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("password_reset", "get", None, None, False, (200, 200, 200, 200, 200)),
    ("password_reset_done", "get", None, None, False, (200, 200, 200, 200, 200)),
    ("password_reset_confirm", "get", lambda w: list(w["reset"]), None, False, (302, 302, 302, 302, 302)),
    ("password_reset_complete", "get", None, None, False, (200, 200, 200, 200, 200)),
    # Teams and invitations.
    ("team_list", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("team_detail", "get", lambda w: [w["team"].pk], None, False, (302, 200, 200, 200, 404)),
    (
        "team_invite",
        "post",
        lambda w: [w["team"].pk],
        lambda w: {"email": "erin@example.org", "role": "viewer"},
        False,
        (302, 403, 403, 302, 404),
    ),
    (
        "team_revoke_invitation",
        "post",
        lambda w: [w["team"].pk, w["invitation"].pk],
        None,
        False,
        (302, 403, 403, 302, 404),
    ),
    (
        "team_change_role",
        "post",
        lambda w: [w["team"].pk, w["viewer_membership"].pk],
        lambda w: {"role": "editor"},
        False,
        (302, 403, 403, 302, 404),
    ),
    (
        "team_remove_member",
        "post",
        lambda w: [w["team"].pk, w["viewer_membership"].pk],
        None,
        False,
        (302, 403, 403, 302, 404),
    ),
    # The link is the permission: anyone holding it sees the invitation.
    ("accept_invitation", "get", lambda w: [w["invitation_token"]], None, False, (200, 200, 200, 200, 200)),
    # Dashboard, list and detail.
    ("dashboard", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("recommendation_list", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("recommendation_list", "get", None, None, True, (302, 200, 200, 200, 200)),
    ("recommendation_detail", "get", _rec, None, False, (302, 200, 200, 200, 404)),
    # Panels are rendered with the page; their addresses only take changes.
    ("recommendation_status", "get", _rec, None, True, (302, 405, 405, 405, 405)),
    (
        "recommendation_status",
        "post",
        _rec,
        lambda w: {"status": "in_progress", "version": w["rec"].version},
        False,
        (302, 403, 302, 302, 404),
    ),
    (
        "recommendation_status",
        "post",
        _rec,
        lambda w: {"status": "in_progress", "version": w["rec"].version},
        True,
        (302, 403, 200, 200, 404),
    ),
    ("recommendation_edit", "get", _rec, None, True, (302, 405, 405, 405, 405)),
    (
        "recommendation_edit",
        "post",
        _rec,
        lambda w: {"priority": 3, "version": w["rec"].version},
        False,
        (302, 403, 302, 302, 404),
    ),
    # Viewers comment too.
    ("comment_add", "post", _rec, lambda w: {"body": "Seen."}, False, (302, 302, 302, 302, 404)),
    ("comment_add", "post", _rec, lambda w: {"body": "Seen."}, True, (302, 200, 200, 200, 404)),
    ("comment_edit", "get", lambda w: [w["comment"].pk], None, False, (302, 200, 403, 403, 404)),
    (
        "comment_edit",
        "post",
        lambda w: [w["comment"].pk],
        lambda w: {"body": "Changed."},
        False,
        (302, 302, 403, 403, 404),
    ),
    ("comment_delete", "post", lambda w: [w["comment"].pk], None, False, (302, 302, 403, 302, 404)),
    # Sources.
    ("sources:list", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("sources:detail", "get", lambda w: [w["source"].pk], None, False, (302, 200, 200, 200, 404)),
    (
        "recommendation_correct",
        "post",
        _rec,
        lambda w: {"text": w["rec"].text, "title": "Corrected", "label": "1", "version": w["rec"].version},
        False,
        (302, 403, 302, 302, 404),
    ),
    ("recommendation_merge", "post", _rec, lambda w: {"duplicate": w["rec"].pk}, False, (302, 403, 403, 302, 404)),
    ("recommendation_delete", "post", _rec, None, False, (302, 403, 403, 302, 404)),
    ("recommendation_deleted", "get", _rec, None, False, (302, 404, 404, 404, 404)),
    ("recommendation_restore", "post", _rec, None, False, (302, 404, 404, 404, 404)),
    # Anyone who edits in some team (the other team's member does, in theirs).
    ("recommendation_new", "get", None, None, False, (302, 403, 200, 200, 200)),
    # Reviewing a document's recommendations; tracking a paragraph by hand.
    ("review", "get", lambda w: [w["article"].pk], None, False, (302, 200, 200, 200, 404)),
    (
        "review_action",
        "post",
        lambda w: [w["article"].pk],
        lambda w: {"candidate": w["candidate"].pk, "action": "reject"},
        False,
        (302, 403, 302, 302, 404),
    ),
    ("review_accept_all", "post", lambda w: [w["article"].pk], None, False, (302, 403, 302, 302, 404)),
    ("review_mark", "post", lambda w: [w["article"].pk], lambda w: {"number": 4}, False, (302, 403, 302, 302, 404)),
    ("track_paragraph", "post", lambda w: [w["article"].pk, 4], None, False, (302, 403, 302, 302, 404)),
    # Evidence.
    (
        "evidence:add",
        "post",
        None,
        lambda w: {"recommendation": w["rec"].pk, "paragraph": w["paragraph"].pk, "stance": "supports"},
        False,
        (302, 403, 302, 302, 404),
    ),
    (
        "evidence:add",
        "post",
        None,
        lambda w: {
            "recommendation": w["rec"].pk,
            "url": "https://example.org/report",
            "excerpt": "A passage.",
            "stance": "context",
        },
        True,
        (302, 403, 200, 200, 404),
    ),
    (
        "evidence:confirm",
        "post",
        lambda w: [w["suggested"].pk],
        lambda w: {"stance": "supports"},
        False,
        (302, 403, 302, 302, 404),
    ),
    ("evidence:dismiss", "post", lambda w: [w["suggested"].pk], None, False, (302, 403, 302, 302, 404)),
    ("evidence:inbox", "get", None, None, False, (302, 200, 200, 200, 200)),
    (
        "evidence:inbox_act",
        "post",
        lambda w: [w["suggested"].pk],
        lambda w: {"action": "supports"},
        False,
        (302, 403, 302, 302, 404),
    ),
    (
        "evidence:inbox_dismiss_source",
        "post",
        None,
        lambda w: {"recommendation": w["rec"].pk, "source": w["suggested"].paragraph.source_id},
        False,
        (302, 403, 302, 302, 404),
    ),
    ("evidence:remove", "post", lambda w: [w["confirmed"].pk], None, False, (302, 403, 302, 302, 404)),
    ("evidence:restore", "post", lambda w: [w["removed"].pk], None, False, (302, 403, 302, 302, 404)),
    # Jobs. Charlie edits in his own team, so he may open the form; he cannot pick Alice's team in it.
    ("jobs:list", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("jobs:new_document", "get", None, None, False, (302, 403, 200, 200, 200)),
    ("jobs:detail", "get", lambda w: [w["job"].pk], None, False, (302, 200, 200, 200, 404)),
    ("jobs:detail", "get", lambda w: [w["job"].pk], None, True, (302, 200, 200, 200, 404)),
    # Only the person who started a job retries it.
    ("jobs:retry", "post", lambda w: [w["job"].pk], None, False, (302, 403, 302, 403, 404)),
    ("jobs:suggest_evidence", "post", None, lambda w: {"team": w["team"].pk}, False, (302, 403, 302, 302, 404)),
    # Digests: only ever one's own; the unsubscribe link is its own permission.
    ("digests:settings", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("digests:settings", "post", None, lambda w: {"frequency": "off"}, False, (302, 302, 302, 302, 302)),
    ("digests:preview", "get", None, None, False, (302, 200, 200, 200, 200)),
    ("digests:unsubscribe", "get", lambda w: [w["unsubscribe"]], None, False, (200, 200, 200, 200, 200)),
]

CASES = [
    pytest.param(name, method, args, data, htmx, who, expected, id=f"{name}-{method}{'-htmx' if htmx else ''}-{who}")
    for name, method, args, data, htmx, codes in ROUTES
    for who, expected in zip(PEOPLE, codes, strict=True)
]


@pytest.mark.parametrize("name, method, args, data, htmx, who, expected", CASES)
def test_permission_matrix(client, world, name, method, args, data, htmx, who, expected):
    person = world["people"][who]
    if person is not None:
        client.force_login(person)
    url = reverse(name, args=args(world) if args else None)
    headers = {"HX-Request": "true"} if htmx else {}
    response = getattr(client, method)(url, data(world) if data else {}, headers=headers)
    assert response.status_code == expected
    login_url = reverse("login")
    public = name in {"login", "logout", "password_reset_confirm"}
    if expected == 302 and person is None and not public:
        assert response["Location"].startswith(f"{login_url}?next=")
    elif expected == 302:
        assert not response["Location"].startswith(login_url) or name == "logout"


def route_names():
    """Every named route of the product (the Django admin aside), namespaced as reverse() takes them."""
    return set(_names(get_resolver().url_patterns))


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_is_in_the_matrix():
    assert route_names() == {row[0] for row in ROUTES}


def test_a_viewers_refused_actions_change_nothing(client, world):
    """The 403s above are refusals, not half-done work."""
    client.force_login(world["people"]["viewer"])
    rec = world["rec"]
    for name, method, args, data, _htmx, codes in ROUTES:
        if method == "post" and codes[PEOPLE.index("viewer")] == 403:
            client.post(reverse(name, args=args(world) if args else None), data(world) if data else {})
    rec.refresh_from_db()
    assert (rec.status, rec.priority, rec.version) == ("new", 2, 1)
    assert Evidence.objects.filter(recommendation=rec, state=Evidence.State.CONFIRMED).count() == 1
    assert not Evidence.objects.filter(paragraph=world["paragraph"]).exists()
    assert Membership.objects.filter(team=world["team"]).count() == 3
    assert Membership.objects.get(pk=world["viewer_membership"].pk).role == "viewer"
    assert world["team"].invitations.pending().count() == 1
    assert Job.objects.count() == 1
