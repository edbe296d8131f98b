"""Recommendations in volume, with sources, themes, comments and evidence to filter and search."""

import itertools

import pytest
from django.utils.text import slugify

from tracker.recommendations.models import Theme
from tracker.recommendations.services import create_recommendation
from tracker.sources.models import Paragraph, Source

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
