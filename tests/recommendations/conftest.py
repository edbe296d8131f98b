"""Fixtures for the recommendation pages: the seed report's first recommendation, people by role, and volume."""

import itertools

import pytest
from django.utils.text import slugify

from tracker.evidence.models import Evidence, Stance
from tracker.recommendations import comments, services
from tracker.recommendations.models import Recommendation, Status, Theme
from tracker.recommendations.services import create_recommendation
from tracker.sources.models import Paragraph, Source


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


_numbers = itertools.count(1)


def make_source(team, title="Sanctions review", paragraphs=()):
    """A source with the given paragraph texts, numbered from 1."""
    n = next(_numbers)
    source = Source.objects.create(team=team, title=title, text="\n\n".join(paragraphs) or title, checksum=f"c{n}")
    Paragraph.objects.bulk_create(
        Paragraph(source=source, number=number, text=text) for number, text in enumerate(paragraphs, start=1)
    )
    return source


def make_theme(team, name):
    return Theme.objects.create(team=team, name=name, slug=slugify(name))


@pytest.fixture
def make_recommendations():
    """make_recommendations(team, count, title=..., **fields): that many recommendations in a new source."""

    def make(
        team, count=1, *, title="Review the export controls", text=None, source_title="Sanctions review", **fields
    ):
        texts = [text or f"{title} ({index}), as the review proposes." for index in range(count)]
        source = make_source(team, source_title, texts)
        return [
            create_recommendation(
                team=team,
                source=source,
                paragraph=paragraph,
                text=paragraph.text,
                title=title if count == 1 else f"{title} {index + 1}",
                **fields,
            )
            for index, paragraph in enumerate(source.paragraphs.order_by("number"))
        ]

    return make


@pytest.fixture
def make_one(make_recommendations):
    """make_one(team, title=..., **fields): a single recommendation."""

    def make(team, title="Review the export controls", **fields):
        return make_recommendations(team, 1, title=title, **fields)[0]

    return make
