"""Every URL × every role × GET/POST, found by walking the URLconf.

A URL added without an entry in ACCESS fails `test_every_url_has_an_access_rule`, so new
views are access-checked by default. Allowed requests must succeed (and POSTs change what they
should); refused ones get 403, or a redirect to the login page when anonymous, and leave the
database exactly as it was.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from importers.models import PendingImport
from plans.api.tokens import ApiToken
from plans.models import (
    Action,
    AuditRecord,
    Milestone,
    Plan,
    RagUpdate,
    RatingReturn,
    ReportingRound,
)

ROLES = ["anonymous", "no_role", "board", "commissioner", "admin"]
READERS = {"board", "commissioner", "admin"}
RATERS = {"commissioner", "admin"}  # on an action their organisation leads
ADMINS = {"admin"}
EVERYONE = set(ROLES)
SMALL_PLAN = b"Ref\tAction\tLead\tTimescale\tRAG\n1\tWrite the strategy\tJCT\tJune 2011\tGreen\n"

# url name -> {method: roles allowed}; a method not listed is refused for everyone.
ACCESS = {
    "plans:home": {"GET": READERS},
    "plans:plan-detail": {"GET": READERS},
    "plans:action-list": {"GET": READERS},
    "plans:action-detail": {"GET": READERS},
    "plans:action-rate": {"POST": RATERS},
    "plans:action-edit": {"GET": ADMINS, "POST": ADMINS},
    "plans:milestone-done": {"POST": RATERS},
    "plans:my-actions": {"GET": READERS, "POST": {"commissioner"}},
    "plans:dashboard": {"GET": READERS},
    "plans:plan-dashboard": {"GET": READERS},
    "plans:plan-export": {"GET": READERS},
    "plans:action-list-export": {"GET": READERS},
    "plans:plan-board-pack": {"GET": READERS},
    "plans:round-list": {"GET": READERS},
    "plans:round-open": {"GET": ADMINS, "POST": ADMINS},
    "plans:round-detail": {"GET": READERS},
    "plans:round-close": {"POST": ADMINS},
    "plans:round-publish": {"POST": ADMINS},
    "plans:round-update": {"GET": RATERS, "POST": RATERS},
    "plans:round-board-pack": {"GET": READERS},
    "plans:rating-workbook": {"GET": RATERS},
    "plans:plan-rating-workbook": {"GET": RATERS},
    "plans:rating-return-upload": {"GET": RATERS, "POST": RATERS},
    "plans:rating-return": {"GET": RATERS},  # the commissioner's upload: theirs, and admins'
    "plans:rating-return-confirm": {"POST": {"commissioner"}},  # only its uploader records it
    "plans:rating-return-cancel": {"POST": {"commissioner"}},
    "plans:plan-predecessor": {"GET": ADMINS, "POST": ADMINS},
    "plans:data-quality": {"GET": ADMINS},
    "plans:data-quality-rule": {"GET": ADMINS},
    "importers:upload": {"GET": ADMINS, "POST": ADMINS},
    "importers:preview": {"GET": ADMINS},
    "importers:status": {"GET": ADMINS},
    "importers:remap": {"POST": ADMINS},
    "importers:decide": {"POST": ADMINS},
    "importers:rematch": {"POST": ADMINS},
    "importers:confirm": {"POST": ADMINS},
    "importers:cancel": {"POST": ADMINS},
    "api:plan-list": {"GET": READERS},
    "api:plan-detail": {"GET": READERS},
    "api:action-list": {"GET": READERS},
    "api:action-detail": {"GET": READERS},
    "api:action-rag-updates": {"GET": READERS, "POST": RATERS},
    "api:rag-update-detail": {"GET": READERS},
    "api:strategy-list": {"GET": READERS},
    "api:strategy-detail": {"GET": READERS},
    "api:objective-list": {"GET": READERS},
    "api:objective-detail": {"GET": READERS},
    "api:section-list": {"GET": READERS},
    "api:section-detail": {"GET": READERS},
    "api:milestone-list": {"GET": READERS},
    "api:milestone-detail": {"GET": READERS},
    "api:lead-list": {"GET": READERS},
    "api:lead-detail": {"GET": READERS},
    "api:organisation-list": {"GET": READERS},
    "api:organisation-detail": {"GET": READERS},
    "api:rating-history-list": {"GET": READERS},
    "api:rating-history-detail": {"GET": READERS},
    "api:round-list": {"GET": READERS},
    "api:round-detail": {"GET": READERS},
    "api:round-entries": {"GET": READERS},  # the world's published round
    "api:dashboard": {"GET": READERS},
    "api:plan-dashboard": {"GET": READERS},
    "api:action-csv": {"GET": READERS},
    "api:schema": {"GET": READERS},
    "api:docs": {"GET": READERS},
    "account:tokens": {"GET": READERS, "POST": READERS},
    "account:all-tokens": {"GET": ADMINS},
    "account:token-revoke": {"POST": {"commissioner", "admin"}},  # the commissioner's token
    "login": {"GET": EVERYONE, "POST": EVERYONE},
    "logout": {"POST": EVERYONE},
    "password_reset": {"GET": EVERYONE, "POST": EVERYONE},
    "password_reset_done": {"GET": EVERYONE},
    "password_reset_confirm": {"GET": EVERYONE, "POST": EVERYONE},  # a bad link: no form
    "password_reset_complete": {"GET": EVERYONE},
    "healthz": {"GET": EVERYONE},  # load balancers: no sign-in
}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Password-reset requests are counted in the cache: every case starts uncounted."""
    from django.core.cache import cache

    cache.clear()


