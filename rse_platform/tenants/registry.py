"""What domain apps plug into the platform core: navigation, home panels, to-dos, reminders.

Each app registers its entries in ``AppConfig.ready()``; the core renders them for the roles whose
permissions allow it, so adding a domain app never means editing the core's templates.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum

from django.urls import reverse
from django.utils.translation import get_language

from . import generations, permissions


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    permission: str
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    """A block of a tenant home page: ``context(request)`` returns the template's context.

    ``unless``: a permission whose holders do not get this panel, because another panel already
    shows them the same figures (the programme's panel holds the register's for a manager).
    ``shared``: the context depends on the tenant only, never on who asks (figures of the whole
    tenant): it is computed once per tenant, role and language and kept until a row of the
    tenant is written (``generations``). The context must pickle (plain data, model rows).
    """

    key: str
    template: str
    permission: str
    context: Callable
    order: int = 100
    unless: str = ""
    shared: bool = False


_NAV: dict[str, NavItem] = {}
_PANELS: dict[str, HomePanel] = {}
_REMINDERS: dict[str, Callable] = {}


def add_nav(item):
    _NAV[item.key] = item


def add_home_panel(panel):
    _PANELS[panel.key] = panel


def add_reminder(key, func):
    """``func(*, tenant, now)`` sends what is due in one tenant; it must be safe to run twice."""
    _REMINDERS[key] = func


def nav_for(request):
    current = request.resolver_match.url_name if request.resolver_match else None
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    items = []
    for item in sorted(_NAV.values(), key=lambda entry: (entry.order, entry.key)):
        if permissions.may_reach(request, item.permission):
            full_name = f"{namespace}:{current}" if namespace else current
            items.append(
                {
                    "label": item.label,
                    "url": reverse(item.url_name, kwargs={"tenant_slug": request.tenant.slug}),
                    "active": full_name == item.url_name,
                }
            )
    return items


def panels_for(request):
    panels = sorted(_PANELS.values(), key=lambda entry: (entry.order, entry.key))
    return [
        {"template": panel.template, **_panel_context(request, panel)}
        for panel in panels
        if permissions.may_reach(request, panel.permission)
        and not (panel.unless and permissions.may_reach(request, panel.unless))
    ]


def _panel_context(request, panel):
    if not panel.shared:
        return panel.context(request)
    role = request.membership.role if request.membership else ""
    return generations.cached(
        tenant_id=request.tenant.pk,
        key=f"panel:{panel.key}:{role}:{get_language()}",
        compute=lambda: panel.context(request),
    )


def reminders():
    return dict(_REMINDERS)


@dataclass(frozen=True)
class TimelineEntry:
    """One step of a company's journey in the programme, shown on the company page."""

    when: object  # a date or an aware datetime
    kind: str  # e.g. "enrolment", "charter", "event", "diagnostic", "action_plan", "label"
    title: str
    detail: str = ""
    url: str = ""


_TIMELINE: dict[str, Callable] = {}


def add_timeline_source(key, func):
    """``func(*, company)`` returns the company's ``TimelineEntry`` items from one domain app.

    Each source must cost a fixed number of queries, whatever the company's history.
    """
    _TIMELINE[key] = func


def timeline_for(*, company):
    entries = [entry for source in _TIMELINE.values() for entry in source(company=company)]
    return sorted(entries, key=_moment, reverse=True)


def _moment(entry):
    return _aware(entry.when, "TimelineEntry.when")


def _aware(when, what):
    from datetime import date, datetime, time

    from django.utils import timezone

    if isinstance(when, datetime):
        return when
    if isinstance(when, date):
        return timezone.make_aware(datetime.combine(when, time.min))
    raise TypeError(f"{what} must be a date or datetime, not {type(when).__name__}")


@dataclass(frozen=True)
class CompanyFilter:
    """A filter another app adds to the company register (the programme status, for instance).

    ``apply(queryset, value)`` filters in the database; ``choices`` are ``(value, label)`` pairs.
    """

    key: str
    label: str
    choices: Callable  # () -> [(value, label)], evaluated per request for translated labels
    apply: Callable
    order: int = 100


@dataclass(frozen=True)
class CompanySection:
    """A block of the company page contributed by a domain app (enrolments, clubs, diagnostics).

    ``context(request, company)`` returns the template's context, or None to hide the block.
    """

    key: str
    template: str
    permission: str
    context: Callable
    order: int = 100


