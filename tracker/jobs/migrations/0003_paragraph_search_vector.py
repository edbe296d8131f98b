from django.db import migrations

# This made the paragraphs' search_vector column and its index, which now belong to sources (sources 0003,
# which makes them where missing). Kept, empty, so that every database follows the same history.


class Migration(migrations.Migration):
    dependencies = [("jobs", "0002_paragraph_search_index")]

    operations = []
