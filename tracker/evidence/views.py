from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tracker.accounts.models import Team
from tracker.accounts.permissions import EDITOR, VIEWER, get_for_user
from tracker.recommendations.models import Recommendation
from tracker.recommendations.pages import detail_context, page_base
from tracker.sources.models import Paragraph, Source

from . import services
from .forms import ConfirmForm, EvidenceForm, SourceDismissForm
from .inbox import InboxForm, inbox_page
from .models import Evidence, Stance
from .panels import evidence_panel_context


def _recommendation(request, pk, role=VIEWER):
    return get_for_user(request.user, Recommendation.objects.for_list(), pk, role)


def _evidence(request, pk):
    return get_for_user(request.user, Evidence.objects.select_related("recommendation"), pk, EDITOR)


def _bad_request(request, message):
    return render(request, "400.html", {"message": message}, status=400)


def _respond(request, recommendation_id, notice, *, error=False, undo=None, next_url="", **forms):
    """htmx: the evidence panel with the notice (and an undo button). Otherwise: a message and a redirect."""
    if request.htmx:
        recommendation = _recommendation(request, recommendation_id)
        context = {
            **page_base(request, recommendation),
            **evidence_panel_context(request, recommendation),
            "evidence_notice": notice,
            "evidence_error": error,
            "undo": undo,
            **forms,
        }
        return render(request, "recommendations/detail.html#evidence", context)
    if notice:
        (messages.error if error else messages.success)(request, notice)
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return redirect(next_url)
    return redirect(reverse("recommendation_detail", args=[recommendation_id]) + "#evidence")


@login_required
@require_POST
def evidence_add(request):
    """Link a source paragraph (field paragraph) or a verbatim excerpt of a web page (url, excerpt)."""
    form = EvidenceForm(request.POST)
    if not form.is_valid() and ("recommendation" in form.errors or "paragraph" in form.errors):
        return _bad_request(request, "Which recommendation, which paragraph? The form did not say; nothing was added.")
    recommendation = _recommendation(request, form.cleaned_data["recommendation"], EDITOR)
    if form.errors:
        if request.htmx:
            return _respond(request, recommendation.pk, "", evidence_form=form)
        if form.cleaned_data.get("next"):
            # Posted from another page (a source's paragraph): back there, saying what was wrong.
            problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
            notice = f"Evidence not added: {problems}"
            return _respond(request, recommendation.pk, notice, error=True, next_url=form.cleaned_data["next"])
        context = detail_context(request, recommendation, evidence_form=form)
        return render(request, "recommendations/detail.html", context)
    data = form.cleaned_data
    fields = {"stance": data["stance"], "note": data["note"], "by": request.user}
    try:
        if data["paragraph"]:
            paragraph = get_object_or_404(
                Paragraph.objects.select_related("source"), pk=data["paragraph"], source__team=recommendation.team_id
            )
            evidence, _ = services.add_paragraph_evidence(
                recommendation, paragraph, sentences=data["sentences"], **fields
            )
            label = evidence.sentences_label
            quoted = f"{label.capitalize()} of paragraph" if label else "Paragraph"
            notice = f"{quoted} {paragraph.number} linked as evidence to “{recommendation.title}”."
        else:
            services.add_url_evidence(recommendation, url=data["url"], excerpt=data["excerpt"], **fields)
            notice = "Evidence added."
    except services.EvidenceError as exc:
        return _respond(request, recommendation.pk, str(exc), error=True, next_url=data["next"])
    return _respond(request, recommendation.pk, notice, next_url=data["next"])


def _review(request, evidence, action, notice, *, undo=False, **fields):
    try:
        action(evidence.pk, by=request.user, **fields)
    except services.EvidenceError as exc:
        return _respond(request, evidence.recommendation_id, str(exc), error=True)
    return _respond(request, evidence.recommendation_id, notice, undo=evidence if undo else None)


@login_required
@require_POST
def evidence_confirm(request, pk):
    evidence = _evidence(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, "Choose a stance (supports, undercuts or context); nothing was changed.")
    stance = form.cleaned_data["stance"]
    return _review(request, evidence, services.confirm_suggestion, "Suggestion confirmed.", stance=stance)


@login_required
@require_POST
def evidence_dismiss(request, pk):
    evidence = _evidence(request, pk)
    return _review(
        request, evidence, services.dismiss_suggestion, "Suggestion dismissed; it will not be suggested again."
    )


@login_required
@require_POST
def evidence_remove(request, pk):
    notice = "Evidence removed." if request.htmx else "Evidence removed; you can restore it under “Removed evidence”."
    evidence = _evidence(request, pk)
    return _review(request, evidence, services.remove_evidence, notice, undo=True)


