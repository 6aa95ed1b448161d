"""Demo action plans and consultant missions, from the seeds.

In each tenant, a few companies followed from their diagnostic to the end of their plan: the
6-month individual support of Vegepolys ("sur 5 journées espacées"), the 3-year follow-up of
6PL and CAPENERGIES on three priority themes, co-funded about 50 % by the Région at 900 to
1 150 € a day. Plans in every state (a draft built from the weakest themes of a self-assessment,
plans in progress, a closed plan with its positive final review), actions in every status,
indicators measured monthly or quarterly for up to three years, missions with their meetings
(one over budget, one not met for months).

Everything goes through the services, in the order it happened, so that grants, the audit trail
and the review snapshots are real; each step is then dated on its day (the trail keeps the last
18 months, like the other demos). Like the other demos, seeding sends no e-mail (the services'
``notify=False``): the history it writes is past. Nothing is written when the tenant has plans
already, so a second seeding changes nothing.
"""

import heapq
from datetime import datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone, translation

from companies.models import Company, CompanyMember
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from . import services
from .models import (
    Action,
    ActionComment,
    ActionType,
    Measurement,
    Meeting,
    Mission,
    Plan,
    Review,
)

# The demo's audit trail goes back this far (seed_demo and programmes/demo.py use the same).
TRAIL_SINCE = timedelta(days=540)

ACTION_TYPES = {
    "pevele-carembault": [
        "Plan de mobilité",
        "Diversification",
        "Économie circulaire",
        "Usine du futur",
        "Économies d'énergie",
        "Transition énergétique",
        "Bien-être au travail",
        "Achats responsables",
        "Ancrage territorial",
        "Communication RSE",
    ],
    "logistique-seine-normandie": [
        "Plan de mobilité",
        "Transition énergétique de la flotte",
        "Économie circulaire",
        "Entrepôt du futur",
        "Diversification",
        "Santé et sécurité au travail",
        "Gouvernance RSE",
        "Achats responsables",
    ],
}

P, IP, D, AB = (
    Action.Status.PLANNED,
    Action.Status.IN_PROGRESS,
    Action.Status.DONE,
    Action.Status.ABANDONED,
)
ISO_ENV, ISO_WORK, ISO_GOV, ISO_LOYAL, ISO_CONS, ISO_LOCAL = (
    "L'environnement",
    "Relations et conditions de travail",
    "Gouvernance de l'organisation",
    "Loyauté des pratiques",
    "Questions relatives aux consommateurs",
    "Communautés et développement local",
)
PL_GOV, PL_ECO, PL_ENV, PL_SOC, PL_CO2 = (
    "Gouvernance de l'entreprise",
    "Performance économique",
    "Responsabilité environnementale",
    "Responsabilité sociétale",
    "Empreinte carbone et performance énergétique",
)


def act(title, kind, theme, status, due, *, owner=None, start=None, done=None, progress=0,
        reason="", priority=2, description="", comment=None):  # fmt: skip
    """An action. Days are counted from today (negative: in the past): ``start`` when work
    began, ``due`` its deadline, ``done`` when it was done or abandoned."""
    return {
        "title": title,
        "kind": kind,
        "theme": theme,
        "status": status,
        "due": due,
        "owner": owner,
        "start": start,
        "done": done,
        "progress": progress,
        "reason": reason,
        "priority": priority,
        "description": description,
        "comment": comment,
    }


def ind(label, unit, theme, baseline, target, *, every=1, decimals=1, pace="1"):
    """An indicator measured every ``every`` months from the plan's start; ``pace`` is how fast
    it moves towards its target (1: on time at the plan's horizon)."""
    return {
        "label": label,
        "unit": unit,
        "theme": theme,
        "baseline": Decimal(baseline),
        "target": Decimal(target),
        "every": every,
        "decimals": decimals,
        "pace": Decimal(pace),
    }


def meet(day, days, notes, decisions="", next_steps=""):
    return {
        "day": day,
        "days": Decimal(days),
        "notes": notes,
        "decisions": decisions,
        "next_steps": next_steps,
    }


REGION_HDF = ("Région Hauts-de-France", "50")
REGION_NORMANDIE = ("Région Normandie", "50")

