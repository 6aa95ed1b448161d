"""Demo directory from the seeds: the network's knowledge in each tenant.

Mont Blanc Industries' Club BouRSE keeps "un annuaire des compétences" of the topics treated, the
competences and the good practices shared (one member's GPEC software, improved with the other
leaders' advice and shared with the members), and runs "une bourse d'échange de service non
marchands basés sur la confiance"; PIL'ES publishes "fiches réflexes" on 12 themes with two
reading levels; AGROE sends a weekly CSR watch note; Pévèle Carembault wants the companies
"ayant des bonnes pratiques" to meet. So, in each tenant: a competence taxonomy; people listed
with their own choices of what shows (some hide their e-mail, phone or photo, a few stay out);
company listings; consultants' entries; good practices with their figures (some featured, some
with a PDF), beside the topics the clubs' events treated; offers and requests in every state
with answers and thanks; the library (practice sheets at both reading levels, method booklets,
the charter, links, one resource not yet published); six weeks of watch; support requests open,
converted and declined.

Everything goes through the directory's services, in the order it happened, each step then
dated on its day relative to today (its audit entries too, so the trail reads like the other
demos'). Seeding sends no e-mail (``notify=False``): the history it writes is past. Each part is
written only when the tenant has none of it yet, so a second seeding changes nothing.
"""

import io
import textwrap
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.text import slugify

from companies.models import Company, CompanyMember
from rse_platform.files.samples import one_page_pdf
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role

from . import services
from .models import (
    CompanyListing,
    Competence,
    ConsultantProfile,
    NewsItem,
    Offer,
    OfferAnswer,
    Practice,
    PracticeDocument,
    Profile,
    Resource,
    SupportRequest,
    Thanks,
)

PEVELE, LOGISTICS = "pevele-carembault", "logistique-seine-normandie"

# --- Themes: one vocabulary per tenant for competences, practices, resources, news and offers.
# Pévèle's follow its clubs' workshops, so that the topics treated at the events (Économies
# d'énergie, Économie circulaire, Mobilité durable…) appear beside the practices of the theme.
ENERGY, CIRCULAR, MOBILITY, WELLBEING = (
    "Économies d'énergie",
    "Économie circulaire",
    "Mobilité durable",
    "Qualité de vie au travail",
)
PURCHASING, SHOWCASE, JOBS, CARBON, ECODESIGN, MANAGEMENT = (
    "Achats responsables",
    "Valorisation de la RSE",
    "Emploi et compétences",
    "Bilan carbone",
    "Éco-conception",
    "Management de la RSE",
)
# The logistics pôle's themes are the 12 of its manual of good practices ("fiches réflexes").
L_ENERGY, L_MODAL, L_DECARB, L_WASTE, L_PACK, L_BUILDING = (
    "Efficacité énergétique",
    "Report modal",
    "Décarbonation du transport",
    "Gestion des déchets",
    "Emballages et palettes",
    "Bâtiment et entrepôt durable",
)
L_MOBILITY, L_SAFETY, L_JOBS, L_PURCHASING, L_AWARENESS, L_WATER = (
    "Mobilité des salariés",
    "Santé et sécurité au travail",
    "Emploi et compétences",
    "Achats responsables",
    "Sensibilisation des collaborateurs",
    "Eau et biodiversité",
)

# --- 1. The competence taxonomy: (name, theme, description); the last one of each is archived.
QVT = "Qualité de vie au travail (QVT)"
COMPETENCES = {
    PEVELE: [
        ("GPEC", JOBS, "Gestion prévisionnelle des emplois et des compétences : cartographie "
         "des métiers, entretiens professionnels, plan de formation."),
        ("Inclusion et handicap", JOBS, "Recrutement et maintien dans l'emploi de personnes en "
         "situation de handicap, aménagement des postes, lien avec les ESAT."),
        ("Insertion par l'activité économique", JOBS, "Partenariats avec les structures "
         "d'insertion, clauses sociales, tutorat."),
        ("Efficacité énergétique", ENERGY, "Sous-comptage, chasse aux consommations à vide, "
         "récupération de chaleur, réglage des consignes."),
        ("Audit énergétique", ENERGY, "Conduire ou commander un audit énergétique et en tirer "
         "un plan d'actions chiffré."),
        ("Photovoltaïque et autoconsommation", ENERGY, "Dimensionner une installation en "
         "toiture et consommer sa propre production."),
        ("Déchets comme ressource", CIRCULAR, "Tri à la source, filières de valorisation, "
         "collecte mutualisée entre voisins."),
        ("Économie circulaire", CIRCULAR, "Boucler les flux de matières avec d'autres "
         "entreprises du territoire."),
        ("Économie de la fonctionnalité", CIRCULAR, "Vendre l'usage plutôt que le produit : "
         "location, contrats de service."),
        ("Réemploi et reconditionnement", CIRCULAR, "Donner une seconde vie aux équipements "
         "et aux matériaux."),
        ("Éco-conception", ECODESIGN, "Concevoir produits et emballages en pensant à tout leur "
         "cycle de vie."),
        ("Plan de mobilité", MOBILITY, "Enquête de mobilité, covoiturage, vélo, forfait "
         "mobilités durables."),
        ("Covoiturage et vélo", MOBILITY, "Organiser les équipages, équiper un abri vélo, "
         "animer un défi mobilité."),
        ("Écoconduite", MOBILITY, "Former les conducteurs et suivre les consommations de la "
         "flotte."),
        ("ISO 14001", MANAGEMENT, "Système de management environnemental, de l'analyse "
         "environnementale à la certification."),
        ("ISO 26000", MANAGEMENT, "Structurer sa démarche RSE selon les sept questions "
         "centrales de la norme."),
        ("RSE dans les appels d'offres", SHOWCASE, "Répondre aux critères sociaux et "
         "environnementaux des marchés publics et privés."),
        ("Communication RSE", SHOWCASE, "Faire savoir ce que l'on fait : rapport, site, "
         "réseaux, salons."),
        ("Bilan carbone", CARBON, "Mesurer ses émissions de gaz à effet de serre et bâtir un "
         "plan de réduction."),
        ("Achats responsables", PURCHASING, "Critères RSE dans les consultations, coût global, "
         "relations fournisseurs équilibrées."),
        ("Circuits courts et fournisseurs locaux", PURCHASING, "Acheter sur le territoire : "
         "producteurs, artisans, sous-traitants voisins."),
        (QVT, WELLBEING, "Organisation du travail, conditions matérielles, reconnaissance : "
         "écouter puis agir."),
        ("Management participatif", WELLBEING, "Associer les équipes aux décisions et aux "
         "projets de l'entreprise."),
        ("Entreprise libérée", WELLBEING, "Remplacée par « Management participatif »."),
    ],
    LOGISTICS: [
        ("GPEC", L_JOBS, "Gestion prévisionnelle des emplois et des compétences de la "
         "logistique : métiers, parcours, saisonnalité."),
        ("Attractivité des métiers de la logistique", L_JOBS, "Faire connaître les métiers, "
         "accueillir des stagiaires, travailler avec les lycées et France Travail."),
        ("Inclusion et handicap", L_JOBS, "Adapter les postes de l'entrepôt, recruter avec les "
         "structures spécialisées."),
        ("Efficacité énergétique", L_ENERGY, "Sous-comptage par cellule, recharge des chariots "
         "en heures creuses, chauffage des quais."),
        ("Froid industriel et fluides frigorigènes", L_ENERGY, "Récupération de chaleur, "
         "fluides à faible pouvoir de réchauffement, étanchéité."),
        ("Éclairage LED et gestion technique du bâtiment", L_BUILDING, "Relamping, détection "
         "de présence, pilotage centralisé."),
        ("Photovoltaïque en toiture d'entrepôt", L_BUILDING, "Étude, financement et "
         "exploitation d'une centrale en toiture."),
        ("Report modal fleuve-rail", L_MODAL, "Basculer des flux massifiés de la route vers la "
         "Seine ou le rail."),
        ("Motorisations alternatives (bioGNV, électrique)", L_DECARB, "Choisir l'énergie de "
         "ses véhicules selon les usages et les coûts complets."),
        ("Écoconduite", L_DECARB, "Former les conducteurs, suivre les consommations "
         "individuelles."),
        ("Bilan carbone", L_DECARB, "Calculer les émissions du transport et de l'entreposage, "
         "informer les clients."),
        ("Déchets comme ressource", L_WASTE, "Film, carton, bois, DIB : une filière pour "
         "chaque flux du quai."),
        ("Économie circulaire", L_WASTE, "Mutualiser les flux de matières entre sites "
         "voisins."),
        ("Palettes et emballages réutilisables", L_PACK, "Pool de palettes, consigne, "
         "reconditionnement."),
        ("Éco-conception des emballages", L_PACK, "Moins de suremballage, des emballages "
         "adaptés au produit et recyclables."),
        ("Plan de mobilité", L_MOBILITY, "Covoiturage en horaires décalés, navettes, vélo."),
        ("Prévention des TMS", L_SAFETY, "Aides à la manutention, échauffements, rotation des "
         "postes."),
        (QVT, L_SAFETY, "Organisation des équipes, plannings, pauses et reconnaissance."),
        ("ISO 14001", MANAGEMENT, "Système de management environnemental de l'entrepôt."),
        ("Label 6PL", MANAGEMENT, "Autodiagnostic, diagnostic expert et actions sur 3 ans."),
        ("RSE dans les appels d'offres", L_PURCHASING, "Valoriser sa démarche RSE dans les "
         "réponses aux chargeurs et aux marchés publics."),
        ("Achats responsables", L_PURCHASING, "Critères RSE dans le choix des sous-traitants "
         "et des fournisseurs."),
        ("Sensibilisation à la logistique durable", L_AWARENESS, "Quarts d'heure "
         "développement durable, ambassadeurs, défis d'équipe."),
        ("Gestion de l'eau et biodiversité des sites", L_WATER, "Eau de pluie, espaces verts "
         "sans pesticides, accueil de la faune."),
        ("Certification SQAS", MANAGEMENT, "Remplacée par le Label 6PL dans le programme."),
    ],
}  # fmt: skip

