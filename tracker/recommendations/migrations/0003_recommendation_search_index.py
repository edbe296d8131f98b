from django.db import migrations

# The GIN index and the tsvector backfill exist only on PostgreSQL; on SQLite the
# column stays empty and search falls back to a plain match.
CREATE_INDEX = """
CREATE INDEX IF NOT EXISTS rec_search_vector_gin
ON recommendations_recommendation USING gin (search_vector)
"""
DROP_INDEX = "DROP INDEX IF EXISTS rec_search_vector_gin"
BACKFILL = """
UPDATE recommendations_recommendation r SET search_vector =
    setweight(to_tsvector('english', coalesce(r.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(r.text, '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(coalesce(p.text, e.excerpt), ' ')
        FROM evidence_evidence e LEFT JOIN sources_paragraph p ON p.id = e.paragraph_id
        WHERE e.recommendation_id = r.id AND e.state = 'confirmed'), '')), 'C')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(c.body, ' ') FROM recommendations_comment c
        WHERE c.recommendation_id = r.id), '')), 'D')
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_INDEX)
        schema_editor.execute(BACKFILL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0002_recommendation_search_vector"),
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
