"""Demo clubs from the seeds: Pévèle Carembault's four clubs and the logistics pôle's club.

A year of events around today (past ones with registrations, attendance, surveys and topics;
coming ones with registrations and a full workshop with a waiting list), and ~25 company people
per tenant to fill them. Rows are written directly rather than through the services so that
seeding sends no e-mail; everything is looked up first, so running it twice changes nothing.
"""

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from companies import services as company_services
from companies.models import Company, CompanyMember
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.roles import Role

from . import services
from .models import Club, ClubMember, Event, EventTopic, Registration, SurveyAnswer

LEADER, MANAGER, FOUNDER = (
    CompanyMember.Position.LEADER,
    CompanyMember.Position.MANAGER,
    CompanyMember.Position.FOUNDER,
)

# first name, last name, company, position
PEVELE_PEOPLE = [
    ("Olivier", "Salti", "Salti Location", LEADER),
    ("Bruno", "Verhaeghe", "Transports Verhaeghe", LEADER),
    ("Isabelle", "Ducrocq", "Plasturgie du Carembault", LEADER),
    ("Philippe", "Dubrulle", "Mécanique Dubrulle", LEADER),
    ("Karine", "Masson", "Entrepôts de la Pévèle", LEADER),
    ("Hervé", "Lesaffre", "Imprimerie Lesaffre", LEADER),
    ("Sandrine", "Delcourt", "Menuiseries Delcourt", LEADER),
    ("Laurent", "Vanhove", "Électricité Vanhove", LEADER),
    ("Céline", "Declercq", "Boulangeries Declercq", LEADER),
    ("Thierry", "Caron", "Bureau d'études Caron", LEADER),
    ("Nadia", "Benali", "Nettoyage Pévèle Services", LEADER),
    ("Frédéric", "Lemaire", "Maçonnerie Lemaire", LEADER),
    ("Aurélie", "Deschamps", "Serres de Genech", LEADER),
    ("Vincent", "Morel", "Logiciels Pévélois", LEADER),
    ("Sophie", "Wattrelos", "Chaudronnerie Wattrelos", LEADER),
    ("Mathieu", "Duhamel", "Paysages Duhamel", LEADER),
    ("Caroline", "Ledoux", "Cartonnages Ledoux", LEADER),
    ("Julie", "Martin", "Salti Location", MANAGER),
    ("Nicolas", "Petit", "Transports Verhaeghe", MANAGER),
    ("Émilie", "Roussel", "Mécanique Dubrulle", MANAGER),
    ("Antoine", "Lefort", "Entrepôts de la Pévèle", MANAGER),
    ("Camille", "Dupont", "Boulangeries Declercq", MANAGER),
    ("Romain", "Lecomte", "Garage Hennebelle", MANAGER),
    ("Léa", "Blondeau", "Atelier Créatif Blondeau", FOUNDER),
    ("Maxime", "Vasseur", "Brasserie de la Pévèle", FOUNDER),
    ("Chloé", "Dumont", "Vélos Mobilité Douce", FOUNDER),
    ("Hugo", "Lambert", "Épicerie Vrac & Local", FOUNDER),
    ("Manon", "Carpentier", "Énergies Solaires du Nord", FOUNDER),
]

LOGISTICS_PEOPLE = [
    ("Gilles", "Morin", "Terminal Multimodal de Rouen", LEADER),
    ("Valérie", "Lecanu", "Transports Lecanu", MANAGER),
    ("Stéphane", "Duval", "Entrepôts Seine Aval", LEADER),
    ("Agnès", "Fouquet", "Fluvial Normandie Services", LEADER),
    ("Pascal", "Hamel", "Messagerie Express Caux", LEADER),
    ("Corinne", "Lebrun", "Froid Logistique Évreux", LEADER),
    ("Didier", "Guérin", "Palettes du Vexin", LEADER),
    ("Élise", "Marie", "Commissionnaire Port 2000", LEADER),
    ("Yann", "Le Goff", "Logiciels Supply Normandie", LEADER),
    ("Marion", "Tessier", "Dernier Kilomètre Vert", FOUNDER),
    ("Sébastien", "Lemonnier", "Terminal Multimodal de Rouen", MANAGER),
    ("Aline", "Boucher", "Froid Logistique Évreux", MANAGER),
]

