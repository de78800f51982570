"""motcua report --from DATE --to DATE [--agency CODE] [--group agency] [--format json|xlsx|pdf] [--output FILE]
motcua report --refresh [--full]: the refresh job (facts and rollups); run it from cron or the task queue."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.reports import exports, facts, selectors


def parse_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(_("%(field)s: expected a date YYYY-MM-DD, got “%(value)s”.") % {
            "field": name, "value": value}) from None


class Command(BaseCommand):
    help = "The periodic one-stop report (received, resolved, in progress per agency) for a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", help="first day YYYY-MM-DD")
        parser.add_argument("--to", dest="last", help="last day YYYY-MM-DD (inclusive)")
        parser.add_argument("--agency", help="an agency code: it and the agencies under it")
        parser.add_argument("--unit", help="an administrative unit code: it and the units under it")
        parser.add_argument("--group", default="agency", choices=sorted(selectors.GROUPS))
        parser.add_argument("--format", default="json", choices=["json", "xlsx", "pdf"])
        parser.add_argument("--output", help="file to write (default: standard output; required for xlsx/pdf)")
        parser.add_argument("--direct", action="store_true",
                            help="compute over the raw dossiers instead of the rollups (slow; JSON only)")
        parser.add_argument("--refresh", action="store_true", help="bring the facts and rollups up to date first")
        parser.add_argument("--full", action="store_true", help="with --refresh: rebuild everything")
        parser.add_argument("--language", default="vi")

    def handle(self, *args, **options):
        translation.activate(options["language"])
        if options["refresh"]:
            state = facts.refresh(full=options["full"])
            self.stderr.write(f"refreshed: {state.facts} facts, events up to {state.last_event_id}, "
                              f"{state.seconds:.1f} s")
            if not options["first"]:
                return
        if not options["first"] or not options["last"]:
            raise CommandError(_("--from and --to are required."))
        first, last = parse_date(options["first"], "--from"), parse_date(options["last"], "--to")
        try:
            if options["agency"] and options["unit"]:
                raise selectors.ScopeError("agency", _("Give --agency or --unit, not both."))
            scope = (selectors.unit_scope(options["unit"]) if options["unit"]
                     else selectors.agency_scope(options["agency"]))
            if options["direct"]:
                import json

                data = selectors.direct(first, last, group=options["group"], scope=scope)
                self.stdout.write(json.dumps({str(k): v for k, v in data.items()}, ensure_ascii=False, indent=1))
                return
            rep = selectors.report(first, last, group=options["group"], scope=scope)
        except selectors.ScopeError as error:
            raise CommandError(f"--{error.field}: {error.message}") from None
        fmt = options["format"]
        if fmt == "json":
            content = exports.as_json(rep).encode("utf-8")
        elif fmt == "xlsx":
            content = exports.as_xlsx(rep)
        else:
            content = exports.as_pdf(rep)
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(content)
        elif fmt == "json":
            self.stdout.write(content.decode("utf-8"))
        else:
            raise CommandError(_("--output: give a file name for the %(format)s format.") % {"format": fmt})
