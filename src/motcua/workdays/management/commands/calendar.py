"""motcua calendar show YEAR [--calendar CODE] [--json]"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.workdays.errors import WorkdaysError
from motcua.workdays.messages import describe
from motcua.workdays.selectors import engine_calendar


class Command(BaseCommand):
    help = _("Show a year of the working-day calendar: weekdays off and weekend days worked, with reasons.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        show = actions.add_parser("show", help=_("days off and make-up working days of one year"))
        show.add_argument("year", type=int, metavar="YEAR")
        show.add_argument("--calendar", default=settings.MOTCUA_DEFAULT_CALENDAR, help=_("calendar code"))
        show.add_argument("--json", action="store_true", help=_("print JSON"))

    def handle(self, *args, **options):
        year = options["year"]
        try:
            calendar = engine_calendar(options["calendar"])
            if not calendar.first.year <= year <= calendar.last.year:
                raise CommandError(_("YEAR: the calendar covers %(first)d–%(last)d only.") % {
                    "first": calendar.first.year, "last": calendar.last.year}, returncode=2)
            days_off = [day.as_dict() for day in calendar.days_off(year)]
            working = [day.as_dict() for day in calendar.working_weekend_days(year)]
        except WorkdaysError as error:
            raise CommandError(describe(error), returncode=2) from error
        if options["json"]:
            payload = {"year": year, "days_off": days_off, "working_weekend_days": working}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(_("Calendar %(code)s, %(year)d") % {"code": calendar.code, "year": year})
        self.stdout.write(_("Weekdays off:"))
        for day in days_off:
            self.stdout.write(f"  {day['date']}  {day['name']}  [{day['source']}]")
        self.stdout.write(_("Weekend days worked:"))
        for day in working:
            self.stdout.write(f"  {day['date']}  {day['name']}  [{day['source']}]")
