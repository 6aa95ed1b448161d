"""Demo labels from the seeds: 6PL, ENR and ECORIDE in each tenant, with their history.

6PL ("6 étapes", granted for 3 years to logistics companies of the territory), ENR (a dossier
and an audit interview on 100 points, a customer survey on 100, granted above 120 for 2 years,
two waves a year) and ECORIDE (an independent jury awards Or, Argent or Bronze and a diploma),
each on one of the tenant's shipped grids. Past waves were decided and certified (some
certificates have expired since, one was withdrawn); the current wave holds an application in
every status, with evidence, customer surveys partly answered, the audits of the demo auditor
and the jury's scores (the demo juror has applications to score, one submitted, one conflict
of interest; two more jurors make the side-by-side view, one of them standing apart).

Everything goes through the labels services, in the order it happened, each step then dated on
its day (audit entries before the tenant's 18 months on the platform are dropped, like the other
demos). Seeding sends no e-mail (``notify=False``): the history it writes is past. One step has
no service to go through: a past application whose company has no self-assessment on the
label's grid older than its submission is recorded as submitted on paper (a transition that
says so), since this app cannot write self-assessments. Nothing is written when the tenant has
labels already, so a second seeding changes nothing.
"""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify

from companies.models import Company, CompanyMember
from rse_platform.files.samples import one_page_pdf
from rse_platform.tenants import registry
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from . import services
from .models import (
    Application,
    AuditReport,
    Certificate,
    ConflictCheck,
    ConflictDeclaration,
    CustomerAnswer,
    CustomerInvitation,
    Decision,
    Evidence,
    JurorAssignment,
    JuryScore,
    Label,
    ScoredPart,
    Transition,
    Wave,
)

S = Application.Status
# The demo's audit trail goes back this far (seed_demo and the other demos use the same).
TRAIL_SINCE = timedelta(days=540)
PAPER = "Dossier déposé hors plateforme : autoévaluation remise sur papier avec le dossier."

# --- The labels ---------------------------------------------------------------------------------

THEMES_6PL = [
    "Gouvernance de l'entreprise",
    "Performance économique",
    "Responsabilité environnementale",
    "Responsabilité sociétale",
    "Empreinte carbone et performance énergétique",
]
# Freight transport, warehousing and courier (NAF section H without passenger transport): "les
# entreprises ayant une activité logistique".
LOGISTICS_NAF = ["49.20", "49.41", "49.42", "50.20", "50.40", "51.21", "52", "53.20"]
TERRITORY = {
    "pevele-carembault": [
        "Aix-en-Pévèle", "Attiches", "Auchy-lez-Orchies", "Avelin", "Bachy", "Bersée",
        "Beuvry-la-Forêt", "Bourghelles", "Camphin-en-Carembault", "Camphin-en-Pévèle",
        "Cappelle-en-Pévèle", "Chemy", "Cobrieux", "Coutiches", "Cysoing", "Ennevelin", "Genech",
        "Gondecourt", "Herrin", "La Neuville", "Landas", "Louvil", "Mérignies", "Moncheaux",
        "Mons-en-Pévèle", "Mouchin", "Nomain", "Orchies", "Ostricourt", "Phalempin",
        "Pont-à-Marcq", "Raimbeaucourt", "Saméon", "Templeuve-en-Pévèle", "Thumeries",
        "Tourmignies", "Wahagnies", "Wannehain",
    ],
    # The Seine axis from Le Havre to the Vexin.
    "logistique-seine-normandie": [
        "Le Havre", "Gonfreville-l'Orcher", "Harfleur", "Honfleur", "Lillebonne",
        "Port-Jérôme-sur-Seine", "Fécamp", "Yvetot", "Rouen", "Le Grand-Quevilly",
        "Petit-Couronne", "Saint-Étienne-du-Rouvray", "Sotteville-lès-Rouen", "Elbeuf",
        "Louviers", "Val-de-Reuil", "Évreux", "Vernon", "Les Andelys", "Gisors", "Dieppe",
    ],
}  # fmt: skip


