from django.urls import path

from . import views

app_name = "digests"
urlpatterns = [
    path("settings/", views.digest_settings, name="settings"),
    path("preview/", views.preview, name="preview"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
