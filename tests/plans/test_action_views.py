"""One action's page, rating it, and a commissioner's "My actions" (plans/views/actions.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from plans.models import Action, Lead, Organisation, RagUpdate, Rating
from plans.naming import LABEL_LENGTH, action_name
from plans.national import national_objectives
from tests.factories import (
    ActionFactory,
    LeadFactory,
    MilestoneFactory,
    OrganisationFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
    UserFactory,
)
from tests.pages import action_pks, page_text

pytestmark = pytest.mark.django_db

JUNE = datetime.date(2026, 6, 30)
SEPTEMBER = datetime.date(2026, 9, 30)


def text_of(response) -> str:
    return page_text(response.content.decode())


def history_entries(response) -> list[str]:
    """The rating history as a reader sees it, top to bottom."""
    items = re.findall(
        r'<li class="app-timeline__item">(.*?)</li>', response.content.decode(), flags=re.S
    )
    return [page_text(item) for item in items]


def shown_at(moment: datetime.datetime) -> str:
    """A timestamp as the history writes it."""
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i")


def detail_url(action) -> str:
    return reverse("plans:action-detail", args=[action.pk])


def rate_url(action) -> str:
    return reverse("plans:action-rate", args=[action.pk])


# --- The action page ------------------------------------------------------------------------


@pytest.fixture
def crisis_cafe():
    """An action with every field filled in, two leads, two milestones and an objective."""
    plan = PlanFactory(title="Telford mental health plan", legend_amber="Some slippage")
    access = SectionFactory(plan=plan, ref="2", title="Access", order=1)
    crisis = SectionFactory(plan=plan, ref="2.1", title="Crisis care", parent=access, order=2)
    action = ActionFactory(
        plan=plan,
        section=crisis,
        ref="2.1.1",
        text="Open a crisis cafe in Telford town centre",
        context="People in crisis wait too long for help out of hours.",
        timescale_text="April 2026 to March 2027",
        start_date=datetime.date(2026, 4, 1),
        due_date=datetime.date(2027, 3, 31),
        outcomes="Fewer A&E attendances\nShorter waits for a crisis assessment",
        progress="Venue found; lease agreed in principle.",
        follow_up="Report to the board in June.",
    )
    mind = LeadFactory(name="Telford Mind")
    mind.organisations.add(OrganisationFactory(name="Mind"))
    action.leads.add(mind, LeadFactory(name="A Williamson"))
    action.objectives.add(national_objectives().first())
    MilestoneFactory(
        action=action,
        title="Venue agreed",
        due_date=datetime.date(2026, 6, 30),
        done_date=datetime.date(2026, 6, 3),
        order=1,
    )
    MilestoneFactory(
        action=action, title="Cafe opens", due_date=datetime.date(2027, 3, 31), order=2
    )
    return action


def test_action_page_shows_every_field_of_the_action(client, board_member, crisis_cafe):
    client.force_login(board_member)
    response = client.get(detail_url(crisis_cafe))
    assert response.status_code == 200
    text = text_of(response)
    assert "Telford mental health plan › 2.1 Crisis care" in text
    assert '<h1 class="nhsuk-heading-l">2.1.1 Open a crisis cafe in Telford town centre</h1>' in (
        response.content.decode()
    )
    assert "Aim or commentary People in crisis wait too long for help out of hours." in text
    assert "Lead A Williamson Telford Mind (Mind)" in text
    assert "Timescale April 2026 to March 2027" in text
    assert "Start April 2026" in text
    assert "Due March 2027" in text
    assert "Expected outcomes Fewer A&E attendances Shorter waits for a crisis assessment" in text
    assert f"National objectives {national_objectives().first()}" in text
    assert "Progress (imported) Venue found; lease agreed in principle." in text
    assert "Follow up Report to the board in June." in text
    assert "Current rating: Not yet rated" in text
    assert "Not rated yet." in text


def test_action_page_lists_milestones_with_due_and_done_dates(client, board_member, crisis_cafe):
    client.force_login(board_member)
    text = text_of(client.get(detail_url(crisis_cafe)))
    assert "Venue agreed (by June 2026) – done 3 June 2026" in text
    assert "Cafe opens (by March 2027)" in text
    assert text.index("Venue agreed") < text.index("Cafe opens")


def test_action_page_shows_rating_history_newest_first_with_who_when_and_commentary(
    client, board_member, crisis_cafe
):
    ann = UserFactory(username="ann", first_name="Ann", last_name="Jones")
    bob = UserFactory(username="bob")
    september = RagUpdateFactory(
        action=crisis_cafe,
        rating=Rating.AMBER,
        reported_on=SEPTEMBER,
        commentary="Opening delayed by building work.",
        author=ann,
        round_label="Q2 2026/27",
    )
    june = RagUpdateFactory(
        action=crisis_cafe,
        rating=Rating.GREEN,
        reported_on=JUNE,
        commentary="Venue agreed.",
        author=bob,
        source=RagUpdate.Source.IMPORT,
    )
    client.force_login(board_member)

    response = client.get(detail_url(crisis_cafe))

    assert history_entries(response) == [
        "Amber: Some slippage For 30 September 2026 (Q2 2026/27) · by Ann Jones on "
        f"{shown_at(september.created_at)} · Web Opening delayed by building work.",
        f"Green For 30 June 2026 · by bob on {shown_at(june.created_at)} · Import Venue agreed.",
    ]
    assert "Current rating: Amber: Some slippage reported 30 September 2026" in text_of(response)


def test_action_page_labels_sample_ratings_as_sample_data(client, board_member, crisis_cafe):
    RagUpdateFactory(action=crisis_cafe, author=None, is_sample=True, commentary="Made up.")
    client.force_login(board_member)
    (entry,) = history_entries(client.get(detail_url(crisis_cafe)))
    assert entry.startswith("Green Sample data For 30 June 2026 · by sample data on")


def test_action_page_says_who_rated_an_imported_update_without_an_author(
    client, board_member, crisis_cafe
):
    RagUpdateFactory(action=crisis_cafe, author=None, source=RagUpdate.Source.IMPORT)
    client.force_login(board_member)
    (entry,) = history_entries(client.get(detail_url(crisis_cafe)))
    assert "· by import on" in entry
    assert "Sample data" not in entry


def test_action_page_of_a_missing_action_is_not_found(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("plans:action-detail", args=[999999])).status_code == 404


def test_action_page_sends_anonymous_visitors_to_sign_in(client, own_action):
    response = client.get(detail_url(own_action))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def shows_rating_form(response, action) -> bool:
    return f'action="{rate_url(action)}"' in response.content.decode()


def test_commissioner_sees_the_rating_form_on_their_own_action(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.get(detail_url(own_action))
    assert shows_rating_form(response, own_action)
    assert "Add a rating" in text_of(response)


def test_commissioner_sees_no_rating_form_on_another_orgs_action(
    client, commissioner, other_action
):
    client.force_login(commissioner)
    response = client.get(detail_url(other_action))
    assert response.status_code == 200
    assert not shows_rating_form(response, other_action)
    assert "Add a rating" not in text_of(response)


def test_board_member_sees_no_rating_form(client, board_member, own_action):
    client.force_login(board_member)
    response = client.get(detail_url(own_action))
    assert response.status_code == 200
    assert not shows_rating_form(response, own_action)


def test_admin_sees_the_rating_form_on_any_action(client, admin_user, own_action, other_action):
    client.force_login(admin_user)
    assert shows_rating_form(client.get(detail_url(own_action)), own_action)
    assert shows_rating_form(client.get(detail_url(other_action)), other_action)


# --- Rating an action -----------------------------------------------------------------------


def test_commissioner_rates_own_action_and_sees_it_at_once(client, commissioner, own_action):
    client.force_login(commissioner)

    response = client.post(
        rate_url(own_action), {"rating": "amber", "commentary": "  Recruitment delayed.  "}
    )

    assert response.status_code == 302
    assert response.url == detail_url(own_action)
    update = RagUpdate.objects.get(action=own_action)
    assert update.rating == Rating.AMBER
    assert update.commentary == "Recruitment delayed."
    assert update.author == commissioner
    assert update.source == RagUpdate.Source.WEB
    assert update.reported_on == timezone.localdate()
    page = client.get(response.url)
    today = dateformat.format(timezone.localdate(), "j F Y")
    assert f"Current rating: Amber reported {today}" in text_of(page)
    assert "Rating saved." in text_of(page)
    (entry,) = history_entries(page)
    assert entry.startswith(f"Amber For {today} · by commissioner on")
    assert entry.endswith("· Web Recruitment delayed.")


def test_commissioner_can_rate_for_an_earlier_reporting_date(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(
        rate_url(own_action), {"rating": "green", "commentary": "", "reported_on": "2026-06-30"}
    )
    assert response.status_code == 302
    assert RagUpdate.objects.get(action=own_action).reported_on == JUNE


@pytest.mark.parametrize("rating", ["green", "blue"])
def test_green_and_blue_need_no_commentary(client, commissioner, own_action, rating):
    client.force_login(commissioner)
    response = client.post(rate_url(own_action), {"rating": rating, "commentary": ""})
    assert response.status_code == 302
    assert RagUpdate.objects.get(action=own_action).rating == rating


@pytest.mark.parametrize("rating", ["red", "amber"])
@pytest.mark.parametrize("commentary", ["", "   \n  "])
def test_red_or_amber_without_commentary_is_refused_and_nothing_saved(
    client, commissioner, own_action, rating, commentary
):
    client.force_login(commissioner)

    response = client.post(rate_url(own_action), {"rating": rating, "commentary": commentary})

    assert response.status_code == 400
    assert "There is a problem" in text_of(response)
    assert "Enter a commentary to explain a red or amber rating." in text_of(response)
    assert 'class="nhsuk-form-group nhsuk-form-group--error' in response.content.decode()
    assert not RagUpdate.objects.exists()


@pytest.mark.parametrize("rating", ["purple", "", "RED"])
def test_a_rating_outside_the_scheme_is_refused_and_nothing_saved(
    client, commissioner, own_action, rating
):
    client.force_login(commissioner)
    response = client.post(rate_url(own_action), {"rating": rating, "commentary": "Why not."})
    assert response.status_code == 400
    assert "There is a problem" in text_of(response)
    assert not RagUpdate.objects.exists()


def test_a_future_reporting_date_is_refused_and_keeps_what_was_typed(
    client, commissioner, own_action
):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(commissioner)

    response = client.post(
        rate_url(own_action),
        {"rating": "red", "commentary": "Behind plan.", "reported_on": tomorrow.isoformat()},
    )

    assert response.status_code == 400
    assert "The reporting date cannot be in the future." in text_of(response)
    assert "Behind plan." in response.content.decode()
    assert not RagUpdate.objects.exists()


def test_an_unreadable_reporting_date_is_refused(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(
        rate_url(own_action), {"rating": "green", "commentary": "", "reported_on": "30/02/2026"}
    )
    assert response.status_code == 400
    assert not RagUpdate.objects.exists()


def test_rating_an_action_that_does_not_exist_is_not_found(client, commissioner, own_action):
    client.force_login(commissioner)
    missing = Action.objects.order_by("-pk").first().pk + 1000
    response = client.post(
        reverse("plans:action-rate", args=[missing]), {"rating": "green", "commentary": ""}
    )
    assert response.status_code == 404
    assert not RagUpdate.objects.exists()


def test_commissioner_cannot_rate_other_orgs_action(client, commissioner, other_action):
    client.force_login(commissioner)
    response = client.post(
        rate_url(other_action), {"rating": "red", "commentary": "Not mine to say."}
    )
    assert response.status_code == 403
    assert not shows_rating_form(response, other_action)
    assert not RagUpdate.objects.exists()


def test_board_member_cannot_rate(client, board_member, own_action):
    client.force_login(board_member)
    response = client.post(rate_url(own_action), {"rating": "green", "commentary": ""})
    assert response.status_code == 403
    assert not RagUpdate.objects.exists()


def test_user_without_a_role_cannot_rate(client, no_role_user, own_action):
    client.force_login(no_role_user)
    response = client.post(rate_url(own_action), {"rating": "green", "commentary": ""})
    assert response.status_code == 403
    assert not RagUpdate.objects.exists()


def test_anonymous_rating_is_sent_to_sign_in(client, own_action):
    response = client.post(rate_url(own_action), {"rating": "green", "commentary": ""})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not RagUpdate.objects.exists()


def test_rate_url_refuses_get(client, commissioner, own_action):
    client.force_login(commissioner)
    assert client.get(rate_url(own_action)).status_code == 405


def test_admin_can_rate_any_action(client, admin_user, other_action):
    client.force_login(admin_user)
    response = client.post(rate_url(other_action), {"rating": "red", "commentary": "Stalled."})
    assert response.status_code == 302
    assert RagUpdate.objects.get(action=other_action).author == admin_user


def test_back_filling_an_older_reporting_date_does_not_change_the_current_rating(
    client, commissioner, own_action
):
    RagUpdateFactory(action=own_action, rating=Rating.GREEN, reported_on=SEPTEMBER)
    client.force_login(commissioner)

    response = client.post(
        rate_url(own_action),
        {"rating": "red", "commentary": "Missed June's deadline.", "reported_on": "2026-06-30"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Current rating: Green reported 30 September 2026" in text_of(response)
    # The history is by reporting date: the back-filled rating sits below the newer one.
    assert [entry.split(" For ")[0] for entry in history_entries(response)] == ["Green", "Red"]
    assert RagUpdate.objects.filter(action=own_action).count() == 2


# --- My actions -----------------------------------------------------------------------------


@pytest.fixture
def my_three(commissioner, own_action, other_action):
    """The commissioner's actions, one for each reason an action is theirs."""
    led_by_them = ActionFactory(ref="3", text="Chair the crisis care concordat")
    led_by_them.leads.add(LeadFactory(name="Commissioner", user=commissioner))
    assigned = ActionFactory(ref="4", text="Publish the annual report")
    assigned.leads.add(LeadFactory(name="Comms team"))
    assigned.plan.assignees.add(commissioner)
    return [own_action, led_by_them, assigned]