# --- 2. People: "First Last" -> (headline, competences, what shows, weekly watch).
# What shows: all = position, e-mail, phone and photo; pe = position and e-mail (phone given but
# hidden); p = position only; pph = position, phone and photo (no e-mail); e = e-mail only (the
# position hidden); hp = position and e-mail, a photo uploaded but hidden; off = not listed.
PROFILES = {
    PEVELE: {
        "Claire Vandamme": ("Chargée de mission développement durable : clubs, annuaire et "
                            "mises en relation", [], "pe", True),
        "Marc Dhainaut": ("Tri à la source et collecte mutualisée des déchets entre voisins",
                          ["Déchets comme ressource", "Économie circulaire"], "pe", True),
        "Olivier Salti": ("Louer plutôt que vendre : dix ans d'économie de la fonctionnalité",
                          ["Économie de la fonctionnalité", "Réemploi et reconditionnement",
                           "Éco-conception"], "all", True),
        "Bruno Verhaeghe": ("Fidéliser les conducteurs et réduire l'absentéisme",
                            [QVT, "GPEC"], "pe", False),
        "Isabelle Ducrocq": ("Emploi de personnes en situation de handicap en atelier",
                             ["Inclusion et handicap", "Insertion par l'activité économique"],
                             "pph", False),
        "Philippe Dubrulle": ("Sous-comptage et sobriété énergétique en atelier de mécanique",
                              ["Efficacité énergétique", "Audit énergétique", "ISO 14001"],
                              "all", True),
        "Karine Masson": ("Plan de mobilité employeur : covoiturage et navette depuis la gare",
                          ["Plan de mobilité", "Covoiturage et vélo"], "pe", True),
        "Hervé Lesaffre": ("Imprim'Vert, encres végétales et papier certifié",
                           ["Éco-conception", "Achats responsables"], "p", False),
        "Sandrine Delcourt": ("Bois local et chutes de menuiserie valorisées",
                              ["Déchets comme ressource", "Circuits courts et fournisseurs "
                               "locaux"], "e", False),
        "Laurent Vanhove": ("Photovoltaïque en autoconsommation pour les PME",
                            ["Photovoltaïque et autoconsommation", "Efficacité énergétique"],
                            "all", False),
        "Céline Declercq": ("Farine locale, circuits courts et zéro pain jeté",
                            ["Circuits courts et fournisseurs locaux", "Achats responsables"],
                            "pe", True),
        "Thierry Caron": ("Valoriser la RSE dans les réponses aux appels d'offres publics",
                          ["RSE dans les appels d'offres", "ISO 14001", "Bilan carbone"],
                          "pph", False),
        "Nadia Benali": ("Produits écolabellisés et ménage en journée",
                         [QVT, "Inclusion et handicap"], "hp", False),
        "Frédéric Lemaire": ("", [], "off", False),
        "Aurélie Deschamps": ("Maraîchage raisonné et récupération de l'eau de pluie",
                              ["Circuits courts et fournisseurs locaux"], "p", False),
        "Vincent Morel": ("Numérique responsable : sobriété des serveurs et des sites",
                          ["Éco-conception", "Communication RSE"], "pe", True),
        "Sophie Wattrelos": ("Récupération de chaleur sur les fours et tri des métaux",
                             ["Efficacité énergétique", "Déchets comme ressource"], "pe",
                             False),
        "Caroline Ledoux": ("Éco-conception d'emballages carton sans plastique",
                            ["Éco-conception", "Bilan carbone"], "all", False),
        "Julie Martin": ("Responsable QSE : ISO 14001 et démarche ISO 26000",
                         ["ISO 14001", "ISO 26000"], "pe", True),
        "Nicolas Petit": ("Écoconduite et suivi des consommations de la flotte",
                          ["Écoconduite"], "p", False),
        "Émilie Roussel": ("Responsable RH : GPEC et entretiens professionnels",
                           ["GPEC", QVT], "e", True),
        "Antoine Lefort": ("Référent mobilité : covoiturage et vélos de fonction",
                           ["Plan de mobilité", "Covoiturage et vélo"], "pph", False),
        "Camille Dupont": ("Organisation des équipes de production en horaires choisis",
                           [QVT], "p", False),
        "Romain Lecomte": ("", [], "off", False),
        "Léa Blondeau": ("Design d'objets en matériaux de réemploi",
                         ["Éco-conception", "Réemploi et reconditionnement"], "all", True),
        "Maxime Vasseur": ("Drêches de brasserie valorisées chez les éleveurs voisins",
                           ["Déchets comme ressource", "Circuits courts et fournisseurs "
                            "locaux"], "pe", False),
        "Chloé Dumont": ("Vélos de fonction et ateliers de réparation en entreprise",
                         ["Plan de mobilité", "Covoiturage et vélo"], "all", True),
        "Hugo Lambert": ("Vrac et consigne : zéro emballage jetable",
                         ["Réemploi et reconditionnement",
                          "Circuits courts et fournisseurs locaux"], "pe", False),
        "Manon Carpentier": ("Solaire en toiture pour les TPE", ["Photovoltaïque et "
                             "autoconsommation"], "pph", False),
    },
    LOGISTICS: {
        "Sophie Lemarchand": ("Animatrice du Label 6PL et du Club RSE Logistique", [], "pe",
                              True),
        "Nathalie Quesnel": ("Label 6PL et transition énergétique d'une flotte de 120 tracteurs",
                             ["Motorisations alternatives (bioGNV, électrique)",
                              "RSE dans les appels d'offres"], "pe", True),
        "Gilles Morin": ("Report modal fleuve-rail-route au départ de Rouen",
                         ["Report modal fleuve-rail", "Bilan carbone"], "all", True),
        "Valérie Lecanu": ("Écoconduite et suivi carburant de nos conducteurs",
                           ["Écoconduite", "Bilan carbone"], "pe", False),
        "Stéphane Duval": ("Éclairage LED et GTB sur 40 000 m² d'entrepôt",
                           ["Éclairage LED et gestion technique du bâtiment",
                            "Efficacité énergétique"], "pph", False),
        "Agnès Fouquet": ("Logistique fluviale urbaine sur la Seine",
                          ["Report modal fleuve-rail"], "pe", True),
        "Pascal Hamel": ("Prévention des TMS au quai de messagerie",
                         ["Prévention des TMS", QVT], "p", False),
        "Corinne Lebrun": ("Froid industriel : récupération de chaleur et fluides à faible PRG",
                           ["Froid industriel et fluides frigorigènes", "Efficacité "
                            "énergétique", "ISO 14001"], "all", True),
        "Didier Guérin": ("Palettes reconditionnées et bois certifié PEFC",
                          ["Palettes et emballages réutilisables", "Déchets comme ressource"],
                          "e", False),
        "Élise Marie": ("Critères RSE dans les réponses aux chargeurs",
                        ["RSE dans les appels d'offres", "Achats responsables"], "hp", False),
        "Yann Le Goff": ("Le logiciel de GPEC partagé par les membres du club",
                         ["GPEC", "Attractivité des métiers de la logistique"], "all", True),
        "Marion Tessier": ("Livraison urbaine en vélo-cargo et utilitaires électriques",
                           ["Motorisations alternatives (bioGNV, électrique)",
                            "Plan de mobilité"], "pe", False),
        "Sébastien Lemonnier": ("", [], "off", False),
        "Aline Boucher": ("Responsable QHSE : ISO 14001 et préparation du Label 6PL",
                          ["ISO 14001", "Label 6PL"], "pph", False),
    },
}  # fmt: skip

# The people the lists above do not name (leaders who joined through the charter) choose too.
ROTATION = ["pe", "p", "all", "pe", "e", "pph", "p", "off", "pe", "hp"]
VISIBILITY = {
    "all": {
        "show_position": True,
        "show_email": True,
        "show_phone": True,
        "photo": True,
        "show_clubs": True,
    },
    "pe": {"show_position": True, "show_email": True, "phone_hidden": True, "show_clubs": True},
    "p": {"show_position": True},
    "pph": {"show_position": True, "show_phone": True, "photo": True, "show_clubs": True},
    "e": {"show_position": False, "show_email": True},
    "hp": {"show_position": True, "show_email": True, "photo_hidden": True},
}
AREA_CODES = {PEVELE: "03 20", LOGISTICS: "02 35"}

# --- Company listings: name -> (description, competences, listed).
LISTINGS = {
    PEVELE: {
        "Salti Location": ("Location de matériel de chantier et d'événementiel. Nous "
                           "reconditionnons nos matériels et partageons notre expérience de "
                           "l'économie de la fonctionnalité.",
                           ["Économie de la fonctionnalité", "Réemploi et reconditionnement",
                            "ISO 14001"]),
        "Néo-Éco Recyclage": ("Récupération et valorisation des déchets triés. Nous animons la "
                              "collecte mutualisée de la zone d'activité d'Ostricourt.",
                              ["Déchets comme ressource", "Économie circulaire"]),
        "Transports Verhaeghe": ("Transport routier de fret, 120 conducteurs. Plannings "
                                 "choisis, tutorat et écoconduite.",
                                 [QVT, "Écoconduite", "GPEC"]),
        "Plasturgie du Carembault": ("Emballages plastiques. Atelier adapté avec un ESAT "
                                     "partenaire, éco-conception des références.",
                                     ["Inclusion et handicap", "Éco-conception"]),
        "Mécanique Dubrulle": ("Mécanique industrielle de précision. Sous-comptage électrique "
                               "et démarche ISO 14001 depuis 2021.",
                               ["Efficacité énergétique", "Audit énergétique", "ISO 14001"]),
        "Entrepôts de la Pévèle": ("Entreposage et préparation de commandes à Thumeries. Plan "
                                   "de mobilité avec navette depuis la gare.",
                                   ["Plan de mobilité", "Covoiturage et vélo"]),
        "Imprimerie Lesaffre": ("Imprimerie labellisée Imprim'Vert : encres végétales, papier "
                                "FSC ou PEFC.",
                                ["Éco-conception", "Achats responsables"]),
        "Menuiseries Delcourt": ("Menuiserie bois sur mesure, bois régional et chutes "
                                 "valorisées en chaufferie.",
                                 ["Déchets comme ressource", "Circuits courts et fournisseurs "
                                  "locaux"]),
        "Électricité Vanhove": ("Installation électrique et photovoltaïque pour les "
                                "entreprises et les collectivités.",
                                ["Photovoltaïque et autoconsommation", "Efficacité "
                                 "énergétique"]),
        "Boulangeries Declercq": ("Quatre boulangeries artisanales. Farine d'un moulin local, "
                                  "invendus donnés ou transformés.",
                                  ["Circuits courts et fournisseurs locaux", "Achats "
                                   "responsables"]),
        "Bureau d'études Caron": ("Ingénierie du bâtiment. Nous aidons volontiers à relire un "
                                  "mémoire technique RSE.",
                                  ["RSE dans les appels d'offres", "Bilan carbone"]),
        "Cartonnages Ledoux": ("Emballages carton sur mesure, calages monomatériau sans "
                               "polystyrène.",
                               ["Éco-conception", "Bilan carbone"]),
        "Logiciels Pévélois": ("Éditeur de logiciels de gestion ; hébergement sobre et "
                               "écoconception des services numériques.",
                               ["Éco-conception", "Communication RSE"]),
        "Conseil Flandres RH": ("Conseil en ressources humaines pour les TPE-PME : GPEC, "
                                "entretiens professionnels, qualité de vie au travail.",
                                ["GPEC", QVT, "Management participatif"]),
        "Vélos Mobilité Douce": ("Vente, location et entretien de vélos ; flottes de vélos de "
                                 "fonction pour les entreprises.",
                                 ["Plan de mobilité", "Covoiturage et vélo"]),
        "Ressourcerie Carembault": ("Collecte, réemploi et revente d'objets et de mobilier ; "
                                    "chantier d'insertion.",
                                    ["Réemploi et reconditionnement", "Insertion par "
                                     "l'activité économique"]),
        "Coiffure Nature": ("", [], False),
        "Cordonnerie Herbaut": ("", [], False),
    },
    LOGISTICS: {
        "Terminal Multimodal de Rouen": ("Terminal à conteneurs fleuve-rail-route du port de "
                                         "Rouen. Nous ouvrons nos quais aux visites.",
                                         ["Report modal fleuve-rail", "Bilan carbone",
                                          "ISO 14001"]),
        "Transports Lecanu": ("Transport routier de fret entre Le Havre et l'Île-de-France ; "
                              "une flotte en transition vers le bioGNV.",
                              ["Motorisations alternatives (bioGNV, électrique)",
                               "Écoconduite", "RSE dans les appels d'offres"]),
        "Entrepôts Seine Aval": ("Entreposage et préparation de commandes, 40 000 m² à "
                                 "Gonfreville-l'Orcher.",
                                 ["Éclairage LED et gestion technique du bâtiment",
                                  "Efficacité énergétique", "Prévention des TMS"]),
        "Fluvial Normandie Services": ("Transport fluvial de vrac et de conteneurs sur la "
                                       "Seine, logistique urbaine par voie d'eau.",
                                       ["Report modal fleuve-rail", "Déchets comme ressource",
                                        "Gestion de l'eau et biodiversité des sites"]),
        "Messagerie Express Caux": ("", ["Prévention des TMS", "Écoconduite"], False),
        "Froid Logistique Évreux": ("Entrepôt frigorifique de 18 000 m² (positif et négatif) "
                                    "pour l'agroalimentaire.",
                                    ["Froid industriel et fluides frigorigènes",
                                     "Efficacité énergétique", "ISO 14001"]),
        "Palettes du Vexin": ("Fabrication, reprise et reconditionnement de palettes bois ; "
                              "bois de forêts certifiées PEFC.",
                              ["Palettes et emballages réutilisables", "Déchets comme "
                               "ressource", "Économie circulaire"]),
        "Commissionnaire Port 2000": ("Commission de transport et affrètement maritime au "
                                      "Havre.",
                                      ["RSE dans les appels d'offres", "Achats responsables",
                                       "Plan de mobilité"]),
        "Logiciels Supply Normandie": ("Éditeur de logiciels pour la supply chain, auteur du "
                                       "logiciel de GPEC partagé par les membres du club.",
                                       ["GPEC", "Attractivité des métiers de la logistique",
                                        "Sensibilisation à la logistique durable"]),
        "Dernier Kilomètre Vert": ("Livraison urbaine en vélos-cargos et utilitaires "
                                   "électriques dans Rouen.",
                                   ["Motorisations alternatives (bioGNV, électrique)",
                                    "Plan de mobilité", "Inclusion et handicap"]),
    },
}  # fmt: skip

