from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tracker.accounts.permissions import EDITOR, check_role, get_recommendation_for_user
from tracker.sources.models import Paragraph, Source

from . import services
from .forms import ParagraphEvidenceForm


def _safe_next(request, url, default):
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return default


@login_required
@require_POST
def add(request):
    form = ParagraphEvidenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a recommendation and a stance to link the paragraph as evidence.")
        return redirect(_safe_next(request, request.POST.get("next"), "recommendation_list"))
    data = form.cleaned_data
    recommendation = get_recommendation_for_user(request.user, data["recommendation"], role=EDITOR)
    paragraph = get_object_or_404(
        Paragraph.objects.select_related("source"),
        pk=data["paragraph"],
        source__in=Source.objects.visible_to(request.user),
    )
    check_role(request.user, paragraph.source.team_id, EDITOR)
    next_url = _safe_next(request, data["next"], reverse("recommendation_detail", args=[recommendation.pk]))
    try:
        services.add_paragraph_evidence(
            recommendation, paragraph, stance=data["stance"], note=data["note"], by=request.user
        )
    except services.EvidenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Paragraph {paragraph.number} linked as evidence to “{recommendation.title}”.")
    return redirect(next_url)