def my_actions_url() -> str:
    return reverse("plans:my-actions")


def bulk(*rows, reported_on="2026-06-30", **extra):
    """POST data for the bulk form: rows of (action, rating, commentary)."""
    data = {"reported_on": reported_on, **extra}
    for action, rating, commentary in rows:
        data[f"rating-{action.pk}"] = rating
        data[f"commentary-{action.pk}"] = commentary
    return data


def test_my_actions_lists_exactly_the_commissioners_own_org_and_assigned_actions(
    client, commissioner, my_three, other_action
):
    client.force_login(commissioner)
    response = client.get(my_actions_url())
    assert response.status_code == 200
    assert sorted(action_pks(response)) == sorted(action.pk for action in my_three)
    assert other_action.pk not in action_pks(response)


def test_my_actions_for_someone_with_no_actions_says_how_to_get_some(client, commissioner):
    ActionFactory()
    client.force_login(commissioner)
    response = client.get(my_actions_url())
    assert response.status_code == 200
    assert action_pks(response) == []
    assert "No actions are led by you or your organisation yet." in text_of(response)


def test_bulk_update_saves_only_the_filled_rows_for_one_reporting_date(
    client, commissioner, my_three
):
    own, led_by_them, assigned = my_three
    client.force_login(commissioner)

    response = client.post(
        my_actions_url(),
        bulk(
            (own, "amber", "Recruitment delayed."),
            (led_by_them, "", ""),
            (assigned, "green", ""),
        ),
    )

    assert response.status_code == 302
    assert response.url == my_actions_url()
    saved = {update.action_id: update for update in RagUpdate.objects.all()}
    assert set(saved) == {own.pk, assigned.pk}
    assert {update.reported_on for update in saved.values()} == {JUNE}
    assert saved[own.pk].rating == Rating.AMBER
    assert saved[own.pk].commentary == "Recruitment delayed."
    assert saved[assigned.pk].rating == Rating.GREEN
    assert {update.author for update in saved.values()} == {commissioner}
    assert {update.source for update in saved.values()} == {RagUpdate.Source.WEB}
    assert "Saved 2 ratings." in text_of(client.get(response.url))


