from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tracker.accounts.permissions import EDITOR, get_source_for_user, has_role
from tracker.evidence.models import Stance
from tracker.recommendations.models import Recommendation

from .models import Paragraph, Source


@login_required
def source_list(request):
    sources = Source.objects.visible_to(request.user).for_list()
    return render(request, "sources/list.html", {"sources": sources})


@login_required
def source_detail(request, pk):
    source = get_source_for_user(request.user, pk, queryset=Source.objects.select_related("team"))
    can_edit = has_role(request.user, source.team_id, EDITOR)
    paragraphs = Paragraph.objects.filter(source=source).with_citations(source.team_id)
    # ?link=<number> opens the evidence form at that paragraph: a plain link without JavaScript, a swap with htmx.
    link_number = request.GET.get("link", "")
    link_choices = None
    if can_edit and link_number.isdigit():
        link_choices = Recommendation.objects.filter(team_id=source.team_id).select_related("source", "paragraph")
    context = {
        "source": source,
        "paragraphs": paragraphs,
        "can_edit": can_edit,
        "link_number": int(link_number) if link_choices is not None else None,
        "link_choices": link_choices,
        "stances": Stance.choices,
    }
    if request.htmx and link_choices is not None:
        paragraph = get_object_or_404(Paragraph, source=source, number=context["link_number"])
        return render(request, "sources/detail.html#link_form", {**context, "paragraph": paragraph})
    return render(request, "sources/detail.html", context)
