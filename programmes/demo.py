"""Demo companies from the seeds: Pévèle Carembault's ~50 engaged companies add up to the
programme's published totals (430 M€ cumulated revenue, 2,050 employees, i.e. 11 % of the
territory's 18,000 private employees); the logistics pôle gets its own members."""

from decimal import Decimal

from rse_platform.tenants.roles import Role

from . import services
from .models import Company, CompanyMember

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
        company = services.create_company(tenant=tenant, name=name, **fields)
    return company


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

    leader_company = companies[1]
    if not CompanyMember.objects.filter(company=leader_company, user=people[Role.MEMBER]).exists():
        services.link_person(
            company=leader_company, user=people[Role.MEMBER], position=CompanyMember.Position.LEADER
        )
    for company in companies[:6]:
        services.assign_consultant(company=company, consultant=people[Role.CONSULTANT])
    for company in companies[6:9]:
        services.assign_consultant(company=company, consultant=people["shared_consultant"])
