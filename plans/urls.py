from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
]