PLANS = {
    "pevele-carembault": [
        {
            "company": "Transports Verhaeghe",
            "title": "Plan d'action RSE sur 3 ans",
            "months_ago": 26,
            "horizon": 36,
            "themes": [ISO_WORK, ISO_ENV, ISO_LOCAL],
            "indicators": [
                ind("Consommation moyenne de gazole", "L/100 km", ISO_ENV, "33.8", "29.5"),
                ind("Taux d'absentéisme", "%", ISO_WORK, "6.9", "4.5", every=3),
                ind(
                    "Salariés venant en covoiturage, à vélo ou en transports en commun",
                    "%",
                    ISO_ENV,
                    "7",
                    "25",
                    every=3,
                    decimals=0,
                    pace="1.2",
                ),
            ],
            "actions": [
                act(
                    "Plan de mobilité employeur",
                    "Plan de mobilité",
                    ISO_ENV,
                    D,
                    -420,
                    owner="Verhaeghe",
                    start=-760,
                    done=-430,
                    priority=1,
                    description="Enquête déplacements, covoiturage entre Phalempin et Lille, "
                    "forfait mobilités durables.",
                ),
                act(
                    "Formation à l'écoconduite de tous les conducteurs",
                    "Économies d'énergie",
                    ISO_ENV,
                    IP,
                    18,
                    owner="Petit",
                    start=-600,
                    progress=75,
                    priority=1,
                    comment=(-40, "Encore 12 conducteurs à former, sessions planifiées."),
                ),
                act(
                    "Remplacer six tracteurs diesel par des tracteurs au bioGNV",
                    "Transition énergétique",
                    ISO_ENV,
                    IP,
                    -25,
                    owner="Verhaeghe",
                    start=-300,
                    progress=40,
                    priority=1,
                    comment=(
                        -30,
                        "Livraison des deux derniers tracteurs repoussée par le constructeur.",
                    ),
                ),
                act(
                    "Baromètre bien-être et qualité de vie au travail",
                    "Bien-être au travail",
                    ISO_WORK,
                    D,
                    -500,
                    owner="Verhaeghe",
                    start=-700,
                    done=-510,
                ),
                act(
                    "Parcours d'intégration et tutorat des nouveaux conducteurs",
                    "Bien-être au travail",
                    ISO_WORK,
                    P,
                    -12,
                    owner="Petit",
                    start=-200,
                ),
                act(
                    "Recruter localement avec le PLIE et les lycées du territoire",
                    "Ancrage territorial",
                    ISO_LOCAL,
                    P,
                    75,
                    owner="Verhaeghe",
                    start=-100,
                    priority=3,
                ),
                act(
                    "Diversifier l'activité vers la logistique urbaine décarbonée",
                    "Diversification",
                    ISO_LOCAL,
                    IP,
                    25,
                    owner="Verhaeghe",
                    start=-150,
                    progress=30,
                ),
                act(
                    "Panneaux photovoltaïques sur la toiture de l'entrepôt",
                    "Transition énergétique",
                    ISO_ENV,
                    AB,
                    -300,
                    start=-500,
                    done=-380,
                    reason="L'étude de structure a montré que la charpente ne supporte pas les "
                    "panneaux ; le budget va aux tracteurs bioGNV.",
                ),
            ],
            "mission": {
                "consultant": Role.CONSULTANT,
                "title": "Accompagnement individuel — suivi sur 3 ans",
                "days": "8",
                "rate": "1150",
                "fundings": [REGION_HDF],
                "meetings": [
                    meet(
                        -780,
                        "1",
                        "Restitution du diagnostic, choix des trois thématiques.",
                        "Axes : conditions de travail, environnement, ancrage local.",
                    ),
                    meet(-600, "1", "Lancement de l'écoconduite et du plan de mobilité."),
                    meet(
                        -430,
                        "1",
                        "Bilan à un an avec le dirigeant.",
                        "Abandon du photovoltaïque, report sur le bioGNV.",
                    ),
                    meet(-250, "0.5", "Point téléphonique sur la commande des tracteurs."),
                    meet(
                        -120,
                        "1",
                        "Visite du dépôt, absentéisme en baisse.",
                        "Lancer le tutorat des nouveaux conducteurs.",
                    ),
                    meet(
                        -21,
                        "0.5",
                        "Point sur les retards de livraison des tracteurs.",
                        next_steps="Relancer le constructeur, finir l'écoconduite.",
                    ),
                ],
            },
            "reviews": [
                {
                    "day": -420,
                    "kind": "milestone",
                    "summary": "Un an de plan : mobilité et "
                    "baromètre faits, photovoltaïque abandonné.",
                    "conclusion": "La démarche est "
                    "engagée ; réorienter le budget énergie vers la flotte.",
                },
            ],
        },
        {
            # The demo leader's company: the member account sees its plan and owns its actions.
            "company": "Néo-Éco Recyclage",
            "title": "Plan d'action RSE — réemploi, insertion et gouvernance",
            "from": "first",
            "months_ago": 13,
            "horizon": 36,
            "themes": [ISO_ENV, ISO_LOCAL, ISO_GOV],
            "indicators": [
                ind(
                    "Salariés en parcours d'insertion",
                    "salariés",
                    ISO_LOCAL,
                    "12",
                    "25",
                    every=3,
                    decimals=0,
                ),
            ],
            "actions": [
                act(
                    "Publier un premier rapport RSE",
                    "Communication RSE",
                    ISO_GOV,
                    D,
                    -180,
                    owner="Dhainaut",
                    start=-340,
                    done=-200,
                ),
                act(
                    "Filière de réemploi des matériaux de déconstruction",
                    "Économie circulaire",
                    ISO_ENV,
                    IP,
                    90,
                    owner="Dhainaut",
                    start=-300,
                    progress=50,
                    priority=1,
                    comment=(-20, "Deux entreprises du BTP de la Pévèle partantes pour un essai."),
                ),
                act(
                    "Contrats d'insertion avec le PLIE de la Pévèle",
                    "Ancrage territorial",
                    ISO_LOCAL,
                    IP,
                    15,
                    owner="Dhainaut",
                    start=-150,
                    progress=35,
                ),
                act(
                    "Covoiturage entre les sites d'Ostricourt et de Libercourt",
                    "Plan de mobilité",
                    ISO_ENV,
                    P,
                    -7,
                    owner="Dhainaut",
                ),
                act(
                    "Broyer les plastiques triés pour la plasturgie locale",
                    "Diversification",
                    ISO_LOCAL,
                    P,
                    200,
                    owner="Dhainaut",
                    priority=3,
                ),
                act(
                    "Chariots élévateurs électriques",
                    "Transition énergétique",
                    ISO_ENV,
                    AB,
                    -100,
                    start=-280,
                    done=-160,
                    reason="Aucun chariot électrique ne tient les charges de 5 tonnes du site ; "
                    "étude reportée.",
                ),
            ],
            "mission": {
                "consultant": Role.CONSULTANT,
                "title": "Accompagnement individuel — Club des Dirigeants Durables",
                "days": "6",
                "rate": "1150",
                "fundings": [REGION_HDF],
                "meetings": [
                    meet("start", "1", "Restitution de l'autodiagnostic, trois thématiques."),
                    meet(-280, "1", "Visite du centre de tri, idée de filière de réemploi."),
                    meet(-180, "1", "Relecture du rapport RSE."),
                    meet(-90, "0.5", "Point sur les contrats d'insertion."),
                    meet(
                        -35,
                        "1",
                        "Réorientation du plan sur les résultats.",
                        "Accélérer le réemploi, reporter les chariots électriques.",
                    ),
                ],
            },
        },
        {
            "company": "Plasturgie du Carembault",
            "title": "Plan d'action — emballages, énergie et achats",
            "from": "first",
            "months_ago": 15,
            "horizon": 36,
            "themes": [ISO_ENV, ISO_LOYAL, ISO_WORK],
            "indicators": [
                ind(
                    "Matière recyclée dans les emballages",
                    "%",
                    ISO_ENV,
                    "8",
                    "30",
                    every=3,
                    decimals=0,
                ),
            ],
            "actions": [
                act(
                    "Intégrer 30 % de matière recyclée dans les emballages",
                    "Économie circulaire",
                    ISO_ENV,
                    IP,
                    200,
                    owner="Ducrocq",
                    start=-420,
                    progress=45,
                    priority=1,
                ),
                act(
                    "Audit énergétique des presses à injection",
                    "Économies d'énergie",
                    ISO_ENV,
                    D,
                    -280,
                    owner="Ducrocq",
                    start=-400,
                    done=-300,
                ),
                act(
                    "Récupérer la chaleur des compresseurs pour chauffer l'atelier",
                    "Usine du futur",
                    ISO_ENV,
                    IP,
                    -40,
                    owner="Ducrocq",
                    start=-250,
                    progress=20,
                ),
                act(
                    "Charte achats responsables signée par les 20 premiers fournisseurs",
                    "Achats responsables",
                    ISO_LOYAL,
                    P,
                    28,
                    owner="Ducrocq",
                ),
                act(
                    "Document unique et plan de prévention des TMS",
                    "Bien-être au travail",
                    ISO_WORK,
                    D,
                    -140,
                    start=-300,
                    done=-150,
                ),
                act(
                    "Certification ISO 14001",
                    "Communication RSE",
                    ISO_ENV,
                    AB,
                    300,
                    start=-400,
                    done=-200,
                    reason="Reportée : l'entreprise passe d'abord par le label régional, moins "
                    "coûteux pour sa taille.",
                ),
            ],
            "mission": {
                "consultant": Role.CONSULTANT,
                "title": "Accompagnement individuel sur 5 journées espacées",
                "days": "5",
                "rate": "1150",
                "fundings": [REGION_HDF, ("Département du Nord", "20")],
                "meetings": [
                    meet("start", "1", "Restitution de l'autodiagnostic, choix des axes."),
                    meet(-380, "1", "Visite de l'atelier d'injection avec l'auditeur énergie."),
                    meet(
                        -260,
                        "1",
                        "Résultats de l'audit énergétique.",
                        "Récupération de chaleur des compresseurs en priorité.",
                    ),
                    meet(
                        -125,
                        "0.5",
                        "Point sur les essais de matière recyclée.",
                        next_steps="Prochaine rencontre après les essais clients.",
                    ),
                ],
            },
        },
        {
            "company": "Mécanique Dubrulle",
            "title": "Usine du futur et sobriété énergétique",
            "months_ago": 9,
            "horizon": 12,
            "themes": [ISO_ENV, ISO_WORK, ISO_GOV],
            "indicators": [
                ind("Consommation d'électricité", "MWh/mois", ISO_ENV, "62", "52", pace="1.1"),
                ind("Taux de rebut", "%", ISO_ENV, "4.2", "2.5"),
            ],
            "actions": [
                act(
                    "Sous-comptage électrique des machines et tableau de bord énergie",
                    "Usine du futur",
                    ISO_ENV,
                    D,
                    -140,
                    owner="Dubrulle",
                    start=-250,
                    done=-150,
                    priority=1,
                ),
                act(
                    "Éclairage LED de l'atelier",
                    "Économies d'énergie",
                    ISO_ENV,
                    D,
                    -190,
                    owner="Roussel",
                    start=-260,
                    done=-200,
                ),
                act(
                    "Variateurs de vitesse sur les compresseurs",
                    "Économies d'énergie",
                    ISO_ENV,
                    IP,
                    10,
                    owner="Roussel",
                    start=-120,
                    progress=60,
                    priority=1,
                ),
                act(
                    "Formaliser et afficher la politique RSE",
                    "Communication RSE",
                    ISO_GOV,
                    IP,
                    -5,
                    owner="Dubrulle",
                    start=-60,
                    progress=50,
                ),
                act(
                    "Former les régleurs à la maintenance prédictive",
                    "Usine du futur",
                    ISO_WORK,
                    P,
                    60,
                    owner="Roussel",
                    priority=3,
                ),
                act(
                    "Robot de soudure d'occasion",
                    "Usine du futur",
                    ISO_WORK,
                    AB,
                    -30,
                    start=-200,
                    done=-90,
                    reason="Retour sur investissement de plus de sept ans : l'atelier garde la "
                    "soudure manuelle et forme deux soudeurs.",
                ),
            ],
            "mission": {
                "consultant": Role.CONSULTANT,
                "title": "Accompagnement individuel — usine du futur",
                "days": "5",
                "rate": "1100",
                "fundings": [REGION_HDF],
                "meetings": [
                    meet(-265, "1", "Restitution du diagnostic énergie."),
                    meet(-200, "1", "Choix du sous-comptage et des LED."),
                    meet(
                        -130,
                        "1.5",
                        "Atelier avec l'équipe maintenance.",
                        "Variateurs sur les compresseurs.",
                    ),
                    meet(-60, "1", "Lecture du tableau de bord énergie."),
                    meet(
                        -14,
                        "1",
                        "Politique RSE et rebuts.",
                        next_steps="Affichage de la politique RSE avant la fin du mois.",
                    ),
                ],
            },
        },
        {
            "company": "Entrepôts de la Pévèle",
            "from": "weakest",
        },
        {
            "company": "Imprimerie Lesaffre",
            "title": "Accompagnement individuel de 6 mois — imprimerie responsable",
            "months_ago": 4,
            "horizon": 6,
            "themes": [ISO_ENV, ISO_CONS, ISO_WORK],
            "indicators": [
                ind(
                    "Chutes de papier valorisées", "%", ISO_ENV, "55", "85", decimals=0, pace="1.2"
                ),
            ],
            "actions": [
                act(
                    "Passer aux encres végétales et au label Imprim'Vert",
                    "Économie circulaire",
                    ISO_ENV,
                    IP,
                    12,
                    owner="Lesaffre",
                    start=-100,
                    progress=80,
                    priority=1,
                ),
                act(
                    "Trier et valoriser les chutes de papier",
                    "Économie circulaire",
                    ISO_ENV,
                    D,
                    -30,
                    owner="Lesaffre",
                    start=-110,
                    done=-40,
                ),
                act(
                    "Indice bien-être : questionnaire à tous les salariés",
                    "Bien-être au travail",
                    ISO_WORK,
                    D,
                    -55,
                    owner="Lesaffre",
                    start=-100,
                    done=-60,
                    description="92 % des salariés ont répondu.",
                ),
                act(
                    "Rédiger un premier rapport RSE",
                    "Communication RSE",
                    ISO_CONS,
                    P,
                    45,
                    owner="Lesaffre",
                ),
                act(
                    "Offre d'impression éco-conçue pour les collectivités",
                    "Diversification",
                    ISO_CONS,
                    P,
                    -3,
                    owner="Lesaffre",
                    priority=1,
                ),
            ],
            "mission": {
                "consultant": "shared_consultant",
                "title": "Accompagnement individuel sur 5 journées espacées",
                "days": "5",
                "rate": "950",
                "fundings": [REGION_HDF],
                "meetings": [
                    meet(-118, "1", "Diagnostic avec le dirigeant et le chef d'atelier."),
                    meet(-85, "1", "Plan d'action sur trois thématiques."),
                    meet(
                        -50,
                        "1",
                        "Résultats de l'indice bien-être.",
                        next_steps="Rapport RSE : plan du document.",
                    ),
                ],
            },
        },
        {
            "company": "Boulangeries Declercq",
            "title": "Accompagnement individuel — Club des Pionniers",
            "from": "first",
            "months_ago": 13,
            "horizon": 12,
            "themes": [ISO_ENV, ISO_LOCAL, ISO_WORK],
            "indicators": [
                ind("Invendus", "% de la production", ISO_ENV, "9", "4", pace="1.1"),
            ],
            "actions": [
                act(
                    "Réduire les invendus : dons à l'épicerie solidaire",
                    "Économie circulaire",
                    ISO_ENV,
                    D,
                    -280,
                    owner="Declercq",
                    start=-360,
                    done=-300,
                    priority=1,
                ),
                act(
                    "Farines de meuniers à moins de 50 km",
                    "Ancrage territorial",
                    ISO_LOCAL,
                    D,
                    -190,
                    owner="Declercq",
                    start=-330,
                    done=-200,
                ),
                act(
                    "Four à sole électrique à récupération de chaleur",
                    "Économies d'énergie",
                    ISO_ENV,
                    D,
                    -80,
                    owner="Dupont",
                    start=-250,
                    done=-90,
                ),
                act(
                    "Plannings stables pour les vendeuses",
                    "Bien-être au travail",
                    ISO_WORK,
                    D,
                    -140,
                    owner="Dupont",
                    start=-300,
                    done=-150,
                ),
                act(
                    "Livraison à vélo-cargo des commandes professionnelles",
                    "Plan de mobilité",
                    ISO_LOCAL,
                    AB,
                    -60,
                    start=-200,
                    done=-120,
                    reason="Le loueur local de vélos-cargos a cessé son activité ; reporté au "
                    "prochain plan.",
                ),
            ],
            "mission": {
                "consultant": "shared_consultant",
                "title": "Accompagnement individuel sur 5 journées espacées",
                "days": "5",
                "rate": "1000",
                "fundings": [REGION_HDF],
                "meetings": [
                    meet("start", "1", "Restitution de l'autodiagnostic."),
                    meet(-320, "1", "Visite des trois boutiques."),
                    meet(-230, "1", "Point d'étape, devis du four."),
                    meet(-130, "1", "Mise en service du four."),
                    meet(-15, "1", "Bilan des actions et de leurs résultats."),
                ],
                "ends": -8,
            },
            "reviews": [
                {
                    "day": -220,
                    "kind": "milestone",
                    "summary": "Invendus en baisse, farines locales en place.",
                    "conclusion": "Bon rythme ; le four est la prochaine étape.",
                },
                {
                    "day": -10,
                    "kind": "final",
                    "outcome": "positive",
                    "compare": True,
                    "summary": "Quatre actions sur cinq réalisées ; invendus divisés par deux.",
                    "conclusion": "Objectifs atteints : l'entreprise peut candidater au label.",
                },
            ],
        },
    ],
    "logistique-seine-normandie": [
        {
            "company": "Transports Lecanu",
            "title": "Label 6PL — plan d'amélioration sur 3 ans",
            "months_ago": 24,
            "horizon": 36,
            "themes": [PL_CO2, PL_SOC, PL_ENV],
            "indicators": [
                ind(
                    "Émissions de CO₂ par tonne-kilomètre",
                    "g CO₂/t.km",
                    PL_CO2,
                    "96",
                    "78",
                    decimals=0,
                ),
                ind(
                    "Part de la flotte Euro VI, B100 ou GNV",
                    "%",
                    PL_CO2,
                    "35",
                    "80",
                    every=3,
                    decimals=0,
                ),
                ind(
                    "Accidents du travail avec arrêt",
                    "par trimestre",
                    PL_SOC,
                    "5",
                    "2",
                    every=3,
                    decimals=0,
                    pace="0.8",
                ),
            ],
            "actions": [
                act(
                    "Bilan des émissions de gaz à effet de serre (scopes 1 et 2)",
                    "Gouvernance RSE",
                    PL_CO2,
                    D,
                    -600,
                    owner="Lecanu",
                    start=-700,
                    done=-610,
                    priority=1,
                ),
                act(
                    "Passer 40 % de la flotte au B100 ou au HVO",
                    "Transition énergétique de la flotte",
                    PL_CO2,
                    IP,
                    150,
                    owner="Lecanu",
                    start=-500,
                    progress=55,
                    priority=1,
                ),
                act(
                    "Télématique et écoconduite pour les 90 conducteurs",
                    "Transition énergétique de la flotte",
                    PL_CO2,
                    D,
                    -300,
                    owner="Quesnel",
                    start=-550,
                    done=-310,
                ),
                act(
                    "Plan de mobilité du site du Havre",
                    "Plan de mobilité",
                    PL_SOC,
                    P,
                    20,
                    owner="Quesnel",
                ),
                act(
                    "Prévention des TMS au quai de chargement",
                    "Santé et sécurité au travail",
                    PL_SOC,
                    IP,
                    -30,
                    owner="Lecanu",
                    start=-200,
                    progress=30,
                    comment=(-35, "Devis des tables élévatrices reçus, choix en comité."),
                ),
                act(
                    "Tri et valorisation des films plastiques et des palettes",
                    "Économie circulaire",
                    PL_ENV,
                    D,
                    -420,
                    owner="Quesnel",
                    start=-650,
                    done=-430,
                ),
                act(
                    "Panneaux solaires sur l'entrepôt de Gonfreville",
                    "Transition énergétique de la flotte",
                    PL_ENV,
                    AB,
                    -100,
                    start=-400,
                    done=-330,
                    reason="Bâtiment en location : le propriétaire refuse les travaux.",
                ),
            ],
            "mission": {
                "consultant": Role.CONSULTANT,
                "title": "Suivi 6PL par un expert (3 ans)",
                "days": "9",
                "rate": "1050",
                "fundings": [REGION_NORMANDIE],
                "meetings": [
                    meet(-715, "1", "Diagnostic 6PL avec l'équipe de direction."),
                    meet(
                        -600,
                        "1",
                        "Axes prioritaires et plan d'action.",
                        "Trois thématiques : carbone, social, environnement.",
                    ),
                    meet(-480, "1", "Suivi des actions carbone."),
                    meet(-360, "1", "Revue à un an."),
                    meet(-250, "0.5", "Point sur les carburants alternatifs."),
                    meet(-130, "1", "Visite du quai de chargement."),
                    meet(
                        -45,
                        "1",
                        "Point sur la prévention des TMS.",
                        next_steps="Choisir les tables élévatrices.",
                    ),
                ],
            },
            "reviews": [
                {
                    "day": -360,
                    "kind": "milestone",
                    "summary": "Bilan carbone fait, télématique en place.",
                    "conclusion": "Avancer sur la flotte et la sécurité.",
                },
            ],
        },
        {
            "company": "Terminal Multimodal de Rouen",
            "title": "Label 6PL — plan d'action du renouvellement",
            "months_ago": 37,
            "horizon": 36,
            "themes": [PL_CO2, PL_ENV, PL_GOV],
            "indicators": [
                ind(
                    "Électricité par conteneur manutentionné",
                    "kWh/EVP",
                    PL_CO2,
                    "14.5",
                    "11",
                    every=3,
                    pace="1.05",
                ),
                ind(
                    "Fret acheminé par le fleuve ou le rail",
                    "%",
                    PL_ENV,
                    "18",
                    "30",
                    every=3,
                    decimals=0,
                    pace="1.05",
                ),
            ],
            "actions": [
                act(
                    "Comité RSE trimestriel avec les représentants du personnel",
                    "Gouvernance RSE",
                    PL_GOV,
                    D,
                    -900,
                    owner="Morin",
                    start=-1080,
                    done=-950,
                ),
                act(
                    "Électrifier les portiques de manutention",
                    "Entrepôt du futur",
                    PL_CO2,
                    D,
                    -650,
                    owner="Lemonnier",
                    start=-1000,
                    done=-700,
                    priority=1,
                ),
                act(
                    "Éclairage LED des terre-pleins",
                    "Entrepôt du futur",
                    PL_CO2,
                    D,
                    -480,
                    owner="Lemonnier",
                    start=-700,
                    done=-500,
                ),
                act(
                    "Navette fluviale Rouen–Le Havre",
                    "Transition énergétique de la flotte",
                    PL_ENV,
                    D,
                    -380,
                    owner="Morin",
                    start=-800,
                    done=-400,
                    priority=1,
                ),
                act(
                    "Récupérer les eaux pluviales pour le lavage",
                    "Économie circulaire",
                    PL_ENV,
                    AB,
                    -300,
                    start=-600,
                    done=-450,
                    reason="Non autorisé par le règlement du port sur cette parcelle.",
                ),
            ],
            "mission": {
                "consultant": "shared_consultant",
                "title": "Suivi 6PL par un expert (3 ans)",
                "days": "6",
                "rate": "1100",
                "fundings": [REGION_NORMANDIE],
                "meetings": [
                    meet(-1100, "1", "Diagnostic 6PL et axes prioritaires."),
                    meet(-900, "1", "Premier comité RSE."),
                    meet(-700, "1", "Mise en service des portiques électriques."),
                    meet(-500, "1", "Revue de mi-parcours."),
                    meet(-250, "1", "Suivi du report modal."),
                    meet(
                        -10,
                        "1",
                        "Bilan des trois ans.",
                        "Renouveler le label avec un nouveau plan.",
                    ),
                ],
                "ends": -4,
            },
            "reviews": [
                {
                    "day": -760,
                    "kind": "milestone",
                    "summary": "Comité RSE en place, portiques en cours.",
                    "conclusion": "Dans les temps.",
                },
                {
                    "day": -400,
                    "kind": "milestone",
                    "summary": "Navette fluviale lancée.",
                    "conclusion": "Le report modal dépasse la trajectoire.",
                },
                {
                    "day": -5,
                    "kind": "final",
                    "outcome": "positive",
                    "compare": True,
                    "summary": "Quatre actions sur cinq réalisées ; objectifs d'énergie et de "
                    "report modal atteints.",
                    "conclusion": "Objectifs atteints : renouvellement du label 6PL recommandé.",
                },
            ],
        },
        {
            "company": "Froid Logistique Évreux",
            "from": "weakest",
            "mission": {
                "consultant": Role.CONSULTANT,
                "title": "Diagnostic 6PL et plan d'action",
                "days": "5",
                "rate": "1050",
                "fundings": [REGION_NORMANDIE],
                "starts": -20,
                "meetings": [],
            },
        },
        {
            "company": "Palettes du Vexin",
            "title": "Économie circulaire : palettes reconditionnées et bois local",
            "months_ago": 7,
            "horizon": 12,
            "themes": [PL_ENV, PL_ECO, PL_SOC],
            "indicators": [
                ind("Palettes reconditionnées", "palettes/mois", PL_ENV, "800", "2500", decimals=0),
                ind("Bois certifié PEFC", "%", PL_ENV, "20", "70", every=3, decimals=0, pace="1.2"),
            ],
            "actions": [
                act(
                    "Atelier de reconditionnement des palettes usagées",
                    "Économie circulaire",
                    PL_ENV,
                    IP,
                    25,
                    owner="Guérin",
                    start=-180,
                    progress=65,
                    priority=1,
                ),
                act(
                    "Bois certifié PEFC de forêts normandes",
                    "Achats responsables",
                    PL_ENV,
                    D,
                    -80,
                    owner="Guérin",
                    start=-190,
                    done=-90,
                ),
                act(
                    "Valoriser la sciure en granulés de chauffage",
                    "Économie circulaire",
                    PL_ENV,
                    P,
                    -10,
                    owner="Guérin",
                ),
                act(
                    "Location de palettes aux chargeurs",
                    "Diversification",
                    PL_ECO,
                    P,
                    120,
                    owner="Guérin",
                    priority=3,
                ),
                act(
                    "Formation sécurité aux scies et à la conduite de chariots",
                    "Santé et sécurité au travail",
                    PL_SOC,
                    D,
                    -140,
                    owner="Guérin",
                    start=-200,
                    done=-150,
                ),
            ],
            "mission": {
                "consultant": "shared_consultant",
                "title": "Accompagnement économie circulaire",
                "days": "4",
                "rate": "900",
                "fundings": [REGION_NORMANDIE, ("ADEME", "20")],
                "meetings": [
                    meet(-205, "1", "Diagnostic des flux de bois."),
                    meet(-140, "1", "Plan de l'atelier de reconditionnement."),
                    meet(-60, "0.5", "Suivi des volumes reconditionnés."),
                ],
            },
        },
    ],
}


