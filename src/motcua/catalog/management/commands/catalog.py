"""motcua catalog import FILE [--dry-run] [--agency CODE] | export FILE | search "QUERY" [--limit N] [--json]"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from motcua.catalog import interchange
from motcua.catalog.spreadsheet import document_to_xlsx, xlsx_to_document


def read_document(path: Path) -> dict:
    try:
        if path.suffix.lower() == ".xlsx":
            return xlsx_to_document(path.read_bytes())
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CommandError(_("FILE: %(path)s does not exist.") % {"path": path}, returncode=2) from error
    except (ValueError, KeyError, OSError) as error:
        raise CommandError(_("FILE: %(path)s cannot be read as a catalog document (%(error)s).") % {
            "path": path, "error": error}, returncode=2) from error


class Command(BaseCommand):
    help = _("Import, export and search the procedure catalog.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        importing = actions.add_parser("import", help=_("import a catalog document (.json or .xlsx); all or nothing"))
        importing.add_argument("file", type=Path, metavar="FILE")
        importing.add_argument("--dry-run", action="store_true", help=_("check and report without writing"))
        importing.add_argument("--agency", default="", help=_("publishing agency code for procedures that name none"))
        importing.add_argument("--json", action="store_true", help=_("print the report as JSON"))
        exporting = actions.add_parser("export", help=_("export the published catalog (.json or .xlsx)"))
        exporting.add_argument("file", type=Path, metavar="FILE")
        searching = actions.add_parser("search", help=_("search the catalog as citizens do"))
        searching.add_argument("query", metavar="QUERY")
        searching.add_argument("--limit", type=int, default=10)
        searching.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    def _import(self, options):
        document = read_document(options["file"])
        total = len(document.get("procedures") or [])
        with tqdm(total=total, desc=_("Procedures"), unit="", file=sys.stderr, disable=total < 2) as bar:
            report = interchange.import_document(actor=None, document=document, default_agency=options["agency"],
                                                 dry_run=options["dry_run"], progress=bar.update)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if not report.ok:
            if not options["json"]:
                for problem in report.problems:
                    self.stderr.write(f"{problem.row}\t{problem.field}\t{problem.reason}")
            raise CommandError(_("%(count)d problem(s): nothing was imported.") % {"count": len(report.problems)},
                               returncode=2)
        if not options["json"]:
            self.stdout.write(_("%(mode)s: %(created)d new procedure(s), %(versions)d new version(s), "
                                "%(unchanged)d unchanged.") % {
                "mode": _("Dry run") if report.dry_run else _("Imported"), "created": len(report.created),
                "versions": len(report.new_versions), "unchanged": len(report.unchanged)})

    def _export(self, options):
        document = interchange.export_document()
        path = options["file"]
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(document_to_xlsx(document))
        else:
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(_("%(count)d procedure(s) written to %(path)s") % {
            "count": len(document["procedures"]), "path": path})

    def _search(self, options):
        from motcua.catalog.search import search

        if options["limit"] < 1:
            raise CommandError(_("--limit: give a whole number of 1 or more."), returncode=2)
        hits = search(options["query"], limit=options["limit"])
        rows = [{"code": hit.code, "name": hit.name, "score": round(hit.score, 4)} for hit in hits]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['score']:8.3f}  {row['code']}  {row['name']}")
