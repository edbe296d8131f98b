from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("tracker.accounts.urls")),
    path("", include("tracker.recommendations.urls")),
    path("sources/", include("tracker.sources.urls")),
    path("evidence/", include("tracker.evidence.urls")),
    path("jobs/", include("tracker.jobs.urls")),
    path("digests/", include("tracker.digests.urls")),
]
