"""My actions names each action by its ref and text (never a database id), in its labels and
its error messages; says so when nothing was entered; and is a plain page for those who do
not rate (board members)."""

import re

import pytest
from django.urls import reverse

from plans.models import RagUpdate
from tests.factories import ActionFactory, LeadFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

URL = "/my-actions/"
CRISIS = "Develop a crisis pathway with the ambulance service, both acute trusts and the police"


@pytest.fixture
def crisis(commissioner):
    action = ActionFactory(ref="1.2", text=CRISIS)
    action.leads.add(LeadFactory(name="Commissioner", user=commissioner))
    return action


def labels(page: str) -> list[str]:
    return [page_text(label) for label in re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)]


def test_the_url_is_my_actions():
    assert reverse("plans:my-actions") == URL


def test_labels_name_the_action_by_ref_and_text(client, commissioner, crisis):
    client.force_login(commissioner)
    page = client.get(URL).content.decode()
    assert "Rating for 1.2 Develop a crisis pathway with the ambulance service, both…" in (
        labels(page)
    )
    assert "Commentary for 1.2 Develop a crisis pathway with the ambulance service, both…" in (
        labels(page)
    )
    assert not [label for label in labels(page) if str(crisis.pk) in label.split()]


def test_the_commentary_box_is_four_rows_with_a_character_count(client, commissioner, crisis):
    client.force_login(commissioner)
    page = client.get(URL).content.decode()
    (box,) = re.findall(rf'<textarea[^>]*name="commentary-{crisis.pk}"[^>]*>', page)
    assert 'rows="4"' in box
    assert "nhsuk-js-character-count" in box


def test_error_summary_lines_say_which_action(client, commissioner, crisis):
    client.force_login(commissioner)
    response = client.post(URL, {f"rating-{crisis.pk}": "red", f"commentary-{crisis.pk}": ""})
    assert response.status_code == 400
    summary = re.search(
        r'<ul class="nhsuk-list nhsuk-error-summary__list">(.*?)</ul>',
        response.content.decode(),
        re.S,
    )
    assert page_text(summary.group(1)) == (
        "1.2 Develop a crisis pathway with the ambulance service, both…: "
        "Enter a commentary to explain a red or amber rating."
    )
    assert f'href="#id_commentary-{crisis.pk}"' in summary.group(1)
    assert "<title>Error: My actions" in response.content.decode()


def test_submitting_nothing_says_no_ratings_were_entered(client, commissioner, crisis):
    client.force_login(commissioner)
    response = client.post(URL, {"reported_on": "", f"rating-{crisis.pk}": ""})
    assert response.status_code == 400
    text = page_text(response.content.decode())
    assert "There is a problem You did not enter any ratings" in text
    assert "Saved 0" not in text
    assert not RagUpdate.objects.exists()


def test_one_rating_saved_says_so_in_the_singular(client, commissioner, crisis):
    client.force_login(commissioner)
    response = client.post(URL, {f"rating-{crisis.pk}": "green"}, follow=True)
    assert "Saved 1 rating." in page_text(response.content.decode())


def test_the_count_of_actions_is_singular_for_one(client, commissioner, crisis):
    client.force_login(commissioner)
    assert ">1 action</p>" in client.get(URL).content.decode()


def test_a_board_member_gets_a_page_that_says_they_do_not_rate(client, board_member, crisis):
    client.force_login(board_member)
    response = client.get(URL)
    assert response.status_code == 200
    text = page_text(response.content.decode())
    assert "My actions You cannot rate actions" in text
    assert '<form method="post" novalidate>' not in response.content.decode()
    assert CRISIS not in text


def test_a_board_member_posting_to_my_actions_is_refused(client, board_member, crisis):
    client.force_login(board_member)
    response = client.post(URL, {f"rating-{crisis.pk}": "green"})
    assert response.status_code == 403
    assert not RagUpdate.objects.exists()
