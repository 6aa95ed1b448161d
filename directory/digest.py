"""The weekly CSR watch ("note hebdomadaire"): on Monday morning, the people who asked for it
receive the news items the programme team posted the week before.

- Only people who opted in (``Profile.wants_watch_digest``) and hold a role in the tenant get
  it; the mailer checks the role again when it sends, and a role that ends unsubscribes them.
- It leaves on Monday between 7:00 and 9:00 local time (``settings.TIME_ZONE``): beat runs the
  reminders every 15 minutes, so the window sees several runs, and the mailer's ledger sends
  each person's digest once per ISO week (key ``directory.watch:week=2026-W48``) however often
  beat fires. Each digest carries the items of the previous week, Monday to Sunday: every item
  goes out once, whichever run of the window sends it.
- A week without news sends nothing. Each person reads it in their language (the mailer's).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rse_platform.mail import selectors as mail_selectors
from rse_platform.mail import services as mail

from . import selectors

TEMPLATE = "directory/emails/watch"
WEEKDAY = 1  # Monday (ISO)
WINDOW = (7, 9)  # from 7:00 to 9:00, local time
LIMIT = 20  # items in an e-mail; the rest is counted, the link shows all


def week_key(now):
    """``directory.watch:week=2026-W48``: one digest per person, tenant and ISO week."""
    year, week, _day = timezone.localtime(now).isocalendar()
    return f"directory.watch:week={year}-W{week:02d}"


def in_window(now):
    local = timezone.localtime(now)
    return local.isoweekday() == WEEKDAY and WINDOW[0] <= local.hour < WINDOW[1]


def send_weekly_digest(*, tenant, now):
    """The reminder beat runs for each tenant (``registry.add_reminder``): outside Monday's
    window it does nothing; inside, each person who opted in gets last week's news once this
    week. Returns how many e-mails left."""
    if not in_window(now):
        return 0
    start, end = selectors.previous_week(now)
    items = selectors.news_between(tenant=tenant, start=start, end=end)
    if not items:
        return 0
    key = week_key(now)
    already = set(
        mail_selectors.mails(tenant=tenant, key_prefix=key)
        .filter(key=key)
        .values_list("recipient", flat=True)
    )
    link = f"{settings.PUBLIC_BASE_URL.rstrip('/')}" + reverse(
        "news_list", kwargs={"tenant_slug": tenant.slug}
    )
    sent = 0
    for user in selectors.digest_recipients(tenant=tenant):
        if user.pk in already:
            continue
        row = mail.send(
            tenant=tenant,
            key=key,
            template=TEMPLATE,
            user=user,
            context={
                "items": items[:LIMIT],
                "count": len(items),
                "left_out": max(len(items) - LIMIT, 0),
                "week_start": timezone.localdate(start),
                "link": link,
            },
        )
        sent += bool(row and row.is_sent)
    return sent
