from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import push_url

from tracker.accounts.permissions import ADMIN, EDITOR, VIEWER, check_role, get_for_user, has_role, team_ids
from tracker.pagination import page_of

from . import comments, hooks, services
from .activity import recent_activity
from .filters import RecommendationFilter
from .forms import CommentForm, CorrectionForm, DetailsForm, MergeForm, StatusForm
from .models import OPEN_STATUSES, Comment, Recommendation, Status
from .pages import detail_context
from .review import awaiting_review

PER_PAGE = 25
DUE_SOON_DAYS = 14
DASHBOARD_ROWS = 10


def _list_url(pairs):
    """The list's address for these filters, leaving out empty values so the link stays short."""
    query = urlencode([(name, value) for name, value in pairs if value not in ("", None)])
    return reverse("recommendation_list") + (f"?{query}" if query else "")


@login_required
def dashboard(request):
    visible = Recommendation.objects.live_in(team_ids(request.user))
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
        "awaiting_review": list(awaiting_review(request.user)[:DASHBOARD_ROWS]),
        "panels": [panel for add in hooks.dashboard_panels for panel in [add(request)] if panel],
    }
    return render(request, "recommendations/dashboard.html", context)


@login_required
def recommendation_list(request):
    # By team id, not through the memberships: the page's ids are then read in order from an index of live items.
    filters = RecommendationFilter(
        request.GET, queryset=Recommendation.objects.live_in(team_ids(request.user)), request=request
    )
    page = page_of(
        filters.qs,
        PER_PAGE,
        request.GET.get("page"),
        lambda ids: Recommendation.objects.filter(pk__in=ids).for_list().with_list_annotations(),
        count_with_ids=filters.searches,
    )
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


def _detail_url(pk, anchor):
    return f"{reverse('recommendation_detail', args=[pk])}#{anchor}"


def _load(request, pk, role=VIEWER):
    return get_for_user(request.user, Recommendation.objects.for_list(), pk, role)


