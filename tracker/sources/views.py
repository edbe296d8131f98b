from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from tracker.accounts.permissions import EDITOR, get_for_user, has_role

from . import hooks
from .models import Paragraph, Source


@login_required
def source_list(request):
    sources = Source.objects.visible_to(request.user).for_list()
    return render(request, "sources/list.html", {"sources": sources})


@login_required
def source_detail(request, pk):
    source = get_for_user(request.user, Source.objects.select_related("team"), pk)
    can_edit = has_role(request.user, source.team_id, EDITOR)
    context = {
        "source": source,
        "paragraphs": Paragraph.objects.filter(source=source).with_citations(source.team_id),
        "can_edit": can_edit,
        "link_number": None,
    }
    for add in hooks.source_page_context:
        context.update(add(request, source, can_edit))
    # ?link=<number> opens the form that links that paragraph as evidence: in the page, or alone for htmx.
    if request.htmx and context["link_number"] is not None:
        paragraph = get_object_or_404(Paragraph, source=source, number=context["link_number"])
        return render(request, "sources/detail.html#link_form", {**context, "paragraph": paragraph})
    return render(request, "sources/detail.html", context)
