from django.db import migrations

# PostgreSQL searches recommendations through their tsvector (0002, 0003); SQLite gets an FTS5 table with
# the same four parts, which search.refresh_search_vector keeps current from then on.
CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS recommendations_recommendation_fts "
    "USING fts5(title, text, passages, comments, tokenize='porter unicode61')"
)
BACKFILL = """
INSERT INTO recommendations_recommendation_fts(rowid, title, text, passages, comments)
SELECT r.id, r.title, r.text,
    coalesce((SELECT group_concat(coalesce(p.text, e.excerpt), ' ')
        FROM evidence_evidence e LEFT JOIN sources_paragraph p ON p.id = e.paragraph_id
        WHERE e.recommendation_id = r.id AND e.state = 'confirmed'), ''),
    coalesce((SELECT group_concat(c.body, ' ') FROM recommendations_comment c WHERE c.recommendation_id = r.id), '')
FROM recommendations_recommendation r
"""
DROP = "DROP TABLE IF EXISTS recommendations_recommendation_fts"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)
        schema_editor.execute(BACKFILL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_corrections_deletion_merging"),
        ("evidence", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
