"""What domain apps plug into the platform core: navigation, home panels, reminders.

Each app registers its entries in ``AppConfig.ready()``; the core renders them for the roles whose
permissions allow it, so adding a domain app never means editing the core's templates.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from . import permissions


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    permission: str
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    """A block of a tenant home page: ``context(request)`` returns the template's context."""

    key: str
    template: str
    permission: str
    context: Callable
    order: int = 100


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
        {"template": panel.template, **panel.context(request)}
        for panel in panels
        if permissions.may_reach(request, panel.permission)
    ]


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
    from datetime import date, datetime, time

    from django.utils import timezone

    when = entry.when
    if isinstance(when, datetime):
        return when
    if isinstance(when, date):
        return timezone.make_aware(datetime.combine(when, time.min))
    raise TypeError(f"TimelineEntry.when must be a date or datetime, not {type(when).__name__}")


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


_COMPANY_FILTERS: dict[str, CompanyFilter] = {}
_COMPANY_SECTIONS: dict[str, CompanySection] = {}
_ROLE_END: dict[str, Callable] = {}


def add_company_filter(company_filter):
    _COMPANY_FILTERS[company_filter.key] = company_filter


def company_filters():
    return sorted(_COMPANY_FILTERS.values(), key=lambda entry: (entry.order, entry.key))


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


def contributions():
    """Everything the apps plugged into the core, for ``manage.py contributions``."""
    return {
        "navigation": sorted(_NAV.values(), key=lambda entry: (entry.order, entry.key)),
        "home panels": sorted(_PANELS.values(), key=lambda entry: (entry.order, entry.key)),
        "reminders": dict(_REMINDERS),
        "timeline sources": dict(_TIMELINE),
        "company filters": company_filters(),
        "company sections": sorted(_COMPANY_SECTIONS.values(), key=lambda entry: entry.order),
        "role-end handlers": dict(_ROLE_END),
    }
