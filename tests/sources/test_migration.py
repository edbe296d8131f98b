"""Sources stored in the old flat form gain the structured reading without a paragraph number or a cited
passage changing: migrated on a database that holds the old form."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("sources", "0003_paragraph_search_vector"), ("recommendations", "0004_list_order_index_and_history_checks")]
NEW = [("sources", "0004_structured_paragraphs"), ("recommendations", "0004_list_order_index_and_history_checks")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_sources_keep_their_numbers_and_citations_and_gain_levels_and_paths():
    old = migrate(OLD)
    Team = old.get_model("accounts", "Team")
    Source = old.get_model("sources", "Source")
    Paragraph = old.get_model("sources", "Paragraph")
    Recommendation = old.get_model("recommendations", "Recommendation")
    team = Team.objects.create(name="Old desk", slug="old-desk")
    source = Source.objects.create(team=team, title="An old brief", text="…", checksum="x" * 64)
    rows = [
        ("heading", "An old brief"),
        ("text", "Opening words."),
        ("heading", "Recommendations"),
        ("item", "The council should publish the data."),
        ("item", "The council should consult widely."),
        ("heading", "Notes"),
        ("text", "A note."),
    ]
    for number, (kind, text) in enumerate(rows, start=1):
        Paragraph.objects.create(source=source, number=number, kind=kind, text=text)
    cited = Paragraph.objects.get(source=source, number=4)
    Recommendation.objects.create(team=team, source=source, paragraph=cited, text=cited.text, title="Publish")

    new = migrate(NEW)
    Paragraph = new.get_model("sources", "Paragraph")
    Recommendation = new.get_model("recommendations", "Recommendation")
    after = list(Paragraph.objects.filter(source_id=source.pk).order_by("number"))
    assert [(p.number, p.kind, p.text) for p in after] == [(n, k, t) for n, (k, t) in enumerate(rows, start=1)]
    assert [p.level for p in after] == [1, 0, 1, 0, 0, 1, 0]
    assert [p.path for p in after] == ["", "An old brief", "", "Recommendations", "Recommendations", "", "Notes"]
    recommendation = Recommendation.objects.get(team_id=team.pk)
    assert (recommendation.paragraph.number, recommendation.paragraph.text) == (
        4,
        "The council should publish the data.",
    )

    # Back to the latest schema for the tests that follow.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