def _label_specs(slug):
    return [
        {
            "name": "6PL",
            "slug": "6pl",
            "grid": "Référentiel 6PL",
            "body": Label.Body.JURY,
            "description": (
                "Le label des prestataires logistiques et industriels engagés dans une logistique "
                "durable, créé en 2014 par Logistique Seine Normandie et le Club Logistique du "
                "Havre. Référentiel RSE logistique de cinq thèmes de dix critères, chacun coté "
                "sur 50 points ; après le diagnostic d'un expert, le comité de labellisation "
                "note chaque thème. L'entreprise s'engage sur un plan d'action de 3 ans."
            ),
            "steps": [
                "Enregistrement et autoévaluation (3 heures sur le portail)",
                "Évaluation et diagnostic avec un expert",
                "Actions d'amélioration prioritaires sur 3 ans",
                "Engagement et labellisation pour 3 ans",
                "Suivi par un expert pendant la durée du label",
                "Renouvellement : bilan du plan d'action et nouveau plan",
            ],
            "parts": [{"name": "Diagnostic de l'expert", "maximum": "50", "source": "audit"}]
            + [{"name": theme, "maximum": "50", "source": "jury"} for theme in THEMES_6PL],
            "decision": Label.Rule.THRESHOLD,
            "threshold": Decimal("180"),
            "validity_months": 36,
            "eligible_naf_prefixes": LOGISTICS_NAF,
            "eligible_communes": TERRITORY.get(slug, []),
        },
        {
            "name": "ENR",
            "slug": "enr",
            "grid": "Grille ISO 26000",
            "customer_grid": "Enquête partenaires",
            "body": Label.Body.EXTERNAL,
            "description": (
                "Entreprise Numérique Responsable, le label créé par France IT. Les pratiques "
                "présentées dans le dossier et ses pièces justificatives et lors d'un entretien "
                "d'audit avec l'organisme certificateur sont évaluées sur 100 points ; une "
                "enquête client est évaluée sur 100 points. L'entreprise est labellisée pour "
                "2 ans si son score global est supérieur à 120 points. Deux vagues par an."
            ),
            "steps": [
                "Signature de la charte d'engagement",
                "Dépôt du dossier de présentation et des pièces justificatives",
                "Enquête auprès des clients",
                "Entretien d'audit avec l'organisme certificateur",
                "Décision : labellisée si le score global dépasse 120 points",
                "Communication nationale, renouvellement tous les 2 ans",
            ],
            "parts": [
                {"name": "Dossier et pièces justificatives", "maximum": "50", "source": "jury"},
                {"name": "Entretien d'audit", "maximum": "50", "source": "audit"},
                {"name": "Enquête client", "maximum": "100", "source": "customer_survey"},
            ],
            "decision": Label.Rule.THRESHOLD,
            "threshold": Decimal("120"),
            "validity_months": 24,
            "eligibility_conditions": ["charter_signed"],
        },
        {
            "name": "ECORIDE",
            "slug": "ecoride",
            "grid": "Référentiel ECORIDE",
            "body": Label.Body.JURY,
            "description": (
                "Le label environnemental créé par EuroSIMA. Référentiel de 45 critères en trois "
                "thèmes : management environnemental (50 %), éco-conception et évaluation des "
                "fournisseurs (40 %), engagement environnemental (10 %). Un jury indépendant "
                "certifie le niveau d'engagement (Or, Argent ou Bronze) et remet un diplôme "
                "ECORIDE, que l'entreprise peut utiliser sur ses produits et ses supports de "
                "communication."
            ),
            "steps": [
                "Autoévaluation sur les 45 critères du référentiel",
                "Examen du dossier par un jury indépendant",
                "Attribution du niveau d'engagement : Or, Argent ou Bronze",
                "Remise du diplôme ECORIDE",
                "Promotion du label lors de conférences et d'évènements",
            ],
            "parts": [
                {"name": "Management environnemental", "maximum": "50", "source": "jury"},
                {
                    "name": "Éco-conception et évaluation des fournisseurs",
                    "maximum": "40",
                    "source": "jury",
                },
                {"name": "Engagement environnemental", "maximum": "10", "source": "jury"},
            ],
            "decision": Label.Rule.LEVELS,
            "levels": [
                {"name": "Or", "min": "80"},
                {"name": "Argent", "min": "60"},
                {"name": "Bronze", "min": "40"},
            ],
            "validity_months": 24,
        },
    ]


# --- The waves and their applications ----------------------------------------------------------

# What the demo makes of each application: where it stands, or how it was decided.
DRAFT, SUBMITTED, CHECKED = "draft", "submitted", "eligibility_checked"
AUDIT, JURY = "audit", "jury"
GRANTED, REFUSED, DEFERRED = "granted", "refused", "deferred"
CERTIFIED, WITHDRAWN = "certified", "withdrawn"
# What a juror did: (scores saved, scores submitted).
NOTHING, DRAFTED, SUBMITTED_SCORES = (False, False), (True, False), (True, True)
# How far each outcome goes in the process.
REACH = {
    DRAFT: "invite",
    SUBMITTED: "submit",
    CHECKED: "eligibility",
    AUDIT: "audit",
    JURY: "scores",
    GRANTED: "decide",
    REFUSED: "decide",
    DEFERRED: "decide",
    CERTIFIED: "certify",
    WITHDRAWN: "certify",
}
STEPS = [
    "start",
    "evidence",
    "invite",
    "submit",
    "eligibility",
    "audit",
    "audit_record",
    "jury",
    "scores",
    "decide",
    "certify",
]
WEIGHTS = {
    "start": 0,
    "evidence": 1,
    "invite": 2,
    "submit": 5,
    "eligibility": 3,
    "audit": 2,
    "audit_record": 5,
    "jury": 3,
    "scores": 3,
    "decide": 3,
    "certify": 3,
}


def app(company, outcome, quality=0.7, **options):
    """An application: ``quality`` (0–1) sets its scores; ``jury`` says what the demo juror
    does in the current wave ("to_score", "draft_score", "outlier", "conflict"); ``withdrawn``
    is ``(days ago, reason)``."""
    return {"company": company, "outcome": outcome, "quality": quality, **options}


def wave(label, opens, closes, jury, apps, current=False):
    """A wave, its days counted from today (negative: in the past)."""
    return {
        "label": label,
        "opens": opens,
        "closes": closes,
        "jury": jury,
        "apps": apps,
        "current": current,
    }


WITHDRAWAL_PEVELE = (
    150,
    "L'audit de suivi a constaté que les engagements du dossier ne sont plus tenus : "
    "sous-traitance de la livraison non déclarée et tri des déchets abandonné.",
)
WITHDRAWAL_LSN = (
    60,
    "Cession de l'entrepôt frigorifique d'Évreux : le périmètre labellisé n'existe plus. "
    "L'entreprise présente une nouvelle candidature sur son nouveau site.",
)

