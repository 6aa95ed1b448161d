"""Fixtures of the cross-app tests: the demo tenant with one object of each kind on two sides.

Side A is the demo company leader's company (followed by the demo consultant) and a club the
leader belongs to (facilitated by that consultant); side B is a company and a club of neither.
Objects come from the seeded demo; the few kinds the demo lacks (an evidence file, an event
document, an import file, a generated document...) are created here, inside the test's
transaction. The people who look at them are ``world.people``.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from rse_platform.tenants.roles import Role
from tests.factories import InvitationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CSV = b"raison sociale;siret;commune\nAteliers du Test;;Orchies\n"


@dataclass
class World:
    """The demo tenant, its people by persona, and URL arguments by object kind and side."""

    demo: object
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)  # (kind, side) -> the model instance
    _kwargs: dict = field(default_factory=dict)

    @property
    def tenant(self):
        return self.demo.tenant

    def kwargs(self, kind, side="A"):
        """The URL arguments that name an object of ``kind`` on ``side`` ("A" or "B")."""
        if kind is None:
            return {}
        if kind in ONE_PER_TENANT:
            side = "A"
        key = (kind, side)
        if key not in self._kwargs:
            try:
                build = BUILDERS[kind]
            except KeyError:
                raise KeyError(f"no object kind {kind!r}: add a builder in tests/conftest.py")
            with scope(tenant=self.tenant), transaction.atomic():
                self._kwargs[key] = build(self, side)
        return self._kwargs[key]

    def get(self, kind, side="A"):
        """The object itself."""
        self.kwargs(kind, side)
        return self.objects.get((kind, "A" if kind in ONE_PER_TENANT else side))

    def client(self, persona):
        client = Client(raise_request_exception=False)
        client.force_login(self.people[persona])
        return client


# --- Personas -------------------------------------------------------------------------------


def _people(world):
    from companies import services as company_services
    from companies.models import CompanyMember
    from rse_platform.tenants import permissions
    from rse_platform.tenants import services as tenant_services
    from rse_platform.tenants.models import Membership

    demo, tenant = world.demo, world.tenant
    manager = demo.person(Role.MANAGER)
    people = {
        "manager": manager,
        "consultant": demo.person(Role.CONSULTANT),
        "jury": demo.person(Role.JURY),
        "auditor": demo.person(Role.AUDITOR),
        "member": demo.person(Role.MEMBER),
        "other_tenant_manager": demo.person(Role.MANAGER, demo.other_tenant),
    }
    world.people = people
    with scope(tenant=tenant):
        # Withdrawn: the consultant shared by both tenants loses their role here, keeps the other.
        withdrawn = demo.shared_consultant
        membership = Membership.objects.filter(user=withdrawn).first()
        if membership is not None:
            tenant_services.remove_member(membership=membership, actor=manager)
        people["withdrawn"] = withdrawn

        # A consultant who followed company A and facilitated club A, re-invited as a leader of
        # company B: what the former role gave must be gone.
        former = UserFactory(first_name="Ancien", last_name="Consultant")
        tenant_services.add_member(tenant=tenant, user=former, role=Role.CONSULTANT)
        company_services.assign_consultant(company=world.get("company", "A"), consultant=former)
        permissions.grant(former, "clubs.check_in", world.get("club", "A"))
        tenant_services.change_role(
            membership=Membership.objects.get(user=former), role=Role.MEMBER, actor=manager
        )
        company_services.link_person(
            company=world.get("company", "B"), user=former, position=CompanyMember.Position.LEADER
        )
        people["former_consultant"] = former


# --- Objects --------------------------------------------------------------------------------


def _company(world, side):
    from companies import services as company_services
    from companies.models import Company, CompanyMember
    from diagnostics.models import Diagnostic
    from rse_platform.tenants import permissions

    member, consultant = world.demo.person(Role.MEMBER), world.demo.person(Role.CONSULTANT)
    own = CompanyMember.objects.filter(user=member).values("company")
    if side == "A":
        company = Company.objects.get(pk=own[:1])
        if not permissions.has_grant(consultant, "companies.view", company):
            company_services.assign_consultant(company=company, consultant=consultant)
    else:
        followed = [
            c.pk
            for c in Company.objects.all()
            if permissions.has_grant(consultant, "companies.view", c)
        ]
        company = (
            Company.objects.exclude(pk__in=own)
            .exclude(pk__in=followed)
            .filter(
                pk__in=Diagnostic.objects.filter(status=Diagnostic.Status.SUBMITTED).values(
                    "company"
                ),
                exclusions__isnull=True,  # in good standing, and stays so
            )
            .order_by("pk")
            .first()
        )
    world.objects[("company", side)] = company
    return {"pk": company.pk}


def _published_version(world):
    from diagnostics import selectors

    return selectors.published_versions(tenant=world.tenant).order_by("pk").first()


def _draft(world, side):
    from diagnostics import services
    from diagnostics.models import Criterion

    company = world.get("company", side)
    draft = services.start_diagnostic(
        company=company, version=_published_version(world), actor=world.people["manager"]
    )
    criterion = Criterion.objects.filter(version=draft.version).order_by("pk").first()
    world.objects[("draft", side)] = draft
    return {"pk": draft.pk, "criterion_pk": criterion.pk}


def _evidence(world, side):
    from diagnostics import services
    from diagnostics.models import Criterion

    draft = world.get("draft", side)
    criterion = Criterion.objects.get(pk=world.kwargs("draft", side)["criterion_pk"])
    services.attach_evidence(
        diagnostic=draft,
        criterion=criterion,
        upload=SimpleUploadedFile("bilan-carbone-2025.pdf", PDF, "application/pdf"),
        actor=world.people["manager"],
    )
    world.objects[("evidence", side)] = draft.answers.get(criterion=criterion)
    return {"pk": draft.pk, "criterion_pk": criterion.pk}


def _submitted(world, side):
    from diagnostics.models import Answer, Diagnostic

    diagnostic = (
        Diagnostic.objects.filter(
            company=world.get("company", side), status=Diagnostic.Status.SUBMITTED
        )
        .order_by("-submitted_at")
        .first()
    )
    answer = Answer.objects.filter(diagnostic=diagnostic).order_by("pk").first()
    world.objects[("submitted", side)] = diagnostic
    return {"pk": diagnostic.pk, "criterion_pk": answer.criterion_id}


def _generated_document(world, subject, kind):
    from rse_platform.files.models import GeneratedDocument

    document = GeneratedDocument(
        tenant=world.tenant,
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        status=GeneratedDocument.Status.READY,
        progress=100,
        filename="rapport.pdf",
        requested_by=world.people["manager"],
        finished_at=timezone.now(),
    )
    document.file.save("rapport.pdf", ContentFile(PDF), save=False)
    document.save()
    return document


def _document(world, side):
    from diagnostics import reports

    document = _generated_document(world, world.get("submitted", side), reports.REPORT)
    world.objects[("document", side)] = document
    return {"pk": document.pk}


def _funder_document(world, side):
    from programmes import reports

    document = _generated_document(world, world.get("programme", side), reports.FUNDER_REPORT)
    world.objects[("funder_document", side)] = document
    return {"pk": document.pk}


def _programme(world, side):
    from programmes.models import Programme

    programme = Programme.objects.order_by("pk").first()
    world.objects[("programme", side)] = programme
    return {"pk": programme.pk}


def _import(world, side):
    from companies import services

    checked = services.check_company_file(
        tenant=world.tenant,
        upload=SimpleUploadedFile("registre-entreprises.csv", CSV, "text/csv"),
        actor=world.people["manager"],
    )
    world.objects[("import", side)] = checked
    return {"pk": checked.pk}


def _exclusion(world, side):
    """An exclusion of a third company, so that A and B stay in good standing."""
    from companies.models import Company, Exclusion

    sides = [world.get("company", "A").pk, world.get("company", "B").pk]
    active = Exclusion.objects.filter(lifted_at__isnull=True).exclude(company__in=sides)
    exclusion = active.order_by("pk").first()
    if exclusion is None:
        excluded = Exclusion.objects.filter(lifted_at__isnull=True).values("company")
        company = Company.objects.exclude(pk__in=sides).exclude(pk__in=excluded).last()
        exclusion = Exclusion.objects.create(
            tenant=world.tenant,
            company=company,
            reason="Manquement à la charte",
            decided_by=world.people["manager"],
        )
    world.objects[("exclusion", side)] = exclusion
    return {"pk": exclusion.pk}


def _version(world, side):
    """A draft version of a published framework (the one kind a manager may still edit)."""
    from diagnostics import services
    from diagnostics.models import FrameworkVersion

    version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.DRAFT).first()
    if version is None:
        published = _published_version(world)
        version = services.new_version(version=published, actor=world.people["manager"])
    world.objects[("version", side)] = version
    return {"pk": version.pk, "part": "theme"}


def _campaign(world, side):
    from diagnostics.models import Campaign

    campaign = Campaign.objects.order_by("pk").first()
    world.objects[("campaign", side)] = campaign
    return {"pk": campaign.pk}


def _club(world, side):
    from clubs.models import Club, ClubMember
    from rse_platform.tenants import permissions

    member, consultant = world.demo.person(Role.MEMBER), world.demo.person(Role.CONSULTANT)
    mine = ClubMember.objects.filter(user=member).values("club")
    if side == "A":
        clubs = Club.objects.filter(pk__in=mine.filter(status=ClubMember.Status.ACTIVE))
        club = clubs.filter(facilitator=consultant).first() or clubs.first()
        if club.facilitator_id != consultant.pk:
            Club.objects.filter(pk=club.pk).update(facilitator=consultant)
            club.refresh_from_db()
        if not permissions.has_grant(consultant, "clubs.check_in", club):
            permissions.grant(consultant, "clubs.check_in", club)
    else:
        club = (
            Club.objects.exclude(pk__in=mine)
            .exclude(facilitator=consultant)
            .filter(events__audience="club")
            .order_by("pk")
            .first()
        )
    world.objects[("club", side)] = club
    return {"pk": club.pk}


def _event(world, side):
    """A published members-only event of the side's club, upcoming when there is one."""
    from clubs.models import Event

    events = Event.objects.filter(
        club=world.get("club", side),
        audience=Event.Audience.CLUB,
        status=Event.Status.PUBLISHED,
    )
    event = (
        events.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
        or events.order_by("-starts_at").first()
    )
    world.objects[("event", side)] = event
    if side == "A":
        world.get("registration", "A")  # the demo leader has a seat there
    return {"pk": event.pk}


