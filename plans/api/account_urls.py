"""The account pages (/account/): personal API tokens (plans/api/account.py)."""

from django.urls import path

from plans.api import account

app_name = "account"

urlpatterns = [
    path("tokens/", account.tokens, name="tokens"),
    path("tokens/all/", account.all_tokens, name="all-tokens"),
    path("tokens/<int:pk>/revoke/", account.token_revoke, name="token-revoke"),
]