WAVES = {
    "pevele-carembault": [
        wave("ecoride", -800, -760, -740, [
            app("Brasserie de la Pévèle", CERTIFIED, 0.5),
            app("Vélos Mobilité Douce", CERTIFIED, 0.67),
            app("Atelier Créatif Blondeau", REFUSED, 0.3),
        ]),
        wave("enr", -830, -790, -765, [
            app("Cartonnages Ledoux", CERTIFIED, 0.74),
            app("Imprimerie Lesaffre", CERTIFIED, 0.71),
            app("Boulangeries Declercq", CERTIFIED, 0.78),
            app("Plasturgie du Carembault", CERTIFIED, 0.7),
            app("Électricité Vanhove", REFUSED, 0.5),
        ]),
        wave("6pl", -540, -505, -480, [
            app("Entrepôts de la Pévèle", CERTIFIED, 0.74),
            app("Transports Verhaeghe", CERTIFIED, 0.7),
        ]),
        wave("enr", -480, -445, -420, [
            app("Garage Hennebelle", CERTIFIED, 0.8),
            app("Chaudronnerie Wattrelos", CERTIFIED, 0.72),
            app("Traiteur Les Saveurs du Nord", WITHDRAWN, 0.7, withdrawn=WITHDRAWAL_PEVELE),
            app("Paysages Duhamel", CERTIFIED, 0.75),
            app("Laboratoire Bio-Pévèle", CERTIFIED, 0.83),
            app("Toitures Vermersch", CERTIFIED, 0.7),
            app("Distribution Hautecoeur", REFUSED, 0.48),
        ]),
        wave("ecoride", -410, -375, -352, [
            app("Vélos Mobilité Douce", CERTIFIED, 0.87),
            app("Ressourcerie Carembault", CERTIFIED, 0.7),
            app("Ferme du Bois Brûlé", CERTIFIED, 0.64),
            app("Épicerie Vrac & Local", CERTIFIED, 0.5),
            app("Atelier Créatif Blondeau", CERTIFIED, 0.47),
        ]),
        wave("enr", -290, -255, -232, [
            app("Automatismes Lefranc", CERTIFIED, 0.76),
            app("Fromagerie du Pévèle", CERTIFIED, 0.7),
            app("Brasserie de la Pévèle", CERTIFIED, 0.73),
            app("Vélos Mobilité Douce", CERTIFIED, 0.81),
            app("Web Agence Pévèle", CERTIFIED, 0.77),
            app("Entrepôts de la Pévèle", CERTIFIED, 0.72),
            app("Mécanique Dubrulle", REFUSED, 0.48),
        ]),
        wave("enr", -44, 12, 33, current=True, apps=[
            app("Logiciels Pévélois", DRAFT),
            app("Serres de Genech", SUBMITTED, 0.7),
            app("Menuiseries Delcourt", CHECKED, 0.72),
            app("Nettoyage Pévèle Services", AUDIT, 0.68),
            app("Imprimerie Lesaffre", JURY, 0.7, jury="to_score"),
            app("Maçonnerie Lemaire", JURY, 0.66, jury="draft_score"),
            app("Électricité Vanhove", JURY, 0.66, jury="outlier"),
            app("Agencements Leclercq", JURY, 0.72, jury="conflict"),
            app("Boulangeries Declercq", GRANTED, 0.79),
            app("Bureau d'études Caron", REFUSED, 0.49),
            app("Transports Verhaeghe", DEFERRED, 0.64),
            app("Plasturgie du Carembault", CERTIFIED, 0.75),
        ]),
        # The demo leader's company prepares its first ECORIDE application.
        wave("ecoride", -20, 40, 62, current=True, apps=[
            app("Néo-Éco Recyclage", DRAFT),
        ]),
    ],
    "logistique-seine-normandie": [
        wave("6pl", -1250, -1215, -1190, [
            app("Terminal Multimodal de Rouen", CERTIFIED, 0.73),
            app("Transports Lecanu", CERTIFIED, 0.7),
            app("Commissionnaire Port 2000", CERTIFIED, 0.69),
            app("Fluvial Normandie Services", REFUSED, 0.5),
        ]),
        wave("enr", -950, -915, -890, [
            app("Fluvial Normandie Services", CERTIFIED, 0.72),
        ]),
        wave("6pl", -500, -465, -445, [
            app("Terminal Multimodal de Rouen", CERTIFIED, 0.79),
            app("Entrepôts Seine Aval", CERTIFIED, 0.75),
            app("Froid Logistique Évreux", WITHDRAWN, 0.7, withdrawn=WITHDRAWAL_LSN),
            app("Fluvial Normandie Services", REFUSED, 0.52),
            app("Messagerie Express Caux", REFUSED, 0.5),
        ]),
        wave("ecoride", -430, -395, -372, [
            app("Dernier Kilomètre Vert", CERTIFIED, 0.88),
            app("Palettes du Vexin", CERTIFIED, 0.68),
            app("Fluvial Normandie Services", CERTIFIED, 0.5),
            app("Logiciels Supply Normandie", REFUSED, 0.32),
        ]),
        wave("enr", -330, -300, -280, [
            app("Entrepôts Seine Aval", CERTIFIED, 0.76),
            app("Messagerie Express Caux", CERTIFIED, 0.71),
            app("Froid Logistique Évreux", REFUSED, 0.5),
        ]),
        wave("6pl", -35, 14, 35, current=True, apps=[
            app("Transports Lecanu", DRAFT),  # the demo leader's company: its renewal
            app("Dernier Kilomètre Vert", DRAFT, attach=False),
            app("Commissionnaire Port 2000", SUBMITTED, 0.68, jury="conflict"),
            app("Froid Logistique Évreux", AUDIT, 0.71),
            app("Messagerie Express Caux", JURY, 0.68, jury="to_score"),
            app("Fluvial Normandie Services", JURY, 0.7, jury="outlier"),
        ]),
    ],
}  # fmt: skip

