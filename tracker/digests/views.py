from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from . import content, delivery, tokens
from .emails import render_digest
from .forms import DigestPreferenceForm
from .models import DigestPreference
from .weeks import Week


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request):
    # Only ever the signed-in user's own preference: no user is named in the URL or the form.
    if request.method == "POST":
        form = DigestPreferenceForm(request.POST)
        if form.is_valid():
            delivery.set_frequency(request.user, form.cleaned_data["frequency"])
            messages.success(request, "Your email settings are saved.")
            return redirect("digests:settings")
    else:
        form = DigestPreferenceForm(initial={"frequency": delivery.frequency_of(request.user)})
    return render(request, "digests/settings.html", {"form": form})


# Each team's week so far, kept a minute for the previews of its members (each server process keeps its own).
PREVIEW_WEEKS = content.RecentWeeks(seconds=60)


@login_required
@require_GET
def preview(request):
    digest = content.build_digest(request.user, Week.current(), cache=PREVIEW_WEEKS)
    subject, text, html = (None, None, None) if digest.is_empty else render_digest(digest, preview=True)
    return render(
        request,
        "digests/preview.html",
        {"digest": digest, "subject": subject, "text": text, "html": html},
    )


# The signed token is the proof: mail clients post here without a session or CSRF token (RFC 8058).
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user = tokens.user_for_token(token)
    except tokens.BadToken as error:
        return render(request, "digests/unsubscribe.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        delivery.set_frequency(user, DigestPreference.Frequency.OFF)
        return render(request, "digests/unsubscribe.html", {"done": True, "email": user.email})
    return render(request, "digests/unsubscribe.html", {"email": user.email})