# Companies the lists above do not describe: their competences from their sector's words.
SECTOR_COMPETENCES = [
    (("transport", "taxi"), ["Écoconduite", "Plan de mobilité"]),
    (("imprimerie", "design", "communication", "photographie"), ["Éco-conception",
                                                                 "Communication RSE"]),
    (("boulangerie", "traiteur", "fromage", "brasserie", "alimentaire", "maraîchage",
      "élevage", "apiculture", "hôtellerie", "pépinière"),
     ["Circuits courts et fournisseurs locaux", "Déchets comme ressource"]),
    (("installation", "plomberie", "couverture", "maçonnerie", "isolation", "menuiserie",
      "chaudronnerie", "mécanique", "machines"),
     ["Efficacité énergétique", "Déchets comme ressource"]),
    (("conseil", "comptable", "formation", "traduction", "ingénierie", "architecture",
      "programmation"), ["RSE dans les appels d'offres", QVT]),
]  # fmt: skip
DEFAULT_COMPETENCES = ["Achats responsables", QVT]
LISTING_TEMPLATES = [
    "{sector} à {commune}. Nous partageons volontiers notre expérience : {competences}.",
    "{sector}, {headcount} salariés à {commune}. Engagés dans le programme, à votre écoute "
    "sur : {competences}.",
    "Entreprise de {commune} ({sector_lower}). Sujets sur lesquels nous pouvons échanger : "
    "{competences}.",
]

# --- Consultants: role -> (expertise, references, competences, shows the companies followed).
CONSULTANTS = {
    PEVELE: {
        Role.CONSULTANT: (
            "Consultant RSE et performance énergétique des PME : pré-diagnostic, plan "
            "d'actions sur 3 ans, accompagnement vers l'ISO 14001 et les plans de mobilité.",
            "Accompagnement de 14 entreprises du Club des Dirigeants Durables depuis 2016 ; "
            "plans de mobilité de 3 zones d'activité ; ISO 14001 d'une chaudronnerie de 26 "
            "salariés.",
            ["ISO 14001", "Efficacité énergétique", "Audit énergétique", "Plan de mobilité"],
            True,
        ),
        "shared_consultant": (
            "Coach de dirigeants et consultante en modèles économiques durables : économie de "
            "la fonctionnalité, économie circulaire, management participatif.",
            "Animatrice du Club des Pionniers et du Club des Créateurs Durables ; une "
            "trentaine de business models revisités avec des TPE.",
            ["Économie de la fonctionnalité", "Éco-conception", "Management participatif"],
            False,
        ),
    },
    LOGISTICS: {
        Role.CONSULTANT: (
            "Expert en logistique durable : diagnostics experts du Label 6PL, bilan carbone "
            "du transport et de l'entreposage, études de report modal.",
            "Diagnostics experts de 12 entreprises candidates au Label 6PL ; bilans GES de "
            "trois transporteurs normands ; étude de navette fluviale Rouen–Le Havre.",
            ["Bilan carbone", "Report modal fleuve-rail", "Efficacité énergétique", "ISO 14001"],
            False,
        ),
        "shared_consultant": (
            "Coach de dirigeants : GPEC, marque employeur et conduite du changement dans la "
            "logistique.",
            "Démarche GPEC territoriale logistique (12 entreprises) ; accompagnement de 5 "
            "entrepôts sur l'attractivité des métiers.",
            ["GPEC", "Attractivité des métiers de la logistique", QVT],
            True,
        ),
    },
}

# --- 3. Good practices: company, title, theme, context, what was done, results, figures,
# published (days ago, None: a draft), featured, a PDF document.
PRACTICES = {
    PEVELE: [
        {
            "company": "Mécanique Dubrulle",
            "title": "Sous-comptage électrique et chasse aux consommations à vide",
            "theme": ENERGY,
            "context": "Une facture d'électricité passée de 96 000 € à 150 000 € en deux ans, "
            "sans savoir quelles machines consommaient quoi.",
            "what": "Neuf sous-compteurs posés sur les centres d'usinage, le compresseur et "
            "l'éclairage ; un relevé chaque lundi ; les machines et le compresseur coupés "
            "automatiquement la nuit et le week-end ; les fuites d'air comprimé réparées.",
            "results": "La consommation la nuit et le week-end a été divisée par trois. Les "
            "opérateurs suivent la courbe affichée à l'atelier.",
            "figures": "-18 % de consommation électrique en 2 ans ; 142 MWh et 21 000 € "
            "économisés par an ; 9 sous-compteurs pour 6 400 € installés.",
            "published": 380,
            "featured": True,
            "document": "Relevés de consommation avant-après",
        },
        {
            "company": "Néo-Éco Recyclage",
            "title": "Une collecte de déchets mutualisée pour neuf entreprises voisines",
            "theme": CIRCULAR,
            "context": "Sur la zone d'activité d'Ostricourt, chaque entreprise payait son propre "
            "prestataire pour quelques bacs de cartons et de plastiques.",
            "what": "Un seul circuit de collecte hebdomadaire pour neuf entreprises, des bacs "
            "identiques et la même signalétique, un tri expliqué sur place à chaque équipe.",
            "results": "Des déchets triés mieux valorisés, un seul interlocuteur, et de "
            "nouveaux échanges entre voisins.",
            "figures": "9 entreprises ; 38 t de cartons et de plastiques valorisées par an ; "
            "coût de collecte -30 %.",
            "published": 240,
            "featured": True,
            "document": "Guide de tri de la zone d'activité",
        },
        {
            "company": "Salti Location",
            "title": "Louer plutôt que vendre : des matériels reconditionnés et suivis",
            "theme": CIRCULAR,
            "context": "Des clients qui achetaient du matériel pour quelques jours par an.",
            "what": "Une offre de location longue durée avec entretien, un atelier de "
            "reconditionnement et un suivi de chaque matériel jusqu'à sa fin de vie.",
            "results": "Des matériels qui durent plus longtemps et une relation client suivie.",
            "figures": "1 200 matériels reconditionnés par an ; durée de vie multipliée par "
            "2,5 ; 4 emplois créés à l'atelier.",
            "published": 300,
            "featured": False,
        },
        {
            "company": "Transports Verhaeghe",
            "title": "Plannings choisis et tutorat pour fidéliser les conducteurs",
            "theme": WELLBEING,
            "context": "Un conducteur sur quatre partait chaque année ; les recrutements ne "
            "suivaient plus.",
            "what": "Des plannings connus trois semaines à l'avance et choisis par rotation, "
            "douze tuteurs formés pour accueillir les nouveaux, un entretien à trois mois.",
            "results": "Moins de départs, un absentéisme en baisse, et des conducteurs qui "
            "recommandent l'entreprise.",
            "figures": "Turnover de 24 % à 11 % en 3 ans ; absentéisme -35 % ; 12 tuteurs.",
            "published": 55,
            "featured": True,
        },
        {
            "company": "Entrepôts de la Pévèle",
            "title": "Plan de mobilité : covoiturage et navette depuis la gare de Phalempin",
            "theme": MOBILITY,
            "context": "Un site mal desservi, des équipes en horaires décalés et des "
            "retards fréquents.",
            "what": "Une enquête auprès des 95 salariés, des équipages de covoiturage par "
            "équipe, une navette aux heures de prise de poste, onze vélos de fonction.",
            "results": "Des arrivées à l'heure et des salariés qui économisent sur leurs trajets.",
            "figures": "41 % des salariés en covoiturage ; 96 t de CO2 évitées par an ; 11 "
            "vélos de fonction.",
            "published": 160,
            "featured": False,
            "document": "Enquête mobilité et plan d'actions",
        },
        {
            "company": "Imprimerie Lesaffre",
            "title": "Imprim'Vert : encres végétales et papier certifié",
            "theme": ECODESIGN,
            "context": "Des clients publics qui demandaient des garanties environnementales.",
            "what": "Passage aux encres végétales, papier FSC ou PEFC en standard, chutes "
            "reprises par une filière locale, labellisation Imprim'Vert.",
            "results": "Un argument dans les appels d'offres et un atelier plus sain.",
            "figures": "-60 % de COV ; 100 % de papier certifié ; 4,2 t de chutes recyclées par "
            "an.",
            "published": 210,
            "featured": False,
        },
        {
            "company": "Boulangeries Declercq",
            "title": "Farine d'un moulin local et zéro pain jeté",
            "theme": PURCHASING,
            "context": "Quatre boutiques, des invendus chaque soir et une farine venue de loin.",
            "what": "Un contrat de trois ans avec un moulin à 20 km, les invendus donnés à une "
            "association ou transformés en pain perdu et chapelure.",
            "results": "Un approvisionnement sécurisé et des clients attachés au local.",
            "figures": "85 % de la farine d'un moulin à 20 km ; 1,8 t de pain invendu donné ou "
            "transformé par an.",
            "published": 120,
            "featured": False,
        },
        {
            "company": "Bureau d'études Caron",
            "title": "Un mémoire RSE réutilisable pour les appels d'offres publics",
            "theme": SHOWCASE,
            "context": "Des critères environnementaux et sociaux qui pèsent de plus en plus "
            "dans les marchés publics, et des réponses rédigées dans l'urgence.",
            "what": "Un mémoire RSE de quatre pages, tenu à jour chaque année, avec des "
            "indicateurs sourcés et des exemples de chantiers ; relu par deux membres du club.",
            "results": "Des notes RSE en hausse et un temps de réponse réduit.",
            "figures": "3 marchés publics remportés sur 5 ; un critère RSE pesant 15 % de la "
            "note ; 2 jours gagnés par réponse.",
            "published": 90,
            "featured": False,
        },
        {
            "company": "Électricité Vanhove",
            "title": "Autoconsommation photovoltaïque sur le dépôt",
            "theme": ENERGY,
            "context": "Un dépôt et des véhicules électriques à recharger en journée.",
            "what": "36 kWc en toiture, la recharge des utilitaires programmée aux heures de "
            "production, un suivi en ligne partagé avec les clients.",
            "results": "Une vitrine pour les clients et une facture en baisse.",
            "figures": "36 kWc ; 78 % d'autoconsommation ; facture d'électricité -27 %.",
            "published": 30,
            "featured": False,
        },
        {
            "company": "Cartonnages Ledoux",
            "title": "Des calages carton monomatériau à la place du polystyrène",
            "theme": ECODESIGN,
            "context": "Des clients industriels qui ne savaient plus que faire du polystyrène.",
            "what": "Des calages en carton plié conçus avec cinq clients, testés en chute et en "
            "transport, recyclables avec le carton.",
            "results": "Un emballage plus simple à trier, et moins cher à l'unité.",
            "figures": "12 t de polystyrène en moins par an chez 5 clients ; coût unitaire -8 %.",
            "published": 14,
            "featured": False,
        },
        {
            "company": "Conseil Flandres RH",
            "title": "Une grille GPEC partagée par six entreprises du Club des Pionniers",
            "theme": JOBS,
            "context": "Des TPE-PME sans service RH, qui découvraient les entretiens "
            "professionnels obligatoires.",
            "what": "Une grille commune de fiches de poste et d'entretiens, construite en "
            "atelier, que chaque entreprise adapte ; un atelier d'échange par trimestre.",
            "results": "Des entretiens tenus à temps et des plans de formation construits.",
            "figures": "6 entreprises ; 38 fiches de poste ; 210 salariés suivis ; 1 atelier "
            "par trimestre.",
            "published": 65,
            "featured": False,
        },
        {
            "company": "Néo-Éco Recyclage",
            "title": "Une presse à balles partagée entre commerçants",
            "theme": CIRCULAR,
            "context": "Des commerces du centre-bourg qui stockent leurs cartons faute de place.",
            "what": "Projet : une presse à balles installée chez nous, accessible deux "
            "matinées par semaine.",
            "results": "",
            "figures": "",
            "published": None,
            "featured": False,
        },
    ],
    LOGISTICS: [
        {
            "company": "Logiciels Supply Normandie",
            "title": "Un logiciel de GPEC développé par un membre et partagé avec le club",
            "theme": L_JOBS,
            "context": "Présenté lors d'une visite du club, le logiciel de gestion "
            "prévisionnelle des emplois et des compétences de l'entreprise a été amélioré "
            "grâce aux conseils des autres dirigeants.",
            "what": "Le logiciel a été mis à disposition des membres du club : fiches métiers "
            "de la logistique, entretiens annuels, plan de formation et anticipation des pics "
            "d'activité. Une réunion d'utilisateurs par semestre.",
            "results": "Un outil commun, et le collectif envisage de le commercialiser.",
            "figures": "6 entreprises membres utilisatrices ; 140 fiches métiers ; 410 salariés "
            "suivis ; 0 € de licence entre membres.",
            "published": 330,
            "featured": True,
            "document": "Présentation du logiciel GPEC",
        },
        {
            "company": "Froid Logistique Évreux",
            "title": "Récupérer la chaleur des groupes froids pour chauffer quais et bureaux",
            "theme": L_ENERGY,
            "context": "Des groupes froids qui rejettent leur chaleur dehors, et une chaudière "
            "gaz pour chauffer les quais.",
            "what": "Un échangeur sur les condenseurs, une boucle d'eau chaude vers les quais et "
            "les bureaux, une régulation revue avec l'exploitant.",
            "results": "La chaudière ne sert plus qu'en appoint.",
            "figures": "-22 % de consommation de gaz ; 310 MWh récupérés par an ; retour sur "
            "investissement en 4 ans.",
            "published": 200,
            "featured": True,
            "document": "Schéma de récupération de chaleur",
        },
        {
            "company": "Entrepôts Seine Aval",
            "title": "Relamping LED et gestion technique sur 40 000 m²",
            "theme": L_BUILDING,
            "context": "Des allées éclairées jour et nuit, même vides.",
            "what": "Luminaires LED avec détection de présence par allée, pilotage centralisé "
            "de l'éclairage et du chauffage, travaux financés en partie par les certificats "
            "d'économies d'énergie.",
            "results": "Un meilleur éclairage aux postes et une facture en forte baisse.",
            "figures": "-18 % de consommation électrique en 2 ans ; 620 MWh économisés par an ; "
            "retour sur investissement en 3,2 ans.",
            "published": 150,
            "featured": False,
        },
        {
            "company": "Terminal Multimodal de Rouen",
            "title": "Une navette fluviale Rouen–Le Havre pour les conteneurs",
            "theme": L_MODAL,
            "context": "Des conteneurs maritimes acheminés par la route entre les deux ports.",
            "what": "Trois rotations de barge par semaine, des créneaux de quai réservés, une "
            "offre porte-à-porte construite avec deux transporteurs du club.",
            "results": "Des chargeurs qui demandent désormais le fleuve.",
            "figures": "11 000 EVP par an transférés de la route au fleuve ; 2 400 camions "
            "évités ; -4 300 t de CO2 par an.",
            "published": 100,
            "featured": True,
        },
        {
            "company": "Transports Lecanu",
            "title": "Écoconduite et suivi individuel des consommations",
            "theme": L_DECARB,
            "context": "Le gazole, premier poste de charges après les salaires.",
            "what": "Tous les conducteurs formés, un suivi mensuel des consommations par "
            "conducteur, un challenge trimestriel entre équipes.",
            "results": "Moins de carburant et moins de sinistres.",
            "figures": "33 à 30,4 L/100 km (-8 %) ; 95 conducteurs formés ; sinistralité -20 %.",
            "published": 260,
            "featured": False,
        },
        {
            "company": "Palettes du Vexin",
            "title": "Reprise et reconditionnement des palettes des adhérents",
            "theme": L_PACK,
            "context": "Des palettes cassées brûlées ou jetées dans les entrepôts du territoire.",
            "what": "Une tournée de reprise chez les adhérents, le tri et la réparation à "
            "l'atelier, les bois irréparables broyés pour des panneaux.",
            "results": "Un service apprécié, et de l'emploi local.",
            "figures": "48 000 palettes reconditionnées par an ; 1 900 t de bois réemployé ; 7 "
            "adhérents clients.",
            "published": 180,
            "featured": False,
            "document": "Conditions de reprise des palettes",
        },
        {
            "company": "Messagerie Express Caux",
            "title": "Prévenir les TMS au quai : échauffements et aides à la manutention",
            "theme": L_SAFETY,
            "context": "Les troubles musculo-squelettiques, première cause d'arrêt au quai.",
            "what": "Un échauffement de dix minutes en début de poste, deux exosquelettes et "
            "des tables élévatrices, la rotation des tâches, avec l'appui de la Carsat.",
            "results": "Moins d'arrêts et des équipes associées aux choix de matériel.",
            "figures": "-40 % d'accidents avec arrêt en 3 ans ; 2 exosquelettes ; 36 salariés "
            "formés.",
            "published": 70,
            "featured": False,
        },
        {
            "company": "Dernier Kilomètre Vert",
            "title": "Livrer le centre de Rouen en vélo-cargo",
            "theme": L_DECARB,
            "context": "Une zone à faibles émissions et des rues étroites.",
            "what": "Un micro-hub près du centre, six vélos-cargos à assistance électrique et "
            "deux utilitaires électriques pour les colis volumineux.",
            "results": "Des livraisons à l'heure, sans émission locale.",
            "figures": "85 000 colis par an ; 0 émission à l'échappement ; 4 emplois créés.",
            "published": 40,
            "featured": False,
        },
        {
            "company": "Fluvial Normandie Services",
            "title": "Tri des déchets de bord et filières de valorisation",
            "theme": L_WASTE,
            "context": "Des déchets de bord mélangés et des huiles usagées mal suivies.",
            "what": "Des bacs de tri à bord, une reprise à quai par un prestataire, un "
            "registre des huiles et des déchets dangereux.",
            "results": "Des équipages fiers de leurs bateaux, et des déchets tracés.",
            "figures": "92 % des déchets valorisés ; 14 t par an ; 100 % des huiles tracées.",
            "published": 20,
            "featured": False,
        },
        {
            "company": "Commissionnaire Port 2000",
            "title": "Covoiturage des équipes en horaires décalés",
            "theme": L_MOBILITY,
            "context": "Un site portuaire sans transport en commun aux heures de prise de poste.",
            "what": "Une enquête mobilité, des équipages constitués par équipe, des places de "
            "parking réservées aux covoitureurs.",
            "results": "Des trajets partagés et des frais en baisse pour les salariés.",
            "figures": "7 salariés sur 18 covoiturent ; 18 000 km évités par an.",
            "published": 8,
            "featured": False,
        },
        {
            "company": "Transports Lecanu",
            "title": "Vingt tracteurs au bioGNV",
            "theme": L_DECARB,
            "context": "Des chargeurs qui demandent des transports bas carbone.",
            "what": "Projet en cours d'écriture : 20 tracteurs au bioGNV, avitaillement à la "
            "station de Rouen.",
            "results": "",
            "figures": "",
            "published": None,
            "featured": False,
        },
    ],
}

