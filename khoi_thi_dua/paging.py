"""Lists in pages: `?trang=N` picks the page, the other parameters (filters) stay in the links
(templates/includes/_pagination.html)."""

from django.core.paginator import Page, Paginator


def paginate(request, rows, per_page: int) -> tuple[Page, str]:
    """The page asked for (the first for anything that is not a page number, the last past the
    end) and the query string of the request's other parameters, for the page links."""
    page = Paginator(rows, per_page).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return page, query.urlencode()
