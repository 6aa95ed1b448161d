from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import etag, require_POST
from django_scopes import scope

from rse_platform.files.serving import file_view, serve
from rse_platform.web.tables import Column, Natural, Table

from . import branding, registry, selectors, services
from .forms import AcceptInvitationForm, BrandingForm, InvitationForm
from .models import Invitation, Membership, Tenant
from .permissions import permission_required
from .roles import ROLE_GUIDES, ROLE_NOT_YET, Role
from .shortcuts import tenant_reverse


def _members_url(request):
    return tenant_reverse(request, "members")


def _base_url(request):
    return request.build_absolute_uri("/")


@login_required
def home(request):
    """After login: straight to the only tenant, or a picker when the person has several."""
    memberships = selectors.memberships_of(user=request.user)
    if len(memberships) == 1:
        return redirect("tenant_home", tenant_slug=memberships[0].tenant.slug)
    return render(request, "tenants/picker.html", {"memberships": memberships})


HOME_TODOS = 8  # the home lists this many to-dos; the others wait behind "show more"


@permission_required("tenant.view")
def tenant_home(request, tenant_slug):
    """The "To do" list first (what the apps say the person has to do next), then the panels."""
    role = Role(request.membership.role)
    intro, next_steps = ROLE_GUIDES[role]
    todos = registry.todos_for(request)
    return render(
        request,
        "tenants/home.html",
        {
            "intro": intro,
            "next_steps": next_steps,
            "not_yet": ROLE_NOT_YET.get(role),
            "todos": todos[:HOME_TODOS],
            "more_todos": todos[HOME_TODOS:],
            "panels": registry.panels_for(request),
        },
    )


@file_view
@permission_required("tenant.view")
def tenant_logo(request, tenant_slug):
    """The tenant's logo, for the people who hold a role in it (files leave only through views)."""
    if not request.tenant.logo:
        raise Http404
    response = serve(
        request, request.tenant.logo, filename=f"logo-{request.tenant.slug}", inline=True
    )
    if request.GET.get("v") == request.tenant.branding_version:
        # The header asks for it on every page under an address that changes with the logo:
        # the browser may keep it (for this person only).
        response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def _theme_etag(request, tenant_slug):
    return request.tenant.branding_version


@permission_required("tenant.view")
@etag(_theme_etag)
def tenant_theme(request, tenant_slug):
    """The tenant's colours as CSS custom properties (the CSP refuses inline styles).

    Linked from every page of the tenant with ``?v=<version>``: that address never changes
    content, so browsers keep it; any other address is revalidated through its ETag.
    """
    css = render_to_string(
        "tenants/theme.css", {"palette": branding.palette(request.tenant.accent_colour)}
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    if request.GET.get("v") == request.tenant.branding_version:
        response["Cache-Control"] = "private, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "private, no-cache"
    return response


@permission_required("tenants.brand")
def tenant_branding(request, tenant_slug):
    """The organisation's settings page: its logo and accent colour."""
    # A copy: a refused form must not change the tenant the page's header is drawn from.
    tenant = Tenant.objects.get(pk=request.tenant.pk)
    form = BrandingForm(request.POST or None, request.FILES or None, instance=tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_branding(
                tenant=request.tenant,
                accent_colour=form.cleaned_data["accent_colour"],
                logo=form.new_logo,
                remove_logo=form.cleaned_data.get("remove_logo", False),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The organisation's logo and colour are saved."))
            return redirect(tenant_reverse(request, "tenant_branding"))
    return render(request, "tenants/branding.html", {"form": form, "saved": request.tenant})


@permission_required("members.view")
def members(request, tenant_slug):
    # PostgreSQL refuses a NUL character in a text parameter: no name or address has one.
    query = request.GET.get("q", "")
    role = request.GET.get("role", "")
    table = Table(
        request=request,
        queryset=selectors.search_members(tenant=request.tenant, query=query, role=role),
        columns=[
            Column("name", _("Name"), (Natural("user__last_name"), Natural("user__first_name"))),
            Column("email", _("E-mail address"), ("user__email",)),
            Column("role", _("Role"), ("role",)),
            Column("since", _("Member since"), ("created_at",)),
        ],
        default="name",
        label=_("people"),
        target="member-list",
    )
    context = {"roles": Role.choices, "table": table, "query": query, "role": role}
    if table.is_swap():
        return render(request, "tenants/partials/member_list.html", context)
    context["invitations"] = selectors.open_invitations(tenant=request.tenant)
    return render(request, "tenants/members.html", context)


@permission_required("members.invite")
def invite(request, tenant_slug):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(
                tenant=request.tenant,
                invited_by=request.user,
                base_url=_base_url(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect(_members_url(request))
    return render(request, "tenants/invite.html", {"form": form})


@require_POST
@permission_required("members.invite")
def resend_invitation(request, tenant_slug, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.resend_invitation(
            invitation=invitation, actor=request.user, base_url=_base_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invitation sent again to %(email)s.") % {"email": invitation.email}
        )
    return redirect(_members_url(request))


@require_POST
@permission_required("members.invite")
def revoke_invitation(request, tenant_slug, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.revoke_invitation(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email}
        )
    return redirect(_members_url(request))


@require_POST
@permission_required("members.remove")
def remove_member(request, tenant_slug, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    try:
        services.remove_member(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s no longer has a role here.") % {"person": membership.user}
        )
    return redirect(_members_url(request))


@require_POST
@permission_required("members.remove")
def change_role(request, tenant_slug, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    role = request.POST.get("role", "")
    try:
        if role not in Role.values:
            raise ValidationError(_("Choose one of the roles."))
        services.change_role(membership=membership, role=role, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": Role(role).label},
        )
    return redirect(_members_url(request))


def accept_invitation(request, token):
    """The invitation link: set a password (new person) or join with the existing account."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None or not invitation.is_open:
        return render(request, "tenants/invitation_invalid.html", status=410)

    with scope(tenant=invitation.tenant):
        existing = _account_for(invitation.email)
        if existing is not None:
            return _accept_as_existing_account(request, invitation, existing)

        form = AcceptInvitationForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                membership = services.accept_invitation(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, membership)
        return render(
            request,
            "tenants/accept_invitation.html",
            {"invitation": invitation, "form": form},
        )


def _account_for(email):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email).first()


def _accept_as_existing_account(request, invitation, account):
    if not request.user.is_authenticated:
        messages.info(
            request,
            _("You already have an account: sign in to join %(tenant)s.")
            % {"tenant": invitation.tenant},
        )
        login_url = reverse("account_login")
        return redirect(f"{login_url}?next={request.path}")
    if request.user.pk != account.pk:
        return render(
            request, "tenants/invitation_other_account.html", {"invitation": invitation}, status=403
        )
    if request.method == "POST":
        membership = services.accept_invitation(invitation=invitation, user=request.user)
        return _welcome(request, membership)
    return render(request, "tenants/accept_invitation.html", {"invitation": invitation})


def _welcome(request, membership):
    messages.success(
        request,
        _("Welcome to %(tenant)s: you are now %(role)s.")
        % {"tenant": membership.tenant, "role": membership.get_role_display().lower()},
    )
    return redirect("tenant_home", tenant_slug=membership.tenant.slug)