# --- 4. The service exchange: (answering company, message, days after the offer); ``accepted``
# is the index of the answer accepted; ``done``/``withdrawn`` days after the offer;
# ``thanks``: (from "owner" or "partner", message, days after the offer).
OFFER, REQUEST = Offer.Kind.OFFER, Offer.Kind.REQUEST
EXCHANGE = {
    PEVELE: [
        {
            "company": "Salti Location",
            "kind": OFFER,
            "title": "Une salle de réunion de 20 places à prêter à Templeuve-en-Pévèle",
            "description": "Salle équipée (écran, visio, café) disponible les mardis et jeudis, "
            "pour une réunion d'équipe ou un atelier. Il suffit de la rendre rangée.",
            "theme": "",
            "created": 9,
            "answers": [
                ("Néo-Éco Recyclage", "Nous aimerions l'utiliser pour la réunion de lancement "
                 "de la collecte mutualisée, un mardi matin de la fin du mois. Est-ce "
                 "possible ?", 2),
            ],
        },
        {
            "company": "Menuiseries Delcourt",
            "kind": REQUEST,
            "title": "Relecture de notre mémoire technique RSE avant un appel d'offres",
            "description": "Nous répondons à un marché public de menuiserie pour un collège ; le "
            "critère environnemental compte pour 20 %. Un regard extérieur sur nos quatre "
            "pages serait précieux avant la date limite.",
            "theme": SHOWCASE,
            "created": 6,
            "answers": [
                ("Bureau d'études Caron", "Avec plaisir : envoyez-le, je vous fais un retour "
                 "sous 48 heures avec notre propre grille de relecture.", 1),
                ("Conseil Flandres RH", "Je peux relire la partie sociale (emploi, formation, "
                 "insertion).", 3),
            ],
        },
        {
            "company": "Transports Verhaeghe",
            "kind": OFFER,
            "title": "Trois places dans notre formation Sauveteur Secouriste du Travail",
            "description": "Deux jours dans nos locaux de Phalempin le mois prochain, avec un "
            "formateur agréé ; les places libres sont offertes aux membres du réseau.",
            "theme": WELLBEING,
            "created": 2,
            "answers": [],
        },
        {
            "company": "Néo-Éco Recyclage",
            "kind": REQUEST,
            "title": "Un regard extérieur sur notre projet de plan de mobilité",
            "description": "Nous avons fait l'enquête auprès de nos 260 salariés. Une entreprise "
            "qui a déjà mené son plan de mobilité pourrait-elle nous dire ce qui a marché ?",
            "theme": MOBILITY,
            "created": 12,
            "answers": [
                ("Entrepôts de la Pévèle", "Nous avons mis en place le nôtre il y a deux ans : "
                 "venez voir la navette et les équipages de covoiturage, je vous montre nos "
                 "chiffres.", 1),
            ],
        },
        {
            "company": "Conseil Flandres RH",
            "kind": OFFER,
            "title": "Notre grille d'entretien professionnel et de GPEC, prête à l'emploi",
            "description": "La grille construite avec le Club des Pionniers, avec une "
            "demi-journée pour l'adapter à votre entreprise.",
            "theme": JOBS,
            "created": 40,
            "answers": [
                ("Boulangeries Declercq", "Nos entretiens professionnels sont en retard : "
                 "cette grille nous aiderait beaucoup.", 2),
                ("Garage Hennebelle", "Intéressés aussi, pour nos 31 salariés.", 4),
            ],
            "accepted": 0,
            "accepted_after": 6,
        },
        {
            "company": "Cartonnages Ledoux",
            "kind": REQUEST,
            "title": "Un binôme pour un diagnostic énergie croisé",
            "description": "Nous cherchons une PME industrielle pour visiter nos ateliers "
            "respectifs avec un œil neuf sur les consommations d'énergie.",
            "theme": ENERGY,
            "created": 25,
            "answers": [
                ("Mécanique Dubrulle", "Partants : nous avons appris beaucoup avec nos "
                 "sous-compteurs, et nous aimerions voir vos sécheurs.", 1),
                ("Chaudronnerie Wattrelos", "Nous aussi, si le binôme peut devenir un trio.", 2),
            ],
            "accepted": 0,
            "accepted_after": 3,
        },
        {
            "company": "Néo-Éco Recyclage",
            "kind": OFFER,
            "title": "Un audit flash de vos flux de déchets (une demi-journée)",
            "description": "Notre responsable d'exploitation passe une demi-journée chez vous, "
            "pèse vos flux et vous propose une filière pour chacun.",
            "theme": CIRCULAR,
            "created": 120,
            "answers": [
                ("Imprimerie Lesaffre", "Nos chutes de papier partent en benne tout-venant : "
                 "nous sommes preneurs.", 2),
                ("Traiteur Les Saveurs du Nord", "Intéressés pour nos biodéchets.", 5),
            ],
            "accepted": 0,
            "accepted_after": 4,
            "done": 30,
            "thanks": [
                ("partner", "Merci à l'équipe de Néo-Éco : l'audit nous a permis de trouver une "
                 "filière pour nos chutes de papier, 4 tonnes par an.", 31),
                ("owner", "Merci pour l'accueil, et bienvenue dans la collecte mutualisée !", 33),
            ],
        },
        {
            "company": "Traiteur Les Saveurs du Nord",
            "kind": REQUEST,
            "title": "Un utilitaire électrique à l'essai pendant une semaine",
            "description": "Avant de changer notre camionnette de livraison, nous voudrions "
            "tester un utilitaire électrique sur nos tournées réelles.",
            "theme": MOBILITY,
            "created": 80,
            "answers": [
                ("Salti Location", "Nous avons un utilitaire électrique de 12 m³ disponible "
                 "la semaine prochaine, prêté gracieusement.", 1),
            ],
            "accepted": 0,
            "accepted_after": 2,
            "done": 14,
            "thanks": [
                ("owner", "Merci à Salti Location : l'essai nous a convaincus, 90 km par jour "
                 "sans difficulté. Commande passée !", 15),
            ],
        },
        {
            "company": "Logiciels Pévélois",
            "kind": OFFER,
            "title": "Un atelier sobriété numérique pour vos équipes (2 heures)",
            "description": "Messagerie, stockage, impressions, renouvellement du matériel : les "
            "bons réflexes, présentés dans vos locaux.",
            "theme": ECODESIGN,
            "created": 200,
            "answers": [
                ("Bureau d'études Caron", "Avec plaisir pour nos 34 collaborateurs.", 3),
            ],
            "accepted": 0,
            "accepted_after": 5,
            "done": 28,
            "thanks": [
                ("partner", "Merci pour cet atelier très concret : 40 % de stockage en ligne "
                 "libéré en un mois.", 30),
            ],
        },
        {
            "company": "Entrepôts de la Pévèle",
            "kind": OFFER,
            "title": "Visite de notre entrepôt et de son plan de mobilité",
            "description": "Une matinée pour vos équipes : la navette, les équipages de "
            "covoiturage, l'abri vélo, et nos chiffres.",
            "theme": MOBILITY,
            "created": 420,
            "answers": [
                ("Mécanique Dubrulle", "Nous venons à quatre, dont notre référent sécurité.", 2),
            ],
            "accepted": 0,
            "accepted_after": 3,
            "done": 25,
            "thanks": [
                ("partner", "Merci pour la visite : nous lançons notre enquête mobilité.", 26),
                ("owner", "Merci à vous, et à bientôt pour la vôtre !", 27),
            ],
        },
        {
            "company": "Chaudronnerie Wattrelos",
            "kind": OFFER,
            "title": "Co-exposer sur notre stand au salon de la sous-traitance de Lille",
            "description": "Nous avons 6 m² de trop sur notre stand ; une entreprise "
            "complémentaire du réseau pourrait en profiter.",
            "theme": "",
            "created": 60,
            "answers": [],
            "withdrawn": 20,
        },
        {
            "company": "Épicerie Vrac & Local",
            "kind": REQUEST,
            "title": "Un local de stockage sec de 30 m² près de Pont-à-Marcq",
            "description": "Pour nos sacs de vrac et nos bocaux consignés, quelques mois le "
            "temps de trouver plus grand.",
            "theme": "",
            "created": 50,
            "answers": [
                ("Menuiseries Delcourt", "Nous avons un local à l'atelier, à voir ensemble.", 3),
            ],
            "withdrawn": 10,
        },
    ],
    LOGISTICS: [
        {
            "company": "Logiciels Supply Normandie",
            "kind": OFFER,
            "title": "Notre logiciel de GPEC mis à disposition des membres",
            "description": "Le logiciel présenté lors de la visite du club : installation, "
            "reprise de vos fiches de poste et une demi-journée de formation, sans licence.",
            "theme": L_JOBS,
            "created": 300,
            "answers": [
                ("Entrepôts Seine Aval", "Nous le voulons pour la campagne d'entretiens de "
                 "janvier.", 2),
                ("Froid Logistique Évreux", "Intéressés aussi, pour nos 64 salariés.", 6),
            ],
            "accepted": 0,
            "accepted_after": 4,
            "done": 45,
            "thanks": [
                ("partner", "Merci à Yann et à son équipe : 88 entretiens réalisés dans le "
                 "logiciel, et nos fiches de poste enfin à jour.", 46),
                ("owner", "Merci pour vos retours, qui ont déjà amélioré la version 2.", 50),
            ],
        },
        {
            "company": "Entrepôts Seine Aval",
            "kind": OFFER,
            "title": "Un quai et un chariot pour vos transbordements ponctuels",
            "description": "À Gonfreville-l'Orcher, un quai libre le matin et un chariot avec "
            "cariste, pour un dépannage ou un pic d'activité.",
            "theme": "",
            "created": 10,
            "answers": [
                ("Dernier Kilomètre Vert", "Utile pour nos arrivages de colis volumineux du "
                 "jeudi, deux heures par semaine.", 2),
            ],
        },
        {
            "company": "Transports Lecanu",
            "kind": REQUEST,
            "title": "Relecture de notre réponse à un appel d'offres (critères RSE)",
            "description": "Un chargeur de la vallée de la Seine note la démarche RSE sur 25 % : "
            "qui pourrait relire notre réponse avant vendredi ?",
            "theme": L_PURCHASING,
            "created": 5,
            "answers": [
                ("Commissionnaire Port 2000", "Je relis volontiers : nous répondons souvent à "
                 "ce type de critères.", 1),
                ("Logiciels Supply Normandie", "Je peux regarder la partie emploi et "
                 "compétences.", 2),
            ],
        },
        {
            "company": "Terminal Multimodal de Rouen",
            "kind": OFFER,
            "title": "Visite du terminal et de la navette fluviale pour vos équipes",
            "description": "Deux heures sur les quais pour comprendre le report modal, avec "
            "nos chiffres de la navette Rouen–Le Havre.",
            "theme": L_MODAL,
            "created": 3,
            "answers": [],
        },
        {
            "company": "Messagerie Express Caux",
            "kind": OFFER,
            "title": "Quatre places dans notre formation écoconduite",
            "description": "Une journée en salle et sur route à Yvetot avec un formateur "
            "agréé, le mois prochain.",
            "theme": L_DECARB,
            "created": 30,
            "answers": [
                ("Dernier Kilomètre Vert", "Deux places pour nos conducteurs d'utilitaires, "
                 "merci !", 1),
                ("Transports Lecanu", "Une place si possible.", 3),
            ],
            "accepted": 0,
            "accepted_after": 4,
        },
        {
            "company": "Froid Logistique Évreux",
            "kind": REQUEST,
            "title": "200 palettes EUR pour un pic saisonnier",
            "description": "Pour les fêtes de fin d'année, nous manquons de palettes pendant "
            "six semaines.",
            "theme": L_PACK,
            "created": 18,
            "answers": [
                ("Palettes du Vexin", "200 palettes reconditionnées disponibles, reprises "
                 "après la saison.", 1),
            ],
            "accepted": 0,
            "accepted_after": 2,
        },
        {
            "company": "Fluvial Normandie Services",
            "kind": REQUEST,
            "title": "Retour d'expérience sur les chariots lithium-ion",
            "description": "Nous hésitons à remplacer nos chariots au plomb : une entreprise "
            "qui a franchi le pas peut-elle nous recevoir ?",
            "theme": L_ENERGY,
            "created": 150,
            "answers": [
                ("Entrepôts Seine Aval", "Nous sommes passés au lithium-ion il y a deux ans : "
                 "venez voir la charge d'opportunité.", 2),
            ],
            "accepted": 0,
            "accepted_after": 3,
            "done": 21,
            "thanks": [
                ("owner", "Merci pour la visite et les chiffres, très convaincants.", 22),
                ("partner", "Avec plaisir, tenez-nous au courant de votre choix.", 24),
            ],
        },
        {
            "company": "Terminal Multimodal de Rouen",
            "kind": OFFER,
            "title": "Notre méthode de bilan carbone du transport fluvial",
            "description": "La méthode et les facteurs d'émission utilisés pour notre bilan, "
            "et une heure pour vous les expliquer.",
            "theme": L_DECARB,
            "created": 430,
            "answers": [
                ("Commissionnaire Port 2000", "Très utile pour informer nos clients du CO2 de "
                 "leurs transports.", 2),
            ],
            "accepted": 0,
            "accepted_after": 3,
            "done": 20,
            "thanks": [
                ("partner", "Merci : nos premières attestations CO2 sont parties chez les "
                 "clients.", 22),
            ],
        },
        {
            "company": "Messagerie Express Caux",
            "kind": OFFER,
            "title": "Une salle de formation à prêter à Yvetot",
            "description": "Douze places, vidéoprojecteur, disponible le vendredi.",
            "theme": "",
            "created": 70,
            "answers": [],
            "withdrawn": 30,
        },
        {
            "company": "Dernier Kilomètre Vert",
            "kind": REQUEST,
            "title": "Une borne de recharge partagée près du centre de Rouen",
            "description": "Pour deux utilitaires électriques, la nuit, en attendant notre "
            "propre raccordement.",
            "theme": L_DECARB,
            "created": 45,
            "answers": [
                ("Fluvial Normandie Services", "Notre borne du quai est libre la nuit.", 4),
            ],
            "withdrawn": 12,
        },
    ],
}  # fmt: skip

