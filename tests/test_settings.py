import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from actionplan.env import envbool, envint, envstr

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x9#kq2!vplm4@w8z" * 4,
    "DJANGO_ALLOWED_HOSTS": "actionplan.example.nhs.uk",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_mode_passes_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_envbool_reads_yes_and_no_and_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert envbool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        envbool("FLAG", False)


def test_envint_refuses_a_non_number(monkeypatch):
    monkeypatch.setenv("SIZE", "5MB")
    with pytest.raises(ImproperlyConfigured):
        envint("SIZE", 1)


def test_envstr_without_default_must_be_set(monkeypatch):
    monkeypatch.delenv("MISSING_SETTING", raising=False)
    with pytest.raises(ImproperlyConfigured):
        envstr("MISSING_SETTING")


def postgresql_setting(sql: str):
    """The first column of `sql`'s row on the test database; skips on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_postgresql_connections_plan_for_cached_data_without_jit():
    """The dashboards' queries rely on these (actionplan.settings; bench/scale.py measured)."""
    assert postgresql_setting("SHOW jit") == "off"
    assert float(postgresql_setting("SHOW random_page_cost")) == 1.1


@pytest.mark.django_db
def test_postgresql_vacuums_the_actions_table_often():
    """Index-only reads of the dashboards' totals stay index-only (migration 0018)."""
    options = postgresql_setting("SELECT reloptions FROM pg_class WHERE relname = 'plans_action'")
    assert "autovacuum_vacuum_scale_factor=0.02" in options
