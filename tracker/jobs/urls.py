from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new-document/", views.new_document, name="new_document"),
    path("suggest-evidence/", views.suggest_evidence, name="suggest_evidence"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/retry/", views.job_retry, name="retry"),
]
