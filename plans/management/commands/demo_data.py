"""Demo data for the README's run command: demo users for each role (passwords printed)."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from plans.roles import Role

DEMO_USERS = [
    ("admin", Role.ADMIN),
    ("commissioner", Role.COMMISSIONER),
    ("board", Role.BOARD_MEMBER),
]


class Command(BaseCommand):
    help = "Create demo users for each role and print their passwords."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        lines = []
        for username, role in DEMO_USERS:
            group, _ = Group.objects.get_or_create(name=role.value)
            user, _ = User.objects.get_or_create(username=username)
            # A fresh random password each run: nothing secret ever lives in git.
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save()
            user.groups.set([group])
            lines.append(f"  {role.label:<14} {username:<14} {password}")
        self.stdout.write("Demo users (role, username, password):")
        self.stdout.write("\n".join(lines))
