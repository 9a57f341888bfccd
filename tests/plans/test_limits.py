"""Typed text has limits (plans/limits.py): the forms, the API and the services refuse text
over a limit with a message that says it, take text at the limit, and keep text saved longer
(from an import) as it is."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import limits
from plans.api.tokens import ApiToken
from plans.models import Action, RagUpdate, ReportingRound
from plans.naming import LABEL_LENGTH, action_name
from plans.services import RatingInput, action_update, rag_update_create, rag_updates_create
from tests.factories import ActionFactory, PlanFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

COMMENTARY_MESSAGE = "Commentary must be 5,000 characters or fewer"


def text_of(response) -> str:
    return page_text(response.content.decode())


def words(length: int) -> str:
    """Text of exactly `length` characters, in words (as people type it)."""
    text = ("Recruitment is delayed. " * (length // 24 + 1))[:length]
    return text[:-1] + "." if text.endswith(" ") else text


def test_words_makes_text_of_the_length_asked():
    assert [len(words(n)) for n in (1, 100, 5_000, 5_001)] == [1, 100, 5_000, 5_001]


def test_the_messages_say_the_limit():
    assert limits.COMMENTARY.message == COMMENTARY_MESSAGE
    assert limits.ACTION_TEXT.message == "Action text must be 2,000 characters or fewer"


def test_the_models_columns_hold_what_the_limits_allow():
    """Where a limit is a column's width, they are the same number."""
    assert Action._meta.get_field("timescale_text").max_length == limits.TIMESCALE.max_length
    assert RagUpdate._meta.get_field("round_label").max_length == limits.ROUND_LABEL.max_length
    assert ReportingRound._meta.get_field("name").max_length == limits.ROUND_NAME.max_length
    assert ApiToken._meta.get_field("name").max_length == limits.API_TOKEN_NAME.max_length


# Rating an action on its page ----------------------------------------------------------------


def rate(client, action, commentary, rating="amber"):
    return client.post(
        reverse("plans:action-rate", args=[action.pk]),
        {"rating": rating, "commentary": commentary},
    )


def test_the_rating_form_refuses_commentary_over_the_limit(client, commissioner, own_action):
    client.force_login(commissioner)
    response = rate(client, own_action, words(5_001))
    assert response.status_code == 400
    assert f"There is a problem {COMMENTARY_MESSAGE}" in text_of(response)
    assert "Enter a commentary" not in text_of(response)  # it has one, only too long
    assert not RagUpdate.objects.exists()


def test_the_rating_form_takes_commentary_at_the_limit(client, commissioner, own_action):
    client.force_login(commissioner)
    assert rate(client, own_action, words(5_000)).status_code == 302
    assert len(RagUpdate.objects.get().commentary) == 5_000


def test_a_line_break_counts_as_one_character_as_the_character_count_counts_it(
    client, commissioner, own_action
):
    """Browsers send a line break as two characters; NHS.UK's count shows it as one."""
    client.force_login(commissioner)
    typed = "\r\n".join([words(499)] * 10) + "."  # 5,000 counted, 5,009 sent
    assert rate(client, own_action, typed).status_code == 302
    saved = RagUpdate.objects.get().commentary
    assert len(saved) == 5_000
    assert "\r" not in saved


def test_the_rating_form_has_the_character_count(client, commissioner, own_action):
    client.force_login(commissioner)
    page = client.get(reverse("plans:action-detail", args=[own_action.pk])).content.decode()
    assert (
        '<div class="nhsuk-form-group nhsuk-character-count" '
        'data-module="nhsuk-character-count" data-maxlength="5000">'
    ) in page
    assert 'class="nhsuk-textarea nhsuk-js-character-count"' in page
    assert 'aria-describedby="id_commentary-info id_commentary-hint"' in page
    assert (
        '<div class="nhsuk-hint nhsuk-character-count__message" id="id_commentary-info">'
        "You can enter up to 5,000 characters</div>"
    ) in page
    assert " maxlength=" not in page  # pasted text is never cut off unseen


# My actions -----------------------------------------------------------------------------------


def test_my_actions_refuses_commentary_over_the_limit_naming_the_action(
    client, commissioner, own_action
):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:my-actions"),
        {f"rating-{own_action.pk}": "amber", f"commentary-{own_action.pk}": words(5_001)},
    )
    assert response.status_code == 400
    assert f"{action_name(own_action, LABEL_LENGTH)}: {COMMENTARY_MESSAGE}" in text_of(response)
    assert "Enter a commentary" not in text_of(response)
    assert not RagUpdate.objects.exists()