# Two jurors beside the demo one in each tenant, and where they work.
JURORS = {
    "pevele-carembault": [
        ("Bertrand", "Caudron", "CCI Grand Lille"),
        ("Isabelle", "Wattiez", "ADEME Hauts-de-France"),
    ],
    "logistique-seine-normandie": [
        ("Valérie", "Duboc", "Cerema Normandie"),
        ("Laurent", "Lecoq", "Université Le Havre Normandie"),
    ],
}
CONFLICT_NOTES = {
    "pevele-carembault": "Mon conjoint est salarié de l'entreprise.",
    "logistique-seine-normandie": (
        "J'ai dirigé l'exploitation de ce commissionnaire jusqu'en 2022."
    ),
}
# The customers the companies ask to answer their survey (invented organisations).
CUSTOMERS = {
    "pevele-carembault": [
        "Mairie d'Orchies", "Clinique de la Pévèle", "Hypermarché du Carembault",
        "Lycée agricole de Genech", "Foncière des Flandres", "Coopérative agricole de Pévèle",
        "Brasserie des Weppes", "Transports Delannoy", "Résidence Les Tilleuls",
        "Collège Jean Moulin", "Golf de Mérignies", "Cabinet médical de Cysoing",
        "Crèche Les Petits Pas", "Syndicat des eaux du Carembault", "Office de tourisme Pévèle",
    ],
    "logistique-seine-normandie": [
        "Verreries du Vexin", "Laiterie du Pays de Caux", "Grands Chais de Rouen",
        "Pharma Seine Industrie", "Textiles d'Elbeuf", "Cosmétiques de l'Eure",
        "Sucrerie du Caux", "Fonderie havraise", "Meubles Normandie Design",
        "Négoce maritime du Havre", "Papeteries de la Risle", "Conserverie de Fécamp",
    ],
}  # fmt: skip
MAILBOXES = ["achats", "direction", "contact", "qualite", "services-generaux", "logistique"]

EVIDENCE = {
    "6pl": [
        "Bilan carbone {year}",
        "Plan de mobilité et éco-conduite",
        "Certificat ISO 14001 de l'entrepôt",
        "Rapport social {year}",
    ],
    "enr": [
        "Politique RSE signée",
        "Bilan carbone {year}",
        "Charte achats responsables",
        "Rapport social {year}",
    ],
    "ecoride": ["Plan de gestion des déchets", "Fiches produits éco-conçus"],
}
AUDIT_REPORTS = [
    "Entretien d'audit sur site avec la direction et le référent RSE. Pratiques documentées et "
    "cohérentes avec le dossier ; indicateurs suivis trimestriellement. Point d'attention : "
    "formaliser la politique d'achats responsables.",
    "Audit conduit en deux temps (visite du site, puis revue documentaire). Démarche portée par "
    "le dirigeant, salariés associés via un comité RSE. Les preuves sur la gestion des déchets "
    "sont solides ; le suivi énergétique reste partiel.",
    "Entretien avec la gérante et deux salariés. Engagements réels mais encore peu mesurés : "
    "pas d'indicateur de consommation, plan de formation à compléter. Bonne relation clients "
    "et fournisseurs locaux.",
    "Visite de l'entrepôt et revue des procédures. Gouvernance claire, reporting annuel publié, "
    "plan d'action chiffré. Réserve mineure sur l'accessibilité des locaux.",
]
JURY_COMMENTS = {
    "high": [
        "Démarche structurée, preuves complètes et résultats mesurés.",
        "Très bon dossier : objectifs chiffrés et suivis, salariés impliqués.",
        "Pratiques exemplaires, à valoriser auprès des autres adhérents.",
    ],
    "mid": [
        "Engagements réels, indicateurs encore partiels.",
        "Bonne dynamique ; les preuves sur les achats sont à compléter.",
        "Démarche sincère, plan d'action à prioriser.",
    ],
    "low": [
        "Dossier trop déclaratif, peu de preuves.",
        "Démarche naissante : pas encore d'indicateur suivi.",
        "Les engagements du dossier ne sont pas étayés par les pièces jointes.",
    ],
}
DEFERRAL = (
    "Décision reportée à la prochaine réunion du comité : il manque le bilan carbone et la "
    "politique d'achats signée annoncés dans le dossier."
)


def seed_tenant(*, tenant, people):
    if tenant.slug not in WAVES or registry.grid_reader() is None:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the demo's people work in French
        jurors = [people[Role.JURY], *_jurors(tenant, people)]
        if Label.objects.filter(tenant=tenant).exists():
            return
        _Story(tenant=tenant, people=people, jurors=jurors).tell()


def _jurors(tenant, people):
    """The two other jurors of the tenant (their password is the demo's, reset each time)."""
    User = get_user_model()
    password = people[Role.MEMBER].password  # the demo password, already hashed
    persons = []
    for first, last, organisation in JURORS[tenant.slug]:
        email = f"{slugify(first)}.{slugify(last)}@{slugify(organisation)}.example.org"
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "password": password}
        )
        if not created and user.password != password:
            user.password = password
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        tenant_services.add_member(tenant=tenant, user=user, role=Role.JURY)
        persons.append(user)
    return persons


def _moment(day, index=0):
    """A working hour of ``day``, never later than now."""
    moment = timezone.make_aware(datetime.combine(day, time(9 + index % 8, (index * 17) % 60)))
    return min(moment, timezone.now() - timedelta(minutes=5))


def _mark(model):
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _spread(steps, start, end, first=False):
    """The steps' days over [start, end] in proportion to their weights; the first step is on
    ``start`` unless ``first`` (then it too is a step away from it)."""
    weights = [WEIGHTS[step] if first or position else 0 for position, step in enumerate(steps)]
    total, reached, days = sum(weights) or 1, 0, {}
    for step, weight in zip(steps, weights, strict=True):
        reached += weight
        days[step] = start + timedelta(days=round((end - start).days * reached / total))
    return days


def _wave_name(label, closes_on):
    if label.slug == "enr":
        season = "de printemps" if closes_on.month <= 6 else "d'automne"
        return f"Vague {season} {closes_on.year}"
    return f"Session {closes_on.year}"


def _number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


