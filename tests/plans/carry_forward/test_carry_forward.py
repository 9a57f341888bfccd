"""Carry-forward (issue 12): a new plan replaces an old one; actions pair by text similarity."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from plans.models import ActionPairing, AuditRecord, Plan, Rating
from tests.factories import ActionFactory, PlanFactory, RagUpdateFactory

pytestmark = pytest.mark.django_db

OLD = [
    ("1", "Write the carers strategy for the borough"),
    ("2", "Review the crisis pathway with all partners"),
    ("3", "Open two recovery cafes in the north of the borough"),
]
NEW = [
    ("A1", "Review the crisis pathway with all partners"),  # renumbered, same text
    ("A2", "Open two recovery cafes in the north and south of the borough"),  # reworded
    ("A3", "Train every GP practice in suicide prevention"),  # new this year
]


@pytest.fixture
def plans():
    old = PlanFactory(title="Mental health action plan 2015/16")
    new = PlanFactory(title="Mental health action plan 2016/17")
    olds = [ActionFactory(plan=old, ref=r, text=t, order=i) for i, (r, t) in enumerate(OLD)]
    news = [ActionFactory(plan=new, ref=r, text=t, order=i) for i, (r, t) in enumerate(NEW)]
    return old, new, olds, news


def _text(response) -> str:
    """The page's words, without tags or runs of spaces."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())).split())


def _url(plan, predecessor=None):
    url = reverse("plans:plan-predecessor", args=[plan.pk])
    return f"{url}?predecessor={predecessor.pk}" if predecessor else url


def test_actions_pair_by_text_not_by_ref(client, admin_user, plans):
    old, new, olds, news = plans
    client.force_login(admin_user)
    response = client.get(_url(new, old))
    assert response.status_code == 200
    pairs = {p.action.ref: (p.predecessor, p.how) for p in response.context["form"].pairs}
    assert pairs == {"A1": (olds[1], "text"), "A2": (olds[2], "similar"), "A3": (None, "")}


def test_confirming_links_the_plans_pairs_the_actions_and_archives_the_old_plan(
    client, admin_user, plans
):
    old, new, olds, news = plans
    client.force_login(admin_user)
    response = client.post(
        _url(new),
        {
            "predecessor": old.pk,
            f"pair-{news[0].pk}": olds[1].pk,  # as suggested
            f"pair-{news[1].pk}": olds[2].pk,
            f"pair-{news[2].pk}": olds[0].pk,  # the admin knows better
        },
    )
    assert response.status_code == 302
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.predecessor == old and old.status == Plan.Status.ARCHIVED
    pairings = {
        p.action_id: (p.predecessor_id, p.how, p.paired_by) for p in ActionPairing.objects.all()
    }
    assert pairings == {
        news[0].pk: (olds[1].pk, "text", admin_user),
        news[1].pk: (olds[2].pk, "similar", admin_user),
        news[2].pk: (olds[0].pk, "chosen", admin_user),
    }
    assert AuditRecord.objects.filter(what="plan carried forward").exists()
    assert f"Replaces {old.title}" in _text(client.get(new.get_absolute_url()))
    assert f"Archived Replaced by {new.title}" in _text(client.get(old.get_absolute_url()))


def test_a_paired_action_shows_its_predecessors_rating_history(client, admin_user, plans):
    from plans.carry_forward.services import plan_predecessor_link

    old, new, olds, news = plans
    RagUpdateFactory(
        action=olds[2],
        rating=Rating.AMBER,
        commentary="One cafe open; the second waits for a lease.",
        reported_on=datetime.date(2016, 3, 31),
    )
    plan_predecessor_link(
        plan=new, predecessor=old, pairs={news[1].pk: olds[2].pk}, linked_by=admin_user
    )
    client.force_login(admin_user)
    page = html.unescape(client.get(news[1].get_absolute_url()).content.decode())
    assert "Before this plan" in page
    assert f"in {old.title}" in page
    assert "One cafe open; the second waits for a lease." in page
    unpaired = client.get(news[2].get_absolute_url()).content.decode()
    assert "Before this plan" not in unpaired