def test_my_actions_takes_commentary_at_the_limit(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:my-actions"),
        {f"rating-{own_action.pk}": "amber", f"commentary-{own_action.pk}": words(5_000)},
    )
    assert response.status_code == 302
    assert len(RagUpdate.objects.get().commentary) == 5_000


# Editing an action ----------------------------------------------------------------------------


def edit(client, action, **changes):
    data = {
        "version": action.version,
        "text": action.text,
        "context": action.context,
        "timescale_text": action.timescale_text,
        "outcomes": action.outcomes,
        "follow_up": action.follow_up,
        **changes,
    }
    return client.post(reverse("plans:action-edit", args=[action.pk]), data)


@pytest.mark.parametrize("field", list(limits.ACTION_FIELD_LIMITS))
def test_the_edit_form_refuses_each_text_over_its_limit(client, admin_user, own_action, field):
    limit = limits.ACTION_FIELD_LIMITS[field]
    client.force_login(admin_user)
    response = edit(client, own_action, **{field: words(limit.max_length + 1)})
    assert response.status_code == 400
    assert limit.message in text_of(response)
    own_action.refresh_from_db()
    assert own_action.version == 1


@pytest.mark.parametrize("field", list(limits.ACTION_FIELD_LIMITS))
def test_the_edit_form_takes_each_text_at_its_limit(client, admin_user, own_action, field):
    limit = limits.ACTION_FIELD_LIMITS[field]
    client.force_login(admin_user)
    assert edit(client, own_action, **{field: words(limit.max_length)}).status_code == 302
    own_action.refresh_from_db()
    assert len(getattr(own_action, field)) == limit.max_length


def test_the_edit_form_counts_each_text_down_from_its_limit(client, admin_user, own_action):
    client.force_login(admin_user)
    page = client.get(reverse("plans:action-edit", args=[own_action.pk])).content.decode()
    for field, limit in limits.ACTION_FIELD_LIMITS.items():
        assert f'data-maxlength="{limit.max_length}"' in page, field
        assert f'id="id_{field}-info">You can enter up to {limit.max_length:,} characters' in page
    assert " maxlength=" not in page


def test_imported_text_longer_than_a_limit_shows_in_full_and_is_kept_by_an_edit(client, admin_user):
    long_context = words(12_000)
    action = ActionFactory(context=long_context)
    client.force_login(admin_user)

    page = client.get(reverse("plans:action-detail", args=[action.pk]))
    assert long_context in text_of(page)

    response = edit(client, action, due_date="2027-03-31")  # the context sent back unchanged
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.context == long_context
    assert str(action.due_date) == "2027-03-31"


def test_imported_text_longer_than_a_limit_is_refused_once_changed(client, admin_user):
    action = ActionFactory(context=words(12_000))
    client.force_login(admin_user)
    response = edit(client, action, context=words(11_000))
    assert response.status_code == 400
    assert limits.ACTION_CONTEXT.message in text_of(response)


