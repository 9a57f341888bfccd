#!/usr/bin/env python
"""Server time per page with the demo data (five seed plans, 200 actions, 600 sample ratings).

Builds a throwaway SQLite database, imports the seeds, then times each page through Django's
test client (no network): median and worst of 20 requests. Prints numbers; never fails on time.

usage: python bench/page_speed.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from plans.models import Action, Plan  # noqa: E402

REQUESTS = 20


def main() -> None:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo_data", stdout=quiet)
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username="commissioner"))
    plan = Plan.objects.order_by("-pk").first()
    action = Action.objects.filter(rag_updates__isnull=False).first()
    pages = {
        "home": "/",
        "plan table (87 actions)": f"/plans/{Plan.objects.get(area='Halton').pk}/",
        "all actions, page 1": "/actions/",
        "all actions, red filter": "/actions/?rating=red",
        "action page": f"/actions/{action.pk}/",
        "my actions": "/my-actions/",
        "dashboard, all plans": "/dashboard/",
        "plan dashboard": f"/plans/{plan.pk}/dashboard/",
        "export .xlsx (all actions)": "/actions/export.xlsx",
        "board pack .docx": f"/plans/{plan.pk}/board-pack.docx",
        "API actions list": "/api/actions/",
    }
    print(
        f"{Action.objects.count()} actions in {Plan.objects.count()} plans; {REQUESTS} requests each"
    )
    print(f"{'page':<30} {'median':>9} {'worst':>9} {'queries':>8}")
    for name, url in pages.items():
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{name:<30} {statistics.median(times) * 1000:>7.1f}ms {max(times) * 1000:>7.1f}ms "
            f"{len(queries):>8}"
        )


if __name__ == "__main__":
    main()
