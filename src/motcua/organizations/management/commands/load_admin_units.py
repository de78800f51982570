from django.core.management.base import BaseCommand

from motcua.organizations.geography import load_administrative_units


class Command(BaseCommand):
    help = "Load Vietnam's administrative units (34 provinces and 3,321 communes, plus pre-2025 units)."

    def handle(self, *args, **options):
        created = load_administrative_units()
        self.stdout.write(f"Administrative units created: {created['units']}; "
                          f"successor links created: {created['successor_links']}")