def walk(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # Django admin: staff only, tested in test_admin_is_for_staff_only
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


URL_NAMES = sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_urls():
    assert len(URL_NAMES) >= 20
    assert "plans:action-rate" in URL_NAMES


def test_every_url_has_an_access_rule():
    assert set(URL_NAMES) == set(ACCESS), "add new URLs to ACCESS in this file"


def url_for(name, world):
    kwargs = {
        "plans:plan-detail": {"pk": world["plan"].pk},
        "plans:action-detail": {"pk": world["action"].pk},
        "plans:action-rate": {"pk": world["action"].pk},
        "plans:action-edit": {"pk": world["action"].pk},
        "plans:milestone-done": {"pk": world["milestone"].pk},
        "plans:plan-dashboard": {"pk": world["plan"].pk},
        "plans:plan-export": {"pk": world["plan"].pk, "fmt": "xlsx"},
        "plans:action-list-export": {"fmt": "csv"},
        "plans:plan-board-pack": {"pk": world["plan"].pk, "fmt": "docx"},
        "plans:round-detail": {"pk": world["round"].pk},
        "plans:round-close": {"pk": world["round"].pk},
        "plans:round-publish": {"pk": world["round"].pk},
        "plans:round-update": {"pk": world["round"].pk, "action_pk": world["action"].pk},
        "plans:round-board-pack": {"pk": world["round"].pk, "fmt": "docx"},
        "plans:plan-rating-workbook": {"pk": world["plan"].pk},
        "plans:plan-predecessor": {"pk": world["plan"].pk},
        "plans:data-quality-rule": {"slug": "no-lead"},
        "importers:preview": {"pk": world["pending"].pk},
        "importers:status": {"pk": world["pending"].pk},
        "importers:remap": {"pk": world["pending"].pk},
        "importers:decide": {"pk": world["pending"].pk},
        "importers:rematch": {"pk": world["pending"].pk},
        "importers:confirm": {"pk": world["pending"].pk},
        "importers:cancel": {"pk": world["pending"].pk},
        "api:plan-detail": {"pk": world["plan"].pk},
        "api:action-detail": {"pk": world["action"].pk},
        "api:action-rag-updates": {"pk": world["action"].pk},
        "api:rag-update-detail": {"pk": world["action"].pk, "update_pk": world["update"].pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "not-a-token"},
    }.get(name, {})
    if name == "account:token-revoke":
        kwargs = {"pk": _commissioners_token().pk}
    if name in ("plans:rating-return", "plans:rating-return-confirm", "plans:rating-return-cancel"):
        kwargs = {"pk": _commissioners_rating_return(world).pk}
    if name == "api:round-entries":
        kwargs = {"pk": _published_round(world).pk}
    api_kwargs = {
        "api:strategy-detail": lambda: world["plan"].strategy_id or _national_strategy().pk,
        "api:objective-detail": lambda: _national_strategy().objectives.first().pk,
        "api:section-detail": lambda: world["action"].section_id,
        "api:milestone-detail": lambda: world["milestone"].pk,
        "api:lead-detail": lambda: world["action"].leads.first().pk,
        "api:organisation-detail": lambda: world["action"].leads.first().organisations.first().pk,
        "api:rating-history-detail": lambda: world["update"].pk,
        "api:round-detail": lambda: world["round"].pk,
        "api:plan-dashboard": lambda: world["plan"].pk,
    }
    if name in api_kwargs:
        kwargs = {"pk": api_kwargs[name]()}
    return reverse(name, kwargs=kwargs)


def _national_strategy():
    from plans.models import Strategy
    from plans.national import NATIONAL_STRATEGY_TITLE

    return Strategy.objects.get(title=NATIONAL_STRATEGY_TITLE)


def _published_round(world):
    """A published round of the other plan (made when a test asks for it)."""
    import datetime

    from django.contrib.auth import get_user_model

    from plans.rounds.services import round_close, round_open, round_publish

    admin = get_user_model().objects.get(username="admin")
    round_ = round_open(
        name="October 2026",
        reported_on=datetime.date(2026, 10, 31),
        deadline=datetime.date(2026, 11, 7),
        plans=[world["other_plan"]],
        opened_by=admin,
    )
    round_close(round=round_, closed_by=admin)
    return round_publish(round=round_, published_by=admin)


def _commissioners_token():
    """A token of the world's commissioner (made when a test asks for it)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from plans.api.token_services import api_token_create

    user = get_user_model().objects.get(username="commissioner")
    expires_at = timezone.now() + datetime.timedelta(days=30)
    return api_token_create(user=user, name="Feed", access="read", expires_at=expires_at).record


def _filled_rating_workbook(world) -> bytes:
    """A ratings workbook of the world's action with a green rating typed in."""
    import io

    from openpyxl import load_workbook

    from importers.reading.rating_workbook import COLUMN_OF, SHEET
    from plans.roundtrip.workbook import open_rounds_by_plan, rating_workbook, rows_for

    rows = rows_for(Action.objects.filter(pk=world["action"].pk))
    book = load_workbook(io.BytesIO(rating_workbook(rows, open_rounds_by_plan([rows[0].plan_id]))))
    book[SHEET].cell(row=2, column=COLUMN_OF["rating"] + 1).value = "Green"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _commissioners_rating_return(world):
    """The world's commissioner's uploaded ratings workbook, one green rating to record."""
    from django.contrib.auth import get_user_model

    from plans.roundtrip.services import rating_return_create

    user = get_user_model().objects.get(username="commissioner")
    return rating_return_create(
        data=_filled_rating_workbook(world), filename="ratings.xlsx", uploaded_by=user
    )


def post_data(name, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    action = world["action"]
    return {
        "plans:action-rate": {"rating": "amber", "commentary": "Behind: recruiting."},
        "plans:action-edit": {
            "text": "Reworded action",
            "context": "",
            "timescale_text": "",
            "start_date": "",
            "due_date": "",
            "outcomes": "",
            "follow_up": "",
            "version": action.version,
        },
        "plans:milestone-done": {"done_date": "2026-02-28"},
        "plans:my-actions": {f"rating-{action.pk}": "green", f"commentary-{action.pk}": "Done"},
        "plans:round-open": {
            "name": "December 2026",
            "reported_on": "2026-12-31",
            "deadline": "2027-01-07",
            "plans": [world["other_plan"].pk],
        },
        "plans:round-update": {"rating": "green", "commentary": "On track"},
        "importers:upload": {
            "file": SimpleUploadedFile("other.txt", SMALL_PLAN + b"2\tMore\tJCT\tMay 2012\tRed\n")
        },
        "importers:remap": {"table": "0", "header_row": "1", "role_0": "ref", "role_1": "text"}
        | {"role_2": "leads", "role_3": "timescale", "role_4": "rag"},
        "importers:decide": {"choice": "new"},
        "plans:plan-predecessor": {"predecessor": world["other_plan"].pk},
        "plans:rating-return-upload": {
            "file": SimpleUploadedFile("ratings.xlsx", _filled_rating_workbook(world))
        },
        "api:action-rag-updates": {"rating": "green", "commentary": "On track"},
        "account:tokens": {"name": "Power BI", "lifetime": "90", "access": "read"},
        "login": {"username": "nobody", "password": "wrong"},
        "password_reset": {"email": "nobody@example.org"},
    }.get(name, {})


def fingerprint():
    """What a refused request must not change."""
    return (
        Plan.objects.count(),
        list(Action.objects.order_by("pk").values_list("text", "version")),
        RagUpdate.objects.count(),
        list(Milestone.objects.order_by("pk").values_list("done_date", flat=True)),
        PendingImport.objects.count(),
        AuditRecord.objects.count(),
        list(ReportingRound.objects.order_by("pk").values_list("state", flat=True)),
        list(ApiToken.objects.order_by("pk").values_list("revoked_at", flat=True)),
        RatingReturn.objects.count(),
    )


# Refused by validation rather than by role: the admin leads nothing, so a row for the
# commissioner's action is not on the admin's "My actions" form.
REFUSED_AS_INVALID = {("plans:my-actions", "admin", "POST")}

# What an allowed POST must change: (fingerprint index, change).
EXPECTED_CHANGE = {
    "plans:action-rate": lambda before, after: after[2] == before[2] + 1,
    "plans:action-edit": lambda before, after: after[1] != before[1],
    "plans:milestone-done": lambda before, after: after[3] != before[3],
    "plans:my-actions": lambda before, after: after[2] == before[2] + 1,
    "plans:round-open": lambda before, after: len(after[6]) == len(before[6]) + 1,
    "plans:round-close": lambda before, after: after[6] == ["closed"],
    "plans:round-update": lambda before, after: after[2] == before[2] + 1,
    "importers:upload": lambda before, after: after[4] == before[4] + 1,
    "importers:confirm": lambda before, after: after[0] == before[0] + 1,
    "importers:cancel": lambda before, after: after[4] == before[4] - 1,
    "api:action-rag-updates": lambda before, after: after[2] == before[2] + 1,
    "account:tokens": lambda before, after: len(after[7]) == len(before[7]) + 1,
    "account:token-revoke": lambda before, after: after[7][0] is not None,
    "plans:rating-return-upload": lambda before, after: after[8] == before[8] + 1,
    "plans:rating-return-confirm": lambda before, after: after[2] == before[2] + 1,
    "plans:rating-return-cancel": lambda before, after: after[8] == before[8] - 1,
    "plans:plan-predecessor": lambda before, after: after[5] == before[5] + 1,  # audited
}


def login_as(client, role, request):
    persona = {
        "no_role": "no_role_user",
        "board": "board_member",
        "commissioner": "commissioner",
        "admin": "admin_user",
    }.get(role)
    if persona:
        client.force_login(request.getfixturevalue(persona))


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URL_NAMES)
def test_access(client, request, world, name, role, method, settings):
    settings.PUBLIC_DASHBOARDS = False
    login_as(client, role, request)
    url = url_for(name, world)
    before = fingerprint()
    response = client.get(url) if method == "GET" else client.post(url, post_data(name, world))
    after = fingerprint()
    allowed = role in ACCESS[name].get(method, set())

    if allowed:
        assert response.status_code in (200, 201, 302), (name, role, method, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("login")) or name == "logout"
        if method == "POST" and name in EXPECTED_CHANGE:
            assert EXPECTED_CHANGE[name](before, after), f"{name} did not change what it should"
        return
    if (name, role, method) in REFUSED_AS_INVALID:
        assert response.status_code == 400
    elif method not in ACCESS[name]:
        assert response.status_code in (401, 403, 405) or _is_login_redirect(response), (
            name,
            role,
            method,
            response.status_code,
        )
    elif role == "anonymous":
        # The API answers 401 (a Bearer challenge); pages send to the login page.
        assert response.status_code in (401, 403) or _is_login_redirect(response), (
            name,
            role,
            method,
            response.status_code,
        )
    else:
        assert response.status_code == 403, (name, role, method, response.status_code)
    assert after == before, f"refused {method} {name} as {role} changed the database"


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["commissioner", "board_member", "no_role_user"])
def test_admin_is_for_staff_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_commissioner_cannot_rate_another_organisations_action(
    client, commissioner, other_action
):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:action-rate", args=[other_action.pk]), {"rating": "green"}
    )
    assert response.status_code == 403
    assert not RagUpdate.objects.exists()


def test_dashboards_can_be_made_public_read_only(client, world, settings):
    settings.PUBLIC_DASHBOARDS = True
    assert client.get(reverse("plans:dashboard")).status_code == 200
    assert _is_login_redirect(client.get(reverse("plans:home")))
