from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("add/", views.evidence_add, name="add"),
    path("inbox/", views.evidence_inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_act, name="inbox_act"),
    path("inbox/dismiss-source/", views.inbox_dismiss_source, name="inbox_dismiss_source"),
    path("<int:pk>/confirm/", views.evidence_confirm, name="confirm"),
    path("<int:pk>/dismiss/", views.evidence_dismiss, name="dismiss"),
    path("<int:pk>/remove/", views.evidence_remove, name="remove"),
    path("<int:pk>/restore/", views.evidence_restore, name="restore"),
]
