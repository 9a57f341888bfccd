#!/usr/bin/env python
"""Server time and queries per page at the size of a whole ICB (issue 10).

Builds `manage.py demo_data --plans P --actions N --rounds R` on the configured database
(DATABASE_URL; PostgreSQL for the numbers that matter), then measures, interleaved, each
page's median server time and query count through Django's test client with DEBUG off, the
Django admin changelist of actions, and one hand-written SQL statement computing every number
on the cross-plan dashboard (on the schema as it is: stored current ratings when the actions
have them, else the latest update per action from the history). Query counts are also taken
on a small data set first (--small, default 200 actions) so a count that grows is caught.

Prints a table; with --json, a last line
  {"pages": {name: {"p50_ms", "queries", ...}}, "dashboard_vs_bare_sql",
   "dashboard_vs_admin_changelist", "query_counts_constant", ...}
Never fails on time. It empties the database it measures: it refuses a database holding
plans unless --reset is given (or --reuse, to measure a data set it built before).

usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale \\
         python bench/scale.py --actions 20000 [--plans 100] [--rounds 10] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")

GOAL_PAGE_MS = 150
GOAL_VS_BARE_SQL = 1.5
EXPORTS = ("xlsx export, largest plan",)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--small", type=int, default=200, help="actions in the query-count run")
    parser.add_argument("--reps", type=int, default=7, help="interleaved repetitions")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--reset", action="store_true", help="empty a database holding plans")
    parser.add_argument("--reuse", action="store_true", help="measure the data set already there")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from plans.models import Action, Plan

    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    log = sys.stderr if args.json else sys.stdout
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", file=log)

    small_counts = {}
    reuse = args.reuse and Action.objects.count() == args.actions
    if not reuse:
        if Plan.objects.exists() and not args.reset:
            sys.exit("The database holds plans: pass --reset to empty it (or --reuse).")
        if args.small:
            build(plans=max(2, args.plans // 10), actions=args.small, rounds=args.rounds, log=log)
            small_counts = {name: m["queries"] for name, m in measure(reps=1).items()}
        build(plans=args.plans, actions=args.actions, rounds=args.rounds, log=log)
    # As the server runs (actionplan.wsgi): the loaded app frozen out of garbage collection.
    from actionplan.memory import tune_garbage_collection

    tune_garbage_collection()
    results = measure(reps=args.reps)
    report(results, small_counts, args=args, log=log)


def build(*, plans: int, actions: int, rounds: int, log) -> None:
    from django.core.management import call_command
    from django.db import connection

    reset_database()
    started = time.perf_counter()
    call_command(
        "demo_data",
        plans=plans,
        actions=actions,
        rounds=rounds,
        stdout=io.StringIO(),
    )
    elapsed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics and no dead rows, as autovacuum would leave a live site.
            cursor.execute("VACUUM ANALYZE")
    print(f"built {plans} plans, {actions} actions in {elapsed:.1f} s", file=log)


def reset_database() -> None:
    """Every table emptied, then the national objectives loaded again (as migration 0002 does)."""
    import importlib

    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("flush", interactive=False, verbosity=0)
    loader = importlib.import_module("plans.migrations.0002_load_national_objectives")
    with connection.schema_editor() as editor:
        loader.load_national_objectives(apps, editor)


def pages() -> dict[str, tuple[str, str]]:
    """Page name -> (who asks, URL), for the data set in the database."""
    from django.db.models import Count

    from plans.models import Action, Plan

    by_size = list(Plan.objects.annotate(n=Count("actions")).order_by("-n", "pk"))
    largest, median = by_size[0], by_size[len(by_size) // 2]
    action = Action.objects.filter(plan=median).order_by("pk").first()
    last_page = -(-Action.objects.count() // 50)  # the tables show 50 actions a page
    return {
        "cross-plan dashboard": ("board", "/dashboard/"),
        "plan dashboard, largest plan": ("board", f"/plans/{largest.pk}/dashboard/"),
        "home": ("board", "/"),
        "plan table, largest plan": ("board", f"/plans/{largest.pk}/"),
        "plan table, median plan": ("board", f"/plans/{median.pk}/"),
        "my actions": ("commissioner", "/my-actions/"),
        "all actions, page 1": ("board", "/actions/"),
        "all actions, last page": ("board", f"/actions/?page={last_page}"),
        "all actions, red, by last update": ("board", "/actions/?rating=red&sort=-updated"),
        "action page": ("commissioner", f"/actions/{action.pk}/"),
        "API actions list": ("board", "/api/actions/"),
        "xlsx export, largest plan": ("board", f"/plans/{largest.pk}/export.xlsx"),
        "admin changelist of actions": ("admin", "/admin/plans/action/"),
    }


def clients() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    made = {}
    for username in ("board", "commissioner", "admin"):
        client = Client(HTTP_HOST="localhost")
        client.force_login(get_user_model().objects.get(username=username))
        made[username] = client
    return made


def measure(*, reps: int) -> dict[str, dict]:
    """Each page `reps` times, interleaved, with the bare SQL; then each page's query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    by_name = pages()
    signed_in = clients()
    bare = {"bare SQL, dashboard numbers": bare_sql}
    if stored_counts_sql():
        bare["bare SQL, from stored counts"] = bare_sql_from_stored_counts
    times: dict[str, list[float]] = {name: [] for name in [*by_name, *bare]}
    sizes = {}
    for name, (who, url) in by_name.items():  # warm up: templates, connections, caches
        response = signed_in[who].get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        sizes[name] = len(response.content)
    for _ in range(reps):
        for name, (who, url) in by_name.items():
            started = time.perf_counter()
            signed_in[who].get(url)
            times[name].append(time.perf_counter() - started)
        for name, run in bare.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    results = {}
    for name, samples in times.items():
        queries = 1
        if name in by_name:
            who, url = by_name[name]
            with CaptureQueriesContext(connection) as captured:
                signed_in[who].get(url)
            queries = len(captured)
        results[name] = {
            "p50_ms": round(statistics.median(samples) * 1000, 1),
            "max_ms": round(max(samples) * 1000, 1),
            "queries": queries,
            "kb": round(sizes.get(name, 0) / 1024, 1),
        }
    return results


