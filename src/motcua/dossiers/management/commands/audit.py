"""motcua audit verify [--dossier CODE]: checks the hash chains of dossier events."""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.dossiers.audit import verify_all, verify_dossier
from motcua.dossiers.models import Dossier, DossierEvent


class Command(BaseCommand):
    help = _("Verify the hash chains of dossier events: exit status 1 when an event was changed or removed.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser("verify", help=_("verify the event chains of every dossier, or of one"))
        verify.add_argument("--dossier", metavar="CODE", help=_("only this dossier (its code or reference)"))

    def handle(self, *args, **options):
        dossiers = Dossier.objects.all()
        if options["dossier"]:
            dossiers = self._one(options["dossier"])
            one = dossiers.get()
            code = one.code or str(one.reference)
            broken = [(code, problems)] if (problems := verify_dossier(one)) else []
        else:
            broken = list(verify_all())
        # Every action bumps the version once and appends one event: a missing last event shows here,
        # where the chain itself cannot tell.
        for dossier in (dossiers.annotate(recorded=Count("events")).exclude(version=F("recorded") + 1)
                        .values("code", "reference", "version", "recorded")):
            code = dossier["code"] or str(dossier["reference"])
            problem = _("%(recorded)d event(s) recorded but the dossier was changed %(changes)d time(s): "
                        "an event was removed") % {"recorded": dossier["recorded"], "changes": dossier["version"] - 1}
            broken.append((code, [problem]))
        for code, problems in broken:
            for problem in problems:  # the chain names the dossier by its reference: add its code
                self.stdout.write(f"{code}: {problem}")
        count = dossiers.count()
        if broken:
            codes = {code for code, _problems in broken}
            raise CommandError(ngettext(
                "%(broken)d dossier has a broken event chain (%(count)d verified).",
                "%(broken)d dossiers have a broken event chain (%(count)d verified).", len(codes)) % {
                "broken": len(codes), "count": count}, returncode=1)
        events = DossierEvent.objects.filter(dossier__in=dossiers).count()
        self.stdout.write(_("%(count)d dossier(s) and %(events)d event(s) verified: every chain is intact.") % {
            "count": count, "events": events})

    @staticmethod
    def _one(key: str):
        try:
            dossiers = Dossier.objects.filter(reference=uuid.UUID(key))
        except ValueError:
            dossiers = Dossier.objects.filter(code=key)
        if not dossiers.exists():
            raise CommandError(_("No dossier has the code %(code)s.") % {"code": key}, returncode=2)
        return dossiers