def _open_event(world, side):
    """A published event of the whole programme (no club): open to everyone taking part."""
    from clubs.models import Event

    event = (
        Event.objects.filter(club__isnull=True, status=Event.Status.PUBLISHED)
        .exclude(audience=Event.Audience.CLUB)
        .order_by("pk")
        .first()
    )
    world.objects[("open_event", side)] = event
    return {"pk": event.pk}


def _registration(world, side):
    """On side A the demo leader's own seat; on side B someone's seat at the B event."""
    from clubs.models import ClubMember, Registration

    event = world.objects.get(("event", side)) or world.get("event", side)
    if side == "A":
        person, company = world.people["member"], world.get("company", "A")
    else:
        seat = Registration.objects.filter(event=event).order_by("pk").first()
        if seat is not None:
            world.objects[("registration", side)] = seat
            return {"pk": seat.pk}
        club_member = ClubMember.objects.filter(club=event.club).order_by("pk").first()
        person, company = club_member.user, club_member.company
    seat = Registration.objects.filter(event=event, user=person).first()
    if seat is None:
        seat = Registration.objects.create(
            tenant=world.tenant,
            event=event,
            user=person,
            company=company,
            status=Registration.Status.CONFIRMED,
            registered_at=timezone.now(),
        )
    elif seat.status != Registration.Status.CONFIRMED:
        Registration.objects.filter(pk=seat.pk).update(status=Registration.Status.CONFIRMED)
    world.objects[("registration", side)] = seat
    return {"pk": seat.pk}


