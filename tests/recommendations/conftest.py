"""Fixtures for the recommendation page: the seed report's first recommendation, and volume factories."""

import pytest

from tracker.recommendations.models import Recommendation
from tracker.sources.models import Source


@pytest.fixture
def report(seeded):
    """The seed policy brief whose recommendations are tracked."""
    return Source.objects.filter(team=seeded, recommendations__isnull=False).distinct().get()


@pytest.fixture
def recommendation(report):
    return Recommendation.objects.filter(source=report).order_by("paragraph__number").first()
