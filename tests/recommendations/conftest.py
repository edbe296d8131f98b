"""Fixtures for the recommendation page: the seed report's first recommendation, and volume factories."""

import pytest

from tracker.evidence.models import Evidence, Stance
from tracker.recommendations import comments, services
from tracker.recommendations.models import Recommendation, Status
from tracker.sources.models import Source


@pytest.fixture
def report(seeded):
    """The seed policy brief whose recommendations are tracked."""
    return Source.objects.filter(team=seeded, recommendations__isnull=False).distinct().get()


@pytest.fixture
def recommendation(report):
    return Recommendation.objects.filter(source=report).order_by("paragraph__number").first()


@pytest.fixture
def person(request, alice, bob, victor, charlie):
    """The user a parametrised test acts as: anonymous, viewer, editor, admin, or outsider (another team's admin)."""
    return {"anonymous": None, "viewer": victor, "editor": bob, "admin": alice, "outsider": charlie}[request.param]


@pytest.fixture
def client_as(client):
    """client_as(user) logs the test client in as user (or leaves it anonymous for None)."""

    def log_in(user):
        if user is not None:
            client.force_login(user)
        return client

    return log_in


@pytest.fixture
def add_volume(article):
    """add_volume(recommendation, n, by=user): n pieces each of evidence (every stance and state), comments
    with a mention, and history entries, so that page query counts can be compared for few and many rows."""

    def add(recommendation, n, *, by):
        paragraphs = list(article.paragraphs.all())
        stances = list(Stance.values)
        states = [Evidence.State.CONFIRMED, Evidence.State.SUGGESTED, Evidence.State.REMOVED]
        for i in range(n):
            source_fields = (
                {"paragraph": paragraphs[i]}
                if i < len(paragraphs)
                else {"url": f"https://example.org/{i}", "excerpt": f"Passage {i}"}
            )
            Evidence.objects.create(
                recommendation=recommendation,
                stance=stances[i % 3],
                state=states[i % 3],
                score=0.5 if i % 3 == 1 else None,
                added_by=by,
                note=f"Note {i}",
                **source_fields,
            )
            comments.add_comment(recommendation, author=by, body=f"Comment {i} for @{by.username}, **bold**")
            new_status = Status.IN_PROGRESS if i % 2 == 0 else Status.STALLED
            services.change_status(recommendation.pk, new_status, by=by, note=f"Step {i}")

    return add
