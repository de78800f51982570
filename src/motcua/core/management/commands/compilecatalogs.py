from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def compile_catalogs(directories) -> list[Path]:
    """Writes a .mo beside every .po whose compiled form differs from it; returns the files written.

    Compares content rather than modification times, which can tie within one clock tick."""
    written = []
    for directory in directories:
        for po_path in sorted(Path(directory).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            compiled = polib.pofile(str(po_path)).to_binary()
            if mo_path.exists() and mo_path.read_bytes() == compiled:
                continue
            mo_path.write_bytes(compiled)
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