V, W, C, T, M = (
    Event.Kind.VISIT,
    Event.Kind.WORKSHOP,
    Event.Kind.COLLECTIVE,
    Event.Kind.THEMATIC_DAY,
    Event.Kind.MODULE_DAY,
)

# Each club: its fields, then its events as (days from today, kind, title, theme, host, topics).
PEVELE_CLUBS = [
    {
        "name": "Club des Dirigeants Durables",
        "kind": Club.Kind.REGULAR,
        "description": (
            "Des échanges entre pairs pour les chefs d'entreprise de plus de 40 collaborateurs. "
            "Cinq fois par an, une visite d'entreprise pour se projeter dans l'économie de "
            "demain et faire le plein d'idées."
        ),
        "positions": [LEADER],
        "min_headcount": 41,
        "meetings_per_year": 5,
        "facilitator": "consultant",
        "events": [
            (
                -300,
                V,
                "Visite de Néo-Éco Recyclage",
                "Économie circulaire : du déchet à la matière première",
                "Néo-Éco Recyclage",
                ["Économie circulaire", "Valorisation des déchets"],
            ),
            (
                -230,
                V,
                "Visite de Salti Location",
                "Économie de la fonctionnalité : louer plutôt que vendre",
                "Salti Location",
                ["Économie de la fonctionnalité", "Éco-conception"],
            ),
            (
                -150,
                V,
                "Visite de Plasturgie du Carembault",
                "Social business et insertion",
                "Plasturgie du Carembault",
                ["Social business", "Insertion professionnelle"],
            ),
            (
                -60,
                V,
                "Visite de Transports Verhaeghe",
                "Bien-être au travail et fidélisation des conducteurs",
                "Transports Verhaeghe",
                ["Bien-être au travail", "Qualité de vie au travail"],
            ),
            (
                12,
                V,
                "Visite de Mécanique Dubrulle",
                "Usine du futur et sobriété énergétique",
                "Mécanique Dubrulle",
                [],
            ),
            (
                95,
                V,
                "Visite des Entrepôts de la Pévèle",
                "Plan de mobilité employeur",
                "Entrepôts de la Pévèle",
                [],
            ),
        ],
    },
    {
        "name": "Club des Pionniers",
        "kind": Club.Kind.REGULAR,
        "description": (
            "Pour les chefs d'entreprise de 10 à 40 collaborateurs qui veulent passer à "
            "l'action : cinq ateliers collectifs par an pour revisiter leur modèle économique, "
            "et un accompagnement individuel pour mettre en œuvre leur plan d'actions."
        ),
        "positions": [LEADER],
        "min_headcount": 10,
        "max_headcount": 40,
        "meetings_per_year": 5,
        "facilitator": "shared_consultant",
        "events": [
            (
                -280,
                W,
                "Motiver ses collaborateurs autour de la RSE",
                "Motivation des collaborateurs",
                None,
                ["Motivation des collaborateurs", "Management participatif"],
            ),
            (
                -200,
                W,
                "Économies d'énergie : les gestes qui paient",
                "Économies d'énergie",
                None,
                ["Économies d'énergie", "Audit énergétique"],
            ),
            (
                -120,
                W,
                "La RSE dans les appels d'offres publics",
                "Valorisation de la démarche RSE dans les appels d'offres",
                None,
                ["Achats publics responsables", "Valorisation de la RSE"],
            ),
            (
                -40,
                W,
                "Achats responsables et fournisseurs locaux",
                "Achats responsables",
                None,
                ["Achats responsables", "Ancrage territorial"],
            ),
            (5, W, "Bilan carbone simplifié pour TPE", "Mesurer ses émissions", None, []),
            (
                20,
                W,
                "Marque employeur et recrutement",
                "Attirer et fidéliser grâce à la RSE",
                None,
                [],
            ),
        ],
    },
    {
        "name": "Ateliers du Middle Management",
        "kind": Club.Kind.REGULAR,
        "description": (
            "Pour les cadres et managers : renforcer ses connaissances et ses compétences en "
            "RSE et en conduite du changement, cinq fois par an, avec un consultant-coach."
        ),
        "positions": [MANAGER],
        "meetings_per_year": 5,
        "facilitator": "consultant",
        "events": [
            (
                -260,
                W,
                "Transformer mes déchets en ressources",
                "Économie circulaire",
                None,
                ["Tri et valorisation des déchets"],
            ),
            (
                -170,
                W,
                "Organiser un projet autour de la mobilité",
                "Mobilité durable",
                None,
                ["Plan de mobilité", "Covoiturage"],
            ),
            (
                -75,
                W,
                "Libérer mon entreprise par son management",
                "Management libéré",
                None,
                ["Entreprise libérée", "Conduite du changement"],
            ),
            (
                30,
                W,
                "Conduire le changement : embarquer son équipe",
                "Conduite du changement",
                None,
                [],
            ),
            (
                120,
                W,
                "Qualité de vie au travail : mesurer et agir",
                "Qualité de vie au travail",
                None,
                [],
            ),
        ],
    },
    {
        "name": "Club des Créateurs Durables",
        "kind": Club.Kind.COHORT,
        "description": (
            "Un accompagnement importé de Belgique pour les porteurs de projet : un module "
            "collectif de 9 jours sur 3 mois pour challenger son business model et générer des "
            "« idées vertes »."
        ),
        "positions": [FOUNDER],
        "planned_sessions": 9,
        "facilitator": "shared_consultant",
        "module": (-45, 45),
        "events": [
            (-45 + 10 * index, M, f"Jour {index + 1} — {title}", title, None, topics)
            for index, (title, topics) in enumerate(
                [
                    ("Poser son projet", ["Business model durable"]),
                    ("Le business model canvas durable", ["Business model durable"]),
                    ("Économie circulaire et éco-conception", ["Éco-conception"]),
                    ("Économie de la fonctionnalité", ["Économie de la fonctionnalité"]),
                    ("Ancrage territorial et partenaires", ["Ancrage territorial"]),
                    ("Mesurer son impact social", []),
                    ("Un modèle financier durable", []),
                    ("Pitch et idées vertes", []),
                    ("Restitution devant un jury de pairs", []),
                ]
            )
        ],
    },
]

