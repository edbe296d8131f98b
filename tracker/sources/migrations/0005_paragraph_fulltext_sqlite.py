from django.db import migrations

from tracker.sources import fulltext


def forward(apps, schema_editor):
    # PostgreSQL indexes paragraphs through their stored tsvector (0003); SQLite gets its FTS5 index here.
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            fulltext.create_sqlite_index(cursor)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            fulltext.drop_sqlite_index(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_structured_paragraphs"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