@login_required
@require_POST
def evidence_restore(request, pk):
    evidence = _evidence(request, pk)
    return _review(request, evidence, services.restore_evidence, "Evidence restored.")


def _inbox_url(request):
    """Back to the inbox as the person was looking at it (the form posts its query string as `next`)."""
    next_url = request.POST.get("next", "")
    if next_url.startswith(reverse("evidence:inbox")) and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, request.is_secure()
    ):
        return next_url
    return reverse("evidence:inbox")


@login_required
def evidence_inbox(request):
    form = InboxForm(request.GET, user=request.user)
    form.is_valid()  # an invalid choice is reported by the form and left out; the rest still applies
    page, groups = inbox_page(request.user, form.cleaned_data, request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "groups": groups,
        "showing": form.cleaned_data.get("showing") or Evidence.State.SUGGESTED,
        "editable": set(Team.objects.editable_by(request.user).values_list("pk", flat=True)),
        "next": request.get_full_path(),
        "stances": Stance.choices,
    }
    return render(request, "evidence/inbox.html", context)


# What a button in the inbox does to one passage, and what the row then says.
INBOX_ACTIONS = {
    "supports": (lambda pk, by: services.confirm_suggestion(pk, stance=Stance.SUPPORTS, by=by), "confirmed"),
    "undercuts": (lambda pk, by: services.confirm_suggestion(pk, stance=Stance.UNDERCUTS, by=by), "confirmed"),
    "context": (lambda pk, by: services.confirm_suggestion(pk, stance=Stance.CONTEXT, by=by), "confirmed"),
    "dismiss": (lambda pk, by: services.dismiss_suggestion(pk, by=by), "dismissed"),
    "undo-confirm": (lambda pk, by: services.unconfirm_suggestion(pk, by=by), "undone"),
    "undo-dismiss": (lambda pk, by: services.restore_suggestion(pk, by=by), "undone"),
}


@login_required
@require_POST
def inbox_act(request, pk):
    """Confirm with a stance, dismiss, or undo either, from the inbox: htmx swaps the passage's row."""
    evidence = get_for_user(request.user, Evidence.objects.select_related("paragraph__source"), pk, EDITOR)
    action = request.POST.get("action", "")
    if action not in INBOX_ACTIONS:
        return _bad_request(request, "Confirm as supports, undercuts or context, or dismiss; nothing was changed.")
    change, outcome = INBOX_ACTIONS[action]
    error = ""
    try:
        evidence = change(evidence.pk, request.user)
    except services.EvidenceError as exc:
        error, outcome = str(exc), ""
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(_inbox_url(request))
    evidence = Evidence.objects.select_related("paragraph__source").get(pk=evidence.pk)
    context = {"item": evidence, "outcome": outcome, "error": error, "can_edit": True, "next": _inbox_url(request)}
    return render(request, "evidence/inbox.html#row", context)


@login_required
@require_POST
def inbox_dismiss_source(request):
    """Dismiss (or, with undo, restore) every suggestion from one source for one recommendation."""
    form = SourceDismissForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, "Which recommendation, which source? The form did not say; nothing was changed.")
    recommendation = _recommendation(request, form.cleaned_data["recommendation"], EDITOR)
    source = get_object_or_404(Source, pk=form.cleaned_data["source"], team=recommendation.team_id)
    if form.cleaned_data["undo"]:
        restored = Evidence.objects.filter(
            pk__in=form.cleaned_data["undo"],
            recommendation=recommendation,
            paragraph__source=source,
            state=Evidence.State.DISMISSED,
        ).values_list("pk", flat=True)
        for pk in restored:
            services.restore_suggestion(pk, by=request.user)
        notice, undo = f"Restored {len(restored)} suggestion{pluralize(len(restored))} from “{source.title}”.", []
    else:
        undo = services.dismiss_source_suggestions(recommendation.pk, source.pk, by=request.user)
        notice = f"Dismissed {len(undo)} suggestion{pluralize(len(undo))} from “{source.title}”."
    if not request.htmx:
        messages.success(request, notice)
        return redirect(_inbox_url(request))
    _, groups = inbox_page(request.user, {"recommendation": recommendation.pk}, 1)
    group = groups[0] if groups else None
    context = {
        "group": group,
        "recommendation": recommendation,
        "notice": notice,
        "undo": undo,
        "undo_source": source,
        "editable": {recommendation.team_id},
        "next": _inbox_url(request),
    }
    return render(request, "evidence/inbox.html#group", context)
