"""Catalog search indexes (docs/search.md), created for the database in use:

* PostgreSQL: the pg_trgm and unaccent extensions, trigram GIN indexes on the folded columns of published
  versions, a change counter and its triggers.
* SQLite: an FTS5 table over the folded columns of published versions, the triggers keeping it in sync,
  a change counter.

Nothing here changes Django's model state, so the operation is database-only and other databases migrate
cleanly (search then raises NotImplementedError).
"""

from django.db import migrations


def install(apps, schema_editor):
    from motcua.catalog.search_backends import BACKENDS

    backend = BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        backend.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from motcua.catalog.search_backends import BACKENDS

    backend = BACKENDS.get(schema_editor.connection.vendor)
    if backend is not None:
        backend.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
