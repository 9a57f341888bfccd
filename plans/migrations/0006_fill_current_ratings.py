"""Fill each action's stored current rating from its history (DESIGN.md "Ratings").

The rule: the update with the latest reporting date, ties to the later created, then the
higher id; actions never rated keep NULL. One UPDATE with correlated subqueries, as
plans.services.action_current_ratings_refresh does (copied here: migrations use the
historical models, never today's code).
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_current_ratings(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    RagUpdate = apps.get_model("plans", "RagUpdate")
    latest = RagUpdate.objects.filter(action=OuterRef("pk")).order_by(
        "-reported_on", "-created_at", "-pk"
    )
    Action.objects.update(
        current_update=Subquery(latest.values("pk")[:1]),
        current_rating=Subquery(latest.values("rating")[:1]),
        current_reported_on=Subquery(latest.values("reported_on")[:1]),
    )


def clear_current_ratings(apps, schema_editor):
    Action = apps.get_model("plans", "Action")
    Action.objects.update(current_update=None, current_rating=None, current_reported_on=None)


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_action_current_rating")]

    operations = [migrations.RunPython(fill_current_ratings, clear_current_ratings)]