LOGISTICS_CLUBS = [
    {
        "name": "Club RSE Logistique Seine Normandie",
        "kind": Club.Kind.REGULAR,
        "description": (
            "Les dirigeants et cadres des entreprises logistiques de la vallée de la Seine "
            "partagent leurs pratiques et préparent ensemble le Label 6PL."
        ),
        "positions": [LEADER, MANAGER],
        "meetings_per_year": 5,
        "facilitator": "consultant",
        "events": [
            (
                -200,
                V,
                "Visite du Terminal Multimodal de Rouen",
                "Report modal et fluvial",
                "Terminal Multimodal de Rouen",
                ["Report modal", "Transport fluvial"],
            ),
            (
                -90,
                V,
                "Visite de Froid Logistique Évreux",
                "Froid et efficacité énergétique",
                "Froid Logistique Évreux",
                ["Efficacité énergétique", "Fluides frigorigènes"],
            ),
            (
                -30,
                W,
                "Préparer l'autodiagnostic du Label 6PL",
                "Label 6PL",
                None,
                ["Label 6PL", "Autodiagnostic"],
            ),
            (
                14,
                C,
                "Décarboner le transport : GNV, électrique, fluvial",
                "Décarbonation",
                None,
                [],
            ),
            (
                70,
                V,
                "Visite de Fluvial Normandie Services",
                "Logistique fluviale du dernier kilomètre",
                "Fluvial Normandie Services",
                [],
            ),
        ],
    },
]

PROGRAMME_DAYS = {
    "pevele-carembault": (
        45,
        T,
        "Rencontres RSE de la Pévèle",
        "Journée thématique ouverte à tout le programme",
        "Pôle d'excellence, Orchies",
    ),
    "logistique-seine-normandie": (
        40,
        T,
        "Journée Label 6PL",
        "Les entreprises labellisées témoignent",
        "Hangar 10, Rouen",
    ),
}

COMMENTS = [
    "Très concret, beaucoup d'idées à reprendre chez nous.",
    "Échanges riches entre pairs, merci à l'entreprise hôte.",
    "Un peu court, on aurait aimé plus de temps pour les questions.",
    "",
    "Excellente animation, des outils directement utilisables.",
]