@dataclass(frozen=True)
class CompanyBulkAction:
    """Something a manager does to the companies ticked in the register (enrol them, add them
    to a club or a campaign), contributed by the app that owns it.

    ``choices(tenant)`` lists the targets (a status, a club, a campaign) as ``(value, label)``;
    ``apply(*, company, value, actor)`` does it to one company through the app's service and
    raises ``ValidationError`` when that company cannot take it. The register applies it to
    every ticked company in one transaction: one refusal and nothing is written.
    """

    key: str
    label: str
    permission: str
    target_label: str
    choices: Callable
    apply: Callable
    order: int = 100


@dataclass(frozen=True)
class CompanyBadge:
    """A status another app shows on each row of the company register (the programme status).

    ``annotate(queryset)`` adds what the badge needs in SQL (one subquery, not a query per row);
    ``badge(company)`` returns ``(text, css_class)`` from it, or None for no badge.
    """

    key: str
    annotate: Callable
    badge: Callable
    order: int = 100


_COMPANY_FILTERS: dict[str, CompanyFilter] = {}
_COMPANY_BADGES: dict[str, CompanyBadge] = {}
_BULK_ACTIONS: dict[str, CompanyBulkAction] = {}
_COMPANY_SECTIONS: dict[str, CompanySection] = {}
_ROLE_END: dict[str, Callable] = {}


def add_company_filter(company_filter):
    _COMPANY_FILTERS[company_filter.key] = company_filter


def company_filters():
    return sorted(_COMPANY_FILTERS.values(), key=lambda entry: (entry.order, entry.key))


def add_company_badge(badge):
    _COMPANY_BADGES[badge.key] = badge


def company_badges():
    return sorted(_COMPANY_BADGES.values(), key=lambda entry: (entry.order, entry.key))


def add_company_bulk_action(action):
    _BULK_ACTIONS[action.key] = action


def company_bulk_actions_for(request):
    """The bulk actions the person asking may use, each with its targets."""
    return [
        action
        for action in sorted(_BULK_ACTIONS.values(), key=lambda entry: (entry.order, entry.key))
        if permissions.can(request, action.permission)
    ]


def add_company_section(section):
    _COMPANY_SECTIONS[section.key] = section


def company_sections_for(request, company):
    sections = []
    for section in sorted(_COMPANY_SECTIONS.values(), key=lambda entry: (entry.order, entry.key)):
        if not permissions.can(request, section.permission, company):
            continue
        context = section.context(request, company)
        if context is not None:
            sections.append({"template": section.template, **context})
    return sections


def add_role_end_handler(key, func):
    """``func(*, tenant, user)`` undoes what the person held in one app of ``tenant`` when their
    role there ends or changes (facilitations, feed tokens, pending requests…)."""
    _ROLE_END[key] = func


def role_end_handlers():
    return dict(_ROLE_END)


class Urgency(IntEnum):
    """How soon a to-do asks for attention; the home lists the most urgent first."""

    NOW = 0  # overdue, or due within a few days
    SOON = 1
    LATER = 2


@dataclass(frozen=True)
class TodoItem:
    """One thing the person asking has to do, shown in the "To do" list of the tenant home.

    ``detail`` is a short figure or fact ("6/45", "3 people waiting"); ``due`` a date or an aware
    datetime (the deadline, the event's start) that orders items of the same urgency, shown after
    ``due_label`` ("deadline", "starts"). A list cut short ends with an item that links to all.
    """

    label: str
    url: str = ""
    detail: str = ""
    urgency: Urgency = Urgency.SOON
    due: object = None
    due_label: str = ""
    source: str = ""  # the contribution's key, set by the core


def see_all(*, count, shown, url, message):
    """The item that ends a to-do list cut short (``shown`` of ``count`` rows): "and N more",
    linking to the whole list; an empty list when nothing was left out. ``message`` takes
    ``%(count)s``."""
    if count <= shown:
        return []
    return [TodoItem(label=message % {"count": count}, url=url, urgency=Urgency.LATER)]


@dataclass(frozen=True)
class Todo:
    key: str
    func: Callable
    permission: str
    order: int = 100


_TODOS: dict[str, Todo] = {}


def add_todo(key, func, *, permission="tenant.view", order=100):
    """``func(request)`` returns the ``TodoItem`` list one app has for the person asking.

    The core calls it only for the roles that may reach ``permission``; the function then reads
    only the rows the person may reach (``permissions.visible``), in a fixed number of queries
    whatever the amount of data (aggregate in SQL, cap the lists). Its items are kept until the
    tenant's next write (``todos_for``): they may depend on the person, the tenant's rows and
    the clock, never on the request's parameters; they must pickle.
    """
    _TODOS[key] = Todo(key=key, func=func, permission=permission, order=order)


