"""motcua recompute_due --calendar CODE [--received-from YYYY-MM-DD] [--dry-run]"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.services import recompute_due_dates
from motcua.workdays.models import WorkCalendar


class Command(BaseCommand):
    help = _("Recompute the due dates of open dossiers after the working-day calendar was edited (recorded).")

    def add_arguments(self, parser):
        parser.add_argument("--calendar", required=True, help=_("calendar code"))
        parser.add_argument("--received-from", help=_("only dossiers received on or after this date (YYYY-MM-DD)"))
        parser.add_argument("--dry-run", action="store_true", help=_("check and report without writing"))

    def handle(self, *args, **options):
        if not WorkCalendar.objects.filter(code=options["calendar"]).exists():
            raise CommandError(_("--calendar: no working-day calendar has the code %(code)s.") % {
                "code": options["calendar"]}, returncode=2)
        received_from = None
        if options["received_from"]:
            try:
                day = dt.date.fromisoformat(options["received_from"])
            except ValueError as error:
                raise CommandError(_("--received-from: write a date as YYYY-MM-DD."), returncode=2) from error
            received_from = timezone.make_aware(dt.datetime.combine(day, dt.time()))
        changes = recompute_due_dates(actor=None, calendar_code=options["calendar"], received_from=received_from,
                                      dry_run=options["dry_run"])
        for code, old, new in changes:
            self.stdout.write(f"{code}\t{timezone.localtime(old):%Y-%m-%d %H:%M}\t→\t{timezone.localtime(new):%Y-%m-%d %H:%M}")
        self.stdout.write(_("%(count)d due date(s) %(verb)s.") % {
            "count": len(changes), "verb": _("would change") if options["dry_run"] else _("changed")})
