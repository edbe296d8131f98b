"""The review page of a document's recommendations, and tracking a paragraph by hand from a source's page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tracker.accounts.permissions import EDITOR, editable_teams, get_for_user, get_team_for_user, has_role
from tracker.sources.models import Paragraph, Source

from . import hooks, review
from .finder import split_sentences
from .forms import NewRecommendationForm
from .models import Candidate

ACTIONS = {
    "accept": "Accepted: it is now tracked as New.",
    "reject": "Rejected: it will not be tracked.",
    "join": "Joined with the next paragraph.",
    "split": "Split in two: review each part.",
}


class ActionForm(forms.Form):
    candidate = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS])
    # For a split: the sentence the second part starts with (1 is the passage's second sentence).
    at = forms.IntegerField(min_value=1, required=False)


class MarkForm(forms.Form):
    number = forms.IntegerField(min_value=1, label="Paragraph number")
    first = forms.IntegerField(min_value=1, required=False, label="From sentence")
    last = forms.IntegerField(min_value=1, required=False, label="To sentence")


def _review_url(source, candidate=None):
    url = reverse("review", args=[source.pk])
    return f"{url}#candidate-{candidate.pk}" if candidate else url


def _paragraph(source, number):
    return get_object_or_404(Paragraph, source=source, number=number)


@login_required
def review_page(request, pk):
    source = get_for_user(request.user, Source.objects.select_related("team"), pk)
    candidates = list(
        Candidate.objects.filter(source=source)
        .select_related("paragraph", "last_paragraph", "marked_by", "reviewed_by", "recommendation")
        .order_by("paragraph__number", "sentence")
    )
    # Each candidate is shown between the paragraphs before and after it, read in one query.
    around = set()
    for candidate in candidates:
        last = candidate.last_paragraph or candidate.paragraph
        around |= {candidate.paragraph.number - 1, last.number + 1}
    context_paragraphs = {p.number: p for p in Paragraph.objects.filter(source=source, number__in=around)}
    for candidate in candidates:
        last = candidate.last_paragraph or candidate.paragraph
        candidate.before = context_paragraphs.get(candidate.paragraph.number - 1)
        candidate.after = context_paragraphs.get(last.number + 1)
        candidate.sentences = split_sentences(candidate.text)
    pending = sum(1 for candidate in candidates if candidate.state == Candidate.State.PENDING)
    context = {
        "source": source,
        "candidates": candidates,
        "pending": pending,
        "can_edit": has_role(request.user, source.team_id, EDITOR),
        "mark_form": MarkForm(),
    }
    return render(request, "recommendations/review.html", context)


def _tracked(user, recommendations):
    """Tell the apps above that people now track these recommendations (they suggest evidence for them)."""
    if recommendations:
        for react in hooks.tracked:
            react(user, recommendations)


@login_required
@require_POST
def review_action(request, pk):
    source = get_for_user(request.user, Source.objects.all(), pk, EDITOR)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The form did not say which passage, or what to do with it; nothing was changed.")
        return redirect(_review_url(source))
    data = form.cleaned_data
    candidate = get_for_user(request.user, Candidate.objects.select_related("source"), data["candidate"], EDITOR)
    if candidate.source_id != source.pk:
        messages.error(request, "That passage is not in this document; nothing was changed.")
        return redirect(_review_url(source))
    try:
        if data["action"] == "accept":
            _tracked(request.user, [review.accept(candidate.pk, by=request.user)])
        elif data["action"] == "reject":
            review.reject(candidate.pk, by=request.user)
        elif data["action"] == "join":
            review.join_with_next(candidate.pk, by=request.user)
        else:
            review.split(candidate.pk, at=data["at"] or 0, by=request.user)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ACTIONS[data["action"]])
    return redirect(_review_url(source, candidate))


@login_required
@require_POST
def review_accept_all(request, pk):
    source = get_for_user(request.user, Source.objects.select_related("team"), pk, EDITOR)
    tracked = review.accept_all(source, by=request.user)
    _tracked(request.user, tracked)
    if tracked:
        messages.success(request, f"{len(tracked)} recommendation{'s' if len(tracked) != 1 else ''} now tracked.")
    else:
        messages.error(request, "Nothing was awaiting review; nothing was changed.")
    return redirect(_review_url(source))


@login_required
@require_POST
def review_mark(request, pk):
    """Propose a paragraph the finder missed, or some of its sentences, for review."""
    source = get_for_user(request.user, Source.objects.all(), pk, EDITOR)
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the number of a paragraph of this document.")
        return redirect(_review_url(source))
    data = form.cleaned_data
    paragraph = _paragraph(source, data["number"])
    first = (data["first"] or 1) - 1
    last = data["last"] - 1 if data["last"] else None
    try:
        candidate = review.mark(paragraph, by=request.user, first=first, last=last)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect(_review_url(source))
    messages.success(request, f"Paragraph {paragraph.number} proposed: accept it below to track it.")
    return redirect(_review_url(source, candidate))


@login_required
@require_POST
def track_paragraph(request, pk, number):
    """ "Track as recommendation" on a source's page: the paragraph becomes a tracked item at once."""
    source = get_for_user(request.user, Source.objects.all(), pk, EDITOR)
    paragraph = _paragraph(source, number)
    try:
        recommendation = review.track_by_hand(paragraph, by=request.user)
    except review.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect(paragraph.get_absolute_url())
    _tracked(request.user, [recommendation])
    messages.success(request, f"Paragraph {number} is now tracked as a recommendation.")
    return redirect("recommendation_detail", pk=recommendation.pk)


@login_required
def recommendation_new(request):
    """ "New recommendation": one that has no document in Tracker, tracked at once."""
    teams = editable_teams(request.user)
    if not teams.exists():
        raise PermissionDenied("Only editors can add recommendations.")
    form = NewRecommendationForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        team = get_team_for_user(request.user, data["team"].pk, role=EDITOR)
        details = {name: data[name] for name in ("title", "label", "actor", "owner", "priority", "due_on")}
        try:
            recommendation = review.track_without_document(
                team,
                text=data["text"],
                citation=data["citation"],
                url=data["url"],
                by=request.user,
                themes=data["themes"],
                **details,
            )
        except review.ReviewError as exc:
            form.add_error(None, str(exc))
        else:
            _tracked(request.user, [recommendation])
            messages.success(request, "Recommendation added and tracked as New.")
            return redirect("recommendation_detail", pk=recommendation.pk)
    return render(request, "recommendations/new.html", {"form": form})
