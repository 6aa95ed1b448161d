"""One search across the network (``directory.search``): people, companies, competences, good
practices, resources, news and offers, grouped by kind, each result linking to its page. What
it finds respects each person's choices and the roles, as the search itself does."""

from urllib.parse import urlencode

from django.shortcuts import render

from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url

from .. import search
from ..forms.people import SearchForm

LIMIT = 20  # results per kind


def _link(request, hit):
    if hit.kind == "people":
        return _url(request, "directory_person", pk=hit.pk)
    if hit.kind == "companies":
        return _url(request, "directory_company", pk=hit.pk)
    if hit.kind == "competences":
        # Who declared it: the people of the directory filtered on it.
        return _url(request, "directory_people") + "?" + urlencode({"competence": hit.pk})
    if hit.kind == "practices":
        return _url(request, "practice_detail", pk=hit.pk)
    if hit.kind == "resources":
        return _url(request, "resource_detail", pk=hit.pk)
    if hit.kind == "news":
        return _url(request, "news_list") + f"#news-{hit.pk}"
    return _url(request, "offer_detail", pk=hit.pk)


@permission_required("directory.view")
def search_page(request, tenant_slug):
    form = SearchForm(request.GET or None)
    query, kinds = "", []
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"].strip()
        kinds = form.cleaned_data["kinds"]
    groups = []
    if query:
        results = search.search(
            tenant=request.tenant, viewer=request, query=query, kinds=kinds or None, limit=LIMIT
        )
        groups = [
            {
                "kind": kind,
                "label": search.KINDS[kind],
                "hits": [(hit, _link(request, hit)) for hit in hits],
                "capped": len(hits) >= LIMIT,
            }
            for kind, hits in results.items()
        ]
    context = {
        "form": form,
        "query": query,
        "searchable": bool(search.words(query)),
        "groups": groups,
        "found": sum(len(group["hits"]) for group in groups),
        "limit": LIMIT,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "search-results":
        return render(request, "directory/search/partials/results.html", context)
    return render(request, "directory/search/search.html", context)
