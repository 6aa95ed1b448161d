"""What labels plug into the platform core: permissions, audit messages, what ends with a role,
the company's journey and the funder report. No page, navigation or panel yet (a later
increment adds them). Each area below keeps its own block."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.selectors import own_companies
from rse_platform.tenants import audit, permissions, registry
from rse_platform.tenants.roles import Role

from . import selectors, services
from .models import Application, Decision

# --- Permissions --------------------------------------------------------------------------------
# Managers define labels, run waves and decide. A company's people apply for it (the company's
# rows, like plans.edit). Jurors score the applications assigned to them, auditors audit theirs:
# object grants given by ``assign_jurors`` / ``assign_auditor``, taken back by a declared
# conflict or when the role ends.
permissions.register("labels.manage", roles={Role.MANAGER})
permissions.register(
    "labels.apply", roles={Role.MANAGER}, rows=own_companies, row_roles={Role.MEMBER}
)
permissions.register(
    "labels.score",
    roles=(),
    object_permission="labels.score_application",
    object_roles={Role.JURY},
)
permissions.register(
    "labels.audit",
    roles=(),
    object_permission="labels.audit_application",
    object_roles={Role.AUDITOR},
)

# --- Audit trail --------------------------------------------------------------------------------
for code, message in {
    "label.created": _("%(actor)s created the label “%(label)s”"),
    "label.updated": _("%(actor)s updated the label “%(label)s”"),
    "label.wave_opened": _("%(actor)s opened the wave “%(wave)s” of the label “%(label)s”"),
    "label.applied": _("%(actor)s started the %(label)s application of %(company)s (%(wave)s)"),
    "label.moved": _("%(actor)s moved the %(label)s application of %(company)s to “%(status)s”"),
    "label.customers_invited": _(
        "%(actor)s invited %(count)s customers of %(company)s to the survey"
    ),
    "label.auditor_assigned": _("%(actor)s made %(email)s the auditor of %(company)s"),
    "label.audited": _("%(actor)s recorded the audit of %(company)s: %(score)s"),
    "label.juror_assigned": _("%(actor)s assigned the juror %(email)s to %(company)s"),
    "label.conflicts_confirmed": _(
        "%(actor)s confirmed the conflicts of interest of %(email)s (%(wave)s)"
    ),
    "label.conflict_declared": _(
        "%(actor)s recorded a conflict of interest of %(email)s with %(company)s (%(wave)s)"
    ),
    "label.scores_submitted": _("%(actor)s submitted their jury scores of %(company)s"),
    "label.score_amended": _("%(actor)s amended their score “%(part)s” of %(company)s"),
    "label.decided": _("%(actor)s recorded the decision on %(company)s: %(outcome)s (%(total)s)"),
    "label.certified": _("%(actor)s certified %(company)s (certificate %(code)s)"),
    "label.certificate_withdrawn": _("%(actor)s withdrew the certificate %(code)s: %(reason)s"),
}.items():
    audit.register_action(code, message)

# --- A role that ends ---------------------------------------------------------------------------
registry.add_role_end_handler("labels", services.end_jury_work_of)


# --- The company's journey ----------------------------------------------------------------------
def _timeline(*, company):
    """Applications started and submitted, decisions and certificates: two queries."""
    entries = []
    for application in Application.objects.filter(company=company).select_related(
        "wave__label", "certificate"
    ):
        label = application.wave.label.name
        entries.append(
            registry.TimelineEntry(
                when=application.created_at,
                kind="label",
                title=gettext("%(label)s application started") % {"label": label},
                detail=application.wave.name,
            )
        )
        if application.submitted_at:
            entries.append(
                registry.TimelineEntry(
                    when=application.submitted_at,
                    kind="label",
                    title=gettext("%(label)s application submitted") % {"label": label},
                    detail=application.wave.name,
                )
            )
        certificate = getattr(application, "certificate", None)
        if certificate is not None:
            entries.append(
                registry.TimelineEntry(
                    when=certificate.issued_on,
                    kind="label",
                    title=gettext("Labelled %(label)s") % {"label": label},
                    detail=certificate.level,
                )
            )
    for decision in Decision.objects.filter(application__company=company).select_related(
        "application__wave__label"
    ):
        entries.append(
            registry.TimelineEntry(
                when=decision.decided_at,
                kind="label",
                title=gettext("%(label)s decision: %(outcome)s")
                % {
                    "label": decision.application.wave.label.name,
                    "outcome": decision.get_outcome_display(),
                },
                detail=decision.level,
            )
        )
    return entries


registry.add_timeline_source("labels", _timeline)


# --- The funder report --------------------------------------------------------------------------
def _activity(*, tenant, start, end):
    """Companies holding each label (and level) on the last day of the period."""
    last_day = timezone.localdate(end - timedelta(microseconds=1))
    return [
        registry.ActivityFigure(
            f"labelled:{label}:{level}",
            (
                gettext("Companies labelled %(label)s %(level)s")
                if level
                else gettext("Companies labelled %(label)s")
            )
            % {"label": label, "level": level},
            count,
            detail=gettext("holding a valid certificate at the end of the period"),
            order=70,
        )
        for label, level, count in selectors.labelled_counts(tenant=tenant, today=last_day)
    ]


registry.add_activity_source("labels", _activity)


# --- public pages: navigation, home, to-dos -----------------------------------------------------
# Certificates (their PDF, a wave's batch), the public showcase and the expiry reminders.
from rse_platform.files import documents  # noqa: E402  (this block's own imports)

from . import certificates, reminders  # noqa: E402

# A certificate is seen by whoever may open its application: the programme team, and the
# company's people (labels.apply on the company, through the application).
permissions.register(
    "labels.view_application", roles={Role.MANAGER}, through=("company", "labels.apply")
)
permissions.register(
    "labels.view_certificate",
    roles={Role.MANAGER},
    through=("application", "labels.view_application"),
)
documents.register(
    certificates.CERTIFICATE,
    render=certificates.render_certificate,
    permission="labels.view_certificate",
    label=certificates.CERTIFICATE_LABEL,
)
documents.register(
    certificates.WAVE_CERTIFICATES,
    render=certificates.render_wave_certificates,
    permission="labels.manage",
    label=certificates.WAVE_CERTIFICATES_LABEL,
)
registry.add_reminder("labels_expiry", reminders.send_expiry_reminders)


# --- jury pages: navigation, home, to-dos -------------------------------------------------------
# The jury members' entry, their home panel (applications to score, the next jury day) and their
# to-dos, built by the juror pages' module (labels/views/jury.py, imported when called) from the
# juror's reads in labels/selectors.py.
registry.add_nav(registry.NavItem("jury", _("Jury"), "jury_home", "labels.score", order=40))


def _jury_panel(request):
    from .views import jury

    return jury.home_panel(request)


def _jury_todos(request):
    from .views import jury

    return jury.todo_items(request)


registry.add_home_panel(
    registry.HomePanel(
        key="labels_jury",
        template="labels/jury/panels/juror.html",
        permission="labels.score",
        context=_jury_panel,
        order=6,
    )
)
registry.add_todo("labels_jury", _jury_todos, permission="labels.score", order=40)


# --- manage pages: navigation, home, to-dos -----------------------------------------------------
# The programme team's entry (labels, waves, the jury's assignments, decisions), the audit
# messages of the moves its pages added, and its to-dos (applications waiting for its move); the
# reads are the manager pages' own (labels/views/manage.py), imported when called.
registry.add_nav(
    registry.NavItem("labels_manage", _("Labels"), "label_list", "labels.manage", order=38)
)
for code, message in {
    "label.wave_updated": _("%(actor)s updated the wave “%(wave)s” of the label “%(label)s”"),
    "label.juror_unassigned": _("%(actor)s took the juror %(email)s off %(company)s"),
}.items():
    audit.register_action(code, message)


def _manager_todos(request):
    from .views import manage

    return manage.todo_items(request)


registry.add_todo("labels_manage", _manager_todos, permission="labels.manage", order=38)


# --- company pages: navigation, home, to-dos ----------------------------------------------------
# A company's people find the labels open to them and their applications under "Labels". The
# entry follows ``companies.own`` (labels.apply's rows: a member's own companies) rather than
# labels.apply itself, which the programme team holds too and reaches through its own "Labels".
# Auditors get "Audits", a home panel and a to-do per audit waiting; the reads are the auditor
# pages' own (labels/views/audit.py), imported when called.
registry.add_nav(
    registry.NavItem("labels_company", _("Labels"), "label_catalogue", "companies.own", order=38)
)
registry.add_nav(registry.NavItem("audits", _("Audits"), "audit_list", "labels.audit", order=39))


def _auditor_panel(request):
    from .views import audit as audit_views

    return audit_views.home_panel(request)


def _auditor_todos(request):
    from .views import audit as audit_views

    return audit_views.todo_items(request)


registry.add_home_panel(
    registry.HomePanel(
        key="labels_auditor",
        template="labels/audit/panels/auditor.html",
        permission="labels.audit",
        context=_auditor_panel,
        order=6,
    )
)
registry.add_todo("labels_audits", _auditor_todos, permission="labels.audit", order=39)
