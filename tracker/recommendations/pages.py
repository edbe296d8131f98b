"""What a recommendation's page shows, panel by panel.

Each panel's context comes from one function in the app that owns it: the status, details, history
and comments panels here, the evidence panel from tracker.evidence (registered in hooks.detail_panels).
Views render the whole page or one panel's partial from the same context.
"""

from django.db import models

from tracker.accounts.permissions import ADMIN, EDITOR, has_role

from . import hooks
from .forms import CommentForm, CorrectionForm, DetailsForm, MergeForm, StatusForm
from .models import Recommendation


def page_base(request, recommendation):
    """What every panel needs: the item and what the visitor may do with it."""
    user = request.user
    return {
        "recommendation": recommendation,
        "can_edit": has_role(user, recommendation.team_id, EDITOR),
        "can_admin": has_role(user, recommendation.team_id, ADMIN),
    }


def status_panel(recommendation):
    return {"status_form": StatusForm(initial={"status": recommendation.status, "version": recommendation.version})}


def details_panel(recommendation):
    return {"details_form": DetailsForm(recommendation)}


def history_panel(recommendation):
    return {"history": recommendation.status_changes.select_related("changed_by")}


def corrections_panel(recommendation):
    """Correcting the text, title and label (editors), deleting and merging (admins), and the corrections made."""
    initial = {
        "text": recommendation.text,
        "title": recommendation.title,
        "label": recommendation.label,
        "version": recommendation.version,
    }
    return {
        "corrections": recommendation.corrections.select_related("changed_by"),
        "correction_form": CorrectionForm(initial=initial),
        "merge_form": MergeForm(),
    }


# A long discussion opens on its newest comments; "Show earlier comments" (or ?comments=all) lists them all.
COMMENTS_SHOWN = 20


def comments_panel(recommendation, show_all=False):
    """The newest COMMENTS_SHOWN comments, oldest first (all of them with show_all), and how many there are."""
    comments = recommendation.comments.for_page()
    total = recommendation.comments.count()
    if show_all or total <= COMMENTS_SHOWN:
        shown = list(comments)
    else:
        shown = list(comments.order_by("-created_at", "-id")[:COMMENTS_SHOWN])[::-1]
    return {
        "comments": shown,
        "comments_total": total,
        "comments_earlier": total - len(shown),
        "comment_form": CommentForm(),
    }


def detail_context(request, recommendation, **extra):
    """Everything the page and its partials show; forms given in extra (bound, with errors) win."""
    context = page_base(request, recommendation)
    for panel in (status_panel, details_panel, history_panel, corrections_panel):
        context.update(panel(recommendation))
    context.update(comments_panel(recommendation, show_all=request.GET.get("comments") == "all"))
    for panel in hooks.detail_panels:
        context.update(panel(request, recommendation))
    context.update(extra)
    return context


def quoting_recommendations(team_id):
    """On a source's page, each paragraph lists the team's recommendations quoted from it (`cited_by`)."""
    return [
        models.Prefetch(
            "recommendations",
            queryset=Recommendation.objects.filter(team_id=team_id).order_by("pk"),
            to_attr="cited_by",
        )
    ]