def test_bulk_update_with_a_blank_reporting_date_uses_today(client, commissioner, my_three):
    client.force_login(commissioner)
    response = client.post(my_actions_url(), bulk((my_three[0], "green", ""), reported_on=""))
    assert response.status_code == 302
    assert RagUpdate.objects.get().reported_on == timezone.localdate()


def test_bulk_update_with_one_bad_row_saves_nothing(client, commissioner, my_three):
    own, led_by_them, assigned = my_three
    client.force_login(commissioner)

    response = client.post(
        my_actions_url(),
        bulk((own, "green", "On track."), (led_by_them, "red", ""), (assigned, "blue", "Done.")),
    )

    assert response.status_code == 400
    assert "Enter a commentary to explain a red or amber rating." in text_of(response)
    assert not RagUpdate.objects.exists()


def test_bulk_update_refuses_commentary_without_a_rating(client, commissioner, my_three):
    client.force_login(commissioner)
    response = client.post(my_actions_url(), bulk((my_three[0], "", "Some news.")))
    assert response.status_code == 400
    name = action_name(my_three[0], LABEL_LENGTH)
    assert f"{name}: choose a rating to go with the commentary." in text_of(response)
    assert not RagUpdate.objects.exists()


def test_bulk_update_refuses_a_future_reporting_date(client, commissioner, my_three):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(commissioner)
    response = client.post(
        my_actions_url(), bulk((my_three[0], "green", ""), reported_on=tomorrow.isoformat())
    )
    assert response.status_code == 400
    assert not RagUpdate.objects.exists()


