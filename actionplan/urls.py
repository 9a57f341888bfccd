from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from plans.views import accounts, health

urlpatterns = [
    path("", include("plans.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail (plans/views/accounts.py): throttled, reveals no accounts.
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("import/", include("importers.urls")),
    path("api/", include("plans.api.urls")),
    # The signed-in user's account: personal API tokens (plans/api/account.py).
    path("account/", include("plans.api.account_urls")),
    path("admin/", admin.site.urls),
    # Load balancers and monitors: 200 when the database answers (no sign-in).
    path("healthz", health.healthz, name="healthz"),
]
