from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from tracker.accounts.permissions import EDITOR, get_for_user, has_role
from tracker.pagination import page_of

from . import hooks
from .models import PARAGRAPHS_PER_PAGE, Paragraph, Source

# A team's sources run to thousands: the list shows them a page at a time.
SOURCES_PER_PAGE = 50


@login_required
def source_list(request):
    sources = Source.objects.visible_to(request.user).order_by("-published_on", "title", "pk")
    page = page_of(
        sources, SOURCES_PER_PAGE, request.GET.get("page"), lambda ids: Source.objects.filter(pk__in=ids).for_list()
    )
    return render(request, "sources/list.html", {"page": page, "sources": page.object_list})


@login_required
def source_detail(request, pk):
    source = get_for_user(request.user, Source.objects.select_related("team"), pk)
    can_edit = has_role(request.user, source.team_id, EDITOR)
    context = {"source": source, "can_edit": can_edit, "link_number": None}
    for add in hooks.source_page_context:
        context.update(add(request, source, can_edit))
    # ?link=<number> opens the form that links that paragraph as evidence: in the page, or alone for htmx.
    if request.htmx and context["link_number"] is not None:
        paragraph = get_object_or_404(Paragraph, source=source, number=context["link_number"])
        return render(request, "sources/detail.html#link_form", {**context, "paragraph": paragraph})
    # A long report is read a page at a time; a citation's link names the page its paragraph is on.
    paragraphs = Paragraph.objects.filter(source=source).with_citations(source.team_id)
    context["page"] = Paginator(paragraphs, PARAGRAPHS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sources/detail.html", context)
