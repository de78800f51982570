"""The inbox indexes, all partial over the dossiers somebody still has to act on (submitted, received,
processing, waiting for the applicant, decided), so that they stay small however many finished dossiers
accumulate (see docs/benchmarks.md, "Dossiers"):

* ``dossiers_inbox``: status and due date, covering every column the inbox filters on: the counts of the
  tabs and the ids of a page are index-only scans for officers who see a whole province;
* ``dossiers_open_by_deciding_agency``, ``..._receiving_agency``, ``..._receiving_centre``: what one
  officer sees (``selectors.visibility_condition``), combined by a bitmap OR, so that an officer of one
  agency reads only that agency's open dossiers.

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


# name -> (key columns, covered columns on PostgreSQL)
INDEXES = {
    NAME: (KEYS, COVERED),
    "dossiers_open_by_deciding_agency": (("deciding_agency_id",), ()),
    "dossiers_open_by_receiving_agency": (("receiving_agency_id",), ()),
    "dossiers_open_by_receiving_centre": (("receiving_centre_id",), ()),
}


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    table = apps.get_model("dossiers", "Dossier")._meta.db_table
    condition = f"WHERE status IN ({', '.join(str(s) for s in ACTIVE)})"
    for name, (keys, covered) in INDEXES.items():
        if vendor == "postgresql":
            include = f' INCLUDE ({", ".join(covered)})' if covered else ""
            schema_editor.execute(f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "{table}" '
                                  f'({", ".join(keys)}){include} {condition}')
        elif vendor == "sqlite":
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({", ".join(keys + covered)}) '
                                  f'{condition}')


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name in INDEXES:
        if vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')
        elif vendor == "sqlite":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("dossiers", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
