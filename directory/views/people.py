"""The directory's pages of people: the hub, the people, companies and consultants who chose to
appear (only what each chose to show: the selectors' cards), one's own entry, a company's entry,
support requests and the competence taxonomy.

Every read goes through ``directory.selectors`` (which apply the visibility choices and the
roles), every write through ``directory.services``.
"""

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from companies.models import Company
from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.tables import Column, Natural, Table

from .. import selectors, services
from ..forms.people import (
    CompanyListingForm,
    CompetenceForm,
    ConsultantFilterForm,
    ConsultantProfileForm,
    DirectoryFilterForm,
    ProfileForm,
    SupportAnswerForm,
    SupportRequestForm,
)
from ..models import SupportRequest

CARDS_PER_PAGE = 24  # a grid of 2, 3 or 4 columns fills its rows
HOME_PRACTICES = 3
HOME_NEWS = 3


def _offered(tenant, held):
    """The competences a person or company may tick: those offered now and those already held
    (an archived one stays ticked until unticked)."""
    return selectors.competences(tenant=tenant, include_archived=True).filter(
        Q(archived=False) | Q(pk__in=[competence.pk for competence in held])
    )


def _own_companies(request):
    """The companies the person asking works for (a company member's), by name."""
    return permissions.visible(request, "companies.own", Company.objects.all()).order_by(
        Natural("name"), "pk"
    )


def _cards_table(request, queryset, *, order, label, target):
    return Table(
        request=request,
        queryset=queryset,
        columns=[Column("name", _("Name"), order)],
        default="name",
        per_page=CARDS_PER_PAGE,
        label=label,
        target=target,
    )


# --- The hub ------------------------------------------------------------------------------------


@permission_required("directory.view")
def directory_home(request, tenant_slug):
    """The network's hub: what is in the directory and how to find it, a search box, the
    practices put forward and the latest news; the programme team's tools; an invitation to
    appear for whoever is not listed yet."""
    tenant = request.tenant
    may_manage = permissions.can(request, "directory.manage")
    profile = services.profile_of(tenant=tenant, user=request.user)
    may_advise = permissions.can(request, "directory.advise")
    context = {
        "counts": {
            "people": selectors.listed_profiles(tenant=tenant, viewer=request).count(),
            "companies": selectors.listed_companies(tenant=tenant, viewer=request).count(),
            "consultants": selectors.consultant_profiles(tenant=tenant, viewer=request).count(),
            "practices": selectors.published_practices(tenant=tenant, viewer=request).count(),
            "offers": selectors.offers(tenant=tenant, viewer=request).count(),
            "resources": selectors.resources(tenant=tenant, viewer=request).count(),
        },
        "practices": selectors.practice_cards(
            selectors.published_practices(tenant=tenant, viewer=request)[:HOME_PRACTICES]
        ),
        "news": selectors.latest_news(tenant=tenant, n=HOME_NEWS),
        "may_manage": may_manage,
        "open_requests": (
            selectors.open_support_requests(tenant=tenant).count() if may_manage else 0
        ),
        "listed": bool(profile.pk and profile.listed),
        "needs_consultant_entry": may_advise
        and not selectors.consultant_profiles(tenant=tenant, viewer=request)
        .filter(user=request.user)
        .exists(),
        "own_companies": list(_own_companies(request)),
    }
    return render(request, "directory/people/home.html", context)


# --- People -------------------------------------------------------------------------------------


def _filter_form(request, form_class=DirectoryFilterForm, *, people=False):
    return form_class(
        request.GET,
        values=selectors.filter_values(tenant=request.tenant, viewer=request, people=people),
        competences=selectors.competences(tenant=request.tenant),
    )