# Why people warned they could not come ("excusé·e"): counted apart from the no-shows.
EXCUSES = [
    "Audit client prévu le même jour.",
    "Arrêt maladie.",
    "Salon professionnel à Lille.",
    "Remplacement d'un salarié absent, je ne peux pas quitter l'atelier.",
]


def seed_tenant(*, tenant, people):
    if tenant.slug == "pevele-carembault":
        specs, roster = PEVELE_CLUBS, PEVELE_PEOPLE
    elif tenant.slug == "logistique-seine-normandie":
        specs, roster = LOGISTICS_CLUBS, LOGISTICS_PEOPLE
    else:
        return
    rng = random.Random(tenant.slug)  # noqa: S311 — the same "random" demo every time
    now = timezone.now()
    persons = _people(tenant, roster, people)
    demo_leader = people[Role.MEMBER]
    for spec in specs:
        club = _club(tenant, spec, people)
        members = [
            person
            for person in persons + [demo_leader]
            if services.eligibility(club=club, user=person).eligible
        ]
        for person in members:
            if not ClubMember.objects.filter(club=club, user=person).exists():
                ClubMember.objects.create(
                    tenant=tenant,
                    club=club,
                    user=person,
                    company=services.eligibility(club=club, user=person).company,
                    status=ClubMember.Status.ACTIVE,
                )
        for offset, kind, title, theme, host, topics in spec["events"]:
            event = _event(tenant, club, offset, kind, title, theme, host, now)
            _fill(event, members, rng, now, topics=topics)
    offset, kind, title, theme, place = PROGRAMME_DAYS[tenant.slug]
    day = _event(tenant, None, offset, kind, title, theme, None, now, place=place)
    _fill(day, persons, rng, now, topics=[])


def _people(tenant, roster, people):
    User = get_user_model()
    password = people[Role.MEMBER].password  # the demo password, already hashed
    persons = []
    for first, last, company_name, position in roster:
        company = Company.objects.filter(tenant=tenant, name=company_name).first()
        if company is None:  # the programme's demo register changed: skip that person
            continue
        email = f"{slugify(first)}.{slugify(last)}@{slugify(company_name)}.example.org"
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "password": password}
        )
        if not created and user.password != password:
            user.password = password
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        tenant_services.add_member(tenant=tenant, user=user, role=Role.MEMBER)
        company_services.link_person(company=company, user=user, position=position)
        persons.append(user)
    return persons


def _club(tenant, spec, people):
    club = Club.objects.filter(tenant=tenant, name=spec["name"]).first()
    if club is not None:
        return club
    fields = {
        key: value for key, value in spec.items() if key not in {"events", "facilitator", "module"}
    }
    if "module" in spec:
        start, end = spec["module"]
        fields["starts_on"] = timezone.localdate() + timedelta(days=start)
        fields["ends_on"] = timezone.localdate() + timedelta(days=end)
    return services.create_club(
        tenant=tenant, actor=people[Role.MANAGER], facilitator=people[spec["facilitator"]], **fields
    )


# Fixed French public holidays and the Christmas break: no club meets then.
CLOSED = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11)} | {
    (12, day) for day in range(24, 32)
}


def _weekday(day):
    while day.weekday() >= 5 or (day.month, day.day) in CLOSED:
        day += timedelta(days=1)
    return day


