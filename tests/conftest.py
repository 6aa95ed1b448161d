"""Fixtures of the cross-app tests: the demo tenant with one object of each kind on two sides.

Side A is the demo company leader's company (followed by the demo consultant) and a club the
leader belongs to (facilitated by that consultant); side B is a company and a club of neither.
Objects come from the seeded demo; the few kinds the demo lacks (an evidence file, an event
document, an import file, a generated document...) are created here, inside the test's
transaction. The people who look at them are ``world.people``.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

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


# --- Labels: one label with an audit, a customer survey and a jury part, its open wave; company
# A's application is before the jury (the auditor and the jury member assigned, the audit and the
# juror's scores recorded), company B's is a draft; a certificate per side from the past wave.


def _label(world, side):
    from labels import services
    from rse_platform.tenants import registry

    versions = registry.grid_reader().versions(tenant=world.tenant)
    label = services.create_label(
        tenant=world.tenant,
        actor=world.people["manager"],
        name="Label de la matrice",
        slug="matrice",
        body="jury",
        framework_version_id=versions[0][0],
        customer_framework_version_id=versions[0][0],
        decision="threshold",
        threshold=Decimal("100"),
        validity_months=24,
        parts=[
            {"name": "Audit", "maximum": "100", "source": "audit"},
            {"name": "Enquête client", "maximum": "100", "source": "customer_survey"},
            {"name": "Jury", "maximum": "100", "source": "jury"},
        ],
    )
    world.objects[("label", side)] = label
    return {"pk": label.pk}


def _label_wave(world, side):
    from labels import services

    today = timezone.localdate()
    wave = services.open_wave(
        label=world.get("label"),
        name="Vague de la matrice",
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=20),
        jury_on=today + timedelta(days=40),
        actor=world.people["manager"],
    )
    world.objects[("label_wave", side)] = wave
    return {"pk": wave.pk}


def _label_application(world, side):
    from labels import services
    from labels.models import Application, AuditReport, JuryScore, ScoredPart

    manager = world.people["manager"]
    application = services.start_application(
        wave=world.get("label_wave"), company=world.get("company", side), actor=manager
    )
    if side == "A":
        label = application.wave.label
        Application.objects.filter(pk=application.pk).update(
            status=Application.Status.JURY, submitted_at=timezone.now()
        )
        application.refresh_from_db()
        services.assign_auditor(
            application=application, auditor=world.people["auditor"], actor=manager
        )
        AuditReport.objects.create(
            tenant=world.tenant,
            application=application,
            auditor=world.people["auditor"],
            score=Decimal("70"),
            report="Entretien d'audit sur site.",
        )
        (assignment,) = services.assign_jurors(
            application=application, jurors=[world.people["jury"]], actor=manager
        )
        services.confirm_conflicts(
            wave=application.wave, juror=world.people["jury"], actor=world.people["jury"]
        )
        JuryScore.objects.create(
            tenant=world.tenant,
            assignment=assignment,
            part=ScoredPart.objects.get(label=label, source="jury"),
            value=Decimal("60"),
            comment="Démarche solide.",
        )
        world.objects[("juror_assignment", side)] = assignment
    world.objects[("label_application", side)] = application
    return {"pk": application.pk}


def _juror_assignment(world, side):
    world.kwargs("label_application", "A")
    assignment = world.objects[("juror_assignment", "A")]
    return {"pk": assignment.pk}


def _jury_score(world, side):
    world.kwargs("label_application", "A")
    score = world.objects[("juror_assignment", "A")].scores.get()
    world.objects[("jury_score", side)] = score
    return {"pk": score.pk}


def _label_evidence(world, side):
    from labels.models import Evidence

    application = world.get("label_application", side)
    evidence = Evidence.objects.create(
        tenant=world.tenant,
        application=application,
        file=ContentFile(PDF, name="bilan-carbone.pdf"),
        name="bilan-carbone.pdf",
        uploaded_by=world.people["manager"],
    )
    world.objects[("label_evidence", side)] = evidence
    return {"pk": evidence.pk}


def _label_certificate(world, side):
    """A certificate of the side's company from a wave of last year."""
    from labels.models import Application, Certificate, Decision, Wave

    today = timezone.localdate()
    wave, _created = Wave.objects.get_or_create(
        tenant=world.tenant,
        label=world.get("label"),
        name="Vague de l'an dernier",
        defaults={
            "opens_on": today - timedelta(days=400),
            "closes_on": today - timedelta(days=370),
            "jury_on": today - timedelta(days=360),
        },
    )
    application = Application.objects.create(
        tenant=world.tenant,
        wave=wave,
        company=world.get("company", side),
        status=Application.Status.CERTIFIED,
        total=Decimal("150"),
    )
    decision = Decision.objects.create(
        tenant=world.tenant,
        application=application,
        outcome=Decision.Outcome.GRANTED,
        total=Decimal("150"),
        rationale="Au-dessus du seuil.",
        decided_by=world.people["manager"],
    )
    Application.objects.filter(pk=application.pk).update(decision=decision)
    certificate = Certificate.objects.create(
        tenant=world.tenant,
        application=application,
        code=f"MATRICE{side}2345",
        issued_on=today - timedelta(days=350),
        valid_until=today + timedelta(days=380),
    )
    world.objects[("label_certificate", side)] = certificate
    return {"pk": certificate.pk}