@permission_required("directory.view")
def people_list(request, tenant_slug):
    form = _filter_form(request, people=True)
    filters = form.filters()
    table = _cards_table(
        request,
        selectors.listed_profiles(tenant=request.tenant, viewer=request, **filters),
        order=(Natural("user__last_name"), Natural("user__first_name")),
        label=_("people"),
        target="people-cards",
    )
    context = {
        "form": form,
        "filtered": bool(filters),
        "table": table,
        "cards": selectors.person_cards(table.rows),
    }
    if table.is_swap():
        return render(request, "directory/people/partials/people_cards.html", context)
    return render(request, "directory/people/people_list.html", context)


def _person_card(request, pk):
    profiles = selectors.listed_profiles(tenant=request.tenant, viewer=request).filter(pk=pk)
    cards = selectors.person_cards(profiles)
    if not cards:
        raise Http404
    return cards[0]


@permission_required("directory.view")
def person_detail(request, tenant_slug, pk):
    """A listed person as the members see them: only what they chose to show, their clubs
    included (read from the clubs app through the core, ``registry.person_clubs``)."""
    card = _person_card(request, pk)
    company_ids = [position.company_id for position in card.positions]
    listed = set(
        selectors.listed_companies(tenant=request.tenant, viewer=request)
        .filter(pk__in=company_ids)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "directory/people/person_detail.html",
        {
            "card": card,
            "listed_companies": listed,
            "is_me": card.user_id == request.user.pk,
            "clubs_offered": registry.person_clubs() is not None,
            "clubs": selectors.person_clubs(tenant=request.tenant, card=card),
        },
    )


@file_view
@permission_required("directory.view")
def person_photo(request, tenant_slug, pk):
    """A listed person's photo, only while they show it (404 otherwise, like a missing one)."""
    profile = selectors.photo_profile(tenant=request.tenant, viewer=request, pk=pk)
    if profile is None:
        raise Http404
    suffix = PurePosixPath(profile.photo.name).suffix
    return serve(request, profile.photo, filename=f"photo-{profile.pk}{suffix}", inline=True)


# --- Companies ----------------------------------------------------------------------------------


@permission_required("directory.view")
def company_list(request, tenant_slug):
    form = _filter_form(request)
    filters = form.filters()
    table = _cards_table(
        request,
        selectors.listed_companies(tenant=request.tenant, viewer=request, **filters),
        order=(Natural("name"),),
        label=_("companies"),
        target="company-cards",
    )
    context = {
        "form": form,
        "filtered": bool(filters),
        "table": table,
        "cards": selectors.company_cards(table.rows),
        "own_companies": list(_own_companies(request)),
    }
    if table.is_swap():
        return render(request, "directory/people/partials/company_cards.html", context)
    return render(request, "directory/people/company_list.html", context)


@permission_required("directory.view")
def company_detail(request, tenant_slug, pk):
    """A listed company: its description and competences, its good practices (drafts too for
    its own people and the programme team), the people who show they work there."""
    listed = selectors.listed_companies(tenant=request.tenant, viewer=request).filter(pk=pk)
    company = listed.first()
    if company is None:
        raise Http404
    (card,) = selectors.company_cards(Company.objects.filter(pk=company.pk))
    may_publish = permissions.can(request, "directory.publish", company)
    if may_publish:
        practices = selectors.company_practices(company=company)
    else:
        practices = selectors.published_practices(
            tenant=request.tenant, viewer=request, company=company
        )
    own = _own_companies(request).filter(pk=company.pk).exists()
    return render(
        request,
        "directory/people/company_detail.html",
        {
            "company": company,
            "card": card,
            "practices": list(practices),
            "people": selectors.person_cards(
                selectors.listed_people_of(company=company, viewer=request)
            ),
            "may_publish": may_publish,
            "is_own": own,
        },
    )


