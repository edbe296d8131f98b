import pytest

from tests.recommendations.conftest import (  # noqa: F401
    client_as,
    person,
    recommendation,
    report,
)


@pytest.fixture
def brief_recommendations(seeded):
    """The seed brief's recommendations by subject: ceasefire, cooperation, dialogue."""
    from tracker.recommendations.models import Recommendation

    ceasefire, cooperation, dialogue = Recommendation.objects.filter(team=seeded).order_by("paragraph__number")
    assert "ceasefire negotiations" in ceasefire.text
    assert "Russia-North Korea cooperation" in cooperation.text
    return {"ceasefire": ceasefire, "cooperation": cooperation, "dialogue": dialogue}
