from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_htmx.http import push_url

from tracker.accounts.permissions import get_recommendation_for_user

from .activity import recent_activity
from .filters import RecommendationFilter
from .models import OPEN_STATUSES, Recommendation

PER_PAGE = 25
DUE_SOON_DAYS = 14
DASHBOARD_ROWS = 10


def _list_url(pairs):
    """The list's address for these filters, leaving out empty values so the link stays short."""
    query = urlencode([(name, value) for name, value in pairs if value not in ("", None)])
    return reverse("recommendation_list") + (f"?{query}" if query else "")


@login_required
def dashboard(request):
    visible = Recommendation.objects.visible_to(request.user)
    today = timezone.localdate()
    open_statuses = [("status", status.value) for status in OPEN_STATUSES]
    counts = visible.status_counts()
    largest = max((n for _, n in counts), default=0) or 1
    context = {
        "chart": [(status, n, round(100 * n / largest), _list_url([("status", status.value)])) for status, n in counts],
        "total": sum(n for _, n in counts),
        "stale": visible.stale().select_related("owner").order_by("last_activity_at", "pk")[:DASHBOARD_ROWS],
        "stale_url": _list_url([("stale", "on"), ("sort", "updated")]),
        "stale_after_days": settings.STALE_AFTER_DAYS,
        "due_soon": visible.due_within(DUE_SOON_DAYS).select_related("owner").order_by("due_on", "pk")[:DASHBOARD_ROWS],
        "due_soon_days": DUE_SOON_DAYS,
        "due_soon_url": _list_url(
            [
                *open_statuses,
                ("due_after", today),
                ("due_before", today + timedelta(days=DUE_SOON_DAYS)),
                ("sort", "due"),
            ]
        ),
        "overdue_count": visible.overdue().count(),
        "overdue_url": _list_url([("overdue", "on"), ("sort", "due")]),
        "mine": visible.open()
        .filter(owner=request.user)
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:DASHBOARD_ROWS],
        "mine_url": _list_url([*open_statuses, ("owner", request.user.pk), ("sort", "due")]),
        "activity": recent_activity(request.user, limit=20),
    }
    return render(request, "recommendations/dashboard.html", context)


@login_required
def recommendation_list(request):
    recommendations = Recommendation.objects.visible_to(request.user).for_list().with_evidence_counts()
    filters = RecommendationFilter(request.GET, queryset=recommendations, request=request)
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filters,
        "page": page,
        "clear_url": reverse("recommendation_list"),
        "stale_after_days": settings.STALE_AFTER_DAYS,
    }
    # htmx swaps only the results; a history restore after a cache miss needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "recommendations/list.html#results", {**context, "fragment": True})
        push_url(response, _list_url((name, value) for name, values in request.GET.lists() for value in values))
    else:
        response = render(request, "recommendations/list.html", context)
    # The same address serves the page and the fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def recommendation_detail(request, pk):
    recommendation = get_recommendation_for_user(request.user, pk)
    return render(request, "recommendations/detail.html", {"recommendation": recommendation})