class _Story:
    """A tenant's labels, told wave after wave in the order things happened."""

    def __init__(self, *, tenant, people, jurors):
        self.tenant, self.people, self.jurors = tenant, people, jurors
        self.manager = people[Role.MANAGER]
        self.auditor = people[Role.AUDITOR]
        self.today = timezone.localdate()
        self.rng = random.Random(f"labels-{tenant.slug}")  # noqa: S311 - the same demo each time
        self.grids = registry.grid_reader()
        self.reader = registry.assessment_reader()
        self.labels = {}
        self.customers = None

    def day(self, offset):
        return self.today + timedelta(days=offset)

    def tell(self):
        versions = self.grids.versions(tenant=self.tenant)
        for spec in _label_specs(self.tenant.slug):
            label = self._label(spec, versions)
            if label is not None:
                self.labels[label.slug] = label
        waves = [spec for spec in WAVES[self.tenant.slug] if spec["label"] in self.labels]
        for spec in sorted(waves, key=lambda spec: spec["opens"]):
            if not spec["current"]:
                self._wave(spec)
        self._expire()
        for spec in waves:
            if spec["current"]:
                self._wave(spec)

    # --- Definitions ----------------------------------------------------------------------------

    def _grid(self, versions, prefix):
        return next((pk for pk, name in versions if name.startswith(prefix)), None)

    def _label(self, spec, versions):
        grid = self._grid(versions, spec["grid"])
        if grid is None:
            return None
        fields = {key: value for key, value in spec.items() if key not in {"grid", "customer_grid"}}
        if "customer_grid" in spec:
            fields["customer_framework_version_id"] = self._grid(versions, spec["customer_grid"])
        # Defined a month before its first wave opened.
        first = min(
            (w["opens"] for w in WAVES[self.tenant.slug] if w["label"] == spec["slug"]), default=0
        )
        day = self.day(first - 30)

        def create():
            return services.create_label(
                tenant=self.tenant, actor=self.manager, framework_version_id=grid, **fields
            )

        label = self._step(day, 0, create)
        Label.objects.filter(pk=label.pk).update(created_at=_moment(day))
        return label

    # --- Dating ---------------------------------------------------------------------------------

    def _step(self, day, index, func):
        """Run ``func`` and date the audit entries it wrote on ``day`` (dropped when older than
        the tenant's trail on the platform)."""
        mark = _mark(AuditEntry)
        result = func()
        moment = _moment(day, index)
        written = AuditEntry.objects.filter(tenant=self.tenant, pk__gt=mark)
        if moment < timezone.now() - TRAIL_SINCE:
            written.delete()
        else:
            written.update(created_at=moment)
        return result

    def _moves(self, application, mark, moment):
        Transition.objects.filter(application=application, pk__gt=mark).update(at=moment)

    # --- Waves ----------------------------------------------------------------------------------

    def _wave(self, spec):
        label = self.labels[spec["label"]]
        opens, closes, jury_on = (
            self.day(spec["opens"]),
            self.day(spec["closes"]),
            self.day(spec["jury"]),
        )
        name = _wave_name(label, closes)
        # A past wave is opened today (companies apply only in an open wave), then dated.
        dates = (opens, closes, jury_on) if spec["current"] else (self.today,) * 3

        def open_():
            return services.open_wave(
                label=label,
                name=name,
                opens_on=dates[0],
                closes_on=dates[1],
                jury_on=dates[2],
                actor=self.manager,
            )

        wave_row = self._step(opens - timedelta(days=12), 1, open_)
        stories = []
        for index, item in enumerate(spec["apps"]):
            company = Company.objects.filter(tenant=self.tenant, name=item["company"]).first()
            if company is None:  # the register's demo changed: skip that application
                continue
            stories.append(_Application(self, wave_row, company, item, index, spec))
        # A company the register's demo no longer makes eligible is left out of the wave.
        stories = [story for story in stories if story.start()]
        if not spec["current"]:
            Wave.objects.filter(pk=wave_row.pk).update(
                opens_on=opens, closes_on=closes, jury_on=jury_on
            )
        for story in stories:
            story.run()

    def _expire(self):
        """The certificates of the past waves that ended are expired by the scheduled job (on
        the day after their end)."""
        mark, entries = _mark(Transition), _mark(AuditEntry)
        services.expire_due(tenant=self.tenant, today=self.today, notify=False)
        moves = Transition.objects.filter(
            tenant=self.tenant, pk__gt=mark, to_status=S.EXPIRED
        ).select_related("application__certificate")
        written = list(AuditEntry.objects.filter(tenant=self.tenant, pk__gt=entries).order_by("pk"))
        for index, move in enumerate(moves.order_by("pk")):
            moment = _moment(move.application.certificate.valid_until + timedelta(days=1), 0)
            Transition.objects.filter(pk=move.pk).update(at=moment)
            if index < len(written):
                entry = written[index]
                if moment < timezone.now() - TRAIL_SINCE:
                    entry.delete()
                else:
                    AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)

    # --- Customer survey --------------------------------------------------------------------------

    def survey_questions(self, label):
        """The customer grid's questions and each one's choices from the worst to the best."""
        if self.customers is None:
            version = label.customer_framework_version_id
            questions = self.grids.questions(tenant=self.tenant, version_id=version)
            first = self.grids.score(
                tenant=self.tenant,
                version_id=version,
                answers={q.pk: q.choices[0][0] for q in questions},
            )
            last = self.grids.score(
                tenant=self.tenant,
                version_id=version,
                answers={q.pk: q.choices[-1][0] for q in questions},
            )
            self.customers = [
                (q.pk, [value for value, _label in q.choices][:: -1 if first > last else 1])
                for q in questions
            ]
        return self.customers


