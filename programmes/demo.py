"""Demo companies from the seeds: Pévèle Carembault's ~50 engaged companies add up to the
programme's published totals (430 M€ cumulated revenue, 2,050 employees, i.e. 11 % of the
territory's 18,000 private employees); the logistics pôle gets its own members."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.text import slugify

from companies import services as company_services
from companies.models import Company, CompanyMember
from companies.siret import demo_siret
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from . import services
from .models import BudgetLine, CharterSignature, CharterVersion, Enrolment, Funder, Programme

PEVELE_REVENUE = Decimal("430000000")

# name, NAF code, sector, commune, headcount
PEVELE = [
    ("Salti Location", "77.32Z", "Location de matériel", "Templeuve-en-Pévèle", 420),
    ("Néo-Éco Recyclage", "38.32Z", "Récupération de déchets triés", "Ostricourt", 260),
    ("Transports Verhaeghe", "49.41A", "Transport routier de fret", "Phalempin", 180),
    ("Plasturgie du Carembault", "22.22Z", "Emballages plastiques", "Libercourt", 150),
    ("Mécanique Dubrulle", "25.62B", "Mécanique industrielle", "Orchies", 120),
    ("Entrepôts de la Pévèle", "52.10B", "Entreposage", "Thumeries", 95),
    ("Imprimerie Lesaffre", "18.12Z", "Imprimerie", "Cysoing", 75),
    ("Menuiseries Delcourt", "16.23Z", "Menuiserie", "Pont-à-Marcq", 60),
    ("Électricité Vanhove", "43.21A", "Installation électrique", "Avelin", 38),
    ("Boulangeries Declercq", "10.71C", "Boulangerie", "Orchies", 36),
    ("Bureau d'études Caron", "71.12B", "Ingénierie", "Ennevelin", 34),
    ("Nettoyage Pévèle Services", "81.21Z", "Nettoyage", "Templeuve-en-Pévèle", 33),
    ("Garage Hennebelle", "45.20A", "Entretien automobile", "Bersée", 31),
    ("Maçonnerie Lemaire", "43.99C", "Maçonnerie", "Mons-en-Pévèle", 30),
    ("Serres de Genech", "01.13Z", "Maraîchage", "Genech", 29),
    ("Agencements Leclercq", "31.09B", "Fabrication de meubles", "Nomain", 28),
    ("Logiciels Pévélois", "62.01Z", "Programmation informatique", "Cysoing", 27),
    ("Chaudronnerie Wattrelos", "25.11Z", "Chaudronnerie", "Gondecourt", 26),
    ("Traiteur Les Saveurs du Nord", "56.21Z", "Traiteur", "Phalempin", 25),
    ("Paysages Duhamel", "81.30Z", "Aménagement paysager", "Mérignies", 24),
    ("Cartonnages Ledoux", "17.21A", "Emballages carton", "Wahagnies", 23),
    ("Laboratoire Bio-Pévèle", "71.20B", "Analyses techniques", "Camphin-en-Pévèle", 22),
    ("Toitures Vermersch", "43.91B", "Couverture", "Landas", 21),
    ("Distribution Hautecoeur", "46.90Z", "Commerce de gros", "Attiches", 20),
    ("Automatismes Lefranc", "28.29B", "Fabrication de machines", "Moncheaux", 19),
    ("Fromagerie du Pévèle", "10.51C", "Fabrication de fromage", "Aix-en-Pévèle", 18),
    ("Sérigraphie Lambin", "18.12Z", "Imprimerie", "Bachy", 17),
    ("Plomberie Desmet", "43.22A", "Plomberie", "Coutiches", 16),
    ("Hôtel-restaurant Le Carembault", "55.10Z", "Hôtellerie", "Camphin-en-Carembault", 15),
    ("Conseil Flandres RH", "70.22Z", "Conseil aux entreprises", "Cappelle-en-Pévèle", 13),
    ("Atelier Créatif Blondeau", "74.10Z", "Design", "Templeuve-en-Pévèle", 9),
    ("Ferme du Bois Brûlé", "01.41Z", "Élevage laitier", "Bourghelles", 8),
    ("Brasserie de la Pévèle", "11.05Z", "Brasserie", "Mouchin", 8),
    ("Cabinet Comptable Roussel", "69.20Z", "Expertise comptable", "Orchies", 8),
    ("Vélos Mobilité Douce", "47.64Z", "Commerce de cycles", "Cysoing", 7),
    ("Épicerie Vrac & Local", "47.29Z", "Commerce alimentaire", "Pont-à-Marcq", 7),
    ("Web Agence Pévèle", "73.11Z", "Communication", "Bersée", 7),
    ("Couture Lamblin", "14.13Z", "Confection", "Saméon", 6),
    ("Énergies Solaires du Nord", "43.21B", "Installation photovoltaïque", "Thumeries", 6),
    ("Ressourcerie Carembault", "47.79Z", "Réemploi", "Ostricourt", 6),
    ("Taxi Pévèle Transport", "49.32Z", "Transport de personnes", "Phalempin", 6),
    ("Pépinières Dewailly", "02.10Z", "Pépinière", "Wannehain", 6),
    ("Photographie Lheureux", "74.20Z", "Photographie", "Genech", 5),
    ("Ébénisterie Pollet", "31.09B", "Fabrication de meubles", "Cobrieux", 5),
    ("Formation Horizon Durable", "85.59A", "Formation continue", "Avelin", 5),
    ("Architecte Delobel", "71.11Z", "Architecture", "Tourmignies", 4),
    ("Miellerie des Marais", "01.49Z", "Apiculture", "Beuvry-la-Forêt", 4),
    ("Traduction Nord Europe", "74.30Z", "Traduction", "Louvil", 4),
    ("Coiffure Nature", "96.02A", "Coiffure", "Auchy-lez-Orchies", 4),
    ("Cordonnerie Herbaut", "95.23Z", "Réparation", "Chemy", 3),
]

# Companies in contact with the programme (prospects) or that went through it (alumni).
PEVELE_OTHERS = [
    (
        "Isolation Thermique Pévèle",
        "43.29A",
        "Isolation",
        "Bersée",
        12,
        "1400000",
        Enrolment.Status.PROSPECT,
    ),
    (
        "Conserverie des Flandres",
        "10.39A",
        "Conserverie",
        "Orchies",
        46,
        "8200000",
        Enrolment.Status.PROSPECT,
    ),
    (
        "Studio Graphique Nord",
        "74.10Z",
        "Design graphique",
        "Cysoing",
        3,
        "180000",
        Enrolment.Status.PROSPECT,
    ),
    (
        "Métallerie Vasseur",
        "25.11Z",
        "Métallerie",
        "Ostricourt",
        22,
        "2900000",
        Enrolment.Status.ALUMNI,
    ),
    (
        "Jardinerie du Carembault",
        "47.76Z",
        "Jardinerie",
        "Phalempin",
        15,
        "2100000",
        Enrolment.Status.ALUMNI,
    ),
]

LOGISTICS = [
    ("Terminal Multimodal de Rouen", "52.24A", "Manutention portuaire", "Rouen", 310, "68000000"),
    ("Transports Lecanu", "49.41A", "Transport routier de fret", "Le Havre", 145, "21500000"),
    ("Entrepôts Seine Aval", "52.10B", "Entreposage", "Gonfreville-l'Orcher", 88, "12800000"),
    ("Fluvial Normandie Services", "50.40Z", "Transport fluvial de fret", "Rouen", 42, "7400000"),
    ("Messagerie Express Caux", "53.20Z", "Messagerie", "Yvetot", 36, "4100000"),
    ("Froid Logistique Évreux", "52.10A", "Entreposage frigorifique", "Évreux", 64, "9900000"),
    ("Palettes du Vexin", "16.24Z", "Fabrication d'emballages en bois", "Gisors", 23, "3200000"),
    (
        "Commissionnaire Port 2000",
        "52.29B",
        "Affrètement et organisation des transports",
        "Le Havre",
        18,
        "5600000",
    ),
    ("Logiciels Supply Normandie", "62.01Z", "Programmation informatique", "Caen", 14, "1800000"),
    ("Dernier Kilomètre Vert", "49.42Z", "Livraison urbaine", "Rouen", 12, "950000"),
]


def _pevele_revenues():
    """Spread the 430 M€ over the companies by headcount, with sector-like variation."""
    weights = [
        Decimal(count) * Decimal(100 + (index * 37) % 60)
        for index, (*_, count) in enumerate(PEVELE)
    ]
    total = sum(weights)
    revenues = [(PEVELE_REVENUE * weight / total).quantize(Decimal("1000")) for weight in weights]
    revenues[0] += PEVELE_REVENUE - sum(revenues)
    return revenues


def _ensure_company(tenant, *, name, **fields):
    company = Company.objects.filter(tenant=tenant, name=name).first()
    if company is None:
        company = company_services.create_company(tenant=tenant, name=name, **fields)
    return company


PROGRAMMES = {
    "pevele-carembault": {
        "name": "Parcours entreprises et développement durable",
        "start_year": 2012,
        "description": (
            "Programme d'animation et d'accompagnement des TPE/PME du territoire vers le "
            "développement durable : visites inter-entreprises, temps collectifs et "
            "accompagnements de proximité par des consultants."
        ),
        "objectives": (
            "Animer un écosystème d'une centaine d'entreprises engagées, plus performantes, "
            "plus pérennes et mieux ancrées sur le territoire."
        ),
        "target_companies": 100,
        "territory_private_employees": 18000,
        "funders": [
            ("Communauté de communes Pévèle Carembault", "50"),
            ("Région Hauts-de-France", "50"),
        ],
        "budget": [
            ("Animation des clubs et visites", "42000"),
            ("Accompagnements individuels (consultants)", "56000"),
            ("Module Créateurs durables", "18000"),
        ],
    },
    "logistique-seine-normandie": {
        "name": "Label 6PL",
        "start_year": 2019,
        "description": (
            "Démarche de progrès RSE des entreprises de la logistique : autodiagnostic, "
            "diagnostic expert, actions d'amélioration sur 3 ans, labellisation et suivi."
        ),
        "objectives": "Labelliser les acteurs logistiques de la vallée de la Seine.",
        "target_companies": 30,
        "territory_private_employees": None,
        "funders": [("Logistique Seine Normandie", "60"), ("Région Normandie", "40")],
        "budget": [("Diagnostics experts", "24000"), ("Jurys et labellisation", "9000")],
    },
}

CHARTER = (
    "Charte des entreprises engagées",
    "Nous, dirigeants des entreprises engagées dans le programme, nous engageons à :\n\n"
    "1. Intégrer le développement durable dans la stratégie de notre entreprise.\n"
    "2. Partager nos expériences et nos bonnes pratiques avec les autres membres.\n"
    "3. Associer nos collaborateurs à la démarche RSE.\n"
    "4. Privilégier les coopérations et les achats sur le territoire.\n"
    "5. Respecter les engagements pris envers les autres membres et le programme.",
)


# The leader (or founder) who signs the charter for each company. Where the clubs' demo roster
# names the same person, the e-mail address is the same, so both demos meet on one account.
L, F = CompanyMember.Position.LEADER, CompanyMember.Position.FOUNDER
LEADERS = {
    "Salti Location": ("Olivier", "Salti", L),
    "Transports Verhaeghe": ("Bruno", "Verhaeghe", L),
    "Plasturgie du Carembault": ("Isabelle", "Ducrocq", L),
    "Mécanique Dubrulle": ("Philippe", "Dubrulle", L),
    "Entrepôts de la Pévèle": ("Karine", "Masson", L),
    "Imprimerie Lesaffre": ("Hervé", "Lesaffre", L),
    "Menuiseries Delcourt": ("Sandrine", "Delcourt", L),
    "Électricité Vanhove": ("Laurent", "Vanhove", L),
    "Boulangeries Declercq": ("Céline", "Declercq", L),
    "Bureau d'études Caron": ("Thierry", "Caron", L),
    "Nettoyage Pévèle Services": ("Nadia", "Benali", L),
    "Garage Hennebelle": ("Jean-Marc", "Hennebelle", L),
    "Maçonnerie Lemaire": ("Frédéric", "Lemaire", L),
    "Serres de Genech": ("Aurélie", "Deschamps", L),
    "Agencements Leclercq": ("Dominique", "Leclercq", L),
    "Logiciels Pévélois": ("Vincent", "Morel", L),
    "Chaudronnerie Wattrelos": ("Sophie", "Wattrelos", L),
    "Traiteur Les Saveurs du Nord": ("Delphine", "Leroy", L),
    "Paysages Duhamel": ("Mathieu", "Duhamel", L),
    "Cartonnages Ledoux": ("Caroline", "Ledoux", L),
    "Laboratoire Bio-Pévèle": ("Géraldine", "Fontaine", L),
    "Toitures Vermersch": ("David", "Vermersch", L),
    "Distribution Hautecoeur": ("Patrick", "Hautecoeur", L),
    "Automatismes Lefranc": ("Éric", "Lefranc", L),
    "Fromagerie du Pévèle": ("Agathe", "Catteau", L),
    "Sérigraphie Lambin": ("Franck", "Lambin", L),
    "Plomberie Desmet": ("Cédric", "Desmet", L),
    "Hôtel-restaurant Le Carembault": ("Virginie", "Dupuis", L),
    "Conseil Flandres RH": ("Stéphanie", "Vandenbussche", L),
    "Atelier Créatif Blondeau": ("Léa", "Blondeau", F),
    "Ferme du Bois Brûlé": ("Benoît", "Delannoy", L),
    "Brasserie de la Pévèle": ("Maxime", "Vasseur", F),
    "Cabinet Comptable Roussel": ("Marie", "Roussel", L),
    "Vélos Mobilité Douce": ("Chloé", "Dumont", F),
    "Épicerie Vrac & Local": ("Hugo", "Lambert", F),
    "Web Agence Pévèle": ("Kévin", "Deleplanque", L),
    "Couture Lamblin": ("Martine", "Lamblin", L),
    "Énergies Solaires du Nord": ("Manon", "Carpentier", F),
    "Ressourcerie Carembault": ("Samir", "Haddad", L),
    "Taxi Pévèle Transport": ("Christophe", "Bailleul", L),
    "Pépinières Dewailly": ("Jacques", "Dewailly", L),
    "Photographie Lheureux": ("Pauline", "Lheureux", L),
    "Ébénisterie Pollet": ("Gauthier", "Pollet", L),
    "Formation Horizon Durable": ("Anne-Sophie", "Mercier", L),
    "Architecte Delobel": ("Guillaume", "Delobel", L),
    "Miellerie des Marais": ("Lucie", "Debril", L),
    "Traduction Nord Europe": ("Ingrid", "Janssens", L),
    "Coiffure Nature": ("Amandine", "Lecerf", L),
    "Cordonnerie Herbaut": ("Gérard", "Herbaut", L),
    "Terminal Multimodal de Rouen": ("Gilles", "Morin", L),
    "Transports Lecanu": ("Yves", "Lecanu", L),
    "Entrepôts Seine Aval": ("Stéphane", "Duval", L),
    "Fluvial Normandie Services": ("Agnès", "Fouquet", L),
    "Messagerie Express Caux": ("Pascal", "Hamel", L),
    "Froid Logistique Évreux": ("Corinne", "Lebrun", L),
    "Palettes du Vexin": ("Didier", "Guérin", L),
    "Commissionnaire Port 2000": ("Élise", "Marie", L),
    "Logiciels Supply Normandie": ("Yann", "Le Goff", L),
    "Dernier Kilomètre Vert": ("Marion", "Tessier", F),
}


def _seed_programme(tenant, companies, people):
    spec = PROGRAMMES[tenant.slug]
    programme = Programme.objects.filter(tenant=tenant, name=spec["name"]).first()
    if programme is not None:
        return programme
    programme = Programme.objects.create(
        tenant=tenant,
        **{
            key: spec[key]
            for key in (
                "name",
                "start_year",
                "description",
                "objectives",
                "target_companies",
                "territory_private_employees",
            )
        },
    )
    Funder.objects.bulk_create(
        Funder(tenant=tenant, programme=programme, name=name, share=Decimal(share))
        for name, share in spec["funders"]
    )
    today = timezone.localdate()
    this_year = today.year
    # This year's budget and last year's (a tenth smaller): the funder report of either year
    # has its budget lines and totals.
    BudgetLine.objects.bulk_create(
        BudgetLine(
            tenant=tenant,
            programme=programme,
            year=year,
            label=label,
            amount=(Decimal(amount) * share).quantize(Decimal("1")),
        )
        for year, share in ((this_year, Decimal("1")), (this_year - 1, Decimal("0.9")))
        for label, amount in spec["budget"]
    )
    span = this_year - spec["start_year"]
    enrolments = []
    for index, company in enumerate(companies):
        engaged = date(
            spec["start_year"] + (index * 7) % (span + 1), 1 + index % 12, 1 + index % 27
        )
        # Never engaged in the future: this year's later months come back a few weeks ago.
        engaged = min(engaged, today - timedelta(days=15 + index % 40))
        enrolments.append(
            Enrolment(
                tenant=tenant,
                programme=programme,
                company=company,
                status=Enrolment.Status.ENGAGED,
                contacted_on=engaged - timedelta(days=60),
                engaged_on=engaged,
            )
        )
    Enrolment.objects.bulk_create(enrolments)
    _trail(
        tenant,
        [
            (
                people[Role.MANAGER],
                "enrolment.status",
                _moment(enrolment.engaged_on, index),
                {
                    "company": enrolment.company.name,
                    "programme": programme.name,
                    "status": _label(Enrolment.Status.ENGAGED),
                },
            )
            for index, enrolment in enumerate(enrolments)
        ],
    )
    return programme


# The demo's trail goes back this far (seed_demo dates its own entries over the same months).
TRAIL_SINCE = timedelta(days=540)


def _label(choice):
    # Entries keep the words of whoever acted; the demo's managers work in French.
    with translation.override(settings.LANGUAGE_CODE):
        return str(choice.label)


def _trail(tenant, entries):
    """Audit entries for the recent part of the history the demo writes directly (engagements,
    signatures), on the day each happened: the home's and the dashboard's activity reads them."""
    since = timezone.now() - TRAIL_SINCE
    AuditEntry.objects.bulk_create(
        AuditEntry(
            tenant=tenant,
            actor=actor,
            action=action,
            data={key: str(value) for key, value in data.items()},
            created_at=when,
        )
        for actor, action, when, data in entries
        if when >= since
    )


def _seed_other_enrolments(tenant, programme):
    today = timezone.localdate()
    for index, (name, naf, sector, commune, count, revenue, status) in enumerate(PEVELE_OTHERS):
        company = _ensure_company(
            tenant,
            name=name,
            naf_code=naf,
            sector=sector,
            commune=commune,
            headcount=count,
            annual_revenue=Decimal(revenue),
            siret=demo_siret(5_900_000 + index),
        )
        engaged = date(2016 + index, 3, 1) if status == Enrolment.Status.ALUMNI else None
        Enrolment.objects.get_or_create(
            programme=programme,
            company=company,
            defaults={
                "tenant": tenant,
                "status": status,
                "contacted_on": engaged or today - timedelta(days=20 * (index + 1)),
                "engaged_on": engaged,
                "left_on": date(2022, 6, 30) if engaged else None,
            },
        )


def _charter_dates(start_year, today):
    """The first text a year after the programme started; the second, with the yearly report
    of progress, a few years ago."""
    first = date(start_year + 1, 3, 14)
    return first, max(date(start_year + 3, 1, 20), date(today.year - 4, 1, 20))


def _moment(day, index):
    return timezone.make_aware(datetime.combine(day, time(9 + index % 9, (index * 7) % 60)))


def _soon_after(start, index, *, before):
    """A working day or so a few weeks after ``start`` (the leader reads, then signs), never on
    or after ``before``."""
    day = start + timedelta(days=12 + (index * 23) % 60)
    return max(start, min(day, before - timedelta(days=1)))


def _signatures_plan(companies, engaged_on, first, second, today):
    """``[(company, version number, day)]``: companies engaged before the second text signed
    the first (three in four of them) around their engagement, and half of those signed the
    second at some point in the years since it was published; companies engaged later signed the
    second around their engagement. The demo leader's company (the second one) has the second
    text still to sign."""
    plan = []
    since_second = max((today - second).days - 1, 1)
    for index, company in enumerate(companies):
        engaged = engaged_on.get(company.pk)
        if engaged is None or engaged >= today:
            continue
        signer = index < len(companies) * 3 // 4
        if engaged < second:
            if signer:
                plan.append((company, 1, _soon_after(max(engaged, first), index, before=second)))
            if 2 <= index < len(companies) // 2:
                plan.append((company, 2, second + timedelta(days=(index * 97) % since_second)))
        elif signer and index != 1:
            plan.append((company, 2, _soon_after(engaged, index, before=today)))
    return plan


def _leader(tenant, company, people):
    """The company's own leader (or founder), created with the company-member role when the
    register has nobody to sign for it."""
    existing = (
        CompanyMember.objects.filter(company=company, position__in=services.SIGNING_POSITIONS)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing.user
    spec = LEADERS.get(company.name)
    if spec is None:
        return None
    first_name, last_name, position = spec
    email = f"{slugify(first_name)}.{slugify(last_name)}@{slugify(company.name)}.example.org"
    user, created = get_user_model().objects.get_or_create(
        email=email,
        # The demo password, already hashed: the leaders sign in like the other demo accounts.
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "password": people[Role.MEMBER].password,
        },
    )
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    tenant_services.add_member(tenant=tenant, user=user, role=Role.MEMBER)
    company_services.link_person(company=company, user=user, position=position)
    return user


def _seed_charter(tenant, programme, companies, people):
    """The charter's two published texts and the signatures of the companies' own leaders, on
    the days they signed (history, so no audit entry is written at the seeding minute)."""
    today = timezone.localdate()
    first, second = _charter_dates(programme.start_year, today)
    versions = {}
    for number, text, published in (
        (1, CHARTER[1], first),
        (2, CHARTER[1] + "\n6. Mesurer et publier chaque année nos progrès.", second),
    ):
        version, _created = CharterVersion.objects.get_or_create(
            tenant=tenant,
            number=number,
            defaults={"title": CHARTER[0], "text": text, "published_by": people[Role.MANAGER]},
        )
        if version.title == CHARTER[0] and timezone.localdate(version.published_at) != published:
            version.published_at = _moment(published, number)
            version.save(update_fields=["published_at"])
        versions[number] = version
    # Demos seeded before signatures had signers: the manager's signatures make way.
    CharterSignature.objects.filter(tenant=tenant, signed_by=people[Role.MANAGER]).delete()
    signed = set(
        CharterSignature.objects.filter(tenant=tenant).values_list("version__number", "company_id")
    )
    engaged_on = dict(
        Enrolment.objects.filter(programme=programme, engaged_on__isnull=False).values_list(
            "company_id", "engaged_on"
        )
    )
    signatures = []
    trail = []
    for company, number, day in _signatures_plan(companies, engaged_on, first, second, today):
        if (number, company.pk) in signed:
            continue
        leader = _leader(tenant, company, people)
        if leader is None:
            continue
        signatures.append(
            CharterSignature(
                tenant=tenant,
                version=versions[number],
                company=company,
                signed_by=leader,
                signed_at=_moment(day, company.pk),
            )
        )
        trail.append(
            (
                leader,
                "charter.signed",
                signatures[-1].signed_at,
                {"company": company.name, "number": number},
            )
        )
    CharterSignature.objects.bulk_create(signatures)
    _trail(tenant, trail)


def seed_tenant(*, tenant, people):
    if tenant.slug == "pevele-carembault":
        rows = [
            {
                "name": name,
                "naf_code": naf,
                "sector": sector,
                "commune": commune,
                "headcount": count,
                "annual_revenue": revenue,
            }
            for (name, naf, sector, commune, count), revenue in zip(
                PEVELE, _pevele_revenues(), strict=True
            )
        ]
    elif tenant.slug == "logistique-seine-normandie":
        rows = [
            {
                "name": name,
                "naf_code": naf,
                "sector": sector,
                "commune": commune,
                "headcount": count,
                "annual_revenue": Decimal(revenue),
            }
            for name, naf, sector, commune, count, revenue in LOGISTICS
        ]
    else:
        return
    companies = [_ensure_company(tenant, **row) for row in rows]
    programme = _seed_programme(tenant, companies, people)
    if tenant.slug == "pevele-carembault":
        _seed_other_enrolments(tenant, programme)
    # The demo's company leader leads the second company (and signs for it).
    leader_company = companies[1]
    if not CompanyMember.objects.filter(company=leader_company, user=people[Role.MEMBER]).exists():
        company_services.link_person(
            company=leader_company, user=people[Role.MEMBER], position=CompanyMember.Position.LEADER
        )
    _seed_charter(tenant, programme, companies, people)
    for company in companies[:6]:
        company_services.assign_consultant(company=company, consultant=people[Role.CONSULTANT])
    for company in companies[6:9]:
        company_services.assign_consultant(company=company, consultant=people["shared_consultant"])