def bare_sql() -> list:
    """Every number on the cross-plan dashboard in one statement, written by hand."""
    return _run(BARE_SQL.format(current=current_source(), trend=trend_source()))


def bare_sql_from_stored_counts() -> list:
    """The same numbers, where the schema stores them: the counts by plan, summed across plans
    (lead, organisation, objective) and the rating changes; the list totals from the actions."""
    return _run(stored_counts_sql())


def _run(sql: str) -> list:
    """The statement with today's dates for the lists' windows."""
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    params = {
        "today": today,
        "soon": today + datetime.timedelta(days=90),
        "since": today - datetime.timedelta(days=90),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stored_counts_sql() -> str | None:
    """None when the schema stores no counts across plans."""
    from django.db import connection

    if "plans_acrossplansratingcount" not in connection.introspection.table_names():
        return None
    tallies = "SUM(c.red), SUM(c.amber), SUM(c.green), SUM(c.blue), SUM(c.not_rated)"
    return f"""
SELECT 'plan', CAST(c.plan_id AS TEXT), {tallies}
FROM plans_planratingcount c JOIN plans_plan p ON p.id = c.plan_id
WHERE p.status <> 'archived' AND c."grouping" = 'plan' GROUP BY c.plan_id
UNION ALL
SELECT c."grouping", CAST(c."key" AS TEXT), {tallies}
FROM plans_acrossplansratingcount c GROUP BY c."grouping", c."key"
UNION ALL
SELECT 'lists', '', COUNT(*) FILTER (WHERE a.due_date < %(today)s),
       COUNT(*) FILTER (WHERE a.due_date >= %(today)s AND a.due_date <= %(soon)s),
       COUNT(*) FILTER (WHERE a.current_reported_on IS NULL OR a.current_reported_on < %(since)s),
       0, 0
FROM plans_action a JOIN plans_plan p ON p.id = a.plan_id
WHERE p.status <> 'archived' AND (a.current_rating IS NULL OR a.current_rating <> 'blue')
UNION ALL
SELECT 'trend', CAST(c.reported_on AS TEXT), SUM(c.change), 0, 0, 0, 0
FROM plans_planratingchange c JOIN plans_plan p ON p.id = c.plan_id
WHERE p.status <> 'archived' GROUP BY c.reported_on, c.rating"""


def current_source() -> str:
    """The non-archived actions with their current rating, from the schema as it is."""
    from plans.models import Action

    stored = any(field.name == "current_rating" for field in Action._meta.get_fields())
    if stored:
        return """
        SELECT a.id, a.plan_id, a.due_date, a.current_rating AS rating,
               a.current_reported_on AS reported_on
        FROM plans_action a JOIN plans_plan p ON p.id = a.plan_id
        WHERE p.status <> 'archived'"""
    return """
        SELECT a.id, a.plan_id, a.due_date, c.rating, c.reported_on
        FROM plans_action a JOIN plans_plan p ON p.id = a.plan_id
        LEFT JOIN (
            SELECT action_id, rating, reported_on, ROW_NUMBER() OVER (
                PARTITION BY action_id ORDER BY reported_on DESC, created_at DESC, id DESC) AS n
            FROM plans_ragupdate
        ) c ON c.action_id = a.id AND c.n = 1
        WHERE p.status <> 'archived'"""


def trend_source() -> str:
    """The rating changes per reporting date: stored per plan when the schema has them."""
    from django.db import connection

    if "plans_planratingchange" in connection.introspection.table_names():
        return """
SELECT 'trend', CAST(c.reported_on AS TEXT), c.rating, SUM(c.change)
FROM plans_planratingchange c JOIN plans_plan p ON p.id = c.plan_id
WHERE p.status <> 'archived' GROUP BY c.reported_on, c.rating"""
    return """
SELECT 'trend +', CAST(reported_on AS TEXT), rating, COUNT(*) FROM steps
GROUP BY reported_on, rating
UNION ALL
SELECT 'trend -', CAST(reported_on AS TEXT), previous, COUNT(*) FROM steps
WHERE previous IS NOT NULL GROUP BY reported_on, previous"""


# Groupings by plan, lead organisation (and none), lead, national objective; the list counts
# (overdue, due in 90 days, not updated in 90 days); the trend as changes per reporting date.
BARE_SQL = """
WITH a AS ({current}),
r AS (SELECT id, plan_id, due_date, reported_on, COALESCE(rating, 'not_rated') AS rating FROM a),
day AS (
    SELECT u.action_id, u.reported_on, u.rating, ROW_NUMBER() OVER (
        PARTITION BY u.action_id, u.reported_on ORDER BY u.created_at DESC, u.id DESC) AS n
    FROM plans_ragupdate u JOIN a ON a.id = u.action_id
),
steps AS (
    SELECT reported_on, rating,
           LAG(rating) OVER (PARTITION BY action_id ORDER BY reported_on) AS previous
    FROM day WHERE n = 1
)
SELECT 'plan', CAST(plan_id AS TEXT), rating, COUNT(*) FROM r GROUP BY plan_id, rating
UNION ALL
SELECT 'organisation', CAST(lo.organisation_id AS TEXT), r.rating, COUNT(DISTINCT r.id)
FROM r JOIN plans_action_leads al ON al.action_id = r.id
JOIN plans_lead_organisations lo ON lo.lead_id = al.lead_id
GROUP BY lo.organisation_id, r.rating
UNION ALL
SELECT 'no organisation', '', r.rating, COUNT(*) FROM r WHERE NOT EXISTS (
    SELECT 1 FROM plans_action_leads al JOIN plans_lead_organisations lo ON lo.lead_id = al.lead_id
    WHERE al.action_id = r.id)
GROUP BY r.rating
UNION ALL
SELECT 'lead', CAST(al.lead_id AS TEXT), r.rating, COUNT(*)
FROM r JOIN plans_action_leads al ON al.action_id = r.id GROUP BY al.lead_id, r.rating
UNION ALL
SELECT 'objective', CAST(ao.objective_id AS TEXT), r.rating, COUNT(*)
FROM r JOIN plans_action_objectives ao ON ao.action_id = r.id GROUP BY ao.objective_id, r.rating
UNION ALL
SELECT 'overdue', '', '', COUNT(*) FROM r WHERE due_date < %(today)s AND rating <> 'blue'
UNION ALL
SELECT 'due soon', '', '', COUNT(*) FROM r
WHERE due_date >= %(today)s AND due_date <= %(soon)s AND rating <> 'blue'
UNION ALL
SELECT 'stale', '', '', COUNT(*) FROM r
WHERE rating <> 'blue' AND (reported_on IS NULL OR reported_on < %(since)s)
UNION ALL
{trend}
"""


def _p50(results: dict, name: str) -> float | None:
    found = results.get(f"bare SQL, {name}")
    return found["p50_ms"] if found else None


def report(results: dict, small_counts: dict, *, args, log) -> None:
    dashboard = results["cross-plan dashboard"]["p50_ms"]
    bare = results["bare SQL, dashboard numbers"]["p50_ms"]
    admin = results["admin changelist of actions"]["p50_ms"]
    constant = all(results[name]["queries"] == count for name, count in small_counts.items())
    print(f"\n{args.actions} actions, {args.plans} plans, {args.rounds} rounds; "
          f"medians of {args.reps} interleaved repetitions", file=log)  # fmt: skip
    print(
        f"{'page':<36} {'p50 ms':>9} {'max ms':>9} {'queries':>8} {'small':>6} {'KB':>8}", file=log
    )
    for name, m in results.items():
        small = small_counts.get(name, "")
        flag = "" if name in EXPORTS or "bare SQL" in name or m["p50_ms"] < GOAL_PAGE_MS else " *"
        print(f"{name:<36} {m['p50_ms']:>9.1f} {m['max_ms']:>9.1f} {m['queries']:>8} "
              f"{small!s:>6} {m['kb']:>8.1f}{flag}", file=log)  # fmt: skip
    summary = {
        "pages": {
            name: {**m, "queries_small": small_counts.get(name)} for name, m in results.items()
        },
        "dashboard_vs_bare_sql": round(dashboard / bare, 2) if bare else None,
        # The stricter measure: against hand-written SQL reading the same stored counts.
        "dashboard_vs_bare_sql_from_stored_counts": (
            round(dashboard / stored, 2)
            if (stored := _p50(results, "from stored counts"))
            else None
        ),
        "dashboard_vs_admin_changelist": round(dashboard / admin, 2) if admin else None,
        "query_counts_constant": constant if small_counts else None,
        "actions": args.actions,
        "goals_met": {
            "pages_under_150_ms": all(
                m["p50_ms"] < GOAL_PAGE_MS
                for name, m in results.items()
                if name not in EXPORTS and "bare SQL" not in name
            ),
            "dashboard_within_1_5x_bare_sql": bool(bare) and dashboard <= GOAL_VS_BARE_SQL * bare,
            "dashboard_no_slower_than_admin": dashboard <= admin,
        },
    }
    print(f"\n* over {GOAL_PAGE_MS} ms. dashboard / bare SQL: {summary['dashboard_vs_bare_sql']}; "
          f"(from stored counts: {summary['dashboard_vs_bare_sql_from_stored_counts']}); "
          f"dashboard / admin changelist: {summary['dashboard_vs_admin_changelist']}; "
          f"query counts constant: {summary['query_counts_constant']}", file=log)  # fmt: skip
    if args.json:
        with contextlib.suppress(BrokenPipeError):
            print(json.dumps(summary))


if __name__ == "__main__":
    main()