def _survey_token(world, side):
    from labels import services

    application = world.get("label_application", "A")
    (invitation,) = services.invite_customers(
        application=application,
        emails=["client@transports-exemple.fr"],
        actor=world.people["member"],
    )
    world.objects[("survey_token", side)] = invitation
    return {"token": invitation.token}


def _badge(world, side):
    certificate = world.get("label_certificate", side)
    return {"code": certificate.code}


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
    "label",
    "label_wave",
    "survey_token",
    "juror_assignment",
    "jury_score",
}


def _logo(world, side):
    tenant = world.tenant
    tenant.logo.save("logo-pevele.png", ContentFile(PNG))
    world.objects[("logo", side)] = tenant
    return {}


BUILDERS = {
    "label": _label,
    "label_wave": _label_wave,
    "label_application": _label_application,
    "juror_assignment": _juror_assignment,
    "jury_score": _jury_score,
    "label_evidence": _label_evidence,
    "label_certificate": _label_certificate,
    "survey_token": _survey_token,
    "badge": _badge,
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


# --- Directory (helper people): a listed person of each side's company, showing everything and a
# photo; each side's company listed; a competence of the taxonomy; an open support request of each
# side's company.


def _dir_person(world, side):
    from companies import services as company_services
    from companies.models import CompanyMember
    from directory.models import Profile
    from rse_platform.tenants import services as tenant_services

    if side == "A":
        user = world.people["member"]
    else:
        user = UserFactory(first_name="Bérénice", last_name="Annuaire")
        tenant_services.add_member(tenant=world.tenant, user=user, role=Role.MEMBER)
        company_services.link_person(
            company=world.get("company", "B"), user=user, position=CompanyMember.Position.LEADER
        )
    profile, _created = Profile.objects.update_or_create(
        tenant=world.tenant,
        user=user,
        defaults={
            "listed": True,
            "show_position": True,
            "show_photo": True,
            "show_email": True,
            "headline": "Je partage notre démarche RSE.",
        },
    )
    profile.photo.save("photo.png", ContentFile(PNG))
    world.objects[("dir_person", side)] = profile
    return {"pk": profile.pk}


def _dir_company(world, side):
    from directory.models import CompanyListing

    company = world.get("company", side)
    CompanyListing.objects.update_or_create(
        company=company,
        defaults={"tenant": world.tenant, "listed": True, "description": "Portes ouvertes."},
    )
    world.objects[("dir_company", side)] = company
    return {"pk": company.pk}


def _dir_competence(world, side):
    from directory.models import Competence

    competence, _created = Competence.objects.get_or_create(
        tenant=world.tenant, name="Compétence de la matrice", defaults={"theme": "Environnement"}
    )
    world.objects[("dir_competence", side)] = competence
    return {"pk": competence.pk}


def _dir_support(world, side):
    from directory.models import SupportRequest

    support = SupportRequest.objects.create(
        tenant=world.tenant,
        company=world.get("company", side),
        requested_by=world.people["member"] if side == "A" else None,
        message="Besoin d'aide pour notre bilan carbone.",
    )
    world.objects[("dir_support", side)] = support
    return {"pk": support.pk}


BUILDERS.update(
    {
        "dir_person": _dir_person,
        "dir_company": _dir_company,
        "dir_competence": _dir_competence,
        "dir_support": _dir_support,
    }
)
ONE_PER_TENANT.add("dir_competence")


# --- directory: exchange. A published practice of the side's company with a PDF document; an
# open offer of the side's company; the other side's company's answer to a request of the side's
# company; one resource (a PDF) and one news item of the whole tenant.


def _dir_practice(world, side):
    from directory import services

    manager = world.people["manager"]
    practice = services.create_practice(
        company=world.get("company", side),
        actor=manager,
        title="Éclairage LED dans l'entrepôt",
        theme="Énergie",
        what_was_done="Remplacement des 120 luminaires de l'entrepôt.",
        figures="-38 % de kWh sur l'éclairage",
    )
    services.publish_practice(practice=practice, actor=manager)
    world.objects[("dir_practice", side)] = practice
    return {"pk": practice.pk}


def _dir_practice_document(world, side):
    from directory import services

    document = services.add_practice_document(
        practice=world.get("dir_practice", side),
        upload=SimpleUploadedFile("bilan-eclairage.pdf", PDF, "application/pdf"),
        actor=world.people["manager"],
    )
    world.objects[("dir_practice_document", side)] = document
    return {"pk": document.pk}


def _dir_offer(world, side):
    from directory import services

    offer = services.create_offer(
        company=world.get("company", side),
        author=world.people["manager"],
        kind="offer",
        title="Prêt d'une salle de réunion",
        description="Une salle de 20 places, le jeudi après-midi.",
        theme="Mutualisation",
    )
    world.objects[("dir_offer", side)] = offer
    return {"pk": offer.pk}


def _dir_answer(world, side):
    from directory import services

    manager = world.people["manager"]
    offer = services.create_offer(
        company=world.get("company", side),
        author=manager,
        kind="request",
        title="Relecture d'une réponse à appel d'offres",
        description="Un regard extérieur sur le volet RSE.",
    )
    answer = services.answer_offer(
        offer=offer,
        company=world.get("company", "B" if side == "A" else "A"),
        author=manager,
        message="Avec plaisir, la semaine prochaine.",
    )
    world.objects[("dir_answer", side)] = answer
    return {"pk": answer.pk}


def _dir_resource(world, side):
    from directory import services

    resource = services.create_resource(
        tenant=world.tenant,
        actor=world.people["manager"],
        kind="practice_sheet",
        title="Fiche réflexe : le tri des déchets",
        theme="Déchets",
        file=SimpleUploadedFile("fiche-tri.pdf", PDF, "application/pdf"),
    )
    world.objects[("dir_resource", side)] = resource
    return {"pk": resource.pk}


def _dir_news(world, side):
    from directory import services

    item = services.post_news(
        tenant=world.tenant,
        actor=world.people["manager"],
        title="Loi AGEC : le tri des biodéchets",
        body="Depuis le 1er janvier, chaque entreprise trie ses biodéchets à la source.",
        theme="Déchets",
        source_name="ADEME",
    )
    world.objects[("dir_news", side)] = item
    return {"pk": item.pk}


BUILDERS.update(
    {
        "dir_practice": _dir_practice,
        "dir_practice_document": _dir_practice_document,
        "dir_offer": _dir_offer,
        "dir_answer": _dir_answer,
        "dir_resource": _dir_resource,
        "dir_news": _dir_news,
    }
)
ONE_PER_TENANT.update({"dir_resource", "dir_news"})


@pytest.fixture
def world(demo):
    """The demo tenant, its personas (``world.people``) and objects (``world.kwargs(kind)``)."""
    world = World(demo=demo)
    with scopes_disabled():
        _people(world)
    return world
