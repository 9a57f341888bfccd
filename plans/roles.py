"""The three roles, as Django groups. What each may do is decided in plans/permissions.py."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "Admins", "Admin"
    COMMISSIONER = "Commissioners", "Commissioner"
    BOARD_MEMBER = "Board members", "Board member"
