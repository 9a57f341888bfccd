"""Load the national strategy "No Health Without Mental Health" (2011) and its six objectives."""

import json
from pathlib import Path

from django.core.management.color import no_style
from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "national_objectives.json"


def load_national_objectives(apps, schema_editor):
    # Deserialise against the historical models so later model changes don't break this.
    Strategy = apps.get_model("plans", "Strategy")
    Objective = apps.get_model("plans", "Objective")
    records = json.loads(FIXTURE.read_text())
    for record in records:
        fields = record["fields"]
        if record["model"] == "plans.strategy":
            Strategy.objects.update_or_create(pk=record["pk"], defaults=fields)
        else:
            strategy_id = fields.pop("strategy")
            fields["strategy_id"] = strategy_id
            Objective.objects.update_or_create(pk=record["pk"], defaults=fields)
    _reset_sequences(schema_editor, [Strategy, Objective])


def _reset_sequences(schema_editor, models):
    # Rows with explicit keys leave PostgreSQL sequences behind; move them on.
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), models)
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def unload_national_objectives(apps, schema_editor):
    Strategy = apps.get_model("plans", "Strategy")
    Strategy.objects.filter(title="No Health Without Mental Health").delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load_national_objectives, unload_national_objectives)]