# --- 5. The library: the practice sheets ("fiches réflexes") at their two reading levels.
SHEETS = {
    ENERGY: (
        "Où agir en priorité : éclairage, air comprimé, chauffage des ateliers et consommations "
        "à vide la nuit et le week-end. Trois gestes : relever ses compteurs chaque mois, couper "
        "ce qui tourne pour rien, revoir les consignes de chauffage.",
        "Mise en œuvre : poser des sous-compteurs sur les principaux postes, fixer un objectif "
        "chiffré (-10 % en un an est réaliste), traquer les fuites d'air comprimé. Pour embarquer "
        "les équipes : afficher la courbe de consommation à l'atelier, nommer un référent "
        "énergie, fêter le premier palier atteint.",
    ),
    CIRCULAR: (
        "Regarder ses déchets comme des ressources : trier à la source chaque flux (papier-"
        "carton, métal, plastique, verre, bois, biodéchets), chercher une filière locale pour "
        "chacun, mutualiser la collecte avec ses voisins.",
        "Mise en œuvre : peser chaque flux pendant un mois, interroger les entreprises du réseau "
        "qui recyclent ou réemploient, monter une collecte commune par zone d'activité. Pour "
        "communiquer : expliquer où part chaque flux et ce qu'il devient, afficher les tonnes "
        "valorisées.",
    ),
    MOBILITY: (
        "Comprendre comment viennent les salariés (une enquête de dix questions suffit), puis "
        "agir sur les trajets domicile-travail : covoiturage, vélo, horaires, télétravail quand "
        "le poste le permet.",
        "Mise en œuvre : cartographier les domiciles, organiser des équipages de covoiturage, "
        "proposer le forfait mobilités durables, équiper un abri vélo. Pour communiquer : un "
        "défi mobilité d'une semaine, les kilomètres et les euros économisés affichés chaque "
        "mois.",
    ),
    WELLBEING: (
        "Écouter avant d'agir : une enquête courte ou des entretiens, puis trois chantiers au "
        "plus (organisation, conditions matérielles, reconnaissance). Les petits gestes "
        "comptent : plannings connus à l'avance, pauses respectées.",
        "Mise en œuvre : un groupe de travail mixte direction-salariés, des indicateurs suivis "
        "(absentéisme, turnover, accidents), un bilan à six mois. Pour communiquer : dire ce qui "
        "a changé grâce aux remontées, ce qui ne changera pas, et pourquoi.",
    ),
    PURCHASING: (
        "Commencer par ses dix premiers fournisseurs : qui sont-ils, où sont-ils, quels risques "
        "sociaux et environnementaux ? Privilégier le local et les produits durables quand le "
        "coût global est comparable.",
        "Mise en œuvre : deux ou trois critères RSE dans chaque consultation, un raisonnement en "
        "coût global (achat, usage, fin de vie), des délais de paiement courts pour les petits "
        "fournisseurs. Pour communiquer : une charte achats partagée avec les fournisseurs et "
        "présentée aux acheteurs.",
    ),
    SHOWCASE: (
        "Faire savoir ce que l'on fait déjà : rassembler preuves et chiffres (certifications, "
        "tonnes valorisées, formations) dans un document unique, réutilisable pour les clients, "
        "les appels d'offres et les recrutements.",
        "Mise en œuvre : un mémoire RSE de quatre pages tenu à jour chaque année, des "
        "indicateurs simples et sourcés, des exemples concrets ; dans les marchés publics, "
        "répondre point par point aux critères environnementaux et sociaux. Pour communiquer : "
        "une page du site, une publication par réalisation.",
    ),
    L_ENERGY: (
        "Dans l'usine logistique, les gros postes sont le froid, l'éclairage, le chauffage des "
        "cellules et la charge des chariots. Mesurer d'abord, par zone, avant d'investir.",
        "Mise en œuvre : sous-comptage par cellule, récupération de chaleur sur les groupes "
        "froids, recharge des batteries en heures creuses, consignes de température revues avec "
        "les clients. Pour communiquer : un tableau de bord énergie au quai, un objectif partagé "
        "par équipe.",
    ),
    L_MODAL: (
        "Repérer les flux massifiés et réguliers qui peuvent passer sur le fleuve ou le rail : "
        "conteneurs portuaires, vrac, flux entre sites.",
        "Mise en œuvre : calculer le coût complet porte-à-porte, tester sur une rotation "
        "hebdomadaire, négocier avec un opérateur de navette, adapter les horaires de quai. Pour "
        "communiquer : chiffrer les camions évités et les tonnes de CO2, et le dire aux "
        "chargeurs.",
    ),
    L_DECARB: (
        "Trois leviers : consommer moins (écoconduite, taux de remplissage), changer d'énergie "
        "(bioGNV, électrique, biocarburants), mesurer ses émissions pour les réduire.",
        "Mise en œuvre : suivi individuel des consommations, formation de tous les conducteurs, "
        "plan de renouvellement de la flotte, engagement dans un programme volontaire (EVE). "
        "Pour communiquer : des challenges entre équipes, des résultats affichés chaque mois.",
    ),
    L_WASTE: (
        "Film étirable, cartons, palettes cassées, bois, déchets industriels banals : chaque "
        "flux de l'entrepôt a sa filière. Trier au quai, là où le déchet naît.",
        "Mise en œuvre : bennes dédiées et signalétique au quai, compacteur à film, contrats de "
        "reprise, mutualisation entre sites voisins. Pour communiquer : former les caristes au "
        "tri, afficher les tonnes valorisées et les recettes de revente.",
    ),
    L_PACK: (
        "Réduire, réutiliser, recycler : moins de film, des palettes consignées ou "
        "reconditionnées, des emballages adaptés au produit.",
        "Mise en œuvre : étude du suremballage avec les clients, pool de palettes, banderoleuse "
        "à pré-étirage, contenants réutilisables sur les navettes. Pour communiquer : associer "
        "préparateurs et clients, expliquer les nouvelles règles de conditionnement.",
    ),
    L_BUILDING: (
        "L'entrepôt de demain : éclairage LED piloté, isolation, toiture solaire ou végétalisée, "
        "gestion de l'eau de pluie, site ouvert à la biodiversité.",
        "Mise en œuvre : relamping LED avec détection de présence, gestion technique du "
        "bâtiment, étude de toiture photovoltaïque, certificats d'économies d'énergie pour "
        "financer. Pour communiquer : visites de site, gains affichés.",
    ),
    L_MOBILITY: (
        "Horaires décalés et sites éloignés des transports : le covoiturage et les navettes sont "
        "souvent la seule alternative à la voiture individuelle.",
        "Mise en œuvre : enquête mobilité, équipages de covoiturage par équipe, navette depuis "
        "la gare, forfait mobilités durables. Pour communiquer : présenter le plan en réunion "
        "d'équipe, suivre le nombre d'équipages.",
    ),
    L_SAFETY: (
        "Les troubles musculo-squelettiques sont la première cause d'arrêt dans la logistique : "
        "agir sur les charges, les gestes et l'organisation.",
        "Mise en œuvre : analyse des postes avec la Carsat, aides à la manutention, échauffements "
        "en début de poste, rotation des tâches. Pour communiquer : des référents sécurité dans "
        "chaque équipe, un point sécurité de cinq minutes chaque jour.",
    ),
    L_JOBS: (
        "Attirer, former et fidéliser : connaître ses métiers, anticiper les départs et les pics "
        "d'activité, construire des parcours.",
        "Mise en œuvre : cartographie des métiers et des compétences, entretiens professionnels, "
        "plan de formation avec l'OPCO, partenariats avec les lycées et France Travail. Pour "
        "communiquer : présenter les parcours possibles dès l'intégration.",
    ),
    L_AWARENESS: (
        "La logistique durable se joue au quai : chaque collaborateur peut agir s'il comprend "
        "pourquoi et comment.",
        "Mise en œuvre : un quart d'heure développement durable chaque mois, des ambassadeurs "
        "par équipe, des défis (tri, énergie, écoconduite). Pour communiquer : adapter le "
        "message à chaque cible (direction, encadrement, opérateurs, intérimaires).",
    ),
    L_WATER: (
        "Les grands sites logistiques imperméabilisent des hectares : récupérer l'eau de pluie, "
        "gérer les espaces verts sans pesticides, accueillir la faune.",
        "Mise en œuvre : cuve de récupération pour le lavage, noues plantées, fauche tardive, "
        "nichoirs et hôtels à insectes. Pour communiquer : un panneau sur le site, des "
        "animations avec une association locale.",
    ),
}
SHEET_THEMES = {
    PEVELE: [ENERGY, CIRCULAR, MOBILITY, WELLBEING, PURCHASING, SHOWCASE],
    LOGISTICS: [
        L_ENERGY,
        L_MODAL,
        L_DECARB,
        L_WASTE,
        L_PACK,
        L_BUILDING,
        L_MOBILITY,
        L_SAFETY,
        L_JOBS,
        L_PURCHASING,
        L_AWARENESS,
        L_WATER,
    ],
}
SHEETS[L_PURCHASING] = (
    "Choisir ses sous-traitants et fournisseurs (transport, emballages, énergie, intérim) sur "
    "des critères sociaux et environnementaux, pas seulement sur le prix.",
    "Mise en œuvre : une grille d'évaluation RSE des sous-traitants, des clauses dans les "
    "contrats, un suivi annuel. Pour communiquer : expliquer les critères aux fournisseurs et "
    "partager les résultats.",
)
LEVEL_WORDS = {
    Resource.Level.ESSENTIAL: ("l'essentiel", "Sur quelle zone agir, et par quoi commencer"),
    Resource.Level.IN_DEPTH: (
        "pour aller plus loin",
        "La mise en œuvre, et comment en parler à ses collaborateurs",
    ),
}