def test_the_admin_sites_action_form_refuses_text_over_its_limit(client, admin_user, own_action):
    client.force_login(admin_user)
    url = reverse("admin:plans_action_change", args=[own_action.pk])
    data = {
        "plan": own_action.plan_id,
        "section": own_action.section_id,
        "ref": own_action.ref,
        "text": words(2_001),
        "order": own_action.order,
        "loaded_version": own_action.version,
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "rag_updates-TOTAL_FORMS": 0,
        "rag_updates-INITIAL_FORMS": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error (not a server error)
    assert limits.ACTION_TEXT.message in response.content.decode()
    own_action.refresh_from_db()
    assert own_action.version == 1


# The services ---------------------------------------------------------------------------------


def test_the_rating_service_refuses_commentary_over_the_limit(own_action, commissioner):
    with pytest.raises(ValidationError) as refused:
        rag_update_create(
            action=own_action, rating="green", commentary=words(5_001), author=None, source="web"
        )
    assert refused.value.message_dict == {"commentary": [COMMENTARY_MESSAGE]}
    assert not RagUpdate.objects.exists()


def test_the_rating_service_refuses_a_round_label_over_the_limit(own_action):
    with pytest.raises(ValidationError) as refused:
        rag_update_create(
            action=own_action,
            rating="green",
            commentary="",
            author=None,
            source="web",
            round_label="Q" * 101,
        )
    assert refused.value.message_dict == {"round_label": [limits.ROUND_LABEL.message]}


def test_the_bulk_rating_service_refuses_commentary_over_the_limit(own_action, other_action):
    with pytest.raises(ValidationError):
        rag_updates_create(
            ratings=[
                RatingInput(own_action, "green", "Fine."),
                RatingInput(other_action, "green", words(5_001)),
            ],
            reported_on=datetime.date(2026, 6, 30),
            author=None,
            source="web",
        )
    assert not RagUpdate.objects.exists()


def test_the_edit_service_refuses_typed_text_over_the_limit(own_action, admin_user):
    with pytest.raises(ValidationError) as refused:
        action_update(
            action=own_action,
            expected_version=1,
            changes={"text": words(2_001)},
            editor=admin_user,
            via="api",
        )
    assert refused.value.message_dict == {"text": [limits.ACTION_TEXT.message]}
    own_action.refresh_from_db()
    assert own_action.version == 1  # the claimed version is rolled back


def test_a_reimport_keeps_a_documents_text_whatever_its_length(own_action, admin_user):
    action_update(
        action=own_action,
        expected_version=1,
        changes={"text": words(3_000)},
        editor=admin_user,
        via="import",
    )
    own_action.refresh_from_db()
    assert len(own_action.text) == 3_000


# The API --------------------------------------------------------------------------------------


def api_rate(client, action, data):
    return client.post(
        reverse("api:action-rag-updates", args=[action.pk]), data, content_type="application/json"
    )


def test_the_api_refuses_52000_characters_of_commentary_with_a_clear_400(
    client, commissioner, own_action
):
    client.force_login(commissioner)
    response = api_rate(client, own_action, {"rating": "amber", "commentary": words(52_000)})
    assert response.status_code == 400
    assert response.json() == {"commentary": [COMMENTARY_MESSAGE]}
    assert not RagUpdate.objects.exists()


def test_the_api_takes_commentary_at_the_limit(client, commissioner, own_action):
    client.force_login(commissioner)
    response = api_rate(client, own_action, {"rating": "amber", "commentary": words(5_000)})
    assert response.status_code == 201
    assert len(RagUpdate.objects.get().commentary) == 5_000


def test_the_api_refuses_a_round_label_over_the_limit(client, commissioner, own_action):
    client.force_login(commissioner)
    response = api_rate(client, own_action, {"rating": "green", "round_label": "Q" * 101})
    assert response.status_code == 400
    assert response.json() == {"round_label": [limits.ROUND_LABEL.message]}


# Names people give things ---------------------------------------------------------------------


def test_a_token_name_over_the_limit_is_refused(client, commissioner):
    client.force_login(commissioner)
    url = reverse("account:tokens")
    response = client.post(url, {"name": "n" * 101, "lifetime": "30", "access": "read"})
    assert response.status_code == 400
    assert limits.API_TOKEN_NAME.message in text_of(response)
    assert not ApiToken.objects.exists()
    assert (
        client.post(url, {"name": "n" * 100, "lifetime": "30", "access": "read"}).status_code == 200
    )
    assert ApiToken.objects.get().name == "n" * 100


def test_the_token_form_counts_its_name_down(client, commissioner):
    client.force_login(commissioner)
    page = client.get(reverse("account:tokens")).content.decode()
    assert 'data-module="nhsuk-character-count" data-maxlength="100"' in page
    assert 'class="nhsuk-input nhsuk-js-character-count"' in page


def test_a_round_name_over_the_limit_is_refused(client, admin_user):
    plan = PlanFactory()
    client.force_login(admin_user)
    data = {"reported_on": "2026-09-30", "deadline": "2026-10-14", "plans": [plan.pk]}
    response = client.post(reverse("plans:round-open"), {**data, "name": "n" * 101})
    assert response.status_code == 400
    assert limits.ROUND_NAME.message in text_of(response)
    assert not ReportingRound.objects.exists()
    assert client.post(reverse("plans:round-open"), {**data, "name": "n" * 100}).status_code == 302


def test_the_sign_in_form_has_no_character_count(client):
    """A username is filled in by the browser, not composed: no count under it."""
    assert "nhsuk-character-count" not in client.get(reverse("login")).content.decode()
