from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def compile_catalogs(directories) -> list[Path]:
    """Writes a .mo beside every .po that is newer than it; returns the files written."""
    written = []
    for directory in directories:
        for po_path in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            catalog = polib.pofile(str(po_path))
            catalog.save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile translation catalogs (.po to .mo) without GNU gettext."

    def handle(self, *args, **options):
        try:
            written = compile_catalogs(settings.LOCALE_PATHS)
        except OSError as error:
            raise CommandError(str(error)) from error
        for path in written:
            self.stdout.write(f"compiled {path}")
        self.stdout.write(f"{len(written)} catalog(s) compiled")
