from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("plans.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("import/", include("importers.urls")),
    path("api/", include("plans.api.urls")),
    path("admin/", admin.site.urls),
]
