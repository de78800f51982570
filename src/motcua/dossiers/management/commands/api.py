"""motcua api token USERNAME [--rotate]: the API token of a machine client's account."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = _("Machine clients of the REST API: print the token of an account, creating it if needed.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        token = actions.add_parser("token", help=_("print (and create if missing) the API token of USERNAME"))
        token.add_argument("username", metavar="USERNAME")
        token.add_argument("--rotate", action="store_true",
                           help=_("replace the token with a new one (the old one stops working)"))

    @transaction.atomic
    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_active:
            raise CommandError(_("No active account has the username %(username)s.") % {
                "username": options["username"]}, returncode=2)
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
