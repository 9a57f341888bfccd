from django.urls import path

from importers import views

app_name = "importers"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/mapping/", views.remap, name="remap"),
    path("<int:pk>/plan/", views.decide, name="decide"),
    path("<int:pk>/matches/", views.rematch, name="rematch"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
