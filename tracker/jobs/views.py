from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tracker.accounts.permissions import EDITOR, edits_in_any_team, get_for_user, get_team_for_user

from . import queue
from .forms import NewDocumentForm, SuggestEvidenceForm
from .models import Job

RECENT_JOBS = 50


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user).for_list()[:RECENT_JOBS]
    suggest_form = SuggestEvidenceForm(user=request.user)
    return render(request, "jobs/list.html", {"jobs": jobs, "suggest_form": suggest_form})


@login_required
@require_POST
def suggest_evidence(request):
    team_id = request.POST.get("team", "")
    if not team_id.isdigit():
        messages.error(request, "Choose one of your teams.")
        return redirect("jobs:list")
    # Another team's id answers 404 and a team one only views 403, as everywhere.
    team = get_team_for_user(request.user, int(team_id), role=EDITOR)
    job = queue.start_suggestion(team=team, user=request.user)
    return redirect("jobs:detail", pk=job.pk)


@login_required
def new_document(request):
    if not edits_in_any_team(request.user):
        raise PermissionDenied("Only editors can add documents.")
    form = NewDocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        team = get_team_for_user(request.user, form.cleaned_data["team"].pk, role=EDITOR)
        job = queue.start_ingest(
            team=team,
            user=request.user,
            document=form.document,
            title=form.cleaned_data["title"],
            publisher=form.cleaned_data["publisher"],
            published_on=form.cleaned_data["published_on"],
            url=form.cleaned_data["url"],
            filename=form.filename,
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "jobs/new_document.html", {"form": form})


@login_required
def job_detail(request, pk):
    job = get_for_user(request.user, Job.objects.select_related("team", "started_by", "source"), pk)
    if request.htmx and request.GET.get("seen") == job.poll_token:
        # Nothing changed: no swap, so a screen reader does not announce the same progress every second.
        return HttpResponse(status=204)
    template = "jobs/detail.html#progress" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, **_outcome(job)})


@login_required
@require_POST
def job_retry(request, pk):
    job = get_for_user(request.user, Job.objects.all(), pk)
    if job.started_by_id != request.user.pk:
        raise PermissionDenied("Only the person who started this job can retry it.")
    try:
        job = queue.retry_job(job.pk, by=request.user)
    except queue.JobNotRetryable as exc:
        messages.error(request, str(exc))
    if request.htmx:
        job.refresh_from_db()
        return render(request, "jobs/detail.html#progress", {"job": job, **_outcome(job)})
    return redirect("jobs:detail", pk=job.pk)


def _outcome(job):
    """What a finished ingest produced: the source's tracked recommendations and how many await review."""
    if job.state != Job.State.SUCCEEDED or not job.source_id:
        return {"recommendations": [], "awaiting_review": 0}
    return {
        "recommendations": list(job.source.recommendations.order_by("paragraph__number", "sentence")[:20]),
        "awaiting_review": job.source.candidates.pending().count(),
    }