CHARTER_TEXT = [
    "Nous, dirigeants des entreprises engagées dans le programme, nous engageons à :",
    "1. Intégrer le développement durable dans la stratégie de notre entreprise.",
    "2. Partager nos expériences et nos bonnes pratiques avec les autres membres.",
    "3. Associer nos collaborateurs à la démarche RSE.",
    "4. Privilégier les coopérations et les achats sur le territoire.",
    "5. Respecter les engagements pris envers les autres membres et le programme.",
    "6. Mesurer et publier chaque année nos progrès.",
]

# (kind, title, theme, summary, a link or None for a PDF, published, days ago)
LIBRARY = {
    PEVELE: [
        (Resource.Kind.METHOD_BOOKLET, "Livret méthode : construire son plan de mobilité "
         "employeur", MOBILITY, "De l'enquête auprès des salariés au plan d'actions, en six "
         "étapes, avec l'exemple des Entrepôts de la Pévèle.", None, True, 150),
        (Resource.Kind.METHOD_BOOKLET, "Livret méthode : un premier bilan carbone simplifié",
         CARBON, "Les données à rassembler, les facteurs d'émission, les premiers leviers de "
         "réduction pour une TPE-PME.", None, True, 60),
        (Resource.Kind.DOCUMENT, "Synthèse des visites du Club des Dirigeants Durables",
         CIRCULAR, "Ce que les dirigeants ont retenu des visites de l'année : économie "
         "circulaire, économie de la fonctionnalité, insertion, bien-être au travail.", None,
         True, 45),
        (Resource.Kind.LINK, "Agir pour la transition : les aides de l'ADEME aux entreprises",
         ENERGY, "Le portail de l'ADEME : diagnostics, financements et guides par thème.",
         "https://agirpourlatransition.ademe.fr/entreprises/", True, 300),
        (Resource.Kind.LINK, "Base Empreinte de l'ADEME", CARBON, "Les facteurs d'émission "
         "officiels pour calculer son bilan carbone.", "https://base-empreinte.ademe.fr/",
         True, 200),
        (Resource.Kind.LINK, "Les aides de la Région Hauts-de-France aux entreprises",
         CIRCULAR, "Le guide des aides régionales : économie circulaire, énergie, emploi.",
         "https://www.hautsdefrance.fr/", True, 250),
        (Resource.Kind.PRACTICE_SHEET, "Fiche réflexe — Bilan carbone (l'essentiel)", CARBON,
         "En préparation avec l'atelier « Bilan carbone simplifié pour TPE » du Club des "
         "Pionniers.", None, False, 3),
    ],
    LOGISTICS: [
        (Resource.Kind.METHOD_BOOKLET, "Livret méthode : préparer l'autodiagnostic du Label "
         "6PL", MANAGEMENT, "Les 5 thèmes et 50 critères de l'autodiagnostic, les pièces à "
         "réunir et les erreurs fréquentes.", None, True, 220),
        (Resource.Kind.METHOD_BOOKLET, "Livret méthode : une GPEC en entreprise logistique",
         L_JOBS, "Attractivité des métiers, conditions de travail, compétences et saisonnalité "
         ": la démarche GPEC territoriale en quatre chantiers.", None, True, 140),
        (Resource.Kind.DOCUMENT, "Compte rendu de la visite de Froid Logistique Évreux",
         L_ENERGY, "Récupération de chaleur, fluides frigorigènes : les chiffres présentés et "
         "les questions des participants.", None, True, 85),
        (Resource.Kind.LINK, "Objectif CO2 : le programme EVE des transporteurs et chargeurs",
         L_DECARB, "Le programme d'engagements volontaires pour réduire les émissions du "
         "transport.", "https://www.eve-transport.fr/", True, 260),
        (Resource.Kind.LINK, "Bilans GES de l'ADEME", L_DECARB, "Publier et consulter les "
         "bilans d'émissions de gaz à effet de serre.", "https://bilans-ges.ademe.fr/", True,
         180),
        (Resource.Kind.LINK, "AD Normandie : les aides aux entreprises", L_ENERGY, "L'agence "
         "de développement pour la Normandie : financements des investissements et de "
         "l'innovation.", "https://adnormandie.fr/", True, 120),
        (Resource.Kind.METHOD_BOOKLET, "Livret méthode : achats responsables en logistique",
         L_PURCHASING, "Brouillon en relecture par le Club RSE.", None, False, 4),
    ],
}  # fmt: skip

