"""manage.py generate_demo_data: a demo team at scale, consistent with the rules, made once, only where it belongs."""

import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Max

from tracker.accounts.models import Membership, Team
from tracker.demo.generate import HEAVY_COMMENTS, HEAVY_EVIDENCE
from tracker.evidence.models import Evidence
from tracker.recommendations.models import OPEN_STATUSES, Comment, Recommendation, Status, StatusChange
from tracker.sources.models import Paragraph, Source

SMALL = ["--recommendations", "120", "--members", "12", "--sources", "10", "--seed", "3"]


def generate(*args):
    out = StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    out = generate(*SMALL, "--name", "small")
    return Team.objects.get(slug="demo-data-small"), out


def test_it_makes_a_team_with_the_counts_asked_for_and_about_five_evidence_three_comments_three_history_rows(demo):
    team, out = demo
    recommendations = Recommendation.objects.filter(team=team)

    assert out.startswith("  ") and "Made “Demo data small”" in out
    assert Membership.objects.filter(team=team).count() == 12
    assert set(Membership.objects.filter(team=team).values_list("role", flat=True)) == set(Membership.Role.values)
    assert Source.objects.filter(team=team).count() == 10
    assert Paragraph.objects.filter(source__team=team).count() == 300
    assert recommendations.count() == 120
    # On average five evidence, three comments and three history rows an item (the heavy item aside).
    ordinary = recommendations.annotate(n=Count("comments")).filter(n__lt=HEAVY_COMMENTS)
    assert 3.5 <= Evidence.objects.filter(recommendation__team=team).count() / 120 <= 7
    assert 2 <= Comment.objects.filter(recommendation__in=ordinary).count() / 119 <= 4
    assert 2.3 <= StatusChange.objects.filter(recommendation__team=team).count() / 120 <= 3.7
    states = set(Evidence.objects.filter(recommendation__team=team).values_list("state", flat=True))
    assert states == set(Evidence.State.values)


def test_every_status_is_present_and_each_items_history_ends_in_its_status(demo):
    team, _ = demo
    recommendations = Recommendation.objects.filter(team=team)

    assert set(recommendations.values_list("status", flat=True)) == set(Status.values)
    for item in recommendations.prefetch_related("status_changes"):
        history = sorted(item.status_changes.all(), key=lambda change: (change.changed_at, change.pk))
        assert history[0].from_status == "" and history[0].changed_at == item.created_at
        assert history[-1].to_status == item.status
        assert all(earlier.to_status == later.from_status for earlier, later in itertools.pairwise(history))
        assert item.version >= len(history)
        assert item.updated_at == history[-1].changed_at
        assert item.last_activity_at >= history[-1].changed_at


def test_activity_and_staleness_agree_with_what_happened(demo):
    team, _ = demo
    recommendations = Recommendation.objects.filter(team=team).annotate(last_comment=Max("comments__created_at"))

    for item in recommendations:
        if item.last_comment:
            assert item.last_activity_at >= item.last_comment
        assert (item.stale_since is not None) == item.is_stale
    assert recommendations.filter(stale_since__isnull=False).exists()
    assert not recommendations.exclude(status__in=OPEN_STATUSES).filter(stale_since__isnull=False).exists()


def test_one_item_carries_sixty_evidence_and_a_hundred_comments(demo):
    team, out = demo
    heavy = (
        Recommendation.objects.filter(team=team)
        .annotate(comment_count=Count("comments", distinct=True), evidence_count=Count("evidence", distinct=True))
        .order_by("-comment_count")
        .first()
    )

    assert (heavy.comment_count, heavy.evidence_count) == (HEAVY_COMMENTS, HEAVY_EVIDENCE)
    assert f"Heaviest item: #{heavy.pk}." in out


def test_some_items_passages_and_comments_name_russia(demo):
    team, _ = demo
    share = Recommendation.objects.filter(team=team, text__contains="Russia").count() / 120

    assert 0 < share < 0.2
    assert Paragraph.objects.filter(source__team=team, text__contains="Russia").exists()


def test_a_second_run_changes_nothing_and_says_so(demo):
    team, _ = demo
    before = Recommendation.objects.filter(team=team).count(), StatusChange.objects.count(), Comment.objects.count()

    out = generate(*SMALL, "--name", "small")

    assert "“Demo data small” already exists (120 recommendations); nothing was changed" in out
    after = Recommendation.objects.filter(team=team).count(), StatusChange.objects.count(), Comment.objects.count()
    assert after == before


def test_the_same_seed_makes_the_same_data_again(demo):
    team, _ = demo
    first = list(Recommendation.objects.filter(team=team).order_by("pk").values_list("title", "status", "priority"))

    generate(*SMALL, "--name", "small", "--replace")

    team = Team.objects.get(slug="demo-data-small")
    again = list(Recommendation.objects.filter(team=team).order_by("pk").values_list("title", "status", "priority"))
    assert again == first
    assert Team.objects.count() == 1 and Membership.objects.count() == 12


def test_a_database_with_other_teams_is_refused_unless_forced(team):
    with pytest.raises(CommandError, match="not demo data \\(Europe desk…\\)"):
        generate(*SMALL)
    assert Team.objects.count() == 1 and not Recommendation.objects.exists()

    generate(*SMALL, "--force")

    assert Recommendation.objects.filter(team__slug__startswith="demo-data-").count() == 120
    assert not Recommendation.objects.filter(team=team).exists()