def seed_tenant(*, tenant, people):
    if tenant.slug not in PLANS:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the demo's people work in French
        types = _action_types(tenant)
        if Plan.objects.filter(tenant=tenant).exists():
            return
        for spec in PLANS[tenant.slug]:
            company = Company.objects.filter(tenant=tenant, name=spec["company"]).first()
            if company is not None:
                _Story(tenant=tenant, company=company, people=people, types=types).tell(spec)


def _action_types(tenant):
    types = {}
    for order, name in enumerate(ACTION_TYPES.get(tenant.slug, [])):
        types[name], _created = ActionType.objects.get_or_create(
            tenant=tenant, name=name, defaults={"order": order}
        )
    return types


def _moment(day, index=0):
    """A working hour of ``day``, never later than now."""
    moment = timezone.make_aware(datetime.combine(day, time(9 + index % 8, (index * 17) % 60)))
    return min(moment, timezone.now())


class _Story:
    """One company's plan and mission, told in the order things happened."""

    def __init__(self, *, tenant, company, people, types):
        self.tenant, self.company, self.people, self.types = tenant, company, people, types
        self.today = timezone.localdate()
        self.events = []
        self.count = 0
        self.plan = None
        self.draft_day = None
        self.mission = None
        reader = registry.assessment_reader()
        self.assessments = reader.submitted(company=company) if reader else []
        members = list(
            CompanyMember.objects.filter(company=company).select_related("user").order_by("pk")
        )
        self.members = {member.user.last_name: member for member in members}
        leaders = [m for m in members if m.position == CompanyMember.Position.LEADER]
        self.leader = leaders[0].user if leaders else None

    def day(self, offset):
        return self.today + timedelta(days=offset)

    def at(self, day, order, func):
        self.count += 1
        heapq.heappush(self.events, (day, order, self.count, func))

    def tell(self, spec):
        consultant = spec.get("mission", {}).get("consultant", Role.CONSULTANT)
        self.consultant = self.people[consultant]
        if spec.get("from") == "weakest":
            self._draft_from_weakest(spec)
        else:
            self._plan(spec)
        if "mission" in spec:
            self._mission(spec["mission"])
        index = 0
        while self.events:  # an event may add later ones (an indicator, its measurements)
            day, _order, _n, func = heapq.heappop(self.events)
            index += 1
            mark = AuditEntry.objects.filter(tenant=self.tenant).order_by("-id").first()
            func(day)
            written = AuditEntry.objects.filter(tenant=self.tenant, id__gt=mark.id if mark else 0)
            if _moment(day) < timezone.now() - TRAIL_SINCE:
                written.delete()  # before the tenant's trail on the platform begins
            else:
                written.update(created_at=_moment(day, index))

    # --- The plan ---------------------------------------------------------------------------

    def _draft_from_weakest(self, spec):
        if not self.assessments:
            return
        latest = self.assessments[0]
        day = min(self.today, timezone.localdate(latest.submitted_at) + timedelta(days=2))
        self.draft_day = day

        def draft(day):
            plan = services.draft_plan_from_weakest_themes(
                company=self.company, assessment_pk=latest.pk, actor=self.consultant
            )
            services.update_plan(
                plan=plan,
                title="Plan d'action — " + ", ".join(plan.priority_themes),
                horizon_months=36 if "6PL" in latest.label else 12,
                starts_on=day + timedelta(days=14),
                priority_themes=plan.priority_themes,
                actor=self.consultant,
            )
            Plan.objects.filter(pk=plan.pk).update(created_at=_moment(day))
            plan.actions.update(created_at=_moment(day), updated_at=_moment(day))
            self.plan = plan

        self.at(day, 0, draft)

    def _plan(self, spec):
        source = None
        if spec.get("from") == "first" and len(self.assessments) > 1:
            source = self.assessments[-1]  # the oldest: the plan started from it
            starts = timezone.localdate(source.submitted_at) + timedelta(days=21)
        else:
            starts = self.today - relativedelta(months=spec["months_ago"])
        created = starts - timedelta(days=14)
        self.starts = starts
        ends = starts + relativedelta(months=spec["horizon"])

        def create(day):
            self.plan = services.create_plan(
                company=self.company,
                title=spec["title"],
                actor=self.consultant,
                horizon_months=spec["horizon"],
                starts_on=starts,
                priority_themes=spec["themes"],
                assessment_pk=source.pk if source else None,
            )
            Plan.objects.filter(pk=self.plan.pk).update(created_at=_moment(day))
            # The figures the self-assessment gave get a target; the others are added.
            for indicator in self.plan.indicators.all():
                better = indicator.unit == "%"
                target = (
                    min(Decimal("95"), indicator.baseline + 20)
                    if better
                    else (indicator.baseline * Decimal("0.8")).quantize(Decimal("1"))
                )
                services.update_indicator(
                    indicator=indicator, target=target, target_on=ends, actor=self.consultant
                )
                self._series(indicator, every=3, decimals=0, pace=Decimal("1.1"), spec=spec)
            for item in spec["indicators"]:
                indicator = services.add_indicator(
                    plan=self.plan,
                    label=item["label"],
                    unit=item["unit"],
                    theme=item["theme"],
                    baseline=item["baseline"],
                    baseline_on=starts,
                    target=item["target"],
                    target_on=ends,
                    actor=self.consultant,
                )
                self._series(
                    indicator,
                    every=item["every"],
                    decimals=item["decimals"],
                    pace=item["pace"],
                    spec=spec,
                )

        self.at(created, 0, create)
        for position, item in enumerate(spec["actions"]):
            self._action(item, position, created, starts)

        def start(day):
            services.start_plan(plan=self.plan, actor=self.consultant)
            Plan.objects.filter(pk=self.plan.pk).update(activated_at=_moment(day))

        self.at(starts, 2, start)
        for item in spec.get("reviews", []):
            self._review(item)

    def _end_of_series(self, spec):
        finals = [r for r in spec.get("reviews", []) if r["kind"] == "final"]
        return self.day(finals[0]["day"]) if finals else self.today

    def _series(self, indicator, *, every, decimals, pace, spec):
        """Measurements every ``every`` months from the plan's start, moving from the baseline
        towards the target at ``pace``, with a little noise; each is an event of the story."""
        baseline, target = indicator.baseline, indicator.target
        last = self._end_of_series(spec)
        unit = Decimal(1).scaleb(-decimals)
        step = 1
        while True:
            day = self.starts + relativedelta(months=every * step)
            if day > last:
                break
            share = min(Decimal(1), Decimal(every * step) / spec["horizon"] * pace)
            noise = (target - baseline) * Decimal((step * 7) % 5 - 2) / 25
            value = max(Decimal(0), baseline + (target - baseline) * share + noise).quantize(unit)

            def measure(day, value=value):
                measurement = services.record_measurement(
                    indicator=indicator,
                    measured_on=day,
                    value=value,
                    actor=self.leader or self.consultant,
                )
                Measurement.objects.filter(pk=measurement.pk).update(recorded_at=_moment(day))

            self.at(day, 4, measure)
            step += 1

    def _action(self, item, position, created, starts):
        begun = self.day(item["start"]) if item["start"] is not None else None
        # Planned with the plan, or added to it a few weeks before work began.
        on = created
        if begun is not None and begun > starts + timedelta(days=90):
            on = max(created, begun - timedelta(days=21))
        holder = {}

        def create(day):
            owner = self.members.get(item["owner"]) if item["owner"] else None
            action = services.create_action(
                plan=self.plan,
                title=item["title"],
                actor=self.consultant,
                description=item["description"],
                theme=item["theme"],
                action_type=self.types.get(item["kind"]),
                owner=owner,
                starts_on=begun,
                due_on=self.day(item["due"]),
                priority=item["priority"],
            )
            Action.objects.filter(pk=action.pk).update(
                created_at=_moment(day, position), updated_at=_moment(day, position)
            )
            holder["action"] = action

        self.at(on, 1, create)
        status = item["status"]
        if status in (IP, D) or (status == AB and begun is not None):

            def begin(day):
                action = services.move_action(
                    action=holder["action"], status=IP, actor=self.consultant
                )
                if status == IP and item["progress"]:
                    action = services.update_action(
                        action=action, progress=item["progress"], actor=self.consultant
                    )
                Action.objects.filter(pk=action.pk).update(updated_at=_moment(day, position))

            self.at(max(begun or on, on), 5, begin)
        if status in (D, AB):

            def finish(day):
                action = services.move_action(
                    action=holder["action"],
                    status=status,
                    actor=self.consultant,
                    reason=item["reason"],
                )
                Action.objects.filter(pk=action.pk).update(
                    updated_at=_moment(day, position),
                    completed_on=day if status == D else None,
                )

            self.at(self.day(item["done"]), 5, finish)
        if item["comment"]:
            offset, body = item["comment"]

            def comment(day):
                row = services.comment_action(
                    action=holder["action"], body=body, actor=self.consultant
                )
                ActionComment.objects.filter(pk=row.pk).update(created_at=_moment(day, position))

            self.at(self.day(offset), 6, comment)

    def _review(self, item):
        def review(day):
            compare = None
            if item.get("compare") and self.assessments:
                newer = [
                    a
                    for a in self.assessments
                    if a.pk != self.plan.source_assessment_id
                    and timezone.localdate(a.submitted_at) <= day
                ]
                compare = newer[0].pk if newer else None
            row = services.record_review(
                plan=self.plan,
                kind=item["kind"],
                actor=self.consultant,
                held_on=day,
                summary=item["summary"],
                conclusion=item["conclusion"],
                outcome=item.get("outcome", ""),
                comparison_assessment_pk=compare,
            )
            Review.objects.filter(pk=row.pk).update(created_at=_moment(day, 3))
            if item["kind"] == "final":
                Plan.objects.filter(pk=self.plan.pk).update(closed_at=_moment(day, 3))

        self.at(self.day(item["day"]), 7, review)

    # --- The mission ------------------------------------------------------------------------

    def _mission(self, spec):
        manager = self.people[Role.MANAGER]
        starts = self.day(spec["starts"]) if "starts" in spec else self.starts
        if self.draft_day is not None:
            starts = max(starts, self.draft_day)

        def start(day):
            plan = self.plan
            self.mission = services.start_mission(
                company=self.company,
                consultant=self.consultant,
                title=spec["title"],
                allocated_days=Decimal(spec["days"]),
                daily_rate=Decimal(spec["rate"]),
                actor=manager,
                starts_on=starts,
                ends_on=plan.ends_on if plan and plan.status != Plan.Status.DRAFT else None,
                fundings=[(funder, Decimal(share)) for funder, share in spec["fundings"]],
                plan=plan,
                notify=False,
            )
            Mission.objects.filter(pk=self.mission.pk).update(created_at=_moment(day))

        # After the plan exists (a draft plan's mission starts once the draft is there).
        self.at(starts, 3, start)
        for item in spec["meetings"]:
            day = starts if item["day"] == "start" else self.day(item["day"])
            if day < starts:
                continue

            def record(day, item=item):
                meeting = services.record_meeting(
                    mission=self.mission,
                    held_on=day,
                    days=item["days"],
                    actor=self.consultant,
                    attendees=self._attendees(),
                    notes=item["notes"],
                    decisions=item["decisions"],
                    next_steps=item["next_steps"],
                    confirm_over_budget=True,  # the consultant confirmed the extra day
                    notify=False,
                )
                Meeting.objects.filter(pk=meeting.pk).update(recorded_at=_moment(day, 8))

            self.at(day, 6, record)
        if "ends" in spec:

            def end(day):
                services.end_mission(mission=self.mission, actor=manager)
                Mission.objects.filter(pk=self.mission.pk).update(
                    ends_on=day, ended_at=_moment(day, 4)
                )

            self.at(self.day(spec["ends"]), 8, end)

    def _attendees(self):
        names = [self.leader.get_full_name()] if self.leader else []
        return ", ".join([*names, self.consultant.get_full_name()])