def todos_for(request):
    """Every to-do of the person asking, the most urgent first, then by date.

    Kept per person, role and language until a row of the tenant is written (``generations``):
    a to-do reads only the tenant's rows and the person's grants, which all move the generation
    on when they change, so a done to-do leaves the list at the next page.
    """
    role = request.membership.role if request.membership else ""
    return generations.cached(
        tenant_id=request.tenant.pk,
        key=f"todos:{request.user.pk}:{role}:{get_language()}",
        compute=lambda: _todos(request),
    )


def _todos(request):
    items = []
    for todo in sorted(_TODOS.values(), key=lambda entry: (entry.order, entry.key)):
        if permissions.may_reach(request, todo.permission):
            items.extend(replace(item, source=todo.key) for item in todo.func(request))
    return sorted(items, key=_todo_order)


def _todo_order(item):
    """Urgency first; then dated items by date, undated ones last; then the label."""
    if item.due is None:
        return (item.urgency, 1, 0, str(item.label))
    return (item.urgency, 0, _aware(item.due, "TodoItem.due").timestamp(), str(item.label))


@dataclass(frozen=True)
class ActivityFigure:
    """One figure of a tenant's activity over a period, for reports to funders: events held,
    attendances, satisfaction, self-assessments submitted…

    ``value`` is a number (``None``: nothing to report, the figure is left out); ``unit`` is
    ``""`` for a count, ``"%"`` or ``"/5"``; ``detail`` says what it counts, in a few words.
    """

    key: str
    label: str
    value: object
    unit: str = ""
    detail: str = ""
    order: int = 100


_ACTIVITY: dict[str, Callable] = {}


def add_activity_source(key, func):
    """``func(*, tenant, start, end)`` returns the ``ActivityFigure`` items of one domain app
    for the moments from ``start`` (included) to ``end`` (excluded), both aware datetimes.

    Each source computes its figures with SQL aggregates, in a fixed number of queries.
    """
    _ACTIVITY[key] = func


def activity_for(*, tenant, start, end):
    """Every app's activity figures for the period, those with nothing to report left out."""
    figures = [
        figure
        for source in _ACTIVITY.values()
        for figure in source(tenant=tenant, start=start, end=end)
        if figure.value is not None
    ]
    return sorted(figures, key=lambda figure: (figure.order, figure.key))


# --- Between self-assessments and action plans --------------------------------------------------
# Two apps that may not import each other meet here: the self-assessments describe what a company
# submitted (``set_assessment_reader``), the action plans take the actions created from a weak
# criterion (``set_action_target``). Either may be absent; the other then hides what needs it.


@dataclass(frozen=True)
class AssessmentTheme:
    name: str
    percent: object  # Decimal, None when nothing of the theme was scored


@dataclass(frozen=True)
class AssessmentCriterion:
    pk: int
    theme: str
    title: str
    guidance: str
    percent: object  # Decimal: the points obtained out of the criterion's maximum


@dataclass(frozen=True)
class AssessmentIndicator:
    pk: int  # the criterion's
    theme: str
    title: str
    unit: str
    value: object  # Decimal


@dataclass(frozen=True)
class Assessment:
    """A company's submitted self-assessment as another app needs it, without its models."""

    pk: int
    company_id: int
    label: str  # "Grille RSE 2025 — 12/03/2026"
    submitted_at: object
    overall_percent: object
    url_name: str = ""  # the results page, reversed with ``pk``
    themes: tuple = ()  # AssessmentTheme, in the grid's order
    weak_criteria: tuple = ()  # AssessmentCriterion, the weakest first
    indicators: tuple = ()  # AssessmentIndicator, the figures the company gave
    version_id: int | None = None  # the grid (framework version) it was filled on, when told


@dataclass(frozen=True)
class AssessmentReader:
    """``submitted(*, company)``: the company's submitted assessments, newest first, in a fixed
    number of queries (themes and criteria left empty); ``detail(*, company, pk)``: one of them
    in full, or None; ``theme_names(*, tenant)``: the themes of the tenant's published grids;
    ``room_to_improve(*, tenant)``: ``(themes, criteria)``, two tuples of ``ImprovementArea``
    from the companies' latest submitted assessments, the most room first (None: not offered)."""

    submitted: Callable
    detail: Callable
    theme_names: Callable
    room_to_improve: Callable | None = None


