"""motcua index766 --from DATE --to DATE [--unit CODE | --agency CODE] --format json"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.reports import index, selectors

from .report import parse_date


def as_dict(result) -> dict:
    return {
        "from": result.first.isoformat(), "to": result.last.isoformat(), "scope": result.scope.label,
        "version": result.version.code if result.version else None,
        "total": str(result.total), "out_of": str(result.out_of), "score_100": str(result.normalised),
        "grade": result.grade, "estimate": True, "average_processing_hours": result.average_hours,
        "groups": [{"group": g, "name": name, "points": str(points), "max": str(maximum)}
                   for g, name, points, maximum in result.groups()],
        "metrics": [{
            "code": m.code, "group": m.group, "name": m.name, "numerator": str(m.numerator),
            "denominator": str(m.denominator), "ratio_percent": None if m.score.percent is None else str(m.score.percent),
            "target_percent": str(m.target), "points": None if m.score.points is None else str(m.score.points),
            "max_points": str(m.score.max_points), "note": m.note} for m in result.metrics],
    }


class Command(BaseCommand):
    help = "The 766 service index (an estimate beside the national portal's official figures) for a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True)
        parser.add_argument("--to", dest="last", required=True)
        parser.add_argument("--unit", help="administrative unit code (province or commune)")
        parser.add_argument("--agency", help="agency code")
        parser.add_argument("--format", default="json", choices=["json"])
        parser.add_argument("--language", default="vi")

    def handle(self, *args, **options):
        translation.activate(options["language"])
        first, last = parse_date(options["first"], "--from"), parse_date(options["last"], "--to")
        if last < first:
            raise CommandError(_("--to: the end of the period is before its start."))
        try:
            if options["unit"]:
                scope = selectors.unit_scope(options["unit"])
            elif options["agency"]:
                scope = selectors.agency_scope(options["agency"])
            else:
                scope = selectors.province_scope()
        except selectors.ScopeError as error:
            raise CommandError(f"--{error.field}: {error.message}") from None
        commune = bool(options["unit"]) and selectors.is_commune(options["unit"])
        result = index.compute(first, last, scope=scope, commune=commune)
        self.stdout.write(json.dumps(as_dict(result), ensure_ascii=False, indent=1))