def test_bulk_update_naming_an_action_that_is_not_theirs_saves_nothing(
    client, commissioner, my_three, other_action
):
    client.force_login(commissioner)

    response = client.post(
        my_actions_url(),
        bulk((my_three[0], "green", "On track."), (other_action, "red", "Forged.")),
    )

    assert response.status_code == 400
    assert "The form names actions you cannot update here" in text_of(response)
    assert not RagUpdate.objects.exists()


def test_bulk_update_naming_an_action_that_does_not_exist_saves_nothing(
    client, commissioner, my_three
):
    client.force_login(commissioner)
    response = client.post(
        my_actions_url(), bulk((my_three[0], "green", ""), **{"rating-999999": "green"})
    )
    assert response.status_code == 400
    assert not RagUpdate.objects.exists()


def test_board_member_cannot_bulk_update(client, board_member, own_action):
    client.force_login(board_member)
    response = client.post(my_actions_url(), bulk((own_action, "green", "")))
    assert response.status_code == 403
    assert not RagUpdate.objects.exists()


def test_my_actions_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(my_actions_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [10, 200])
def test_action_page_runs_the_same_queries_however_long_its_history(
    client, commissioner, own_action, django_assert_num_queries, size
):
    own_action.section.parent = SectionFactory(plan=own_action.plan)
    own_action.section.save()
    for n in range(size):
        lead = LeadFactory()
        lead.organisations.add(OrganisationFactory())
        own_action.leads.add(lead)
        MilestoneFactory(action=own_action, order=n, done_date=JUNE)
        RagUpdateFactory(
            action=own_action,
            rating=Rating.AMBER,
            commentary=f"Update {n}.",
            reported_on=JUNE - datetime.timedelta(days=n),
            author=UserFactory(),
            is_sample=n % 2 == 0,
        )
    own_action.objectives.add(*national_objectives())
    client.force_login(commissioner)
    # session, user, user's groups (roles),
    # action + plan + section + parent section + current rating/date (subqueries),
    # leads, leads' organisations, objectives, milestones, rating history + authors,
    # may this user rate it (one EXISTS), is it in its plan's latest version (one EXISTS)
    with django_assert_num_queries(11):
        response = client.get(detail_url(own_action))
    assert len(history_entries(response)) == size


