"""The companies' label pages, the one application page everybody shares, and the customer
survey (no account: the token in the link sent by e-mail is the key).

Who may open an application (``visible_applications``): the programme team, the company's
people (``labels.apply`` on the company), its assigned auditor (``labels.audit``) and its
assigned jurors without a conflict (``labels.score``); anyone else gets 404, like a missing one.
Writing (self-assessment, evidence, customers, submitting, renewing) is the company's and the
programme team's (``labels.apply``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies.models import Company
from companies.selectors import own_companies
from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message

from .. import selectors, services
from ..forms.company import ApplyForm, AssessmentForm, CustomersForm, EvidenceForm, SurveyForm
from ..models import (
    Application,
    Certificate,
    CustomerInvitation,
    Evidence,
    JurorAssignment,
    ScoredPart,
    Wave,
)
from . import certificates as certificate_views
from . import manage as manage_views

S = Application.Status
# The way an application goes when all is well; the label's parts decide whether it meets an
# auditor and a jury (a label without an audit goes from the eligibility check to the jury).
PATH = (S.DRAFT, S.SUBMITTED, S.ELIGIBILITY_CHECKED, S.AUDIT, S.JURY, S.DECIDED, S.CERTIFIED)
RENEWABLE = (S.CERTIFIED, S.EXPIRED)


# --- Reaching applications ----------------------------------------------------------------------


def _applying_companies(request):
    """The companies the person applies for: their own; every company for the programme team."""
    return permissions.visible(request, "labels.apply", Company.objects.all())


def visible_applications(request):
    """The applications the person may open (see the module's docstring), as a queryset."""
    audited = permissions.visible(request, "labels.audit", Application.objects.all())
    scored = permissions.visible(request, "labels.score", Application.objects.all())
    return Application.objects.filter(
        Q(company__in=_applying_companies(request).values("pk"))
        | Q(pk__in=audited.values("pk"))
        | Q(pk__in=scored.values("pk"))
    )


def _detail_queryset(applications):
    return applications.select_related(
        "wave__label", "company", "decision", "auditor", "audit_report", "certificate"
    )


def _application(request, pk):
    return get_object_or_404(_detail_queryset(visible_applications(request)), pk=pk)


def _own_application(request, pk):
    """An application the person may write to (their company's; any for the programme team)."""
    applications = Application.objects.filter(company__in=_applying_companies(request).values("pk"))
    return get_object_or_404(_detail_queryset(applications), pk=pk)


def _open_waves(today):
    return (
        Wave.objects.filter(label__archived=False, opens_on__lte=today, closes_on__gte=today)
        .select_related("label")
        .order_by("label__name", "label_id", "closes_on", "pk")
    )


# --- The catalogue ------------------------------------------------------------------------------


@permission_required("labels.apply")
def label_catalogue(request, tenant_slug):
    """The labels open for applications now and, for each of the person's companies, whether it
    may apply (and every reason why not), its applications and its certificates."""
    today = timezone.localdate()
    companies = list(own_companies(request.user, Company.objects.all()).order_by("name", "pk"))
    applications = list(
        Application.objects.filter(company__in=companies)
        .select_related("wave__label", "decision", "company")
        .order_by("-created_at", "-pk")
    )
    certificates = list(
        Certificate.objects.filter(application__company__in=companies)
        .select_related("application__wave__label")
        .order_by("-issued_on", "-pk")
    )
    offers = _offers(_open_waves(today), companies, applications)
    renewed = {application.previous_id for application in applications if application.previous_id}
    by_company = {
        company.pk: {"company": company, "applications": [], "certificates": []}
        for company in companies
    }
    for application in applications:
        by_company[application.company_id]["applications"].append(application)
    for certificate in certificates:
        application = certificate.application
        certificate.state = selectors.certificate_state(certificate, today)
        certificate.renewable = (
            certificate.withdrawn_at is None
            and application.status in RENEWABLE
            and application.pk not in renewed
        )
        by_company[application.company_id]["certificates"].append(certificate)
    return render(
        request,
        "labels/company/catalogue.html",
        {
            "offers": offers,
            "companies": list(by_company.values()),
            "may_manage": permissions.can(request, "labels.manage"),
        },
    )


def _offers(waves, companies, applications):
    """Per label open now: its open waves and, per company, its eligibility and whether it
    applied in each wave already."""
    applied = {(application.wave_id, application.company_id) for application in applications}
    offers = {}
    for wave in waves:
        offer = offers.setdefault(wave.label_id, {"label": wave.label, "waves": []})
        offer["waves"].append(wave)
    for offer in offers.values():
        verdicts = selectors.eligibility_of(label=offer["label"], companies=companies)
        offer["companies"] = [
            {"company": company, "ok": verdicts[company.pk][0], "reasons": verdicts[company.pk][1]}
            for company in companies
        ]
        for wave in offer["waves"]:
            wave.candidates = [
                row["company"]
                for row in offer["companies"]
                if row["ok"] and (wave.pk, row["company"].pk) not in applied
            ]
            wave.applied = [
                application for application in applications if application.wave_id == wave.pk
            ]
    return list(offers.values())


@require_POST
@permission_required("labels.apply")
def application_start(request, tenant_slug, pk):
    """The company chosen applies in the wave (``services.start_application`` checks that the
    wave is open, the company eligible and in good standing, and pre-fills a renewal)."""
    wave = get_object_or_404(Wave.objects.select_related("label"), pk=pk)
    form = ApplyForm(request.POST, companies=_applying_companies(request))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(_url(request, "label_catalogue"))
    try:
        application = services.start_application(
            wave=wave, company=form.cleaned_data["company"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_message(error))
        return redirect(_url(request, "label_catalogue"))
    messages.success(
        request,
        _(
            "The application is started: attach your self-assessment, add your evidence, "
            "then submit it."
        ),
    )
    return redirect(_url(request, "application_detail", pk=application.pk))


# --- The application page -----------------------------------------------------------------------


@permission_required("tenant.view")
def application_detail(request, tenant_slug, pk):
    return _detail_page(request, _application(request, pk))


def _detail_page(request, application, *, status=200, **forms):
    """The application as the person asking may see it; ``forms`` are bound forms to show
    again with their errors (``assessment_form``, ``evidence_form``, ``customers_form``)."""
    context = _detail_context(request, application)
    for name in ("assessment_form", "evidence_form", "customers_form"):
        if forms.get(name) is not None:
            context[name] = forms[name]
    return render(request, "labels/company/application_detail.html", context, status=status)


def _detail_context(request, application):
    label = application.wave.label
    may_apply = permissions.can(request, "labels.apply", application.company)
    may_manage = permissions.can(request, "labels.manage")
    may_audit = permissions.can(request, "labels.audit", application)
    may_score = permissions.can(request, "labels.score", application)
    draft = application.status == S.DRAFT
    parts = list(ScoredPart.objects.filter(label=label))
    sources = {part.source for part in parts}
    context = {
        "application": application,
        "label": label,
        "parts": parts,
        "may_apply": may_apply,
        "may_manage": may_manage,
        "may_audit": may_audit,
        "path": _path(application, sources),
        "evidence": list(
            Evidence.objects.filter(application=application)
            .select_related("uploaded_by", "carried_from")
            .order_by("uploaded_at", "pk")
        ),
        "evidence_form": (
            EvidenceForm() if may_apply and application.status in services.EVIDENCE_OPEN else None
        ),
    }
    context.update(
        _assessment_context(request, application, label, may_apply=may_apply, draft=draft)
    )
    if may_apply:
        context["transitions"] = list(
            application.transitions.select_related("actor").order_by("at", "pk")
        )
        context["missing"] = (
            [_("the self-assessment on the label's grid")] if not application.assessment_id else []
        )
        context["may_submit"] = draft
        if ScoredPart.Source.CUSTOMER_SURVEY in sources:
            context["survey"] = selectors.survey_summary(application=application)
            if application.status in services.SURVEY_OPEN and label.customer_framework_version_id:
                context["customers_form"] = CustomersForm()
    if may_audit or may_manage:
        context["audit_part"] = next(
            (part for part in parts if part.source == ScoredPart.Source.AUDIT), None
        )
        context["audit_report"] = getattr(application, "audit_report", None)
    if may_score:
        context["assignment"] = JurorAssignment.objects.filter(
            application=application, juror=request.user, conflict_at__isnull=True
        ).first()
    if may_manage:
        context.update(manage_views.application_panel_context(request, application))
    if (may_apply or may_manage) and getattr(application, "certificate", None) is not None:
        context["has_certificate"] = True
        context.update(certificate_views.certificate_panel_context(request, application))
    return context


def _path(application, sources):
    """The statuses of the way the application goes, each marked done, current or to come; a
    status off the way (withdrawn, expired, renewed) is shown on its own."""
    steps = [
        status
        for status in PATH
        if not (status == S.AUDIT and ScoredPart.Source.AUDIT not in sources)
    ]
    current = application.status
    position = steps.index(current) if current in steps else len(steps)
    return [
        {
            "label": S(status).label,
            "state": "done" if index < position else "current" if index == position else "todo",
        }
        for index, status in enumerate(steps)
    ]


def _assessment_context(request, application, label, *, may_apply, draft):
    """The attached self-assessment (its themes for the auditor and the jurors, a link to its
    results for the company) and, for a draft, the company's others on the label's grid."""
    reader = registry.assessment_reader()
    if reader is None:
        return {}
    context = {
        "assessment": (
            reader.detail(company=application.company, pk=application.assessment_id)
            if application.assessment_id
            else None
        ),
        "assessment_linked": may_apply,
    }
    if may_apply and draft:
        options = _assessment_options(application, label)
        context["assessment_options"] = options
        context["assessment_form"] = AssessmentForm(
            assessments=options, initial={"assessment": application.assessment_id}
        )
        grids = registry.grid_reader()
        if not options and grids is not None:
            context["grid_name"] = grids.name(
                tenant=request.tenant, version_id=label.framework_version_id
            )
    return context


def _assessment_options(application, label):
    reader = registry.assessment_reader()
    if reader is None:
        return []
    return [
        assessment
        for assessment in reader.submitted(company=application.company)
        if assessment.version_id == label.framework_version_id
    ]


@require_POST
@permission_required("labels.apply")
def application_assessment(request, tenant_slug, pk):
    application = _own_application(request, pk)
    options = _assessment_options(application, application.wave.label)
    form = AssessmentForm(request.POST, assessments=options)
    if form.is_valid():
        try:
            services.attach_assessment(
                application=application,
                assessment_pk=form.cleaned_data["assessment"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The self-assessment is attached to the application."))
            return redirect(_url(request, "application_detail", pk=application.pk) + "#assessment")
    return _detail_page(request, application, assessment_form=form, status=400)


@require_POST
@permission_required("labels.apply")
def evidence_upload(request, tenant_slug, pk):
    """A supporting document; its type is read from its content and its size limited
    (``UploadValidator`` on the model, run by ``services.add_evidence``)."""
    application = _own_application(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                application=application, upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The document is added to the application."))
            return redirect(_url(request, "application_detail", pk=application.pk) + "#evidence")
    return _detail_page(request, application, evidence_form=form, status=400)


@file_view
@permission_required("tenant.view")
def evidence_download(request, tenant_slug, pk):
    """A document of an application, to whoever may open the application. A document carried
    over from a renewed application is the earlier one's file."""
    evidence = get_object_or_404(
        Evidence.objects.filter(
            application__in=visible_applications(request).values("pk")
        ).select_related("carried_from"),
        pk=pk,
    )
    stored = evidence if evidence.file else evidence.carried_from
    if stored is None or not stored.file:
        raise Http404
    return serve(request, stored.file, filename=evidence.name, inline=True)


@require_POST
@permission_required("labels.apply")
def application_customers(request, tenant_slug, pk):
    """Invite customers to the survey: every bad address is listed and nothing is written."""
    application = _own_application(request, pk)
    form = CustomersForm(request.POST)
    if form.is_valid():
        addresses = form.cleaned_data["emails"]
        try:
            invited = services.invite_customers(
                application=application, emails=addresses, actor=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            skipped = len({address.lower() for address in addresses}) - len(invited)
            if invited:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s customer invited: they receive a link to the survey.",
                        "%(count)s customers invited: each receives a link to the survey.",
                        len(invited),
                    )
                    % {"count": len(invited)},
                )
            if skipped:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s address was already invited: it was left out.",
                        "%(count)s addresses were already invited: they were left out.",
                        skipped,
                    )
                    % {"count": skipped},
                )
            return redirect(_url(request, "application_detail", pk=application.pk) + "#survey")
    return _detail_page(request, application, customers_form=form, status=400)


@require_POST
@permission_required("labels.apply")
def application_submit(request, tenant_slug, pk):
    application = _own_application(request, pk)
    try:
        services.submit(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("The application is submitted: the programme team now checks its eligibility."),
        )
    return redirect(_url(request, "application_detail", pk=application.pk))


@require_POST
@permission_required("labels.apply")
def certificate_renew(request, tenant_slug, pk):
    """Renew a certificate: a new application in the label's open wave, pre-filled from the
    certified one (``services.start_application``), or a message when no wave is open."""
    certificate = get_object_or_404(
        Certificate.objects.filter(
            application__company__in=_applying_companies(request).values("pk")
        ).select_related("application__wave__label", "application__company"),
        pk=pk,
    )
    label = certificate.application.wave.label
    wave = _open_waves(timezone.localdate()).filter(label=label).first()
    if wave is None:
        messages.info(
            request,
            _(
                "No wave of the label %(label)s is open for applications right now. The "
                "programme team opens the next one; it will appear on this page."
            )
            % {"label": label.name},
        )
        return redirect(_url(request, "label_catalogue"))
    try:
        application = services.start_application(
            wave=wave, company=certificate.application.company, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_message(error))
        return redirect(_url(request, "label_catalogue"))
    messages.success(
        request,
        _(
            "Your renewal is started from your previous application: check the self-assessment "
            "and the documents carried over, then submit it."
        ),
    )
    return redirect(_url(request, "application_detail", pk=application.pk))


# --- The customer survey (no account) -----------------------------------------------------------


def customer_survey(request, tenant_slug, token):
    """The survey a customer reaches from the link in their e-mail: the label's customer grid,
    answered once. The page names the company and the label, nothing else of the company."""
    invitation = (
        CustomerInvitation.objects.filter(tenant=request.tenant, token=token)
        .select_related("application__wave__label", "application__company")
        .first()
    )
    if invitation is None:
        raise Http404
    application = invitation.application
    label = application.wave.label
    context = {"survey_label": label.name, "survey_company": application.company.name}
    if invitation.answered_at is not None:
        return _survey_page(request, context, "answered")
    reader = registry.grid_reader()
    version_id = label.customer_framework_version_id
    questions = (
        reader.questions(tenant=request.tenant, version_id=version_id)
        if reader is not None and version_id
        else ()
    )
    if application.status not in services.SURVEY_OPEN or not questions:
        return _survey_page(request, context, "closed")
    form = SurveyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        answers = form.answers()
        try:
            score = reader.score(tenant=request.tenant, version_id=version_id, answers=answers)
            services.record_customer_answer(
                tenant=request.tenant, token=token, answers=answers, score=score
            )
        except ValueError:
            form.add_error(None, _("Answer every question with one of the choices offered."))
        except ValidationError as error:
            if error.code == "answered":
                return _survey_page(request, context, "answered")
            if error.code == "closed":
                return _survey_page(request, context, "closed")
            form.add_service_error(error)
        else:
            return _survey_page(request, context, "thanks")
    context.update({"form": form, "themes": _by_theme(form, questions)})
    status = 400 if form.errors else 200
    return _survey_page(request, context, "open", status=status)


customer_survey.tenant_public = True


def _by_theme(form, questions):
    """The form's fields grouped under their theme, in the grid's order."""
    themes = {}
    for question in questions:
        themes.setdefault(question.theme, []).append(form[SurveyForm.field_name(question)])
    return list(themes.items())


def _survey_page(request, context, state, status=200):
    response = render(
        request, "labels/company/survey.html", {**context, "state": state}, status=status
    )
    # The token is the key: no search engine keeps the page (and the platform's same-origin
    # referrer policy keeps the address from other sites).
    response["X-Robots-Tag"] = "noindex"
    return response
