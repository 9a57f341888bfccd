#!/usr/bin/env python
"""A bounded load test: N signed-in users against scripts/serve on PostgreSQL (issue 10).

Starts `bash scripts/serve` on a free loopback port (production settings, a throwaway secret
key) against DATABASE_URL, which should hold a large data set (`manage.py demo_data --plans
100 --actions 20000 --rounds 10`, or what bench/scale.py left behind). Signs in N commissioners
(load-user-01, ...; each in one organisation, so each has actions to rate) by writing their
sessions, then for a fixed duration each user, after a think time, views a page or rates one
of their actions (a POST, as the browser's form does). Prints p50/p95/p99 per kind and in
all, throughput and errors, then checks every rating the server accepted is stored, and that
every stored current rating agrees with its history. Loopback only; never fails on time.

usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale \\
         python bench/load.py [--users 50] [--duration 60] [--think 1.0] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What a user does, with weights: mostly reading tables, some rating, a few dashboards.
MIX = [
    ("home", 10),
    ("my actions", 15),
    ("plan table", 18),
    ("all actions", 12),
    ("action page", 18),
    ("rate", 15),
    ("plan dashboard", 5),
    ("cross-plan dashboard", 2),
    ("API actions", 5),
]
PER_PAGE = 50


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    posted: list[tuple[int, str]] = field(default_factory=list)  # (action, commentary) accepted
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if problem:
                self.errors.append(f"{kind}: {problem}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, help="gunicorn threads per worker")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    return parser.parse_args(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> None:
    args = parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the PostgreSQL database to load (see the docstring).")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{port}",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    if args.threads:
        env["GUNICORN_THREADS"] = str(args.threads)
    os.environ.update(
        {k: env[k] for k in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")}
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "actionplan.settings")
    import django

    django.setup()
    log = sys.stderr if args.json else sys.stdout
    users = sign_in_users(args.users)
    server = subprocess.Popen(
        ["bash", "scripts/serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_healthy(port)
        print(
            f"server up on 127.0.0.1:{port}; {len(users)} users for {args.duration:.0f} s", file=log
        )
        results = run(users, port=port, duration=args.duration, think=args.think)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    report(results, args=args, log=log)


def sign_in_users(count: int) -> list[dict]:
    """N commissioners, one organisation each, with a session written as sign-in would."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from plans.models import Membership, Organisation, Plan
    from plans.permissions import actions_of
    from plans.roles import Role

    group, _ = Group.objects.get_or_create(name=Role.COMMISSIONER.value)
    organisations = list(Organisation.objects.annotate(n=Count("leads")).filter(n__gt=0))
    plans = list(Plan.objects.annotate(n=Count("actions")).values_list("pk", "n"))
    if not organisations or not plans:
        sys.exit("The database holds no plans: build them with manage.py demo_data --actions N.")
    users = []
    for n in range(count):
        user, _ = User.objects.get_or_create(username=f"load-user-{n + 1:02d}")
        user.groups.add(group)
        Membership.objects.get_or_create(
            user=user, organisation=organisations[n % len(organisations)]
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        mine = list(actions_of(user).order_by("pk").values_list("pk", flat=True)[:300])
        users.append({"session": session.session_key, "actions": mine, "plans": plans})
    return users


def wait_until_healthy(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit("scripts/serve did not become healthy")


def run(users: list[dict], *, port: int, duration: float, think: float) -> Results:
    results = Results()
    stop_at = time.monotonic() + duration
    threads = [
        threading.Thread(target=user_loop, args=(user, port, stop_at, think, results, n))
        for n, user in enumerate(users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.elapsed = time.monotonic() - started
    return results


def user_loop(user, port, stop_at, think, results: Results, seed: int) -> None:
    rng = random.Random(seed)
    csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret, cookie and form
    headers = {
        "Cookie": f"sessionid={user['session']}; csrftoken={csrf}",
        "X-Forwarded-Proto": "https",  # as behind the TLS proxy scripts/serve expects
        "Host": "127.0.0.1",
    }
    kinds, weights = zip(*MIX, strict=True)
    time.sleep(rng.uniform(0, think))  # users arrive spread out, not all at once
    while time.monotonic() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        if not user["actions"] and kind in ("action page", "rate"):
            kind = "home"
        method, path, body = request_for(kind, user, rng, csrf)
        send_headers = dict(headers)
        if body is not None:
            send_headers["Content-Type"] = "application/x-www-form-urlencoded"
            send_headers["Origin"] = "https://127.0.0.1"
            send_headers["Referer"] = f"https://127.0.0.1{path}"
        started = time.perf_counter()
        problem = None
        # A connection a request, as a browser after a think time longer than the server's
        # keep-alive would: a reused connection the server has closed is not a server error.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=send_headers)
            response = connection.getresponse()
            response.read()
            expected = 302 if kind == "rate" else 200
            if response.status != expected:
                problem = f"{method} {path} -> {response.status}"
            elif kind == "rate":
                with results.lock:
                    results.posted.append(user["last_rating"])
        except (OSError, http.client.HTTPException) as error:
            problem = f"{method} {path} -> {error!r}"
        finally:
            connection.close()
        results.record(kind, time.perf_counter() - started, problem)
        time.sleep(min(rng.expovariate(1 / think), 5 * think) if think else 0)


def request_for(kind: str, user: dict, rng: random.Random, csrf: str):
    from urllib.parse import urlencode

    plan_pk, size = rng.choice(user["plans"])
    if kind == "home":
        return "GET", "/", None
    if kind == "my actions":
        return "GET", "/my-actions/", None
    if kind == "plan table":
        page = rng.randint(1, max(1, -(-size // PER_PAGE)))
        return "GET", f"/plans/{plan_pk}/?page={page}", None
    if kind == "all actions":
        query = rng.choice(["", "rating=red", "sort=due", "overdue=on", "sort=-updated"])
        return "GET", f"/actions/?{query}&page={rng.randint(1, 20)}", None
    if kind == "action page":
        return "GET", f"/actions/{rng.choice(user['actions'])}/", None
    if kind == "rate":
        action = rng.choice(user["actions"])
        commentary = f"Load test {uuid.uuid4()}"
        user["last_rating"] = (action, commentary)
        form = {
            "rating": rng.choice(["red", "amber", "green", "blue"]),
            "commentary": commentary,
            "reported_on": "",
            "csrfmiddlewaretoken": csrf,
        }
        return "POST", f"/actions/{action}/rate/", urlencode(form)
    if kind == "plan dashboard":
        return "GET", f"/plans/{plan_pk}/dashboard/", None
    if kind == "cross-plan dashboard":
        return "GET", "/dashboard/", None
    return "GET", "/api/actions/", None


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index] * 1000


def report(results: Results, *, args, log) -> None:
    from django.db import connection

    from plans.across_plans import across_plans_expected, across_plans_stored
    from plans.models import RagUpdate
    from plans.ratings import plan_rating_changes_expected, plan_rating_changes_stored
    from plans.rollups import plan_rating_counts_expected, plan_rating_counts_stored
    from plans.selectors import current_rating_mismatches

    connection.close()  # the server wrote meanwhile: a fresh view of the database
    everything = [t for samples in results.times.values() for t in samples]
    accepted = {commentary for _, commentary in results.posted}
    stored = set(
        RagUpdate.objects.filter(commentary__in=accepted).values_list("commentary", flat=True)
    )
    mismatches = current_rating_mismatches()
    # The dashboards' rows, moved by each rating as it was written, against a recount.
    derived_agree = (
        plan_rating_changes_stored() == plan_rating_changes_expected()
        and plan_rating_counts_stored() == plan_rating_counts_expected()
        and across_plans_stored() == across_plans_expected()
    )
    print(f"\n{'kind':<22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}", file=log)
    for kind, samples in sorted(results.times.items()):
        print(f"{kind:<22} {len(samples):>8} {percentile(samples, 50):>8.0f} "
              f"{percentile(samples, 95):>8.0f} {percentile(samples, 99):>8.0f}", file=log)  # fmt: skip
    summary = {
        "users": args.users,
        "duration_s": round(results.elapsed, 1),
        "requests": len(everything),
        "throughput_rps": round(len(everything) / results.elapsed, 1),
        "p50_ms": round(percentile(everything, 50), 1),
        "p95_ms": round(percentile(everything, 95), 1),
        "p99_ms": round(percentile(everything, 99), 1),
        "errors": len(results.errors),
        "ratings_accepted": len(accepted),
        "ratings_stored": len(stored),
        "every_rating_stored": stored == accepted,
        "current_rating_mismatches": len(mismatches),
        "dashboard_rows_agree": derived_agree,
    }
    print(f"\nall: {summary['requests']} requests, {summary['throughput_rps']}/s; p50 "
          f"{summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms; "
          f"{summary['errors']} errors", file=log)  # fmt: skip
    print(f"ratings: {len(accepted)} accepted, {len(stored)} stored; stored current ratings "
          f"disagreeing with their history: {len(mismatches)}; dashboards' stored rows agree "
          f"with a recount: {derived_agree}", file=log)  # fmt: skip
    for error in results.errors[:10]:
        print(f"  error: {error}", file=log)
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
