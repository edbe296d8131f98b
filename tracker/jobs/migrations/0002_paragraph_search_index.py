from django.db import migrations

# This made a full-text index on the paragraphs, which now belongs to sources (sources 0003). Kept, empty,
# so that databases that applied it and new ones follow the same history.


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = []
