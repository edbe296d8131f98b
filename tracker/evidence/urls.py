from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("add/", views.add, name="add"),
]
