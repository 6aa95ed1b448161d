"""The scale data set of issue 15, written with ``bulk_create`` so that it builds in minutes.

``build_tenant`` makes a new tenant of N companies (manager, one leader per company, a programme
with enrolments, a charter with signatures, clubs and events with registrations, one framework,
a campaign, submitted self-assessments with every answer); ``grow_tenant`` adds the same to an
existing tenant (the demo's Pévèle Carembault). Values come from the demo's own helpers
(``diagnostics.demo._diagnostic`` scores the answers as a real submission would) so that pages
show realistic figures. This module is for benchmarks only: it opens no tenant scope and writes
rows directly (``scopes_disabled``), sends no e-mail and records no audit entry per row.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_scopes import scopes_disabled

from clubs.models import Club, ClubMember, Event, Registration
from companies.models import Company, CompanyMember
from companies.siret import demo_siret
from diagnostics import demo as diagnostics_demo
from diagnostics import scoring
from diagnostics import services as diagnostics_services
from diagnostics.models import Answer as DiagnosticAnswer
from diagnostics.models import (
    Campaign,
    CampaignInvitation,
    Criterion,
    Diagnostic,
    FrameworkVersion,
    Level,
)
from programmes.models import CharterSignature, CharterVersion, Enrolment, Programme
from rse_platform.tenants.models import AuditEntry, Membership, Tenant
from rse_platform.tenants.roles import Role

ISO_GRID = diagnostics_demo.FRAMEWORKS_DIR / "iso26000-a-d.json"

SECTORS = [
    ("25.62B", "Mécanique industrielle"),
    ("49.41A", "Transport routier de fret"),
    ("43.21A", "Installation électrique"),
    ("10.71C", "Boulangerie"),
    ("62.01Z", "Programmation informatique"),
    ("52.10B", "Entreposage"),
    ("71.12B", "Ingénierie"),
    ("81.21Z", "Nettoyage"),
    ("22.22Z", "Emballages plastiques"),
    ("47.29Z", "Commerce alimentaire"),
]
COMMUNES = [
    "Orchies", "Cysoing", "Templeuve-en-Pévèle", "Phalempin", "Thumeries", "Ostricourt",
    "Avelin", "Bersée", "Genech", "Pont-à-Marcq", "Mons-en-Pévèle", "Nomain",
]  # fmt: skip
FIRST = ["Claire", "Marc", "Julie", "Olivier", "Nadia", "Hugo", "Léa", "Thierry", "Sophie"]
LAST = ["Lefebvre", "Dubois", "Martin", "Vasseur", "Delcourt", "Caron", "Lemaire", "Morel"]


@dataclass
class Size:
    """How much to add to one tenant."""

    companies: int
    events: int
    diagnostics: int
    registrations_per_event: int = 10
    campaigns: int = 1
    drafts: int = 0  # leaders with a draft self-assessment (the load test fills them)


@dataclass
class Built:
    """What the measurements and the load test need to know about one tenant."""

    slug: str
    manager: str
    leaders: list = field(default_factory=list)  # [{"email", "diagnostic", "criteria"}]
    company: int = 0
    event: int = 0
    open_events: list = field(default_factory=list)
    diagnostic: int = 0
    campaign: int = 0
    programme: int = 0


def build_tenant(*, slug, size, password, seed=0):
    """A new tenant of ``size`` with its manager (``manager@<slug>.example.org``)."""
    with scopes_disabled():
        tenant = Tenant.objects.create(
            slug=slug,
            name=f"Cluster RSE {slug.split('-')[-1]}",
            kind=Tenant.Kind.CLUSTER,
            territory="Hauts-de-France",
        )
        manager = _users(
            [(f"manager@{slug}.example.org", "Claire", "Responsable")], password=password
        )[0]
        Membership.objects.create(tenant=tenant, user=manager, role=Role.MANAGER)
        programme = Programme.objects.create(
            tenant=tenant,
            name="Programme RSE",
            start_year=2015,
            target_companies=size.companies,
            territory_private_employees=18000,
        )
        CharterVersion.objects.create(
            tenant=tenant,
            number=1,
            title="Charte d'engagement RSE",
            text="1. Respecter nos salariés.\n2. Réduire notre empreinte.",
            published_by=manager,
        )
        version = diagnostics_services.import_framework(
            tenant=tenant,
            data=json.loads(ISO_GRID.read_text(encoding="utf-8")),
            actor=manager,
            publish=True,
        )
        return grow_tenant(
            tenant=tenant,
            manager=manager,
            programme=programme,
            version=version,
            size=size,
            password=password,
            seed=seed,
        )


def grow_tenant(*, tenant, manager, programme, version, size, password, seed=0):
    """Add ``size`` to ``tenant``: one leader per new company, everything bulk-created."""
    rng = random.Random(f"scale-{tenant.slug}-{seed}")  # noqa: S311 - repeatable data
    now = timezone.now()
    with scopes_disabled():
        start = Company.objects.filter(tenant=tenant).count()
        companies = Company.objects.bulk_create(
            Company(
                tenant=tenant,
                name=f"Entreprise {tenant.pk}-{start + i:05d}",
                siret=demo_siret(20_000_000 + tenant.pk * 100_000 + start + i),
                naf_code=SECTORS[i % len(SECTORS)][0],
                sector=SECTORS[i % len(SECTORS)][1],
                commune=COMMUNES[i % len(COMMUNES)],
                headcount=rng.choice([3, 8, 15, 25, 38, 55, 90, 160, 320]),
                annual_revenue=Decimal(rng.randint(150, 60_000) * 1000),
                founded_on=date(1960 + i % 60, 1 + i % 12, 1),
            )
            for i in range(size.companies)
        )
        leaders = _users(
            [
                (
                    f"leader{start + i}@{tenant.slug}.example.org",
                    FIRST[i % len(FIRST)],
                    LAST[i % len(LAST)],
                )
                for i in range(len(companies))
            ],
            password=password,
        )
        Membership.objects.bulk_create(
            Membership(tenant=tenant, user=user, role=Role.MEMBER) for user in leaders
        )
        CompanyMember.objects.bulk_create(
            CompanyMember(
                tenant=tenant, company=company, user=user, position=CompanyMember.Position.LEADER
            )
            for company, user in zip(companies, leaders, strict=True)
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                tenant=tenant,
                programme=programme,
                company=company,
                status=Enrolment.Status.ENGAGED if i % 5 else Enrolment.Status.PROSPECT,
                contacted_on=date(2012 + i % 13, 1 + i % 12, 1),
                engaged_on=date(2013 + i % 12, 1 + i % 12, 15) if i % 5 else None,
            )
            for i, company in enumerate(companies)
        )
        charter = CharterVersion.objects.filter(tenant=tenant).order_by("-number").first()
        if charter is not None:
            CharterSignature.objects.bulk_create(
                CharterSignature(
                    tenant=tenant,
                    version=charter,
                    company=company,
                    signed_by=user,
                    signed_at=now - timedelta(days=i % 700),
                )
                for i, (company, user) in enumerate(zip(companies, leaders, strict=True))
                if i % 3
            )
        built = Built(slug=tenant.slug, manager=manager.email, programme=programme.pk)
        built.company = companies[0].pk if companies else 0
        _events(tenant, companies, leaders, size, rng, now, built)
        _diagnostics(tenant, manager, version, companies, leaders, size, rng, now, built)
        AuditEntry.objects.bulk_create(
            AuditEntry(
                tenant=tenant,
                actor=manager,
                action="member.added",
                data={"email": user.email, "role": Role.MEMBER},
            )
            for user in leaders[:50]
        )
    return built


def _users(people, *, password):
    # One hash for everyone: hashing thousands of passwords would take most of the build.
    hashed = make_password(password)
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=email, first_name=first, last_name=last, password=hashed)
        for email, first, last in people
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    return users


def _events(tenant, companies, leaders, size, rng, now, built):
    if not size.events:
        return
    club = Club.objects.create(
        tenant=tenant,
        name=f"Club des Pionniers {tenant.pk}",
        description="Ateliers entre pairs pour les entreprises de 10 à 40 salariés.",
        meetings_per_year=5,
    )
    ClubMember.objects.bulk_create(
        ClubMember(
            tenant=tenant,
            club=club,
            user=user,
            company=company,
            status=ClubMember.Status.ACTIVE,
        )
        for company, user in list(zip(companies, leaders, strict=True))[:40]
    )
    events = []
    for i in range(size.events):
        # Two thirds in the past year, one third coming: the calendar and lists see both.
        starts = now + timedelta(days=rng.randint(-365, -1) if i % 3 else rng.randint(2, 180))
        starts = starts.replace(hour=9, minute=0, second=0, microsecond=0)
        opened = i % 3 == 0
        events.append(
            Event(
                tenant=tenant,
                club=None if opened else club,
                kind=Event.Kind.WORKSHOP if i % 2 else Event.Kind.COLLECTIVE,
                title=f"Atelier RSE n° {i + 1}",
                theme=rng.choice(["Mobilité", "Énergie", "Achats responsables", "QVT"]),
                description="Un temps d'échange entre dirigeants, suivi d'un buffet local.",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                place="Pôle d'entreprises, Orchies",
                capacity=None if opened else 30,
                audience=Event.Audience.OPEN if opened else Event.Audience.CLUB,
                status=Event.Status.PUBLISHED,
                published_at=now - timedelta(days=400),
            )
        )
    events = Event.objects.bulk_create(events)
    pairs = list(zip(companies, leaders, strict=True))
    registrations = []
    for event in events:
        for company, user in rng.sample(pairs, min(size.registrations_per_event, len(pairs))):
            past = event.starts_at < now
            registrations.append(
                Registration(
                    tenant=tenant,
                    event=event,
                    user=user,
                    company=company,
                    status=Registration.Status.CONFIRMED,
                    registered_at=event.starts_at - timedelta(days=10),
                    attended=(rng.random() < 0.85) if past else None,
                )
            )
    Registration.objects.bulk_create(registrations)
    built.event = events[0].pk
    built.open_events = [
        e.pk for e in events if e.audience == Event.Audience.OPEN and e.starts_at > now
    ]


def _diagnostics(tenant, manager, version, companies, leaders, size, rng, now, built):
    if version is None:
        return
    criteria = list(
        Criterion.objects.filter(version=version)
        .select_related("theme")
        .order_by("theme__order", "order")
    )
    levels = list(Level.objects.filter(version=version).values_list("name", "min_percent"))
    campaigns = [
        Campaign.objects.create(
            tenant=tenant,
            version=version,
            title=f"Autodiagnostic RSE {2026 - n}",
            message="Merci de compléter votre autodiagnostic avant la date limite.",
            deadline=(now + timedelta(days=30 - 365 * n)).date(),
            created_by=manager,
            created_at=now - timedelta(days=20 + 365 * n),
        )
        for n in range(size.campaigns)
    ]
    # Every campaign is sent to most of the register, as a yearly campaign is.
    CampaignInvitation.objects.bulk_create(
        CampaignInvitation(tenant=tenant, campaign=campaign, company=company, sent_at=now)
        for campaign in campaigns
        for i, company in enumerate(companies)
        if i % 4
    )
    pairs = []
    for i in range(size.diagnostics):
        company = companies[i % len(companies)]
        campaign = campaigns[i % len(campaigns)] if campaigns and i % 2 else None
        pairs.append(
            diagnostics_demo._diagnostic(
                tenant=tenant,
                company=company,
                version=version,
                criteria=criteria,
                levels=levels,
                rng=rng,
                skill=0.2 + 0.6 * rng.random(),
                when=now - timedelta(days=1 + rng.randint(0, 700)),
                actor=manager,
                campaign=campaign,
            )
        )
    drafts = []
    pairs_of_people = list(zip(companies, leaders, strict=True))
    for company, user in pairs_of_people[len(pairs_of_people) - size.drafts :]:
        drafts.append(
            (
                Diagnostic(
                    tenant=tenant,
                    company=company,
                    version=version,
                    status=Diagnostic.Status.DRAFT,
                    started_by=user,
                ),
                user,
            )
        )
    saved = Diagnostic.objects.bulk_create(
        [d for d, _answers in pairs] + [d for d, _user in drafts], batch_size=1000
    )
    for diagnostic, (_same, answers) in zip(saved, pairs, strict=False):
        for answer in answers:
            answer.diagnostic = diagnostic
    DiagnosticAnswer.objects.bulk_create(
        (answer for _d, answers in pairs for answer in answers), batch_size=5000
    )
    choices = [
        {
            "pk": c.pk,
            "choices": [v for v, _label in scoring.choices_for(c.scale, c.max_points)],
            "number": c.scale == "number",
        }
        for c in criteria
    ]
    built.leaders = [
        {"email": user.email, "diagnostic": diagnostic.pk, "criteria": choices}
        for diagnostic, user in drafts
    ]
    built.diagnostic = saved[0].pk if pairs else 0
    built.campaign = campaigns[0].pk if campaigns else 0


def grow_demo(*, slug, size, password, seed=0):
    """Grow a seeded demo tenant (its manager, programme, charter and primary grid)."""
    with scopes_disabled():
        tenant = Tenant.objects.get(slug=slug)
        manager = get_user_model().objects.get(email=f"manager@{slug}.example.org")
        programme = Programme.objects.filter(tenant=tenant).order_by("pk").first()
        version = (
            FrameworkVersion.objects.filter(
                tenant=tenant,
                framework__name=diagnostics_demo.PRIMARY.get(slug, ""),
                status=FrameworkVersion.Status.PUBLISHED,
            )
            .order_by("-number")
            .first()
        )
        return grow_tenant(
            tenant=tenant,
            manager=manager,
            programme=programme,
            version=version,
            size=size,
            password=password,
            seed=seed,
        )