# --- 6. The watch: (days ago, title, theme, body, source, address).
NEWS = {
    PEVELE: [
        (2, "Diag Décarbon'Action : un diagnostic carbone accompagné pour les PME", CARBON,
         "Bpifrance et l'ADEME proposent aux entreprises de moins de 500 salariés un bilan de "
         "leurs émissions et un plan d'actions construits avec un expert en une douzaine de "
         "jours, avec une prise en charge d'une partie du coût. Plusieurs entreprises du Club "
         "des Pionniers l'ont suivi : parlez-en à la chargée de mission avant de vous lancer.",
         "Bpifrance", "https://www.bpifrance.fr/"),
        (5, "Biodéchets : le tri à la source concerne toutes les entreprises", CIRCULAR,
         "Restaurants, traiteurs, commerces alimentaires, cantines d'entreprise : tout "
         "producteur de biodéchets doit désormais les trier à la source et les faire valoriser. "
         "L'ADEME publie un guide pratique et des solutions de collecte partagée.",
         "ADEME", "https://agirpourlatransition.ademe.fr/entreprises/"),
        (8, "Économie circulaire : un appel à projets de la Région", CIRCULAR,
         "La Région Hauts-de-France soutient les investissements de réemploi, de réparation et "
         "de recyclage des entreprises. Les dossiers se déposent en ligne ; la Communauté de "
         "communes peut vous aider à le préparer.",
         "Région Hauts-de-France", "https://www.hautsdefrance.fr/"),
        (11, "Forfait mobilités durables : jusqu'à 700 € par salarié et par an", MOBILITY,
         "L'employeur peut prendre en charge les trajets domicile-travail à vélo, en "
         "covoiturage ou en engins partagés, sans charges sociales dans la limite de 700 € par "
         "an et par salarié. Un levier simple pour un plan de mobilité.",
         "Ministère de la Transition écologique", "https://www.ecologie.gouv.fr/"),
        (14, "Ateliers de la CCI : réussir sa réponse aux appels d'offres publics", SHOWCASE,
         "Trois matinées pour comprendre les critères environnementaux et sociaux des marchés "
         "publics et rédiger un mémoire technique convaincant. Inscriptions auprès de la CCI.",
         "CCI Hauts-de-France", "https://www.hautsdefrance.cci.fr/"),
        (17, "Décret tertiaire : déclarer ses consommations sur OPERAT", ENERGY,
         "Les bâtiments tertiaires de plus de 1 000 m² doivent déclarer chaque année leurs "
         "consommations d'énergie sur la plateforme OPERAT de l'ADEME, avant le 30 septembre.",
         "ADEME", "https://operat.ademe.fr/"),
        (21, "Index de l'égalité professionnelle : à publier avant le 1er mars", JOBS,
         "Les entreprises d'au moins 50 salariés calculent et publient chaque année leur index "
         "de l'égalité entre les femmes et les hommes. Le simulateur du ministère guide le "
         "calcul.",
         "Ministère du Travail", "https://travail-emploi.gouv.fr/"),
        (24, "Retour sur la visite de Transports Verhaeghe", WELLBEING,
         "Une vingtaine de dirigeants ont découvert les plannings choisis et le tutorat qui ont "
         "fait passer le turnover des conducteurs de 24 % à 11 %. La bonne pratique est dans "
         "l'annuaire.",
         "Communauté de communes Pévèle Carembault", ""),
        (28, "Achats responsables : la norme ISO 20400 en dix questions", PURCHASING,
         "Une fiche de l'AFNOR pour comprendre les lignes directrices des achats responsables "
         "et par où commencer dans une PME.",
         "AFNOR", "https://www.afnor.org/"),
        (31, "Qualité de vie au travail : un kit pour les TPE-PME", WELLBEING,
         "Le réseau Anact-Aract publie des outils pour ouvrir le dialogue sur le travail : "
         "questionnaires, animation d'espaces de discussion, exemples d'entreprises.",
         "Anact", "https://www.anact.fr/"),
        (35, "Éco-conception : la base Empreinte mise à jour", ECODESIGN,
         "L'ADEME enrichit sa base de facteurs d'émission, utile pour comparer des matériaux "
         "d'emballage ou de construction.",
         "ADEME", "https://base-empreinte.ademe.fr/"),
        (38, "Certificats d'économies d'énergie : financer son relamping LED", ENERGY,
         "Les primes CEE couvrent une partie du remplacement des éclairages et des équipements "
         "performants. La CCI aide à monter les dossiers.",
         "CCI Hauts-de-France", "https://www.hautsdefrance.cci.fr/"),
        (39, "Plans de mobilité employeur : la Région accompagne les zones d'activité",
         MOBILITY,
         "Les entreprises d'une même zone peuvent construire un plan de mobilité commun : "
         "covoiturage, navettes, vélo. Un appui technique est proposé.",
         "Région Hauts-de-France", "https://www.hautsdefrance.fr/"),
    ],
    LOGISTICS: [
        (1, "Label 6PL : la prochaine session est ouverte", MANAGEMENT,
         "Les entreprises qui veulent s'engager dans le Label 6PL peuvent s'inscrire et "
         "commencer leur autodiagnostic. Le livret méthode est dans la bibliothèque.",
         "Logistique Seine Normandie", ""),
        (4, "Report modal : une aide pour passer de la route au fleuve", L_MODAL,
         "HAROPA PORT soutient les chargeurs et les transporteurs qui basculent des flux vers "
         "la Seine : étude de faisabilité et aide au démarrage.",
         "HAROPA PORT", "https://www.haropaport.com/"),
        (7, "Zone à faibles émissions de Rouen : le calendrier des restrictions", L_DECARB,
         "La Métropole publie le calendrier de la ZFE pour les véhicules utilitaires et les "
         "poids lourds, avec les dérogations et les aides au renouvellement.",
         "Métropole Rouen Normandie", "https://www.metropole-rouen-normandie.fr/"),
        (10, "Programme EVE : s'engager à réduire les émissions du transport", L_DECARB,
         "Transporteurs et chargeurs peuvent rejoindre le programme d'engagements volontaires "
         "pour l'environnement : diagnostic, plan d'actions, labellisation.",
         "ADEME", "https://www.eve-transport.fr/"),
        (13, "Fluides frigorigènes : le règlement F-Gas se durcit", L_ENERGY,
         "Le nouveau règlement européen accélère la sortie des fluides à fort pouvoir de "
         "réchauffement. Les exploitants d'entrepôts frigorifiques ont intérêt à planifier "
         "leurs remplacements.",
         "Ministère de la Transition écologique", "https://www.ecologie.gouv.fr/"),
        (16, "Bilan GES : une méthode pour les transporteurs", L_DECARB,
         "L'ADEME rappelle les méthodes de calcul des émissions d'une prestation de transport, "
         "et comment informer ses clients.",
         "ADEME", "https://bilans-ges.ademe.fr/"),
        (19, "Efficacité énergétique des entrepôts : financer ses travaux", L_BUILDING,
         "AD Normandie soutient les investissements d'efficacité énergétique des PME : "
         "éclairage, récupération de chaleur, pilotage.",
         "AD Normandie", "https://adnormandie.fr/"),
        (23, "TMS : des subventions pour les aides à la manutention", L_SAFETY,
         "La Carsat Normandie finance une partie des équipements qui réduisent les "
         "manutentions manuelles dans les TPE-PME.",
         "Carsat Normandie", "https://www.carsat-normandie.fr/"),
        (26, "Métiers de l'entrepôt : des formations financées", L_JOBS,
         "OPCO Mobilités finance des parcours de formation pour les préparateurs, caristes et "
         "chefs d'équipe, y compris pour les nouveaux embauchés.",
         "OPCO Mobilités", "https://www.opcomobilites.fr/"),
        (30, "Palettes : la consigne progresse chez les chargeurs normands", L_PACK,
         "Plusieurs chargeurs de la vallée de la Seine généralisent l'échange et la consigne "
         "des palettes ; un point avec la CCI sur les pratiques.",
         "CCI Normandie", "https://www.normandie.cci.fr/"),
        (34, "Loi AGEC : vers des emballages réemployables", L_PACK,
         "Les objectifs de réemploi des emballages concernent aussi les emballages de "
         "transport : ce que cela change pour la logistique.",
         "Ministère de la Transition écologique", "https://www.ecologie.gouv.fr/"),
        (39, "Retour sur la visite de Froid Logistique Évreux", L_ENERGY,
         "Récupération de chaleur sur les groupes froids : -22 % de gaz. Le compte rendu est "
         "dans la bibliothèque et la bonne pratique dans l'annuaire.",
         "Logistique Seine Normandie", ""),
    ],
}  # fmt: skip

# --- 7. Support requests: (company, consultant, message, days ago, outcome, reply, after).
SUPPORT = {
    PEVELE: [
        ("Cartonnages Ledoux", Role.CONSULTANT, "Nos clients nous demandent l'empreinte "
         "carbone de nos emballages. Personne dans le club ne l'a encore calculée : nous "
         "aurions besoin d'aide pour une analyse de cycle de vie simplifiée de nos trois "
         "références principales.", 4, "open", "", 0),
        ("Fromagerie du Pévèle", "shared_consultant", "Nous payons l'épandage de notre "
         "lactosérum alors qu'il pourrait être valorisé. Aucune entreprise du réseau n'a ce "
         "problème : qui pourrait nous accompagner ?", 60, "converted", "Mission "
         "d'accompagnement ouverte avec Élodie Marchal : trois journées, cofinancées à 50 % "
         "par la Région.", 5),
        ("Hôtel-restaurant Le Carembault", None, "Pouvez-vous financer l'audit de "
         "labellisation Clef Verte de l'hôtel ?", 35, "declined", "Le programme ne finance "
         "pas les audits de labellisation. En revanche, la bonne pratique des Boulangeries "
         "Declercq sur l'anti-gaspillage et l'atelier « Achats responsables » du Club des "
         "Pionniers répondent à une partie de votre besoin ; la CCI accompagne aussi la "
         "démarche Clef Verte.", 3),
    ],
    LOGISTICS: [
        ("Dernier Kilomètre Vert", Role.CONSULTANT, "Avec la ZFE de Rouen, nous devons "
         "choisir entre utilitaires électriques et vélos-cargos pour six tournées. Un regard "
         "d'expert sur les coûts complets nous aiderait.", 3, "open", "", 0),
        ("Froid Logistique Évreux", Role.CONSULTANT, "Nous devons remplacer le R404A de nos "
         "chambres froides : choisir un fluide à faible pouvoir de réchauffement et planifier "
         "les travaux sans arrêter l'activité.", 75, "converted", "Mission ouverte : quatre "
         "journées d'accompagnement avec Thomas Hébert.", 6),
        ("Palettes du Vexin", None, "Le programme peut-il prendre en charge notre audit de "
         "certification PEFC ?", 40, "declined", "Les audits de certification ne sont pas "
         "financés par le programme. La fiche réflexe « Emballages et palettes » et "
         "l'expérience d'autres membres sur la chaîne de contrôle peuvent vous aider ; AD "
         "Normandie finance une partie des investissements.", 4),
    ],
}  # fmt: skip


# --- Seeding ------------------------------------------------------------------------------------


def seed_tenant(*, tenant, people):
    if tenant.slug not in COMPETENCES:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the demo's people work in French
        story = _Story(tenant=tenant, people=people)
        story.competences()
        if not Profile.objects.filter(tenant=tenant).exists():
            story.profiles()
        if not CompanyListing.objects.filter(tenant=tenant).exists():
            story.listings()
        if not ConsultantProfile.objects.filter(tenant=tenant).exists():
            story.consultants()
        if not Practice.objects.filter(tenant=tenant).exists():
            story.practices()
        if not Offer.objects.filter(tenant=tenant).exists():
            story.exchange()
        if not Resource.objects.filter(tenant=tenant).exists():
            story.library()
        if not NewsItem.objects.filter(tenant=tenant).exists():
            story.watch()
        if not SupportRequest.objects.filter(tenant=tenant).exists():
            story.support()