@pytest.mark.parametrize("size", [10, 200])
def test_my_actions_runs_the_same_queries_however_many_actions(
    client, commissioner, django_assert_num_queries, size
):
    jct = Organisation.objects.get(name="JCT")
    lead = Lead.objects.create(name="JCT team", key="jctteam")
    lead.organisations.add(jct)
    plans = [PlanFactory(legend_green="On target") for _ in range(size // 5)]
    for n in range(size):
        action = ActionFactory(plan=plans[n % len(plans)], order=n)
        action.leads.add(lead, LeadFactory())
        RagUpdateFactory(action=action, author=UserFactory())
    ActionFactory()  # someone else's
    client.force_login(commissioner)
    # session, user, user's groups (roles), how many (pagination),
    # a page of my actions + plan + section + current rating (stored), their leads,
    # open reporting rounds (none here, so no updates-due query)
    with django_assert_num_queries(7):
        response = client.get(my_actions_url())
    assert len(action_pks(response)) == min(size, 50)


def test_an_empty_bulk_post_is_validated_and_saves_nothing(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(reverse("plans:my-actions"), {})
    assert response.status_code == 400
    assert "You did not enter any ratings" in text_of(response)
    assert not RagUpdate.objects.exists()


def test_a_missing_rating_gets_a_specific_message(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(reverse("plans:action-rate", args=[own_action.pk]), {"commentary": "x"})
    assert response.status_code == 400
    assert b"Select a RAG rating" in response.content
    assert b"This field is required" not in response.content