class _Application:
    """One company's application in a wave, from its start to where its outcome says."""

    def __init__(self, story, wave_row, company, item, index, spec):
        self.story, self.wave, self.company, self.item = story, wave_row, company, item
        self.index, self.spec = index, spec
        self.label = wave_row.label
        self.rng = story.rng
        self.tenant = story.tenant
        self.current = spec["current"]
        self.outcome = item["outcome"]
        self.quality = item["quality"]
        parts = list(ScoredPart.objects.filter(label=self.label))
        self.jury_parts = [part for part in parts if part.source == ScoredPart.Source.JURY]
        self.has_audit = any(part.source == ScoredPart.Source.AUDIT for part in parts)
        self.audit_max = next(
            (p.maximum for p in parts if p.source == ScoredPart.Source.AUDIT), Decimal("0")
        )
        self.has_survey = any(part.source == ScoredPart.Source.CUSTOMER_SURVEY for part in parts)
        members = list(
            CompanyMember.objects.filter(company=company).select_related("user").order_by("pk")
        )
        leaders = [m for m in members if m.position == CompanyMember.Position.LEADER]
        self.applicant = (leaders or members)[0].user if members else story.manager
        self.application = None
        self.days = self._calendar()

    # --- When each step happens ---------------------------------------------------------------

    def _steps(self):
        steps = STEPS[: STEPS.index(REACH[self.outcome]) + 1]
        skipped = set()
        if not self.has_audit:
            skipped |= {"audit", "audit_record"}
            if self.outcome == AUDIT:
                steps = STEPS[: STEPS.index("eligibility") + 1]
        if not self.has_survey:
            skipped.add("invite")
        if not self.current:
            skipped.add("evidence")
        return [step for step in steps if step not in skipped]

    def _assessments(self):
        reader = self.story.reader
        found = reader.submitted(company=self.company) if reader else []
        return sorted(
            (a for a in found if a.version_id == self.label.framework_version_id),
            key=lambda a: a.submitted_at,
        )

    def _calendar(self):
        steps = self._steps()
        day = self.story.day
        self.assessments = self._assessments()
        if not self.current:
            opens, closes, jury = (day(self.spec[key]) for key in ("opens", "closes", "jury"))
            start = opens + timedelta(days=1 + (self.index * 7) % 18)
            anchors = {
                "start": start,
                "invite": start + timedelta(days=3),
                "submit": min(closes, start + timedelta(days=10 + self.index % 6)),
                "eligibility": closes + timedelta(days=3),
                "audit": closes + timedelta(days=5),
                "audit_record": jury - timedelta(days=12),
                "jury": jury - timedelta(days=9),
                "scores": jury - timedelta(days=7),
                "decide": jury,
                "certify": jury + timedelta(days=5),
            }
            return {step: anchors[step] for step in steps}
        # The current wave: from the company's start to yesterday, the submission after the
        # self-assessment it attaches.
        start = day(self.spec["opens"]) + timedelta(days=1 + (self.index * 3) % 9)
        end = max(start, day(-1 if self.outcome != DRAFT else -3))
        if "submit" not in steps:
            return _spread(steps, start, end)
        before = steps[: steps.index("submit") + 1]
        after = steps[steps.index("submit") + 1 :]
        share = sum(WEIGHTS[step] for step in before[1:]) / sum(WEIGHTS[step] for step in steps)
        submit = start + timedelta(days=round((end - start).days * share))
        if self.assessments:
            ready = timezone.localdate(self.assessments[0].submitted_at) + timedelta(days=1)
            submit = min(max(submit, ready), end)
        return {**_spread(before, start, submit), **_spread(after, submit, end, first=True)}

    def _do(self, step, func, index=0):
        return self.story._step(self.days[step], self.index + index, func)

    def _at(self, step, index=0):
        return _moment(self.days[step], self.index + index)

    # --- The story ----------------------------------------------------------------------------

    def start(self):
        """Apply while the wave is open (a past wave is open on the day of seeding); False
        when the company may not apply."""

        def start():
            return services.start_application(
                wave=self.wave, company=self.company, actor=self.applicant
            )

        try:
            self.application = self._do("start", start)
        except ValidationError:
            return False
        moment = self._at("start")
        Application.objects.filter(pk=self.application.pk).update(created_at=moment)
        self.application.evidence.update(uploaded_at=moment)  # a renewal's references
        return True

    def run(self):
        steps = self.days
        if self.outcome == DRAFT and self.item.get("attach", True):
            self._attach()  # ready to submit
        if "evidence" in steps:
            self._evidence()
        if "invite" in steps:
            self._survey()
        if "submit" in steps:
            self._submit()
        if "eligibility" in steps:
            self._move("eligibility", S.ELIGIBILITY_CHECKED)
        if "audit" in steps:
            self._audit()
        if "audit_record" in steps:
            self._audit_record()
        if self.item.get("jury") == "conflict" and "jury" not in steps:
            self._conflict(self.story.day(-2))
        if "jury" in steps:
            self._jury()
        if "decide" in steps:
            self._decide()
        if "certify" in steps:
            self._certify()

    def _attach(self, before=None):
        """The newest self-assessment on the label's grid submitted before ``before``."""
        usable = [
            a
            for a in self.assessments
            if before is None or timezone.localdate(a.submitted_at) < before
        ]
        if not usable:
            return False
        services.attach_assessment(
            application=self.application, assessment_pk=usable[-1].pk, actor=self.applicant
        )
        return True

    def _evidence(self):
        names = EVIDENCE[self.label.slug]
        count = 1 if self.outcome == DRAFT else 2 + self.index % 2
        year = self.story.today.year - 1
        for position, pattern in enumerate(names[:count]):
            name = pattern.format(year=year)
            upload = ContentFile(
                one_page_pdf(
                    name,
                    self.company.name,
                    f"Pièce justificative de la candidature {self.label.name} ({self.wave.name})",
                    "Document de démonstration.",
                    size=14,
                    leading=24,
                    left=72,
                    top=770,
                ),
                name=f"{name}.pdf",
            )

            def add(upload=upload):
                return services.add_evidence(
                    application=self.application, upload=upload, actor=self.applicant
                )

            evidence = self._do("evidence", add, position)
            Evidence.objects.filter(pk=evidence.pk).update(
                uploaded_at=self._at("evidence", position)
            )

    def _survey(self):
        """Customers invited, most of them answering before the jury (about half of them so
        far in the current wave)."""
        organisations = self.rng.sample(CUSTOMERS[self.tenant.slug], 5 + self.index % 4)
        emails = [
            f"{MAILBOXES[(self.index + n) % len(MAILBOXES)]}@{slugify(name)}.example.org"
            for n, name in enumerate(organisations)
        ]

        def invite():
            return services.invite_customers(
                application=self.application, emails=emails, actor=self.applicant, notify=False
            )

        invitations = self._do("invite", invite)
        sent = self._at("invite")
        CustomerInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            created_at=sent, sent_at=sent
        )
        if self.current:
            answering = {DRAFT: 1, SUBMITTED: 2, CHECKED: 3}.get(
                self.outcome, len(invitations) // 2 + 1
            )
        else:
            answering = len(invitations) - 1 - self.index % 2
        until = self.days.get("jury") or self.days.get("decide") or self.story.day(-1)
        until = min(until, self.story.day(-1))
        span = max((until - self.days["invite"]).days, 1)
        questions = self.story.survey_questions(self.label)
        for n, invitation in enumerate(invitations[:answering]):
            answers = {}
            for pk, values in questions:
                share = min(0.999, max(0.0, self.rng.gauss(self.quality, 0.18)))
                answers[str(pk)] = values[int(share * len(values))]
            score = self.story.grids.score(
                tenant=self.tenant, version_id=self.label.customer_framework_version_id,
                answers=answers,
            )  # fmt: skip
            answer = services.record_customer_answer(
                tenant=self.tenant, token=invitation.token, answers=answers, score=score
            )
            moment = _moment(
                self.days["invite"] + timedelta(days=1 + span * n // max(answering, 1)), n
            )
            CustomerAnswer.objects.filter(pk=answer.pk).update(answered_at=moment)
            CustomerInvitation.objects.filter(pk=invitation.pk).update(answered_at=moment)

    def _submit(self):
        application = self.application
        mark = _mark(Transition)
        moment = self._at("submit")
        # The newest self-assessment before the submission, or the one a renewal started from.
        self._attach(before=self.days["submit"])
        application.refresh_from_db()
        if application.assessment_id:
            self._do(
                "submit",
                lambda: services.submit(
                    application=application, actor=self.applicant, notify=False
                ),
            )
        else:
            # No service submits without a self-assessment: the paper dossier is recorded
            # as it was received, with a transition that says so.
            Transition.objects.create(
                tenant=self.tenant,
                application=application,
                from_status=S.DRAFT,
                to_status=S.SUBMITTED,
                actor=self.applicant,
                reason=PAPER,
            )
            Application.objects.filter(pk=application.pk).update(status=S.SUBMITTED)
        Application.objects.filter(pk=application.pk).update(submitted_at=moment)
        self.story._moves(application, mark, moment)

    def _move(self, step, to, reason=""):
        mark = _mark(Transition)
        self._do(
            step,
            lambda: services.move(
                application=self.application,
                to=to,
                actor=self.story.manager,
                reason=reason,
                notify=False,
            ),
        )
        self.story._moves(self.application, mark, self._at(step))

    def _audit(self):
        self._do(
            "audit",
            lambda: services.assign_auditor(
                application=self.application, auditor=self.story.auditor, actor=self.story.manager
            ),
        )
        self._move("audit", S.AUDIT)

    def _audit_record(self):
        share = min(1.0, max(0.05, self.rng.gauss(self.quality, 0.04)))
        score = (self.audit_max * Decimal(str(share))).quantize(Decimal("1"))
        report = AUDIT_REPORTS[(self.index + len(self.company.name)) % len(AUDIT_REPORTS)]
        self.application.refresh_from_db()

        def record():
            return services.record_audit(
                application=self.application,
                auditor=self.story.auditor,
                score=score,
                report=report,
                actor=self.story.auditor,
            )

        row = self._do("audit_record", record)
        AuditReport.objects.filter(pk=row.pk).update(recorded_at=self._at("audit_record"))

    # --- The jury -------------------------------------------------------------------------------

    def _jury(self):
        self._move("jury", S.JURY)
        jurors = self.story.jurors[: self.label.jurors_per_application]
        self.application.refresh_from_db()
        self._do(
            "jury",
            lambda: services.assign_jurors(
                application=self.application, jurors=jurors, actor=self.story.manager
            ),
            1,
        )
        JurorAssignment.objects.filter(application=self.application).update(
            assigned_at=self._at("jury", 1)
        )
        mode = self.item.get("jury") if self.outcome == JURY else "all"
        demo, *others = jurors
        if mode == "conflict":
            self._conflict(self.days["jury"] + timedelta(days=1))
        plan = {
            "all": dict.fromkeys(jurors, SUBMITTED_SCORES),
            "outlier": dict.fromkeys(jurors, SUBMITTED_SCORES),
            "to_score": {demo: NOTHING, others[0]: SUBMITTED_SCORES, others[-1]: NOTHING},
            "draft_score": {demo: DRAFTED, others[0]: SUBMITTED_SCORES, others[-1]: DRAFTED},
            "conflict": {others[0]: SUBMITTED_SCORES, others[-1]: NOTHING},
        }[mode]
        last = self.days.get("decide", self.story.day(-1))
        for position, (juror, (scored, submitted)) in enumerate(plan.items()):
            if not scored:
                continue
            apart = mode == "outlier" and juror == jurors[-1]
            day = min(self.days["scores"] + timedelta(days=position * 2), last)
            self._scores(juror, day, position, submitted=submitted, apart=apart)

    def _conflict(self, day):
        juror = self.story.jurors[0]

        def declare():
            return services.declare_conflict(
                wave=self.wave,
                juror=juror,
                company=self.company,
                actor=juror,
                note=CONFLICT_NOTES[self.tenant.slug],
            )

        declaration = self.story._step(day, self.index, declare)
        ConflictDeclaration.objects.filter(pk=declaration.pk).update(
            declared_at=_moment(day, self.index)
        )
        self._confirm(juror, day, self.index)

    def _confirm(self, juror, day, position):
        """The juror went through the wave's applicants before scoring (``ConflictCheck``)."""
        if ConflictCheck.objects.filter(wave=self.wave, juror=juror).exists():
            return

        def confirm():
            return services.confirm_conflicts(wave=self.wave, juror=juror, actor=juror)

        check = self.story._step(day, position, confirm)
        assigned = JurorAssignment.objects.filter(
            application__wave=self.wave, juror=juror
        ).aggregate(latest=Max("assigned_at"))["latest"]
        moment = max(filter(None, [_moment(day, position), assigned]))
        ConflictCheck.objects.filter(pk=check.pk).update(checked_at=moment)

    def _scores(self, juror, day, position, *, submitted, apart):
        assignment = JurorAssignment.objects.get(application=self.application, juror=juror)
        quality = self.quality - 0.3 if apart else self.quality
        moment = _moment(day, position)
        self._confirm(juror, day, position)
        for n, part in enumerate(self.jury_parts):
            share = min(1.0, max(0.05, self.rng.gauss(quality, 0.04)))
            value = (part.maximum * Decimal(str(share))).quantize(Decimal("1"))
            level = "high" if share >= 0.75 else ("mid" if share >= 0.55 else "low")
            comment = JURY_COMMENTS[level][(self.index + position + n) % 3]
            if not submitted and n > 0:
                break  # a draft: the juror is on the first part

            services.save_score(  # writes no audit entry: nothing to date but the score
                assignment=assignment, part=part, value=value, actor=juror, comment=comment
            )
        JuryScore.objects.filter(assignment=assignment).update(updated_at=moment)
        if submitted:
            self.story._step(
                day, position, lambda: services.submit_scores(assignment=assignment, actor=juror)
            )
            JurorAssignment.objects.filter(pk=assignment.pk).update(submitted_at=moment)
            JuryScore.objects.filter(assignment=assignment).update(submitted_at=moment)

    # --- Decision and certificate ---------------------------------------------------------------

    def _decide(self):
        total, _breakdown = services.compute_total(application=self.application)
        deferred = self.outcome == DEFERRED
        rationale = DEFERRAL if deferred else self._rationale(total)
        mark = _mark(Transition)

        def decide():
            return services.decide(
                application=self.application,
                actor=self.story.manager,
                rationale=rationale,
                deliberation=self._deliberation(),
                defer=deferred,
                notify=False,
            )

        decision = self._do("decide", decide)
        moment = self._at("decide")
        Decision.objects.filter(pk=decision.pk).update(decided_at=moment)
        self.story._moves(self.application, mark, moment)

    def _rationale(self, total):
        label, shown = self.label, _number(total)
        if label.decision == Label.Rule.LEVELS:
            for level in label.levels:
                if total >= Decimal(level["min"]):
                    return (
                        f"{shown} points sur 100 : niveau {level['name']} "
                        f"(à partir de {level['min']} points). Diplôme ECORIDE remis en "
                        "séance plénière."
                    )
            return (
                f"{shown} points sur 100, en dessous du niveau Bronze (40 points). Le jury "
                "encourage une nouvelle candidature une fois le plan de gestion des déchets "
                "mis en œuvre."
            )
        maximum = sum(part.maximum for part in ScoredPart.objects.filter(label=label))
        threshold = _number(label.threshold)
        years = label.validity_months // 12
        if total > label.threshold:
            return (
                f"Score global de {shown} points sur {_number(maximum)}, supérieur au seuil de "
                f"{threshold} points : label {label.name} accordé pour {years} ans."
            )
        return (
            f"Score global de {shown} points sur {_number(maximum)}, inférieur au seuil de "
            f"{threshold} points. Le comité invite l'entreprise à présenter une nouvelle "
            "candidature après la mise en œuvre des recommandations de l'audit."
        )

    def _deliberation(self):
        if self.outcome == DEFERRED:
            return (
                "Les jurés saluent la progression depuis l'autoévaluation mais relèvent que deux "
                "pièces annoncées manquent. Vote à l'unanimité pour un report."
            )
        if self.quality >= 0.75:
            return "Avis convergents des trois jurés ; dossier cité en exemple."
        if self.quality >= 0.6:
            return (
                "Échange sur les indicateurs encore partiels ; les jurés retiennent la moyenne "
                "de leurs notes. Recommandations transmises avec la décision."
            )
        return "Les jurés constatent un dossier insuffisamment étayé ; décision à l'unanimité."

    def _certify(self):
        mark = _mark(Transition)
        issued = self.days["certify"]

        def certify():
            return services.certify(
                application=self.application,
                actor=self.story.manager,
                issued_on=issued,
                notify=False,
            )

        certificate = self._do("certify", certify)
        self.story._moves(self.application, mark, self._at("certify"))
        if self.application.previous_id:
            self.story._moves(self.application.previous, mark, self._at("certify"))
        withdrawn = self.item.get("withdrawn")
        if withdrawn:
            days_ago, reason = withdrawn
            day = self.story.day(-days_ago)
            self.story._step(
                day,
                self.index,
                lambda: services.withdraw_certificate(
                    certificate=certificate, reason=reason, actor=self.story.manager
                ),
            )
            Certificate.objects.filter(pk=certificate.pk).update(
                withdrawn_at=_moment(day, self.index)
            )
