"""Pages of long lists that cost the same on page 1 and page 800, with 2,000 rows or 20,000."""

from django.core.paginator import Paginator
from django.db.models import Count, Window


def page_of(queryset, per_page, number, rows, *, count_with_ids=False):
    """A page of `queryset`, whose object_list is `rows(ids)` put in the queryset's order.

    `queryset` is filtered and ordered but carries nothing else, so that counting it and picking a page's ids read
    narrow rows through the indexes; `rows` then loads the page's rows with all they show (joins, counts), for
    those few ids only. Annotating the whole list would count or sort every matching row for one page.

    With count_with_ids (a search, whose every match is read to rank them anyway), the page's ids and the number of
    matches come from one query, a count over the whole result beside each id, so that the matches are read once.
    Otherwise the count reads an index alone and the ids stop at the page: one query would read every row.
    """
    paginator = Paginator(queryset.values_list("pk", flat=True), per_page)
    wanted = _number(number)
    found = []
    if count_with_ids:
        found = list(
            queryset.annotate(matching=Window(Count("pk"))).values_list("pk", "matching")[
                (wanted - 1) * per_page : wanted * per_page
            ]
        )
    if found:
        # Paginator counts lazily (a cached property): it is given the count read with the ids.
        paginator.count = found[0][1]
    page = paginator.get_page(wanted)
    if not found or page.number != wanted:
        # Past the last page (or none at all, or no search): the page get_page settled on, read the usual way.
        found = [(pk, None) for pk in page.object_list]
    ids = [pk for pk, _ in found]
    loaded = {row.pk: row for row in rows(ids)} if ids else {}
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page


def _number(number):
    """The page asked for, as get_page reads it: the first page for anything but a whole number from 1."""
    try:
        return max(1, int(number))
    except (TypeError, ValueError):
        return 1
