"""motcua deadline RECEIVED_AT DURATION [--calendar CODE] [--cutoff HH:MM] [--pause START/END ...] [--json]
motcua deadline --check DUE_AT END_AT [--pause START/END ...] [--supplementations N] [--json]"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.workdays import presenters
from motcua.workdays.errors import WorkdaysError
from motcua.workdays.messages import describe
from motcua.workdays.parsing import parse_instant, parse_pause
from motcua.workdays.selectors import engine_calendar


class Command(BaseCommand):
    help = _("Compute a due instant from the working-day calendar, or check an end instant against a due instant.")

    def add_arguments(self, parser):
        parser.add_argument("instants", nargs=2, metavar="ARG",
                            help=_("RECEIVED_AT DURATION, or with --check: DUE_AT END_AT"))
        parser.add_argument("--check", action="store_true", help=_("classify END_AT against DUE_AT"))
        parser.add_argument("--calendar", default=settings.MOTCUA_DEFAULT_CALENDAR, help=_("calendar code"))
        parser.add_argument("--cutoff", help=_("receipts after this time (HH:MM) count from the next working day"))
        parser.add_argument("--pause", action="append", default=[], metavar="START/END",
                            help=_("a supplementation pause; repeat for several"))
        parser.add_argument("--supplementations", type=int, default=0, help=_("number of supplementation requests"))
        parser.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options):
        try:
            calendar = engine_calendar(options["calendar"])
            tz = calendar.tzinfo
            pauses = [parse_pause(text, f"--pause[{i}]", tz) for i, text in enumerate(options["pause"])]
            first, second = options["instants"]
            if options["check"]:
                if options["cutoff"]:
                    raise CommandError(_("--cutoff does not apply to --check."), returncode=2)
                result = calendar.classify(parse_instant(first, "DUE_AT", tz), parse_instant(second, "END_AT", tz),
                                           pauses=pauses, supplementations=options["supplementations"])
                data = presenters.check_as_dict(result)
                text = presenters.check_as_text(result)
            else:
                result = calendar.due(parse_instant(first, "RECEIVED_AT", tz), second, cutoff=options["cutoff"],
                                      pauses=pauses)
                data = presenters.due_as_dict(result)
                text = presenters.due_as_text(result)
        except WorkdaysError as error:
            raise CommandError(describe(error), returncode=2) from error
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) if options["json"] else text)