@permission_required("directory.publish")
def company_listing(request, tenant_slug, pk):
    """The company's people (and the programme team) decide whether and how it appears."""
    company = get_visible_or_404(request, "directory.publish", Company.objects.all(), pk=pk)
    listing = services.listing_of(company=company)
    held = list(listing.competences.all()) if listing.pk else []
    form = CompanyListingForm(
        request.POST or None,
        competences=_offered(request.tenant, held),
        initial={
            "listed": listing.listed,
            "description": listing.description,
            "competences": [competence.pk for competence in held],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.update_company_listing(
                company=company, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if listing.listed:
                messages.success(request, _("The company's entry is saved: members see it."))
                return redirect(_url(request, "directory_company", pk=company.pk))
            messages.success(request, _("Saved: the company does not appear in the directory."))
            return redirect(_url(request, "directory_listing", pk=company.pk))
    return render(
        request,
        "directory/people/company_listing.html",
        {"company": company, "listing": listing, "form": form},
        status=400 if form.errors else 200,
    )


# --- Consultants and support requests -----------------------------------------------------------


@permission_required("directory.view")
def consultant_list(request, tenant_slug):
    form = _filter_form(request, ConsultantFilterForm)
    filters = form.filters()
    table = _cards_table(
        request,
        selectors.consultant_profiles(tenant=request.tenant, viewer=request, **filters),
        order=(Natural("user__last_name"), Natural("user__first_name")),
        label=_("consultants"),
        target="consultant-cards",
    )
    context = {
        "form": form,
        "filtered": bool(filters),
        "table": table,
        "cards": selectors.consultant_cards(table.rows),
        "own_companies": list(_own_companies(request)),
        "may_advise": permissions.can(request, "directory.advise"),
    }
    if table.is_swap():
        return render(request, "directory/people/partials/consultant_cards.html", context)
    return render(request, "directory/people/consultant_list.html", context)


@permission_required("directory.publish")
def support_request(request, tenant_slug, pk):
    """A company's people ask the programme team for a consultant's support, naming one of the
    consultant directory or leaving the choice to the team."""
    company = get_visible_or_404(request, "directory.publish", Company.objects.all(), pk=pk)
    consultants = [
        profile.user
        for profile in selectors.consultant_profiles(tenant=request.tenant, viewer=request)
    ]
    chosen = request.GET.get("consultant", "")
    form = SupportRequestForm(
        request.POST or None,
        consultants=consultants,
        initial={"consultant": int(chosen) if chosen.isdigit() else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            support = services.request_support(
                company=company, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Your request is sent to the programme team: its answer will appear here."),
            )
            return redirect(_url(request, "support_detail", pk=support.pk))
    return render(
        request,
        "directory/people/support_request.html",
        {"company": company, "form": form},
        status=400 if form.errors else 200,
    )


def _support_requests(request):
    """The requests the person asking may follow: every one for the programme team, their
    companies' for a company's people."""
    return permissions.visible(
        request, "directory.publish", SupportRequest.objects.all(), through="company"
    ).select_related("company", "consultant", "requested_by", "handled_by")


@permission_required("directory.publish")
def support_list(request, tenant_slug):
    may_manage = permissions.can(request, "directory.manage")
    status = request.GET.get("status", "open" if may_manage else "")
    rows = _support_requests(request)
    if status in SupportRequest.Status.values:
        rows = rows.filter(status=status)
    else:
        status = "all"
    table = Table(
        request=request,
        queryset=rows,
        columns=[
            Column("created", _("Asked on"), ("created_at",)),
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("status", _("Status"), ("status",)),
        ],
        default="created" if status == "open" else "-created",
        label=_("support requests"),
        target="support-table",
    )
    context = {
        "table": table,
        "status": status,
        "statuses": SupportRequest.Status.choices,
        "may_manage": may_manage,
        "own_companies": [] if may_manage else list(_own_companies(request)),
    }
    if table.is_swap():
        return render(request, "directory/people/partials/support_table.html", context)
    return render(request, "directory/people/support_list.html", context)


@permission_required("directory.publish")
def support_detail(request, tenant_slug, pk):
    """The request and its answer; the programme team turns an open one into a mission (on
    the page that opens missions, when the action plans app is there) or declines it."""
    support = _support_requests(request).filter(pk=pk).first()
    if support is None:
        raise Http404
    may_manage = permissions.can(request, "directory.manage")
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    is_open = support.status == SupportRequest.Status.OPEN
    form = SupportAnswerForm(request.POST or None) if may_manage and is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This request was already answered."))
            return redirect(_url(request, "support_detail", pk=support.pk))
        if form.is_valid():
            response = _answer(request, support, form)
            if response is not None:
                return response
    return render(
        request,
        "directory/people/support_detail.html",
        {
            "support": support,
            "form": form,
            "may_manage": may_manage,
            "mission_starter": registry.mission_starter() is not None,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _answer(request, support, form):
    reply = form.cleaned_data["reply"]
    try:
        if form.cleaned_data["op"] == "convert":
            support = services.convert_support_request(
                support=support, actor=request.user, reply=reply
            )
        else:
            support = services.decline_support_request(
                support=support, actor=request.user, reply=reply
            )
    except ValidationError as error:
        form.add_service_error(error)
        return None
    if support.status == SupportRequest.Status.DECLINED:
        messages.success(request, _("The request is declined; the company sees your reply."))
        return redirect(_url(request, "support_detail", pk=support.pk))
    starter = registry.mission_starter()
    if starter is None:
        messages.success(
            request,
            _(
                "The request is marked as turned into a mission; set the mission up with the "
                "consultant outside the platform."
            ),
        )
        return redirect(_url(request, "support_detail", pk=support.pk))
    messages.success(
        request,
        _("The request is marked as turned into a mission: now set up the mission of %(company)s.")
        % {"company": support.company.name},
    )
    return redirect(starter(request=request, company=support.company))


# --- One's own entry ----------------------------------------------------------------------------


@permission_required("directory.view")
def my_profile(request, tenant_slug):
    """The person's own entry and each choice of what it shows; a consultant's entry in the
    consultant directory too. Only the person writes them (the services check it)."""
    tenant, user = request.tenant, request.user
    profile = services.profile_of(tenant=tenant, user=user)
    held = list(profile.competences.all()) if profile.pk else []
    which = request.POST.get("form") if request.method == "POST" else None
    form = ProfileForm(
        request.POST if which == "profile" else None,
        request.FILES if which == "profile" else None,
        competences=_offered(tenant, held),
        initial={
            "listed": profile.listed,
            "headline": profile.headline,
            "show_position": profile.show_position,
            "show_email": profile.show_email,
            "phone": profile.phone,
            "show_phone": profile.show_phone,
            "show_clubs": profile.show_clubs,
            "show_photo": profile.show_photo,
            "competences": [competence.pk for competence in held],
            "wants_watch_digest": profile.wants_watch_digest,
        },
    )
    consultant_form = None
    consultant = None
    if permissions.can(request, "directory.advise"):
        consultant = (
            selectors.consultant_profiles(tenant=tenant, viewer=request).filter(user=user).first()
        )
        consultant_held = list(consultant.competences.all()) if consultant else []
        consultant_form = ConsultantProfileForm(
            request.POST if which == "consultant" else None,
            prefix="consultant",
            competences=_offered(tenant, consultant_held),
            initial={
                "expertise": consultant.expertise if consultant else "",
                "references": consultant.references if consultant else "",
                "competences": [competence.pk for competence in consultant_held],
                "show_followed_companies": (
                    consultant.show_followed_companies if consultant else False
                ),
            },
        )
    if which == "profile" and form.is_valid():
        try:
            services.update_profile(
                tenant=tenant,
                user=user,
                actor=user,
                **{**form.cleaned_data, "photo": form.cleaned_data["photo"] or None},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your directory entry is saved."))
            return redirect(_url(request, "directory_my_profile"))
    if which == "consultant" and consultant_form is not None and consultant_form.is_valid():
        try:
            services.update_consultant_profile(
                tenant=tenant, user=user, actor=user, **consultant_form.cleaned_data
            )
        except ValidationError as error:
            consultant_form.add_service_error(error)
        else:
            messages.success(request, _("Your entry in the consultant directory is saved."))
            return redirect(_url(request, "directory_my_profile"))
    preview = None
    if profile.pk and profile.listed:
        preview = selectors.person_cards(
            selectors.listed_profiles(tenant=tenant, viewer=request).filter(pk=profile.pk)
        )
    bad = request.method == "POST"
    return render(
        request,
        "directory/people/my_profile.html",
        {
            "profile": profile,
            "form": form,
            "consultant_form": consultant_form,
            "consultant": consultant,
            "preview": preview[0] if preview else None,
            "has_competences": selectors.competences(tenant=tenant).exists(),
        },
        status=400 if bad else 200,
    )


# --- The competence taxonomy (the programme team) -----------------------------------------------


@permission_required("directory.manage")
def competence_list(request, tenant_slug):
    """The tenant's taxonomy, how many listed people and companies declared each competence,
    and a form to add one."""
    form = CompetenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competence = services.create_competence(
                tenant=request.tenant,
                actor=request.user,
                **{**form.cleaned_data, "order": form.cleaned_data["order"] or 0},
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("“%(name)s” is added to the competences.") % {"name": competence.name}
            )
            return redirect(_url(request, "competence_list"))
    archived = request.GET.get("archived") == "1"
    rows = selectors.competences(tenant=request.tenant, include_archived=True).filter(
        archived=archived
    )
    table = Table(
        request=request,
        queryset=rows.annotate(
            people=Count("profiles", filter=Q(profiles__listed=True), distinct=True),
            listed_companies=Count("companies", filter=Q(companies__listed=True), distinct=True),
            consultant_count=Count("consultants", distinct=True),
        ),
        columns=[
            Column("order", _("Order"), ("order", Natural("name")), align="end"),
            Column("name", _("Competence"), (Natural("name"),)),
            Column("theme", _("Theme"), (Natural("theme"), Natural("name"))),
            Column("people", _("People"), ("people",), align="end"),
            Column("companies", _("Companies"), ("listed_companies",), align="end"),
            Column("consultants", _("Consultants"), ("consultant_count",), align="end"),
        ],
        default="order",
        label=_("competences"),
        target="competence-table",
    )
    context = {"table": table, "form": form, "archived": archived}
    if table.is_swap():
        return render(request, "directory/people/partials/competence_table.html", context)
    return render(
        request,
        "directory/people/competence_list.html",
        context,
        status=400 if form.errors else 200,
    )


@permission_required("directory.manage")
def competence_edit(request, tenant_slug, pk):
    """Rename, describe, reorder a competence; archive it (those who declared it keep it) or
    offer it again."""
    competence = get_visible_or_404(
        request,
        "directory.manage",
        selectors.competences(tenant=request.tenant, include_archived=True),
        pk=pk,
    )
    op = request.POST.get("op", "save")
    if request.method == "POST" and op in ("archive", "restore"):
        services.archive_competence(
            competence=competence, actor=request.user, archived=op == "archive"
        )
        if op == "archive":
            messages.success(
                request,
                _("“%(name)s” is no longer offered; those who declared it keep it.")
                % {"name": competence.name},
            )
        else:
            messages.success(request, _("“%(name)s” is offered again.") % {"name": competence.name})
        return redirect(_url(request, "competence_list"))
    form = CompetenceForm(
        request.POST or None,
        initial={
            "name": competence.name,
            "theme": competence.theme,
            "description": competence.description,
            "order": competence.order,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_competence(
                competence=competence, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The competence is saved."))
            return redirect(_url(request, "competence_list"))
    return render(
        request,
        "directory/people/competence_edit.html",
        {"competence": competence, "form": form},
        status=400 if form.errors else 200,
    )
