"""The weekly digest of action plans: on Monday morning, each person hears what is overdue or
due in the week ahead.

- Action owners get their own open actions; consultants with a running mission get those of
  the companies they follow. Only running plans count (a draft is not followed yet).
- It leaves on Monday between 7:00 and 9:00 local time (``settings.TIME_ZONE``): beat runs the
  reminders every 15 minutes, so the window sees several runs, and the mailer's ledger sends
  each person's digest once per ISO week (key ``action_plans.digest:week=2026-W48``) however
  often beat fires.
- Nobody without a role gets it: owners are read while they are members of the tenant and
  people of the company (leaving the company empties the action's owner), consultants while
  they hold the consultant role, and the mailer checks the role again when it sends.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rse_platform.mail import selectors as mail_selectors
from rse_platform.mail import services as mail

from . import selectors

TEMPLATE = "action_plans/emails/digest"
WEEKDAY = 1  # Monday (ISO)
WINDOW = (7, 9)  # from 7:00 to 9:00, local time
HORIZON = timedelta(days=7)  # "due soon": before the next digest
LIMIT = 15  # actions listed in an e-mail; the rest is counted, the link shows all


def week_key(now):
    """``action_plans.digest:week=2026-W48``: one digest per person, tenant and ISO week."""
    year, week, _day = timezone.localtime(now).isocalendar()
    return f"action_plans.digest:week={year}-W{week:02d}"


def in_window(now):
    local = timezone.localtime(now)
    return local.isoweekday() == WEEKDAY and WINDOW[0] <= local.hour < WINDOW[1]


def _link(tenant, name, **kwargs):
    path = reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def _entry(tenant, action, today):
    return {
        "title": action.title,
        "company": action.plan.company.name,
        "plan": action.plan.title,
        "due_on": action.due_on,
        "late_days": (today - action.due_on).days if action.due_on < today else 0,
        "link": _link(tenant, "action_detail", pk=action.pk),
    }


def send_weekly_digest(*, tenant, now):
    """The reminder beat runs for each tenant (``registry.add_reminder``): outside Monday's
    window it does nothing; inside, each person with something overdue or due in the next 7
    days gets one digest this week. Returns how many e-mails left."""
    if not in_window(now):
        return 0
    key = week_key(now)
    today = timezone.localdate(now)
    already = set(
        mail_selectors.mails(tenant=tenant, key_prefix=key)
        .filter(key=key)
        .values_list("recipient", flat=True)
    )
    sent = 0
    digests = selectors.digest_actions(tenant=tenant, today=today, horizon=HORIZON)
    for user, rows in digests.items():
        if user.pk in already:
            continue
        row = send_digest(tenant=tenant, user=user, rows=rows, key=key, today=today)
        sent += bool(row and row.is_sent)
    return sent


def send_digest(*, tenant, user, rows, key, today):
    """One person's digest: ``rows`` are ``(action, as_owner)`` pairs, oldest deadline first."""
    entries = [_entry(tenant, action, today) for action, _as_owner in rows]
    overdue = [entry for entry in entries if entry["late_days"]]
    soon = [entry for entry in entries if not entry["late_days"]]
    as_owner = any(as_owner for _action, as_owner in rows)
    return mail.send(
        tenant=tenant,
        key=key,
        template=TEMPLATE,
        user=user,
        context={
            "overdue": overdue[:LIMIT],
            "soon": soon[: max(LIMIT - len(overdue), 0)],
            "overdue_count": len(overdue),
            "soon_count": len(soon),
            "left_out": max(len(entries) - LIMIT, 0),
            "as_owner": as_owner,
            "week_end": today + HORIZON,
            "link": _link(tenant, "tenant_home"),
        },
    )
