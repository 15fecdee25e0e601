"""`maklumat token create USERNAME` prints a new API bearer token for that user."""

from django.core.management.base import BaseCommand, CommandError

from maklumat.accounts.models import ApiToken, User
from maklumat.accounts.services import token_create


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for, e.g. 'kiosk 1'")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            user = self._user(options["username"])
            self.stdout.write(token_create(user=user, name=options["name"]))
        elif action == "list":
            user = self._user(options["username"])
            for token in user.api_tokens.order_by("created_at"):
                state = "dicabut" if token.revoked_at else "aktif"
                self.stdout.write(f"{token.prefix}…  {token.name or '-'}  {token.created_at:%Y-%m-%d}  {state}")
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"], revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"no active token with prefix {options['prefix']!r}")
            from maklumat.accounts.services import token_revoke

            token_revoke(token=token)
            self.stdout.write(f"revoked {token.prefix}…")

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"no user named {username!r}") from exc