def test_one_earlier_action_cannot_be_carried_on_twice(client, admin_user, plans):
    old, new, olds, news = plans
    client.force_login(admin_user)
    response = client.post(
        _url(new),
        {"predecessor": old.pk, f"pair-{news[0].pk}": olds[1].pk, f"pair-{news[1].pk}": olds[1].pk},
    )
    assert response.status_code == 400
    assert "already paired" in response.content.decode()
    assert not ActionPairing.objects.exists()
    old.refresh_from_db()
    assert old.status == Plan.Status.ACTIVE


def test_a_plan_cannot_replace_itself_or_a_plan_that_replaces_it(client, admin_user, plans):
    from plans.carry_forward.services import plan_predecessor_link

    old, new, olds, news = plans
    plan_predecessor_link(plan=new, predecessor=old, pairs={}, linked_by=admin_user)
    client.force_login(admin_user)
    for predecessor in (old, new):  # old <- new: old may not now replace new, nor itself
        response = client.post(_url(old), {"predecessor": predecessor.pk})
        assert response.status_code == 400
    old.refresh_from_db()
    assert old.predecessor is None


def test_an_earlier_action_from_another_plan_is_refused(admin_user, plans):
    from django.core.exceptions import ValidationError

    from plans.carry_forward.services import plan_predecessor_link

    old, new, olds, news = plans
    stranger = ActionFactory(text="Another plan's action")
    with pytest.raises(ValidationError):
        plan_predecessor_link(
            plan=new, predecessor=old, pairs={news[0].pk: stranger.pk}, linked_by=admin_user
        )
    assert not ActionPairing.objects.exists()


def test_commissioners_cannot_link_plans(client, commissioner, plans):
    old, new, _, _ = plans
    client.force_login(commissioner)
    assert client.post(_url(new), {"predecessor": old.pk}).status_code == 403


@pytest.mark.parametrize("size", [10, 100])
def test_the_pairing_page_takes_the_same_queries_at_any_size(
    client, admin_user, size, django_assert_num_queries
):
    old = PlanFactory(title="Plan 2015/16")
    new = PlanFactory(title="Plan 2016/17")
    for n in range(size):
        ActionFactory(plan=old, ref=str(n), text=f"Deliver improvement number {n} for carers")
        ActionFactory(plan=new, ref=f"N{n}", text=f"Deliver improvement number {n} for carers")
    client.force_login(admin_user)
    # session, user, roles, the plan; later plans (one generation, none); the chosen plan;
    # the plan's actions, the earlier plan's, pairings saved; the chooser's plan list
    with django_assert_num_queries(10):
        response = client.get(_url(new, old))
    assert len(response.context["form"].pairs) == size


@pytest.mark.parametrize("earlier_ratings", [2, 40])
def test_a_paired_action_page_takes_the_same_queries_at_any_history(
    client, commissioner, admin_user, plans, earlier_ratings, django_assert_num_queries
):
    from plans.carry_forward.services import plan_predecessor_link

    old, new, olds, news = plans
    for n in range(earlier_ratings):
        RagUpdateFactory(
            action=olds[2], reported_on=datetime.date(2015, 4, 1) + datetime.timedelta(days=n)
        )
    plan_predecessor_link(
        plan=new, predecessor=old, pairs={news[1].pk: olds[2].pk}, linked_by=admin_user
    )
    client.force_login(commissioner)
    # session, user, roles; the action with its plan and sections; leads (none here, so no
    # organisations query); objectives; milestones; rating history; may they rate it; is it
    # in the latest version; then carry-forward's two: the pairing with the earlier action
    # and its plan; the earlier action's ratings with their authors
    with django_assert_num_queries(12):
        response = client.get(news[1].get_absolute_url())
    assert response.content.decode().count("app-timeline__item") == earlier_ratings