@dataclass(frozen=True)
class ImprovementArea:
    """A theme (``criterion_pk`` None) or a criterion where the tenant's companies have room to
    improve. ``room`` (Decimal): the shares of the points each company missed, added up (three
    companies at 50 % → 1.5), so a gap many companies share ranks above one company's;
    ``percent`` (Decimal 0–100): their average score there."""

    theme: str
    title: str
    companies: int
    room: object
    percent: object
    criterion_pk: int | None = None


_ASSESSMENTS: dict[str, AssessmentReader] = {}
_ACTION_TARGET: dict[str, Callable] = {}


def set_assessment_reader(reader):
    _ASSESSMENTS["reader"] = reader


def assessment_reader():
    """The reader the self-assessments app set, or None when it is not installed."""
    return _ASSESSMENTS.get("reader")


def set_action_target(func):
    """``func(*, company, title, description, theme, criterion, criterion_id, actor)`` adds an
    action to the company's current action plan and returns it (``ValidationError`` when it
    cannot). Set by the action plans app; None hides "add to the action plan"."""
    if func is None:
        _ACTION_TARGET.pop("target", None)
    else:
        _ACTION_TARGET["target"] = func


def action_target():
    return _ACTION_TARGET.get("target")


def set_plan_builder(func):
    """``func(*, company, assessment_pk, actor)`` drafts the company's action plan from the
    weakest themes of a submitted assessment and returns it (it has ``get_absolute_url``;
    ``ValidationError`` when it cannot). Set by the action plans app; None hides the button."""
    if func is None:
        _ACTION_TARGET.pop("builder", None)
    else:
        _ACTION_TARGET["builder"] = func


def plan_builder():
    return _ACTION_TARGET.get("builder")


@dataclass(frozen=True)
class GridQuestion:
    """One scored criterion of a grid as a form outside the self-assessments shows it."""

    pk: int
    theme: str
    title: str
    guidance: str
    choices: tuple  # (value, label) pairs, in the scale's order


@dataclass(frozen=True)
class GridReader:
    """The self-assessment grids as other apps read them, without their models.

    ``versions(*, tenant)``: the published grid versions, ``[(pk, "Grille RSE (v2)")]``;
    ``name(*, tenant, version_id)``: one version's name, "" when it is not the tenant's;
    ``questions(*, tenant, version_id)``: its scored criteria (``GridQuestion``) in the grid's
    order, in two queries; ``score(*, tenant, version_id, answers)``: ``answers`` maps a
    criterion's pk (str or int) to a value it offers; returns the points obtained out of the
    points answered, as a Decimal percent 0–100. Raises ``ValueError`` naming the first
    criterion left unanswered or answered with a value its scale does not offer."""

    versions: Callable
    name: Callable
    questions: Callable
    score: Callable


def set_grid_reader(reader):
    _ASSESSMENTS["grids"] = reader


def grid_reader():
    """The grids the self-assessments app exposes, or None when it is not installed."""
    return _ASSESSMENTS.get("grids")


# --- Eligibility for labels ---------------------------------------------------------------------
# A label lists the conditions a company must meet to apply ("signed the current charter", "closed
# an action plan with a positive final review"). The app that knows the fact contributes the
# condition; the labels app reads it here by its key and never imports that app.


@dataclass(frozen=True)
class EligibilityCondition:
    """``companies(*, tenant, company_ids)`` returns the set of the ids among ``company_ids``
    whose company meets the condition, in a fixed number of queries whatever their number."""

    key: str
    label: str
    companies: Callable


_ELIGIBILITY: dict[str, EligibilityCondition] = {}


def add_eligibility_condition(condition):
    _ELIGIBILITY[condition.key] = condition


def eligibility_conditions():
    """Every condition a label may require, by key (an absent app's keys are missing)."""
    return dict(sorted(_ELIGIBILITY.items()))


# --- Topics treated in club events --------------------------------------------------------------
# The clubs record the topics treated at their events; the directory shows them beside the good
# practices and the programme's room to improve, without importing the clubs.


@dataclass(frozen=True)
class TopicTreated:
    topic: str
    event_title: str
    date: object  # the event's start, an aware datetime
    url_name: str = ""  # the event's page, reversed with the tenant's slug and ``pk``
    pk: int | None = None  # the event's
    theme: str = ""  # the event's theme


_TOPICS: dict[str, Callable] = {}


def add_topic_source(key, func):
    """``func(*, tenant, theme, viewer)`` returns ``TopicTreated`` items in a fixed number of
    queries: those of the events ``viewer`` (a request, or None) may see; with no viewer, only the
    events open to the whole tenant. ``theme`` (or None) keeps the topics or events naming it."""
    _TOPICS[key] = func