def _club_member(world, side):
    from clubs.models import ClubMember

    club_member = ClubMember.objects.filter(club=world.get("club", side)).order_by("pk").first()
    world.objects[("club_member", side)] = club_member
    return {"pk": club_member.pk}


def _event_document(world, side):
    from clubs import services

    event = world.get("event", side)
    services.add_document(
        event=event,
        phase="before",
        title="Programme de la visite",
        file=SimpleUploadedFile("programme-visite.pdf", PDF, "application/pdf"),
        actor=world.people["manager"],
    )
    document = event.documents.order_by("-pk").first()
    world.objects[("event_document", side)] = document
    return {"pk": event.pk, "document_pk": document.pk}


def _personal_feed(world, side):
    from clubs import services

    feed = services.feed_for(tenant=world.tenant, user=world.people["member"])
    world.objects[("personal_feed", side)] = feed
    return {"token": feed.token}


def _club_feed(world, side):
    from clubs import services

    feed = services.feed_for(
        tenant=world.tenant, user=world.people["member"], club=world.get("club", "A")
    )
    world.objects[("club_feed", side)] = feed
    return {"token": feed.token}


def _invitation(world, side):
    invitation = InvitationFactory(tenant=world.tenant)
    world.objects[("invitation", side)] = invitation
    return {"pk": invitation.pk}


