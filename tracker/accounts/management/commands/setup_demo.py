import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from tracker.accounts.models import Membership
from tracker.accounts.services import get_or_create_team

DEMO_USERS = [
    ("admin", Membership.Role.ADMIN),
    ("editor", Membership.Role.EDITOR),
    ("viewer", Membership.Role.VIEWER),
]


class Command(BaseCommand):
    help = "Create the demo team with an admin, an editor and a viewer (once), and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--team", default="Demo team")

    @transaction.atomic
    def handle(self, *args, team, **options):
        # Passwords are made once and kept beside the database, so a second run prints the same ones.
        logins_file = Path(settings.BASE_DIR) / ".demo-logins"
        known = {}
        if logins_file.exists():
            known = dict(line.split(" ", 1) for line in logins_file.read_text().splitlines() if " " in line)
        target = get_or_create_team(team)
        User = get_user_model()
        lines = []
        for username, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org", "first_name": username.title()}
            )
            if role == Membership.Role.ADMIN and not user.is_superuser:
                # The demo admin also opens the Django admin at /admin/.
                user.is_staff = user.is_superuser = True
                user.save()
            if created or username not in known:
                known[username] = secrets.token_urlsafe(9)
                user.set_password(known[username])
                user.save()
            Membership.objects.update_or_create(team=target, user=user, defaults={"role": role})
            lines.append(f"  {username:<8} {known[username]:<16} {role}")
        logins_file.write_text("".join(f"{u} {p}\n" for u, p in known.items()))
        self.stdout.write(f"Demo team “{target}”. Log in at {settings.SITE_URL}/ with:")
        self.stdout.write("  username password         role")
        for line in lines:
            self.stdout.write(line)