def _event(tenant, club, offset, kind, title, theme, host, now, place=None):
    event = Event.objects.filter(tenant=tenant, club=club, title=title).first()
    if event is not None:
        return event
    day = _weekday(timezone.localdate() + timedelta(days=offset))
    hours = {
        Event.Kind.VISIT: (9, 12),
        Event.Kind.WORKSHOP: (14, 17),
        Event.Kind.COLLECTIVE: (18, 20),
    }.get(kind, (9, 17))
    starts_at = timezone.make_aware(datetime.combine(day, time(hours[0])))
    host_company = Company.objects.filter(tenant=tenant, name=host).first() if host else None
    if kind == Event.Kind.VISIT and host_company is None:
        kind = Event.Kind.WORKSHOP
    if place is None:
        place = (
            f"{host_company.name}, {host_company.commune}"
            if host_company
            else ("Maison de l'entreprise" if tenant.slug == "pevele-carembault" else "Rouen")
        )
    capacity = {Event.Kind.VISIT: 20, Event.Kind.THEMATIC_DAY: 80}.get(kind, 12)
    if title == "Marque employeur et recrutement":
        capacity = 6  # a full workshop, to show the waiting list
    return Event.objects.create(
        tenant=tenant,
        club=club,
        kind=kind,
        title=title,
        theme=theme,
        description=_description(kind, theme),
        starts_at=starts_at,
        ends_at=starts_at.replace(hour=hours[1]),
        place=place,
        host_company=host_company,
        capacity=capacity,
        registration_deadline=starts_at - timedelta(days=2),
        audience=Event.Audience.CLUB if club else Event.Audience.PROGRAMME,
        status=Event.Status.PUBLISHED,
        published_at=starts_at - timedelta(days=30),
        created_at=starts_at - timedelta(days=35),
    )


def _description(kind, theme):
    if kind == Event.Kind.VISIT:
        return (
            f"Visite du site, témoignage du dirigeant puis échanges entre pairs sur le thème "
            f"« {theme} ». Café d'accueil à 8 h 45."
        )
    if kind == Event.Kind.MODULE_DAY:
        return "Journée du module collectif : apports, travail sur votre projet, retours des pairs."
    return (
        f"Atelier collectif animé par un consultant sur le thème « {theme} ». "
        "Venez avec vos questions."
    )


def _registered_at(event, index, count, now):
    """When the ``index``-th of ``count`` people registered: from the day the event was
    published to its deadline, most of them in the first days and the rest trickling in (in
    order, so a waiting list holds the latest), never after now."""
    usable = event.registration_deadline - event.published_at - timedelta(hours=9)
    share = 1 - 0.8 ** (index + 1)
    moment = event.published_at + timedelta(hours=8, minutes=index) + usable * share
    return min(moment, now - timedelta(minutes=5 * (count - index)))


def _fill(event, candidates, rng, now, *, topics):
    """Registrations, then for past events attendance, surveys and topics."""
    if Registration.objects.filter(event=event).exists():
        return
    past = event.starts_at < now
    share = 0.75 if past else 0.5
    chosen = [person for person in candidates if rng.random() < share]
    if event.capacity and len(chosen) > event.capacity and past:
        chosen = chosen[: event.capacity]
    if event.title == "Marque employeur et recrutement":
        chosen = candidates[: event.capacity + 2]
    seats = 0
    for index, person in enumerate(chosen):
        registered_at = _registered_at(event, index, len(chosen), now)
        confirmed = event.capacity is None or seats < event.capacity
        seats += confirmed
        attended = None
        if past and confirmed:
            attended = rng.random() > 0.15
        # Half of the absent people had warned, with a reason; a few people to come too.
        excused = confirmed and (
            (attended is False and index % 2 == 0)
            or (not past and index % 9 == 4 and event.title != "Marque employeur et recrutement")
        )
        if excused:
            attended = None
        registration = Registration.objects.create(
            tenant=event.tenant,
            event=event,
            user=person,
            company=CompanyMember.objects.filter(tenant=event.tenant, user=person)
            .select_related("company")
            .first()
            .company,
            status=Registration.Status.EXCUSED
            if excused
            else (Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED),
            excuse=EXCUSES[index % len(EXCUSES)] if excused else "",
            excused_at=min(event.starts_at - timedelta(days=1), now) if excused else None,
            registered_at=registered_at,
            waitlisted_at=None if confirmed else registered_at,
            attended=attended,
            checked_in_at=event.starts_at + timedelta(minutes=rng.randint(0, 20))
            if attended
            else None,
        )
        if attended and rng.random() < 0.7:
            SurveyAnswer.objects.create(
                tenant=event.tenant,
                event=event,
                user=registration.user,
                rating=rng.choice([3, 4, 4, 5, 5]),
                comment=rng.choice(COMMENTS),
                # Answered that evening or in the days after, when the survey e-mail is read.
                created_at=min(event.ends_at + timedelta(hours=2 + (index * 17) % 120), now),
            )
    for label in topics:
        EventTopic.objects.get_or_create(tenant=event.tenant, event=event, label=label)