def _membership(world, side):
    from rse_platform.tenants.models import Membership

    membership = Membership.objects.get(user=world.people["jury"])
    world.objects[("membership", side)] = membership
    return {"pk": membership.pk}


def _plan(world, side):
    from action_plans import selectors, services

    company = world.get("company", side)
    # A company follows one plan at a time: the demo's, when it has one.
    plan = selectors.current_plan(company=company) or services.create_plan(
        company=company,
        title="Plan d'action 2026",
        actor=world.people["manager"],
        horizon_months=36,
        priority_themes=[],
    )
    world.objects[("plan", side)] = plan
    return {"pk": plan.pk}


def _company_pk(world, side):
    """A company named the way nested routes name it (``company_pk``)."""
    company = world.get("company", side)
    world.objects[("company_pk", side)] = company
    return {"company_pk": company.pk}


def _action(world, side):
    from action_plans import services

    action = services.create_action(
        plan=world.get("plan", side), title="Plan de mobilité", actor=world.people["manager"]
    )
    world.objects[("action", side)] = action
    return {"pk": action.pk}


def _action_attachment(world, side):
    from action_plans import services

    attachment = services.attach_to_action(
        action=world.get("action", side),
        upload=SimpleUploadedFile("diagnostic-mobilite.pdf", PDF, "application/pdf"),
        actor=world.people["manager"],
    )
    world.objects[("attachment", side)] = attachment
    return {"pk": attachment.pk}


def _indicator(world, side):
    from action_plans import services

    indicator = services.add_indicator(
        plan=world.get("plan", side),
        label="Consommation d'énergie",
        unit="MWh",
        actor=world.people["manager"],
    )
    world.objects[("indicator", side)] = indicator
    return {"pk": indicator.pk}


def _mission(world, side):
    from decimal import Decimal

    from action_plans import services

    # The demo consultant already follows company A; a mission on B would make them follow it,
    # so B's mission is another consultant's.
    consultant = world.demo.person(Role.CONSULTANT)
    if side == "B":
        from rse_platform.tenants import services as tenant_services

        consultant = UserFactory(first_name="Autre", last_name="Consultante")
        tenant_services.add_member(tenant=world.tenant, user=consultant, role=Role.CONSULTANT)
    mission = services.start_mission(
        company=world.get("company", side),
        consultant=consultant,
        title="Accompagnement RSE",
        allocated_days=Decimal("5"),
        daily_rate=Decimal("900"),
        fundings=[("Région", Decimal("50"))],
        actor=world.people["manager"],
    )
    world.objects[("mission", side)] = mission
    return {"pk": mission.pk}


def _review(world, side):
    from action_plans import services

    review = services.record_review(
        plan=world.get("plan", side),
        kind="milestone",
        summary="Premier point d'étape",
        actor=world.people["manager"],
    )
    world.objects[("review", side)] = review
    return {"pk": review.pk}


# Kinds without sides: the same object whoever looks (the matrix's columns differ by person).
ONE_PER_TENANT = {
    "open_event",
    "logo",
    "programme",
    "funder_document",
    "import",
    "exclusion",
    "version",
    "campaign",
    "invitation",
    "membership",
    "personal_feed",
    "club_feed",
    "export",
}


def _logo(world, side):
    tenant = world.tenant
    tenant.logo.save("logo-pevele.png", ContentFile(PNG))
    world.objects[("logo", side)] = tenant
    return {}


BUILDERS = {
    "company_pk": _company_pk,
    "plan": _plan,
    "action": _action,
    "attachment": _action_attachment,
    "indicator": _indicator,
    "mission": _mission,
    "review": _review,
    "logo": _logo,
    "company": _company,
    "draft": _draft,
    "evidence": _evidence,
    "submitted": _submitted,
    "document": _document,
    "funder_document": _funder_document,
    "programme": _programme,
    "import": _import,
    "exclusion": _exclusion,
    "version": _version,
    "campaign": _campaign,
    "club": _club,
    "event": _event,
    "open_event": _open_event,
    "registration": _registration,
    "club_member": _club_member,
    "event_document": _event_document,
    "personal_feed": _personal_feed,
    "club_feed": _club_feed,
    "invitation": _invitation,
    "membership": _membership,
    "export": lambda world, side: {"fmt": "csv"},
}


@pytest.fixture
def world(demo):
    """The demo tenant, its personas (``world.people``) and objects (``world.kwargs(kind)``)."""
    world = World(demo=demo)
    with scopes_disabled():
        _people(world)
    return world
