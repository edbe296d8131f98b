from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate

from .fulltext import repair_sqlite_index


def _repair_fulltext_index(sender, using, **kwargs):
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            repair_sqlite_index(cursor)


class SourcesConfig(AppConfig):
    name = "tracker.sources"

    def ready(self):
        # SQLite drops a table's triggers when a migration rebuilds the table; the full-text index needs them.
        post_migrate.connect(_repair_fulltext_index, sender=self)
