"""`maklumat token create|list|revoke`: API bearer tokens from the command line."""

from django.core.management.base import BaseCommand, CommandError

from maklumat.accounts.models import ApiToken, User
from maklumat.accounts.services import token_create, token_revoke


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for, e.g. 'kiosk 1'")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token: the full token as printed, or its prefix")
        revoke.add_argument("prefix", metavar="TOKEN_OR_PREFIX")

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
            token = self._token(options["prefix"])

            token_revoke(token=token)
            self.stdout.write(f"revoked {token.prefix}…")

    def _token(self, given: str) -> ApiToken:
        """The active token named by the full secret (as `token create` printed it) or its prefix."""
        text = given.strip().removeprefix("Bearer ").strip().rstrip("…").rstrip(".")
        active = ApiToken.objects.filter(revoked_at__isnull=True)
        token = active.filter(digest=ApiToken.digest_of(text)).first()
        if token is not None:
            return token
        matches = list(active.filter(prefix=text)[:2])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise CommandError(f"two active tokens share the prefix {text!r}: give the full token")
        raise CommandError(f"no active token is {text!r} (give the full token or the prefix `token list` shows)")

    def _user(self, username: str) -> User:
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"no user named {username!r}") from exc
