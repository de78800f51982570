"""Adds or updates Vietnamese translations in a catalog without GNU gettext.

    flock var/po.lock .venv/bin/python scripts/add_translations.py ENTRIES.json [--catalog PATH]

ENTRIES.json is a list of {"msgid", "msgstr", optional "msgctxt", "msgid_plural"}; with a plural, "msgstr" is the
single Vietnamese form (Vietnamese has one plural form). The English catalog beside it gets the entry with an empty
translation, which falls back to the msgid. Several people may work at once: take the lock with flock.
"""

import argparse
import json
from pathlib import Path

import polib

SHARED = Path(__file__).resolve().parents[1] / "src" / "motcua" / "locale"


def upsert(catalog: Path, item: dict, translation: str) -> None:
    po = polib.pofile(str(catalog))
    entry = po.find(item["msgid"], msgctxt=item.get("msgctxt") or False)
    if entry is None:
        entry = polib.POEntry(msgid=item["msgid"], msgctxt=item.get("msgctxt") or None)
        if item.get("msgid_plural"):
            entry.msgid_plural = item["msgid_plural"]
        po.append(entry)
    if entry.msgid_plural:
        forms = 1 if "/vi/" in str(catalog) else 2
        entry.msgstr_plural = dict.fromkeys(range(forms), translation)
    else:
        entry.msgstr = translation
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save(str(catalog))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("entries")
    parser.add_argument("--catalog", default=str(SHARED), help="a locale directory (default: the shared one)")
    args = parser.parse_args()
    items = json.loads(Path(args.entries).read_text(encoding="utf-8"))
    root = Path(args.catalog)
    for item in items:
        upsert(root / "vi" / "LC_MESSAGES" / "django.po", item, item["msgstr"])
        upsert(root / "en" / "LC_MESSAGES" / "django.po", item, "")
    print(f"{len(items)} entries written under {root}")


if __name__ == "__main__":
    main()