@login_required
def recommendation_detail(request, pk):
    recommendation = _load(request, pk)
    context = detail_context(request, recommendation)
    # "Show earlier comments" swaps in the comments panel with all of them; without htmx it loads the whole page.
    if request.htmx and request.GET.get("comments") == "all":
        response = render(request, "recommendations/detail.html#comments", {**context, "comments_expanded": True})
    else:
        response = render(request, "recommendations/detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def recommendation_status(request, pk):
    """Change the status, refusing a change made from a page loaded before someone else's."""
    recommendation = _load(request, pk, role=EDITOR)
    form = StatusForm(request.POST)
    if not form.is_valid():
        template = "recommendations/detail.html#status" if request.htmx else "recommendations/detail.html"
        return render(request, template, detail_context(request, recommendation, status_form=form))
    data, change, error = form.cleaned_data, None, None
    try:
        _, change = services.change_status(
            pk, data["status"], by=request.user, note=data["note"], expected_version=data["version"]
        )
    except services.StaleUpdate as exc:
        error = str(exc)
    if not error and not change:
        error = f"Nothing changed: the status is already “{Status(data['status']).label}”."
    if not request.htmx:
        if change:
            messages.success(request, f"Status changed to “{change.get_to_status_display()}”.")
        else:
            messages.error(request, error)
        return redirect("recommendation_detail", pk=pk)
    context = detail_context(request, _load(request, pk), change=change, status_error=error)
    return render(request, "recommendations/detail.html#status_changed", context)


@login_required
@require_POST
def recommendation_edit(request, pk):
    """Change owner, priority, due date, actor and themes, refusing a form loaded before someone else's change."""
    recommendation = _load(request, pk, role=EDITOR)
    form = DetailsForm(recommendation, request.POST)
    extra = {"details_form": form}
    if form.is_valid():
        try:
            services.update_details(pk, expected_version=form.cleaned_data["version"], **_details(form.cleaned_data))
        except services.StaleUpdate as exc:
            # The form is shown again with the current values, which the person's edit would have overwritten.
            extra = {"details_error": _stale_details_message(exc)}
        else:
            if not request.htmx:
                messages.success(request, "Details saved.")
                return redirect("recommendation_detail", pk=pk)
            extra = {"details_saved": True}
    if not request.htmx:
        return render(request, "recommendations/detail.html", detail_context(request, _load(request, pk), **extra))
    return render(
        request, "recommendations/detail.html#details_changed", detail_context(request, _load(request, pk), **extra)
    )


def _details(data):
    return {name: data[name] for name in ("owner", "priority", "due_on", "actor", "themes")}


def _stale_details_message(exc):
    return (
        "Not saved: this recommendation changed after you opened it (its status is now "
        f"“{exc.recommendation.get_status_display()}”). These are the current details; make your edit again."
    )


@login_required
@require_POST
def comment_add(request, pk):
    recommendation = _load(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        comments.add_comment(recommendation, author=request.user, body=form.cleaned_data["body"])
        if not request.htmx:
            messages.success(request, "Comment added.")
            return redirect(_detail_url(recommendation.pk, "comments"))
        form = CommentForm()
    template = "recommendations/detail.html#comments" if request.htmx else "recommendations/detail.html"
    return render(request, template, detail_context(request, recommendation, comment_form=form))


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    """Only the author edits a comment: GET shows the form (inline with htmx), POST saves it."""
    comment = get_for_user(request.user, Comment.objects.select_related("recommendation"), pk)
    if not comments.can_edit(comment, request.user):
        raise PermissionDenied("Only its author can edit a comment.")
    form = CommentForm(
        request.POST if request.method == "POST" else None,
        initial={"body": comment.body},
        auto_id=f"comment-{comment.pk}-%s",
    )
    # Swapped in place of the comment, the form takes the focus (htmx honours autofocus), so the keyboard stays on it;
    # its own label tells it apart from the new-comment box below.
    form.fields["body"].widget.attrs["autofocus"] = True
    form.fields["body"].label = "Edit your comment"
    if request.method == "POST" and form.is_valid():
        comment = comments.edit_comment(comment, by=request.user, body=form.cleaned_data["body"])
        if not request.htmx:
            messages.success(request, "Comment saved.")
            # Every comment shown: the one edited may be older than the newest few the page opens on.
            url = reverse("recommendation_detail", args=[comment.recommendation_id])
            return redirect(f"{url}?comments=all#comment-{comment.pk}")
        comment = Comment.objects.for_page().get(pk=comment.pk)
        can_admin = has_role(request.user, comment.recommendation.team_id, ADMIN)
        context = {"comment": comment, "can_admin": can_admin, "comment_saved": True}
        return render(request, "recommendations/detail.html#comment", context)
    template = "recommendations/comment_edit.html#form" if request.htmx else "recommendations/comment_edit.html"
    return render(request, template, {"comment": comment, "form": form})


@login_required
@require_POST
def comment_delete(request, pk):
    comment = get_for_user(request.user, Comment.objects.select_related("recommendation"), pk)
    recommendation = _load(request, comment.recommendation_id)
    comments.delete_comment(comment, by=request.user)
    if not request.htmx:
        messages.success(request, "Comment deleted.")
        return redirect(_detail_url(recommendation.pk, "comments"))
    return render(request, "recommendations/detail.html#comments", detail_context(request, recommendation))


@login_required
@require_POST
def recommendation_correct(request, pk):
    """Correct the text, title or label; each change is kept in the item's history."""
    recommendation = _load(request, pk, role=EDITOR)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return render(
            request, "recommendations/detail.html", detail_context(request, recommendation, correction_form=form)
        )
    data = form.cleaned_data
    try:
        _, changes = services.correct(
            pk,
            by=request.user,
            expected_version=data["version"],
            text=data["text"],
            title=data["title"],
            label=data["label"],
        )
    except services.StaleUpdate as exc:
        messages.error(request, str(exc))
    else:
        changed = ", ".join(change.get_field_display().lower() for change in changes)
        messages.success(request, f"Corrected: {changed}." if changes else "Nothing was changed.")
    return redirect(_detail_url(pk, "corrections"))


@login_required
@require_POST
def recommendation_delete(request, pk):
    recommendation = _load(request, pk, role=ADMIN)
    services.delete(recommendation.pk, by=request.user)
    return redirect("recommendation_deleted", pk=pk)


def _load_deleted(request, pk):
    deleted = Recommendation.objects.deleted().filter(team__memberships__user=request.user)
    recommendation = get_object_or_404(deleted.select_related("deleted_by", "merged_into"), pk=pk)
    check_role(request.user, recommendation.team_id, ADMIN)
    return recommendation


@login_required
def recommendation_deleted(request, pk):
    """What an admin sees after deleting: the item, and a way to undo it for a while."""
    recommendation = _load_deleted(request, pk)
    undo_until = recommendation.deleted_at + services.UNDO_DELETION_FOR
    context = {
        "recommendation": recommendation,
        "can_undo": not recommendation.merged_into_id and undo_until > timezone.now(),
        "undo_until": undo_until,
    }
    return render(request, "recommendations/deleted.html", context)


@login_required
@require_POST
def recommendation_restore(request, pk):
    recommendation = _load_deleted(request, pk)
    try:
        services.restore(recommendation.pk, by=request.user)
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("recommendation_deleted", pk=pk)
    messages.success(request, "Deletion undone: the recommendation is back on every list.")
    return redirect("recommendation_detail", pk=pk)


@login_required
@require_POST
def recommendation_merge(request, pk):
    """Merge a duplicate (another of the team's recommendations) into this one."""
    recommendation = _load(request, pk, role=ADMIN)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the number of the duplicate to merge into this recommendation.")
        return redirect(_detail_url(pk, "corrections"))
    duplicate = _load(request, form.cleaned_data["duplicate"], role=ADMIN)
    try:
        services.merge(recommendation.pk, duplicate.pk, by=request.user)
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{duplicate.title}” was merged into this recommendation.")
    return redirect(_detail_url(pk, "history"))
