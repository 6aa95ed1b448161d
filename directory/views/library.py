"""The resource library and the CSR watch: thin views over the directory's services and
selectors.

Everyone with a role reads the published resources and the news (``directory.view``) and
chooses whether to receive the weekly watch; the programme team adds and edits resources and
posts news (``directory.manage``) and still sees a resource taken off the library. Files leave
only through the protected file flow.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.tables import Column, Natural, Table

from .. import search, selectors, services
from ..forms.library import NewsForm, ResourceForm, WatchForm
from ..models import NewsItem, Resource
from .common import known_themes, query_text, themes_of

VIEW = "directory.view"
MANAGE = "directory.manage"
SEARCH_LIMIT = 200  # the best matches of a search in the library, then filtered and paginated


# --- Resources ----------------------------------------------------------------------------------


@permission_required(VIEW)
def resource_list(request, tenant_slug):
    """The library by theme, kind and reading level, with a search over titles and summaries
    (the directory's search: French stemming on PostgreSQL); the programme team also sees the
    resources taken off it."""
    managing = permissions.can(request, MANAGE)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Resource.Kind.values else ""
    level = request.GET.get("level", "")
    level = level if level in Resource.Level.values else ""
    theme = query_text(request, "theme")
    query = query_text(request, "q", 200)
    rows = selectors.resources(
        tenant=request.tenant,
        viewer=request,
        kind=kind,
        theme=theme,
        level=level,
        include_unpublished=managing,
    )
    if query:
        hits = search.search(
            tenant=request.tenant,
            viewer=request,
            query=query,
            kinds=["resources"],
            limit=SEARCH_LIMIT,
        )["resources"]
        rows = rows.filter(pk__in=[hit.pk for hit in hits])
    table = Table(
        request=request,
        queryset=rows,
        columns=[
            Column("theme", _("Theme"), (Natural("theme"), Natural("title"))),
            Column("title", _("Title"), (Natural("title"),)),
            Column("updated", _("Updated on"), ("updated_at",)),
        ],
        default="theme",
        label=_("resources"),
        target="resource-list",
    )
    context = {
        "table": table,
        "kind": kind,
        "level": level,
        "theme": theme,
        "query": query,
        "kinds": Resource.Kind.choices,
        "levels": Resource.Level.choices,
        "themes": themes_of(
            selectors.resources(tenant=request.tenant, viewer=request, include_unpublished=managing)
        ),
        "managing": managing,
        "filtered": bool(kind or level or theme or query),
    }
    if table.is_swap():
        return render(request, "directory/library/partials/resource_table.html", context)
    return render(request, "directory/library/resource_list.html", context)


def _resource(request, pk):
    """A resource of the library; one taken off it only for the programme team (404 to the
    others, like a missing one)."""
    resource = get_visible_or_404(request, VIEW, Resource.objects.all(), pk=pk)
    if not resource.published and not permissions.can(request, MANAGE):
        raise Http404
    return resource


@permission_required(VIEW)
def resource_detail(request, tenant_slug, pk):
    resource = _resource(request, pk)
    return render(
        request,
        "directory/library/resource_detail.html",
        {"resource": resource, "managing": permissions.can(request, MANAGE)},
    )


def _resource_form(request, resource=None):
    if resource is None:
        initial = {"kind": request.GET.get("kind") or Resource.Kind.PRACTICE_SHEET}
    else:
        initial = {
            "title": resource.title,
            "theme": resource.theme,
            "level": resource.level,
            "summary": resource.summary,
            "url": resource.url,
            "published": resource.published,
        }
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        resource=resource,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if resource is None:
                    resource = services.create_resource(
                        tenant=request.tenant,
                        actor=request.user,
                        kind=data["kind"],
                        title=data["title"],
                        theme=data["theme"],
                        summary=data["summary"],
                        level=data["level"],
                        file=data["file"],
                        url=data["url"],
                        published=data["published"],
                    )
                    messages.success(request, _("The resource is in the library."))
                else:
                    services.update_resource(
                        resource=resource,
                        actor=request.user,
                        title=data["title"],
                        theme=data["theme"],
                        summary=data["summary"],
                        level=data["level"],
                        file=data["file"],
                        url=data["url"] if not resource.file or data["url"] else None,
                    )
                    services.publish_resource(
                        resource=resource, actor=request.user, published=data["published"]
                    )
                    messages.success(request, _("The resource is saved."))
        except ValidationError as error:
            form.add_service_error(error)
            if resource is not None and resource.pk:
                resource.refresh_from_db()
        else:
            return redirect(_url(request, "resource_detail", pk=resource.pk))
    return render(
        request,
        "directory/library/resource_form.html",
        {"form": form, "resource": resource, "themes": known_themes(request, Resource)},
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE)
def resource_create(request, tenant_slug):
    return _resource_form(request)


@permission_required(MANAGE)
def resource_edit(request, tenant_slug, pk):
    return _resource_form(
        request, get_visible_or_404(request, MANAGE, Resource.objects.all(), pk=pk)
    )


@file_view
@permission_required(VIEW)
def resource_file(request, tenant_slug, pk):
    resource = _resource(request, pk)
    if not resource.file:
        raise Http404
    return serve(request, resource.file, filename=resource.file_name or "document", inline=True)


# --- The watch ----------------------------------------------------------------------------------


@permission_required(VIEW)
def news_list(request, tenant_slug):
    """The news of the watch, the latest first, paginated; whether the person receives the
    weekly digest."""
    items = permissions.visible(
        request, VIEW, NewsItem.objects.filter(published_at__lte=timezone.now())
    )
    table = Table(
        request=request,
        queryset=items,
        columns=[Column("published", _("Published on"), ("published_at",))],
        default="-published",
        per_page=25,
        label=_("news"),
        target="news-list",
    )
    context = {"table": table, "managing": permissions.can(request, MANAGE)}
    if table.is_swap():
        return render(request, "directory/library/partials/news_items.html", context)
    profile = services.profile_of(tenant=request.tenant, user=request.user)
    context["subscribed"] = profile.wants_watch_digest
    return render(request, "directory/library/news_list.html", context)


@permission_required(MANAGE)
def news_create(request, tenant_slug):
    """A short news item: the members see it now, those who opted in get it in Monday's
    digest."""
    form = NewsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_news(tenant=request.tenant, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The news item is posted: Monday's weekly watch carries it to those who asked."),
            )
            return redirect(_url(request, "news_list"))
    return render(
        request,
        "directory/library/news_form.html",
        {"form": form, "themes": known_themes(request, Resource)},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@permission_required(MANAGE)
def news_delete(request, tenant_slug, pk):
    item = get_visible_or_404(request, MANAGE, NewsItem.objects.all(), pk=pk)
    services.delete_news(item=item, actor=request.user)
    messages.success(request, _("The news item is deleted."))
    return redirect(_url(request, "news_list"))


@permission_required(VIEW)
def watch_settings(request, tenant_slug):
    """Whether the person receives the weekly watch: their own choice only."""
    profile = services.profile_of(tenant=request.tenant, user=request.user)
    form = WatchForm(
        request.POST if request.method == "POST" else None,
        initial={"wants_watch_digest": profile.wants_watch_digest},
    )
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["wants_watch_digest"]
        try:
            services.set_watch_digest(
                tenant=request.tenant, user=request.user, actor=request.user, wanted=wanted
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("You will receive the weekly CSR watch on Monday mornings.")
                if wanted
                else _("You will no longer receive the weekly CSR watch."),
            )
            return redirect(_url(request, "news_list"))
    return render(
        request,
        "directory/library/watch_settings.html",
        {"form": form},
        status=400 if request.method == "POST" and form.errors else 200,
    )