def topics_for(*, tenant, theme=None, viewer=None):
    """Every source's topics treated, the most recent event first."""
    topics = [
        topic
        for source in _TOPICS.values()
        for topic in source(tenant=tenant, theme=theme, viewer=viewer)
    ]
    return sorted(
        topics,
        key=lambda topic: (_aware(topic.date, "TopicTreated.date"), topic.topic),
        reverse=True,
    )


# --- A mission from a support request -----------------------------------------------------------
# The directory's support requests become consultants' missions, which the action plans app
# opens; neither imports the other.

_MISSION_STARTER: dict[str, Callable] = {}


def set_mission_starter(func):
    """``func(*, request, company)`` returns the URL of the page that opens a consultant's
    mission for ``company``. Set by the action plans app; None: a converted support request is
    only marked so."""
    if func is None:
        _MISSION_STARTER.pop("starter", None)
    else:
        _MISSION_STARTER["starter"] = func


def mission_starter():
    return _MISSION_STARTER.get("starter")


# --- A workshop from the improvement report -----------------------------------------------------
# The directory's improvement report turns a theme with room to improve into a draft workshop
# of a club, which the clubs app creates; neither imports the other.


@dataclass(frozen=True)
class WorkshopDrafter:
    """``draft(*, tenant, club_id, theme, title, actor)`` creates a draft workshop event of the
    club (``club_id`` None: of the whole programme) on ``theme`` and returns it (it has
    ``get_absolute_url``; ``ValidationError`` when it cannot); ``clubs(*, tenant)`` lists the
    clubs it may be for, as ``[(pk, name)]``."""

    draft: Callable
    clubs: Callable


_WORKSHOP_DRAFTER: dict[str, WorkshopDrafter] = {}


def set_workshop_drafter(func, *, clubs=None):
    """Set by the clubs app: ``func`` drafts the workshop, ``clubs`` lists the clubs; None
    hides "draft a workshop" on the improvement report."""
    if func is None:
        _WORKSHOP_DRAFTER.pop("drafter", None)
    else:
        _WORKSHOP_DRAFTER["drafter"] = WorkshopDrafter(
            draft=func, clubs=clubs or (lambda *, tenant: [])
        )


def workshop_drafter():
    """The ``WorkshopDrafter`` the clubs app set, or None when it is not installed."""
    return _WORKSHOP_DRAFTER.get("drafter")


# --- A person's clubs, for the directory --------------------------------------------------------
# A person may choose to show, on their directory entry, the clubs they belong to; the clubs app
# knows them and sets the reader here, so the directory never imports it.

_PERSON_CLUBS: dict[str, Callable] = {}


def set_person_clubs(func):
    """Set by the clubs app: ``func(*, tenant, user_id)`` returns the names of the clubs the
    person is a member of in ``tenant`` today, in one query. None hides the choice."""
    if func is None:
        _PERSON_CLUBS.pop("clubs", None)
    else:
        _PERSON_CLUBS["clubs"] = func


def person_clubs():
    """The reader the clubs app set, or None when it is not installed."""
    return _PERSON_CLUBS.get("clubs")


def contributions():
    """Everything the apps plugged into the core, for ``manage.py contributions``."""
    return {
        "navigation": sorted(_NAV.values(), key=lambda entry: (entry.order, entry.key)),
        "home panels": sorted(_PANELS.values(), key=lambda entry: (entry.order, entry.key)),
        "reminders": dict(_REMINDERS),
        "timeline sources": dict(_TIMELINE),
        "company filters": company_filters(),
        "company badges": company_badges(),
        "company bulk actions": sorted(_BULK_ACTIONS.values(), key=lambda entry: entry.order),
        "company sections": sorted(_COMPANY_SECTIONS.values(), key=lambda entry: entry.order),
        "role-end handlers": dict(_ROLE_END),
        "to-dos": sorted(_TODOS.values(), key=lambda entry: (entry.order, entry.key)),
        "activity sources": dict(_ACTIVITY),
        "assessment reader": assessment_reader(),
        "action target": action_target(),
        "plan builder": plan_builder(),
        "mission starter": mission_starter(),
        "workshop drafter": workshop_drafter(),
        "grid reader": grid_reader(),
        "person clubs": person_clubs(),
        "eligibility conditions": eligibility_conditions(),
        "topic sources": dict(_TOPICS),
    }
