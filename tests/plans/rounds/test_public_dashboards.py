"""With public dashboards on, anonymous visitors see only published rounds: each plan's latest
published round as reported to the board, never ratings made since (plans/rounds/public.py)."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Rating
from plans.rounds.services import round_open
from tests.factories import ActionFactory, PlanFactory
from tests.pages import page_text
from tests.plans.rounds.test_selectors import rate, run_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_then_changed(plan, actions, admin_user, monkeypatch, settings):
    """August 2026 published (1.1 green, 1.2 amber, 2.1 not rated); since then, in the open
    September round, 1.1 has gone red."""
    from django.utils import timezone

    settings.PUBLIC_DASHBOARDS = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 20))
    run_round(
        plan,
        "August 2026",
        datetime.date(2026, 8, 31),
        [(actions[0], Rating.GREEN), (actions[1], Rating.AMBER)],
        admin_user,
    )
    september = round_open(
        name="September 2026",
        reported_on=datetime.date(2026, 9, 30),
        deadline=datetime.date(2026, 10, 7),
        plans=[plan],
        opened_by=admin_user,
    )
    rate(september, actions[0], Rating.RED)
    return plan


def text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return page_text(response.content.decode())


def test_the_public_sees_each_plans_latest_published_round_not_later_ratings(
    client, published_then_changed
):
    unpublished = PlanFactory(title="Plan never reported")
    ActionFactory(plan=unpublished)
    shown = text(client, reverse("plans:dashboard"))
    assert "Crisis care plan (August 2026)" in shown
    assert "Plan never reported" not in shown
    assert "Red: 0" in shown  # 1.1 went red after August: not published yet
    assert "Green: 1 (33%)" in shown
    assert "Amber: 1 (33%)" in shown
    assert "3 actions as reported to the board" in shown
    assert "August 2026, reporting on 31 August 2026" in shown


def test_signed_in_readers_still_see_current_ratings(client, board_member, published_then_changed):
    client.force_login(board_member)
    shown = text(client, reverse("plans:dashboard"))
    assert "Red: 1" in shown
    assert "as reported to the board" not in shown


def test_the_public_plan_dashboard_is_its_latest_published_round_by_section(
    client, published_then_changed
):
    shown = text(client, reverse("plans:plan-dashboard", args=[published_then_changed.pk]))
    assert "as reported to the board in the reporting round August 2026" in shown
    assert "Red: 0" in shown
    assert "1 Access" in shown and "2 Recovery" in shown


def test_before_any_round_is_published_the_public_sees_no_ratings(client, settings, actions):
    from tests.factories import RagUpdateFactory

    settings.PUBLIC_DASHBOARDS = True
    RagUpdateFactory(action=actions[0], rating=Rating.RED)
    for url in (reverse("plans:dashboard"), actions[0].plan.get_absolute_url() + "dashboard/"):
        shown = text(client, url)
        assert "No reporting round has been published" in shown
        assert "Red:" not in shown


@pytest.mark.parametrize("size", [2, 12])
def test_the_public_dashboard_runs_the_same_queries_however_many_plans(
    client, admin_user, settings, monkeypatch, django_assert_num_queries, size
):
    from django.utils import timezone

    settings.PUBLIC_DASHBOARDS = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 20))
    for n in range(size):
        plan = PlanFactory()
        action = ActionFactory(plan=plan)
        run_round(
            plan, f"Round {n}", datetime.date(2026, 8, 31), [(action, Rating.GREEN)], admin_user
        )
    # anonymous (no session read): the latest published round of each plan, their counts
    with django_assert_num_queries(2):
        client.get(reverse("plans:dashboard"))