class _Story:
    """One tenant's directory, each step dated on its day (``days`` ago)."""

    def __init__(self, *, tenant, people):
        self.tenant, self.people, self.slug = tenant, people, tenant.slug
        self.manager = people[Role.MANAGER]
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.steps = 0
        self.companies = {c.name: c for c in Company.objects.filter(tenant=tenant)}
        self.members = {}  # company pk -> its people, the first one first
        self.company_of = {}  # user pk -> their (first) company
        for member in (
            CompanyMember.objects.filter(tenant=tenant)
            .select_related("user", "company")
            .order_by("pk")
        ):
            self.members.setdefault(member.company_id, []).append(member.user)
            self.company_of.setdefault(member.user_id, member.company)
        self.by_competence = {}

    # --- Time ---------------------------------------------------------------------------------

    def moment(self, days):
        """A working hour ``days`` ago (a weekday), always at least a day in the past: the
        seeding's own entries are spread by seed_demo, these keep their day."""
        days = max(days, 1)
        day = self.today - timedelta(days=days)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        self.steps += 1
        moment = timezone.make_aware(
            datetime.combine(day, time(8 + self.steps % 9, (self.steps * 17) % 60))
        )
        return min(moment, self.now - timedelta(days=1))

    @contextmanager
    def on(self, moment):
        """The audit entries written inside are dated ``moment``."""
        mark = (
            AuditEntry.objects.filter(tenant=self.tenant)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        )
        yield
        AuditEntry.objects.filter(tenant=self.tenant, id__gt=mark or 0).update(created_at=moment)

    # --- Helpers ------------------------------------------------------------------------------

    def company(self, name):
        return self.companies.get(name)

    def person_of(self, company):
        """The company's first person (its leader, mostly), or None."""
        people = self.members.get(company.pk) if company else None
        return people[0] if people else None

    def named(self, names):
        return [self.by_competence[name] for name in names if name in self.by_competence]

    # --- 1. Competences -----------------------------------------------------------------------

    def competences(self):
        existing = {c.name: c for c in Competence.objects.filter(tenant=self.tenant)}
        rows = COMPETENCES[self.slug]
        for order, (name, theme, description) in enumerate(rows):
            if name not in existing:
                with self.on(self.moment(500 - order)):
                    existing[name] = services.create_competence(
                        tenant=self.tenant,
                        actor=self.manager,
                        name=name,
                        theme=theme,
                        description=description,
                        order=order,
                    )
                    if order == len(rows) - 1:  # replaced by a newer competence
                        services.archive_competence(competence=existing[name], actor=self.manager)
        self.by_competence = existing

    # --- 2. People, companies, consultants ----------------------------------------------------

    def profiles(self):
        specs = PROFILES[self.slug]
        users = {}
        for people in self.members.values():
            for user in people:
                users.setdefault(user.pk, user)
        for role in (Role.MANAGER, Role.MEMBER):
            users.setdefault(self.people[role].pk, self.people[role])
        users = sorted(users.values(), key=lambda user: user.pk)
        generic = 0
        for index, user in enumerate(users):
            full = f"{user.first_name} {user.last_name}"
            if full in specs:
                headline, names, shows, digest = specs[full]
            else:
                shows = ROTATION[generic % len(ROTATION)]
                headline, names = self._generic_headline(user, generic)
                digest = generic % 3 == 0
                generic += 1
            self._profile(user, index, headline, names, shows, digest)

    def _generic_headline(self, user, index):
        company = self.company_of.get(user.pk)
        names = self._sector_competences(company) if company else DEFAULT_COMPETENCES
        lead = ["Retours d'expérience", "Je peux vous aider", "Sujets d'échange"][index % 3]
        return f"{lead} : {_in_sentence(names)}", names

    def _profile(self, user, index, headline, names, shows, digest):
        if shows == "off":
            # Signed in, looked at their entry, chose not to appear.
            listed, choice = False, {"show_position": True}
        else:
            listed, choice = True, VISIBILITY[shows]
        phone = ""
        if choice.get("show_phone") or choice.get("phone_hidden"):
            pairs = (f"{(index * step) % 90 + 10:02d}" for step in (37, 53, 71))
            phone = " ".join((AREA_CODES[self.slug], *pairs))
        photo = None
        if choice.get("photo") or choice.get("photo_hidden"):
            photo = ContentFile(_avatar(index), name=f"{slugify(user.get_full_name())}.png")
        moment = self.moment(400 - index * 7)
        with self.on(moment):
            profile = services.update_profile(
                tenant=self.tenant,
                user=user,
                actor=user,
                listed=listed,
                show_position=choice.get("show_position", False),
                show_photo=bool(choice.get("photo")),
                show_email=choice.get("show_email", False),
                show_phone=choice.get("show_phone", False),
                show_clubs=choice.get("show_clubs", False),
                headline=headline,
                phone=phone,
                competences=self.named(names),
                wants_watch_digest=digest,
                photo=photo,
            )
        Profile.objects.filter(pk=profile.pk).update(updated_at=moment)

    def _sector_competences(self, company):
        sector = (company.sector or "").lower()
        for words, names in SECTOR_COMPETENCES:
            if any(word in sector for word in words):
                return names
        return DEFAULT_COMPETENCES

    def listings(self):
        specs = LISTINGS[self.slug]
        # A company's people decide whether it appears: the companies with people on the
        # platform, and those the programme team described for them (from the paper directory).
        companies = sorted(self.companies.values(), key=lambda company: company.pk)
        for index, company in enumerate(companies):
            spec = specs.get(company.name)
            if spec is None:
                if not self.members.get(company.pk):
                    continue
                names = self._sector_competences(company)
                description = LISTING_TEMPLATES[index % len(LISTING_TEMPLATES)].format(
                    sector=company.sector or "Entreprise",
                    sector_lower=_in_sentence([company.sector or ""]),
                    commune=company.commune,
                    headcount=company.headcount,
                    competences=_in_sentence(names),
                )
                listed = True
            else:
                description, names, *rest = spec
                listed = rest[0] if rest else True
            moment = self.moment(420 - index * 5)
            with self.on(moment):
                listing = services.update_company_listing(
                    company=company,
                    actor=self.person_of(company) or self.manager,
                    listed=listed,
                    description=description,
                    competences=self.named(names),
                )
            CompanyListing.objects.filter(pk=listing.pk).update(updated_at=moment)

    def consultants(self):
        for index, (key, spec) in enumerate(CONSULTANTS[self.slug].items()):
            expertise, references, names, shows_followed = spec
            user = self.people[key]
            moment = self.moment(330 - index * 40)
            with self.on(moment):
                profile = services.update_consultant_profile(
                    tenant=self.tenant,
                    user=user,
                    actor=user,
                    expertise=expertise,
                    references=references,
                    competences=self.named(names),
                    show_followed_companies=shows_followed,
                )
            ConsultantProfile.objects.filter(pk=profile.pk).update(updated_at=moment)

    # --- 3. Good practices --------------------------------------------------------------------

    def practices(self):
        for spec in PRACTICES[self.slug]:
            company = self.company(spec["company"])
            if company is None:
                continue
            author = self.person_of(company) or self.manager
            published = spec["published"]
            written = (published or 20) + 12
            moment = self.moment(written)
            with self.on(moment):
                practice = services.create_practice(
                    company=company,
                    actor=author,
                    title=spec["title"],
                    what_was_done=spec["what"],
                    theme=spec["theme"],
                    context=spec["context"],
                    results=spec["results"],
                    figures=spec["figures"],
                    contact=self.person_of(company),
                )
            Practice.objects.filter(pk=practice.pk).update(created_at=moment, updated_at=moment)
            if spec.get("document"):
                upload = ContentFile(
                    one_page_pdf(
                        spec["document"],
                        f"{company.name} — {spec['title']}",
                        "",
                        *_wrap(spec["what"]),
                        "",
                        *_wrap(spec["figures"]),
                        "",
                        "Document de démonstration.",
                    ),
                    name=f"{slugify(spec['document'])}.pdf",
                )
                with self.on(moment):
                    document = services.add_practice_document(
                        practice=practice, upload=upload, actor=author
                    )
                PracticeDocument.objects.filter(pk=document.pk).update(uploaded_at=moment)
            if published is None:
                continue
            moment = self.moment(published)
            with self.on(moment):
                services.publish_practice(practice=practice, actor=author)
            Practice.objects.filter(pk=practice.pk).update(published_at=moment)
            if spec["featured"]:
                moment = self.moment(published - 1)
                with self.on(moment):
                    services.feature_practice(practice=practice, actor=self.manager)
                Practice.objects.filter(pk=practice.pk).update(featured_at=moment)

    # --- 4. The service exchange --------------------------------------------------------------

    def exchange(self):
        for spec in EXCHANGE[self.slug]:
            company = self.company(spec["company"])
            author = self.person_of(company)
            if author is None:
                continue
            start = spec["created"]
            moment = self.moment(start)
            with self.on(moment):
                offer = services.create_offer(
                    company=company,
                    author=author,
                    kind=spec["kind"],
                    title=spec["title"],
                    description=spec["description"],
                    theme=spec["theme"],
                )
            Offer.objects.filter(pk=offer.pk).update(created_at=moment)
            answers = []
            for name, message, after in spec["answers"]:
                other = self.company(name)
                other_author = self.person_of(other)
                if other_author is None:
                    continue
                moment = self.moment(start - after)
                with self.on(moment):
                    answer = services.answer_offer(
                        offer=offer,
                        company=other,
                        author=other_author,
                        message=message,
                        notify=False,
                    )
                OfferAnswer.objects.filter(pk=answer.pk).update(created_at=moment)
                answers.append(answer)
            accepted = spec.get("accepted")
            if accepted is not None and accepted < len(answers):
                with self.on(self.moment(start - spec["accepted_after"])):
                    services.accept_answer(answer=answers[accepted], actor=author, notify=False)
                partner = answers[accepted]
                if "done" in spec:
                    moment = self.moment(start - spec["done"])
                    with self.on(moment):
                        services.mark_offer_done(offer=offer, actor=author)
                    Offer.objects.filter(pk=offer.pk).update(closed_at=moment)
                for side, message, after in spec.get("thanks", []):
                    who = company if side == "owner" else partner.company
                    moment = self.moment(start - after)
                    with self.on(moment):
                        thanks = services.thank(
                            offer=offer,
                            from_company=who,
                            author=author if side == "owner" else partner.author,
                            message=message,
                            notify=False,
                        )
                    Thanks.objects.filter(pk=thanks.pk).update(at=moment)
            if "withdrawn" in spec:
                moment = self.moment(start - spec["withdrawn"])
                with self.on(moment):
                    services.withdraw_offer(offer=offer, actor=author)
                Offer.objects.filter(pk=offer.pk).update(closed_at=moment)

    # --- 5. The library -----------------------------------------------------------------------

    def library(self):
        rows = []
        for position, theme in enumerate(SHEET_THEMES[self.slug]):
            for level in (Resource.Level.ESSENTIAL, Resource.Level.IN_DEPTH):
                words, aim = LEVEL_WORDS[level]
                summary = SHEETS[theme][0 if level == Resource.Level.ESSENTIAL else 1]
                rows.append(
                    (
                        Resource.Kind.PRACTICE_SHEET,
                        f"Fiche réflexe — {theme} ({words})",
                        theme,
                        summary,
                        None,
                        True,
                        360 - position * 3,
                        level,
                        (f"Fiche réflexe — {theme}", f"Niveau de lecture : {words}", aim),
                    )
                )
        charter = (
            Resource.Kind.CHARTER,
            "Charte des entreprises engagées",
            MANAGEMENT,
            "Le texte que chaque entreprise signe en rejoignant le programme : six engagements, "
            "dont celui de partager ses bonnes pratiques avec les autres membres.",
            None,
            True,
            480,
            Resource.Level.ESSENTIAL,
            ("Charte des entreprises engagées", self.tenant.name, "", *CHARTER_TEXT),
        )
        rows.append(charter)
        for kind, title, theme, summary, url, published, days in LIBRARY[self.slug]:
            rows.append(
                (kind, title, theme, summary, url, published, days, Resource.Level.ESSENTIAL,
                 (title, self.tenant.name))
            )  # fmt: skip
        for kind, title, theme, summary, url, published, days, level, heading in rows:
            upload = None
            if url is None:
                lines = list(heading)
                if kind != Resource.Kind.CHARTER:
                    lines += ["", *_wrap(summary)]
                upload = ContentFile(
                    one_page_pdf(*lines, "", "Document de démonstration."),
                    name=f"{slugify(title)[:80]}.pdf",
                )
            moment = self.moment(days)
            with self.on(moment):
                resource = services.create_resource(
                    tenant=self.tenant,
                    actor=self.manager,
                    kind=kind,
                    title=title,
                    theme=theme,
                    summary=summary,
                    level=level,
                    file=upload,
                    url=url or "",
                    published=published,
                )
            Resource.objects.filter(pk=resource.pk).update(created_at=moment, updated_at=moment)

    # --- 6. The watch -------------------------------------------------------------------------

    def watch(self):
        for days, title, theme, body, source, url in NEWS[self.slug]:
            moment = self.moment(days)
            with self.on(moment):
                services.post_news(
                    tenant=self.tenant,
                    actor=self.manager,
                    title=title,
                    body=body,
                    theme=theme,
                    source_name=source,
                    source_url=url,
                    published_at=moment,
                )

    # --- 7. Support requests ------------------------------------------------------------------

    def support(self):
        for name, consultant, message, days, outcome, reply, after in SUPPORT[self.slug]:
            company = self.company(name)
            if company is None:
                continue
            moment = self.moment(days)
            with self.on(moment):
                support = services.request_support(
                    company=company,
                    actor=self.person_of(company) or self.manager,
                    message=message,
                    consultant=self.people[consultant] if consultant else None,
                )
            SupportRequest.objects.filter(pk=support.pk).update(created_at=moment)
            if outcome == "open":
                continue
            handle = (
                services.convert_support_request
                if outcome == "converted"
                else services.decline_support_request
            )
            moment = self.moment(days - after)
            with self.on(moment):
                handle(support=support, actor=self.manager, reply=reply)
            SupportRequest.objects.filter(pk=support.pk).update(handled_at=moment)


# --- Files, drawn at seeding so the demo ships no binary ---------------------------------------


def _in_sentence(names):
    """``names`` inside a sentence: "efficacité énergétique, RSE dans les appels d'offres"."""
    return ", ".join(name if name[:2].isupper() else name[:1].lower() + name[1:] for name in names)


def _wrap(text, width=88):
    return textwrap.wrap(text, width=width) if text else []


AVATAR_COLOURS = ["#2d6a1f", "#1d4f91", "#8a4b08", "#6a1b9a", "#00695c", "#ad1457", "#37474f"]


def _avatar(index):
    """A small PNG portrait placeholder (a silhouette on a colour), different for each person."""
    from PIL import Image, ImageDraw

    size = 96
    image = Image.new("RGB", (size, size), AVATAR_COLOURS[index % len(AVATAR_COLOURS)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 16, 66, 52), fill="#f1e3d3")
    draw.ellipse((14, 58, 82, 130), fill="#f1e3d3")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
