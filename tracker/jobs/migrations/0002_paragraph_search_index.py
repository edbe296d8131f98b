from django.db import migrations

# Evidence suggestion ranks paragraphs with PostgreSQL full-text search; this index serves its
# to_tsvector('english', text) @@ query match. SQLite has no such index and ranks in Python.
INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS paragraph_text_search_idx ON sources_paragraph "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))"
)
DROP_SQL = "DROP INDEX IF EXISTS paragraph_text_search_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
