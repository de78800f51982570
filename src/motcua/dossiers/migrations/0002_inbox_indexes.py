"""The inbox index: a partial index over the dossiers somebody still has to act on (submitted, received,
processing, waiting for the applicant, decided), keyed by status and due date and covering every column
the inbox filters on, so that the counts of the tabs and the ids of a page are index-only scans however
many finished dossiers accumulate (see docs/benchmarks.md, "Dossiers").

Created with SQL rather than ``Meta.indexes``: Django cannot express INCLUDE columns with a condition
portably, and the model state does not change (``makemigrations --check`` stays clean). On PostgreSQL the
index is built CONCURRENTLY, so adding it to a large table does not block receipts."""

from django.db import migrations

# Must equal motcua.dossiers.selectors.ACTIVE (a test checks it).
ACTIVE = (1, 2, 4, 5, 6, 9)
NAME = "dossiers_inbox"
KEYS = ("status", "due_at", "id")
COVERED = ("channel", "deciding_agency_id", "receiving_agency_id", "receiving_centre_id", "current_step_id",
           "assignee_id", "parent_id", "procedure_version_id", "received_at")


def create(apps, schema_editor):
    connection = schema_editor.connection
    table = apps.get_model("dossiers", "Dossier")._meta.db_table
    statuses = ", ".join(str(s) for s in ACTIVE)
    if connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{NAME}" ON "{table}" ({", ".join(KEYS)}) '
            f'INCLUDE ({", ".join(COVERED)}) WHERE status IN ({statuses})')
    elif connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{NAME}" ON "{table}" ({", ".join(KEYS + COVERED)}) '
            f'WHERE status IN ({statuses})')


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{NAME}"')
    elif connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("dossiers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
