"""The weekly digest: what it tells owners and consultants, its Monday-morning window, once per
person and week however often beat fires, nobody without a role, nothing of another tenant."""

import time
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail as django_mail
from django.utils import timezone
from django_scopes import scope

from action_plans import digest, services
from action_plans.models import Action
from companies.models import CompanyMember
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import registry
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _monday(hour=8, minute=0, weeks=0):
    """This week's Monday (local time) at ``hour``:``minute``."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    return timezone.make_aware(datetime(monday.year, monday.month, monday.day, hour, minute))


MONDAY = _monday()
DAY = timezone.localdate(MONDAY)


class Programme:
    """A tenant with a manager, a consultant on a mission beside ``company``, its leader who
    owns actions, and ``elsewhere``, a company nobody of them follows."""

    def __init__(self, tenant, make_person, prefix=""):
        self.tenant = tenant
        self.manager = make_person(tenant, Role.MANAGER)
        self.consultant = make_person(tenant, Role.CONSULTANT, email=f"{prefix}conseil@example.org")
        self.owner = make_person(tenant, Role.MEMBER, email=f"{prefix}dirigeant@example.org")
        self.company = CompanyFactory(tenant=tenant, name=f"{prefix}Salti Location")
        self.position = CompanyMemberFactory(
            company=self.company, user=self.owner, position=CompanyMember.Position.LEADER
        )
        self.elsewhere = CompanyFactory(tenant=tenant, name=f"{prefix}Autre Entreprise")
        with scope(tenant=tenant):
            self.plan = services.create_plan(company=self.company, title="Plan", actor=self.manager)
            self.mission = services.start_mission(
                company=self.company,
                consultant=self.consultant,
                title="Accompagnement",
                allocated_days=Decimal("5"),
                daily_rate=Decimal("900"),
                actor=self.manager,
            )

    def action(self, title, due, *, plan=None, owner=True, status=None):
        with scope(tenant=self.tenant):
            plan = plan or self.plan
            action = services.create_action(
                plan=plan,
                title=title,
                actor=self.manager,
                due_on=DAY + timedelta(days=due),
                owner=self.position if owner and plan.company_id == self.company.pk else None,
            )
            if status:
                services.move_action(action=action, status=status, actor=self.manager)
            return action

    def start(self, plan=None):
        with scope(tenant=self.tenant):
            services.start_plan(plan=plan or self.plan, actor=self.manager)

    def run(self, now=MONDAY):
        with scope(tenant=self.tenant):
            return digest.send_weekly_digest(tenant=self.tenant, now=now)


@pytest.fixture
def programme(tenant, make_person):
    programme = Programme(tenant, make_person)
    programme.action("Bilan carbone", -3)  # overdue
    programme.action("Plan de mobilité", 5)  # due this week
    programme.action("Charte achats responsables", 20)  # later: not in the digest
    programme.action("Tri des déchets", -10, status=Action.Status.DONE)  # done
    programme.start()
    return programme


def _to(person):
    return [message for message in django_mail.outbox if message.to == [person.email]]


def test_each_owner_hears_of_their_overdue_and_coming_actions(programme):
    assert programme.run() == 2  # the leader and the consultant
    (message,) = _to(programme.owner)
    assert "1 action en retard" in message.subject or "1 action overdue" in message.subject
    assert "Bilan carbone" in message.body and "Plan de mobilité" in message.body
    assert "Charte achats responsables" not in message.body
    assert "Tri des déchets" not in message.body
    html = message.alternatives[0][0]
    assert "Bilan carbone" in html and "/actions/" in html


def test_a_consultant_hears_of_the_companies_they_follow_only(programme, make_person):
    with scope(tenant=programme.tenant):
        other = services.create_plan(
            company=programme.elsewhere, title="Plan", actor=programme.manager
        )
    programme.action("Action d'une autre entreprise", -1, plan=other, owner=False)
    programme.start(other)
    programme.run()
    (message,) = _to(programme.consultant)
    assert "Bilan carbone" in message.body and "Salti Location" in message.body
    assert "Action d'une autre entreprise" not in message.body


def test_draft_plans_are_not_followed_yet(tenant, make_person):
    programme = Programme(tenant, make_person)
    programme.action("Pas encore suivie", -3)
    assert programme.run() == 0
    assert django_mail.outbox == []


@pytest.mark.parametrize(
    "moment",
    [
        _monday(6, 59),
        _monday(9, 0),
        _monday(8, 0) + timedelta(days=1),  # Tuesday
        _monday(8, 0) - timedelta(days=1),  # Sunday
    ],
)
def test_it_leaves_only_on_monday_between_7_and_9(programme, moment):
    assert programme.run(moment) == 0
    assert django_mail.outbox == []


def test_beat_firing_twice_or_all_morning_sends_once_a_week(programme):
    assert programme.run(_monday(7, 0)) == 2
    assert programme.run(_monday(7, 0)) == 0
    assert programme.run(_monday(8, 45)) == 0
    assert len(_to(programme.owner)) == 1 and len(_to(programme.consultant)) == 1
    with scope(tenant=programme.tenant):
        keys = set(OutgoingMail.objects.values_list("key", flat=True))
    year, week, _day = DAY.isocalendar()
    assert keys == {f"action_plans.digest:week={year}-W{week:02d}"}
    assert programme.run(_monday(8, 0, weeks=1)) == 2  # next week, a new digest


def test_nobody_whose_role_ended_gets_it(programme):
    with scope(tenant=programme.tenant):
        for person in (programme.owner, programme.consultant):
            membership = Membership.objects.get(tenant=programme.tenant, user=person)
            tenant_services.remove_member(membership=membership, actor=programme.manager)
    assert programme.run() == 0
    assert django_mail.outbox == []


def test_a_consultant_who_became_a_member_gets_nothing_for_their_old_companies(programme):
    with scope(tenant=programme.tenant):
        membership = Membership.objects.get(tenant=programme.tenant, user=programme.consultant)
        # The role changes without the handlers (their missions would end): the digest checks
        # the role itself.
        Membership.objects.filter(pk=membership.pk).update(role=Role.MEMBER)
    programme.run()
    assert _to(programme.consultant) == []
    assert len(_to(programme.owner)) == 1


def test_someone_who_left_the_company_gets_nothing(programme):
    with scope(tenant=programme.tenant):
        CompanyMember.objects.filter(pk=programme.position.pk).delete()
    programme.run()
    assert _to(programme.owner) == []
    assert len(_to(programme.consultant)) == 1  # the actions are still the company's


def test_another_tenants_actions_never_appear(tenant, other_tenant, make_person, programme):
    there = Programme(other_tenant, make_person, prefix="Seine ")
    there.action("Action de Seine", -2)
    there.start()
    # The same consultant works for both tenants.
    Membership.objects.create(tenant=other_tenant, user=programme.consultant, role=Role.CONSULTANT)
    with scope(tenant=other_tenant):
        services.start_mission(
            company=there.company,
            consultant=programme.consultant,
            title="Mission",
            allocated_days=Decimal("3"),
            daily_rate=Decimal("800"),
            actor=there.manager,
        )
    programme.run()
    (message,) = _to(programme.consultant)
    assert "Bilan carbone" in message.body and "Action de Seine" not in message.body
    assert _to(there.owner) == []
    there.run()
    assert len(_to(programme.consultant)) == 2  # one digest per tenant
    assert "Action de Seine" in _to(programme.consultant)[1].body
    assert "Bilan carbone" not in _to(programme.consultant)[1].body


def test_a_long_list_is_cut_and_counted(tenant, make_person):
    programme = Programme(tenant, make_person)
    for index in range(digest.LIMIT + 3):
        programme.action(f"Action {index:02d}", -1)
    programme.start()
    programme.run()
    (message,) = _to(programme.owner)
    assert "Action 00" in message.body and f"Action {digest.LIMIT + 2:02d}" not in message.body
    assert "3" in message.body.split("Action 14")[1]


def test_beat_runs_it_for_every_tenant():
    assert registry.reminders()["action_plans_digest"] is digest.send_weekly_digest


# --- Through a real worker ----------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_one_digest_per_person_when_beat_fires_twice(
    tenant, make_person, tmp_path, settings
):
    from action_plans.tests.digest_worker import run_digest_at
    from rse_platform.tenants.tasks import dispatch_reminders
    from tests.worker import running_worker

    programme = Programme(tenant, make_person)
    programme.action("Bilan carbone", -3)
    programme.start()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    include = ["action_plans.tests.digest_worker"]
    with running_worker(settings, name="digest", include=include, env=env):
        run_digest_at.delay(tenant.pk, MONDAY.isoformat())
        run_digest_at.delay(tenant.pk, _monday(8, 30).isoformat())
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
    # Beat's own run may send the demo tenant's reminders too: only ours are counted.
    for person in (programme.owner, programme.consultant):
        theirs = [message for message in messages if f"To: {person.email}" in message]
        assert len(theirs) == 1
        assert "Bilan carbone" in theirs[0] or "QmlsYW4gY2FyYm9uZQ" in theirs[0]
