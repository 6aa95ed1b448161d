"""The weekly watch: last week's news to those who opted in and hold a role, on Monday morning,
once per person and week however often beat fires, in each person's language."""

import time
from datetime import datetime, timedelta

import pytest
from django.core import mail as django_mail
from django.utils import timezone
from django_scopes import scope

from directory import digest
from directory.tests.factories import NewsItemFactory, ProfileFactory
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import registry
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role

pytestmark = pytest.mark.django_db


def _monday(hour=8, minute=0, weeks=0):
    """This week's Monday (local time) at ``hour``:``minute``."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    return timezone.make_aware(datetime(monday.year, monday.month, monday.day, hour, minute))


MONDAY = _monday()


class Watch:
    """A tenant where ``reader`` asked for the watch, ``other`` did not, and the team posted
    news last week (and one item this week, for next Monday)."""

    def __init__(self, tenant, make_person, prefix=""):
        self.tenant = tenant
        self.manager = make_person(tenant, Role.MANAGER)
        self.reader = make_person(tenant, Role.MEMBER, email=f"{prefix}lectrice@example.org")
        self.other = make_person(tenant, Role.MEMBER, email=f"{prefix}autre@example.org")
        ProfileFactory(tenant=tenant, user=self.reader, listed=False, wants_watch_digest=True)
        ProfileFactory(tenant=tenant, user=self.other, wants_watch_digest=False)
        NewsItemFactory(
            tenant=tenant,
            title=f"{prefix}Loi AGEC : biodéchets",
            theme="Déchets",
            published_at=MONDAY - timedelta(days=3),
        )
        NewsItemFactory(
            tenant=tenant,
            title=f"{prefix}Décret tertiaire",
            published_at=MONDAY - timedelta(days=6),
        )
        NewsItemFactory(
            tenant=tenant, title=f"{prefix}Semaine d'avant", published_at=MONDAY - timedelta(days=9)
        )
        NewsItemFactory(tenant=tenant, title=f"{prefix}Cette semaine", published_at=MONDAY)

    def run(self, now=MONDAY):
        with scope(tenant=self.tenant):
            return digest.send_weekly_digest(tenant=self.tenant, now=now)


@pytest.fixture
def watch(tenant, make_person):
    return Watch(tenant, make_person)


def _to(person):
    return [message for message in django_mail.outbox if message.to == [person.email]]


def test_those_who_opted_in_get_last_weeks_news(watch):
    assert watch.run() == 1
    (message,) = _to(watch.reader)
    assert "Loi AGEC" in message.body and "Décret tertiaire" in message.body
    assert "Semaine d'avant" not in message.body and "Cette semaine" not in message.body
    assert "2" in message.subject
    html = message.alternatives[0][0]
    assert "Loi AGEC" in html and "ADEME" in html
    assert _to(watch.other) == [] and _to(watch.manager) == []


def test_it_is_in_the_readers_language(watch):
    watch.reader.language = "en"
    watch.reader.save(update_fields=["language"])
    watch.run()
    (message,) = _to(watch.reader)
    assert "CSR watch" in message.subject


@pytest.mark.parametrize(
    "moment",
    [
        _monday(6, 59),
        _monday(9, 0),
        _monday(8, 0) + timedelta(days=1),
        _monday(8, 0) - timedelta(days=1),
    ],
)
def test_it_leaves_only_on_monday_between_7_and_9(watch, moment):
    assert watch.run(moment) == 0
    assert django_mail.outbox == []


def test_beat_firing_twice_or_all_morning_sends_once_a_week(watch):
    assert watch.run(_monday(7, 0)) == 1
    assert watch.run(_monday(7, 0)) == 0
    assert watch.run(_monday(8, 45)) == 0
    assert len(_to(watch.reader)) == 1
    with scope(tenant=watch.tenant):
        keys = set(OutgoingMail.objects.values_list("key", flat=True))
    year, week, _day = timezone.localdate(MONDAY).isocalendar()
    assert keys == {f"directory.watch:week={year}-W{week:02d}"}
    assert watch.run(_monday(8, 0, weeks=1)) == 1  # next week: this week's item
    assert "Cette semaine" in _to(watch.reader)[1].body


def test_a_week_without_news_sends_nothing(watch):
    assert watch.run(_monday(8, 0, weeks=3)) == 0


def test_nobody_whose_role_ended_gets_it(watch):
    with scope(tenant=watch.tenant):
        membership = Membership.objects.get(tenant=watch.tenant, user=watch.reader)
        tenant_services.remove_member(membership=membership, actor=watch.manager)
    assert watch.run() == 0
    assert django_mail.outbox == []


def test_nobody_without_a_role_gets_it_even_with_the_box_ticked(watch):
    with scope(tenant=watch.tenant):
        Membership.objects.filter(tenant=watch.tenant, user=watch.reader).delete()
    assert watch.run() == 0


def test_another_tenants_news_never_appear(tenant, other_tenant, make_person, watch):
    there = Watch(other_tenant, make_person, prefix="Seine ")
    Membership.objects.create(tenant=other_tenant, user=watch.reader, role=Role.MEMBER)
    ProfileFactory(tenant=other_tenant, user=watch.reader, wants_watch_digest=True)
    watch.run()
    there.run()
    first, second = _to(watch.reader)
    assert "Seine" not in first.body and "Seine Loi AGEC" in second.body


def test_beat_runs_it_for_every_tenant():
    assert registry.reminders()["directory_watch"] is digest.send_weekly_digest


# --- Through a real worker ----------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_one_watch_per_person_when_beat_fires_twice(
    tenant, make_person, tmp_path, settings
):
    from directory.tests.digest_worker import run_watch_at
    from rse_platform.tenants.tasks import dispatch_reminders
    from tests.worker import running_worker

    watch = Watch(tenant, make_person)
    second = make_person(tenant, Role.CONSULTANT, email="consultante@example.org")
    ProfileFactory(tenant=tenant, user=second, wants_watch_digest=True)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    include = ["directory.tests.digest_worker"]
    with running_worker(settings, name="watch", include=include, env=env):
        run_watch_at.delay(tenant.pk, MONDAY.isoformat())
        run_watch_at.delay(tenant.pk, _monday(8, 30).isoformat())
        dispatch_reminders.delay()  # beat itself (outside the window, unless it is Monday 7-9)
        deadline = time.monotonic() + 30
        while len(list(mail_dir.glob("*.log"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # give a duplicate the time to show up
    separator = "-" * 79
    messages = [
        part
        for path in sorted(mail_dir.glob("*.log"))
        for part in path.read_text().split(separator)
        if "Subject:" in part
    ]
    for person in (watch.reader, second):
        theirs = [message for message in messages if f"To: {person.email}" in message]
        assert len(theirs) == 1
    assert not [message for message in messages if f"To: {watch.other.email}" in message]
