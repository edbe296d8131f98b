"""Pages of long lists that cost the same on page 1 and page 800, with 2,000 rows or 20,000."""

from django.core.paginator import Paginator


def page_of(queryset, per_page, number, rows):
    """A page of `queryset`, whose object_list is `rows(ids)` put in the queryset's order.

    `queryset` is filtered and ordered but carries nothing else, so that counting it and picking a page's ids read
    narrow rows through the indexes; `rows` then loads the page's rows with all they show (joins, counts), for
    those few ids only. Annotating the whole list would count or sort every matching row for one page.
    """
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    loaded = {row.pk: row for row in rows(ids)} if ids else {}
    page.object_list = [loaded[pk] for pk in ids if pk in loaded]
    return page
