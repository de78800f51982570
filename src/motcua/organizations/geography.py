"""Loads Vietnam's administrative units (current and pre-2025, with successor links) from the data file
shipped in ``data/admin_units.json.gz`` (built by scripts/build_admin_units.py; sources in
docs/data-sources.md). Loading is idempotent: units already present are left as they are."""

import datetime as dt
import gzip
import json
from pathlib import Path

from django.db import transaction

from motcua.core.text import fold

from .models import AdministrativeUnit

DATA_FILE = Path(__file__).with_name("data") / "admin_units.json.gz"
_LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}


def read_data(path: Path = DATA_FILE) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_administrative_units(*, path: Path = DATA_FILE) -> dict:
    """Creates the units and successor links that are missing; returns what it created."""
    data = read_data(path)
    meta = data["meta"]
    editions = {
        "current": (dt.date.fromisoformat(meta["current_valid_from"]), None),
        "legacy": (None, dt.date.fromisoformat(meta["legacy_valid_to"])),
    }
    existing = {(u.code, u.valid_to): u for u in AdministrativeUnit.objects.all()}
    created = {"units": 0, "successor_links": 0}
    for edition in ("current", "legacy"):
        valid_from, valid_to = editions[edition]
        rows = sorted(data[edition], key=lambda row: _LEVEL_ORDER[row["level"]])
        for level in ("province", "district", "commune"):
            batch = []
            for row in rows:
                if row["level"] != level or (row["code"], valid_to) in existing:
                    continue
                parent = existing[(row["parent"], valid_to)] if row["parent"] else None
                batch.append(AdministrativeUnit(
                    code=row["code"], name=row["name"], name_folded=fold(row["name"]), kind=row["kind"],
                    level=row["level"], parent=parent, valid_from=valid_from, valid_to=valid_to,
                ))
            for unit in AdministrativeUnit.objects.bulk_create(batch, batch_size=1000):
                existing[(unit.code, unit.valid_to)] = unit
            created["units"] += len(batch)
    # Refetch keys: the successor links need the ids of units created by earlier runs as well.
    existing = {(u.code, u.valid_to): u.pk for u in AdministrativeUnit.objects.only("code", "valid_to")}
    legacy_to = editions["legacy"][1]
    Link = AdministrativeUnit.successors.through
    present = set(Link.objects.values_list("from_administrativeunit_id", "to_administrativeunit_id"))
    links = []
    for row in data["legacy"]:
        source = existing[(row["code"], legacy_to)]
        for successor_code in row.get("successors", []):
            pair = (source, existing[(successor_code, None)])
            if pair not in present:
                present.add(pair)
                links.append(Link(from_administrativeunit_id=pair[0], to_administrativeunit_id=pair[1]))
    Link.objects.bulk_create(links, batch_size=2000)
    created["successor_links"] = len(links)
    return created
