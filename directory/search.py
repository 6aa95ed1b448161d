"""One search across the directory: people, companies, competences, good practices, resources,
news and offers.

On PostgreSQL it is full-text search in French with accents removed (the ``french_unaccent``
configuration of migration 0002): "déchets" finds "déchet", "energie" finds "énergie", the last
word also matches as a prefix ("mobil" finds "mobilité"), and the results are ranked, titles
above texts. The directory's own tables have a GIN index on the very vectors of ``VECTORS``. On
SQLite each word must appear in one of the fields (case-insensitive, accents as typed).

Visibility holds here as in the selectors, which the search starts from: only listed people and
companies, only what each person shows (a hidden e-mail neither matches nor appears), only
published practices and resources, no withdrawn offer, nothing for someone without a role. One
query per kind, and two more for the people's and for the companies' cards, whatever the number
of results.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, CompanyMember
from rse_platform.tenants import permissions

from . import selectors
from .models import CompanyListing, Competence, NewsItem, Offer, Practice, Profile, Resource

CONFIG = "french_unaccent"
MAX_WORDS = 10

# The weighted vectors of the directory's own tables, as the GIN indexes of migration 0002 hold
# them: a change here needs a migration that rebuilds the index.
VECTORS = {
    Competence: (("A", ("name",)), ("B", ("theme",)), ("C", ("description",))),
    Practice: (
        ("A", ("title",)),
        ("B", ("theme",)),
        ("C", ("context", "what_was_done", "results", "figures")),
    ),
    Resource: (("A", ("title",)), ("B", ("theme",)), ("C", ("summary",))),
    NewsItem: (("A", ("title",)), ("B", ("theme",)), ("C", ("body", "source_name"))),
    Offer: (("A", ("title",)), ("B", ("theme",)), ("C", ("description",))),
}

KINDS = {
    "people": _("People"),
    "companies": _("Companies"),
    "competences": _("Competences"),
    "practices": _("Good practices"),
    "resources": _("Resources"),
    "news": _("News"),
    "offers": _("Service exchange"),
}


@dataclass(frozen=True)
class Hit:
    kind: str  # a key of KINDS
    pk: int
    title: str
    detail: str = ""
    rank: float = 0.0
    card: object = None  # a person's or a company's card (``selectors``)


def words(query):
    """The words of a query: letters and digits only, nothing of any query syntax."""
    return re.findall(r"\w+", query or "")[:MAX_WORDS]


def vector(model):
    """The weighted search vector of one of the directory's own tables (``VECTORS``)."""
    return reduce(
        add,
        (SearchVector(*fields, weight=weight, config=CONFIG) for weight, fields in VECTORS[model]),
    )


def _tsquery(terms):
    """Every word, the last one also as a prefix: ``dechets & energ:*``."""
    return SearchQuery(
        " & ".join([*terms[:-1], f"{terms[-1]}:*"]), config=CONFIG, search_type="raw"
    )


def _postgresql():
    return connection.vendor == "postgresql"


def _matching(rows, *, terms, vector_expression, fields):
    """``rows`` matching every word: ranked by full-text search on PostgreSQL; on SQLite each
    word in one of ``fields`` (names, or functions of the word that return a ``Q``)."""
    if _postgresql():
        query = _tsquery(terms)
        return (
            rows.annotate(search=vector_expression, rank=SearchRank(vector_expression, query))
            .filter(search=query)
            .order_by("-rank", "pk")
        )
    conditions = [
        reduce(
            or_,
            (
                field(term) if callable(field) else Q(**{f"{field}__icontains": term})
                for field in fields
            ),
        )
        for term in terms
    ]
    return rows.filter(reduce(and_, conditions)).order_by("pk")


def _joined(rows, group, text):
    """The ``text`` of ``rows`` joined by spaces, for each ``group`` (PostgreSQL only)."""
    from django.contrib.postgres.aggregates import StringAgg

    return Coalesce(
        Subquery(
            rows.values(group).annotate(joined=StringAgg(text, delimiter=" ")).values("joined")[:1],
            output_field=CharField(),
        ),
        Value(""),
    )


def _shown(flag, expression):
    return Case(When(**{flag: True}, then=expression), default=Value(""), output_field=CharField())


def _rank(row):
    return float(getattr(row, "rank", 0.0) or 0.0)


# --- People and companies: only what they show --------------------------------------------------


def _people(*, tenant, viewer, terms, limit):
    profiles = selectors.listed_profiles(tenant=tenant, viewer=viewer)
    positions = CompanyMember.objects.filter(tenant=tenant, user=OuterRef("user"))
    declared = Profile.competences.through.objects.filter(profile=OuterRef("pk"))
    if _postgresql():
        expression = (
            SearchVector("user__first_name", "user__last_name", weight="A", config=CONFIG)
            + SearchVector("headline", weight="B", config=CONFIG)
            + SearchVector(
                _joined(declared, "profile", "competence__name"), weight="B", config=CONFIG
            )
            + SearchVector(
                _shown("show_position", _joined(positions, "user", "company__name")),
                weight="C",
                config=CONFIG,
            )
            + SearchVector(_shown("show_email", F("user__email")), weight="D", config=CONFIG)
        )
        fields = ()
    else:
        expression = None
        fields = (
            "user__first_name",
            "user__last_name",
            "headline",
            lambda term: Q(Exists(declared.filter(competence__name__icontains=term))),
            lambda term: (
                Q(show_position=True) & Q(Exists(positions.filter(company__name__icontains=term)))
            ),
            lambda term: Q(show_email=True, user__email__icontains=term),
        )
    rows = list(
        _matching(profiles, terms=terms, vector_expression=expression, fields=fields)[:limit]
    )
    cards = {card.pk: card for card in selectors.person_cards(rows)}
    return [
        Hit(
            kind="people",
            pk=row.pk,
            title=cards[row.pk].name,
            detail=cards[row.pk].headline
            or " · ".join(f"{item.position}, {item.company}" for item in cards[row.pk].positions),
            rank=_rank(row),
            card=cards[row.pk],
        )
        for row in rows
    ]


def _companies(*, tenant, viewer, terms, limit):
    companies = selectors.listed_companies(tenant=tenant, viewer=viewer)
    declared = CompanyListing.competences.through.objects.filter(
        companylisting__company=OuterRef("pk")
    )
    if _postgresql():
        competence_names = _joined(declared, "companylisting", "competence__name")
        expression = (
            SearchVector("name", weight="A", config=CONFIG)
            + SearchVector("sector", competence_names, weight="B", config=CONFIG)
            + SearchVector("commune", "directory_listing__description", weight="C", config=CONFIG)
        )
        fields = ()
    else:
        expression = None
        fields = (
            "name",
            "sector",
            "commune",
            "directory_listing__description",
            lambda term: Q(Exists(declared.filter(competence__name__icontains=term))),
        )
    rows = list(
        _matching(companies, terms=terms, vector_expression=expression, fields=fields)[:limit]
    )
    cards = {
        card.pk: card
        for card in selectors.company_cards(Company.objects.filter(pk__in=[row.pk for row in rows]))
    }
    return [
        Hit(
            kind="companies",
            pk=row.pk,
            title=row.name,
            detail=" · ".join(part for part in (row.sector, row.commune) if part),
            rank=_rank(row),
            card=cards[row.pk],
        )
        for row in rows
    ]


# --- The directory's own texts ------------------------------------------------------------------


def _own(model, rows, *, terms, limit, fields):
    return list(
        _matching(rows, terms=terms, vector_expression=vector(model), fields=fields)[:limit]
    )


def _competences(*, tenant, viewer, terms, limit):
    rows = permissions.visible(
        viewer, "directory.view", Competence.objects.filter(tenant=tenant, archived=False)
    )
    return [
        Hit("competences", row.pk, row.name, row.theme, _rank(row))
        for row in _own(
            Competence, rows, terms=terms, limit=limit, fields=("name", "theme", "description")
        )
    ]


def _practices(*, tenant, viewer, terms, limit):
    rows = selectors.published_practices(tenant=tenant, viewer=viewer).select_related("company")
    fields = ("title", "theme", "context", "what_was_done", "results", "figures")
    return [
        Hit(
            "practices",
            row.pk,
            row.title,
            " · ".join(part for part in (row.company.name, row.theme) if part),
            _rank(row),
        )
        for row in _own(Practice, rows, terms=terms, limit=limit, fields=fields)
    ]


def _resources(*, tenant, viewer, terms, limit):
    rows = selectors.resources(tenant=tenant, viewer=viewer)
    return [
        Hit("resources", row.pk, row.title, row.theme or row.get_kind_display(), _rank(row))
        for row in _own(
            Resource, rows, terms=terms, limit=limit, fields=("title", "theme", "summary")
        )
    ]


def _news(*, tenant, viewer, terms, limit):
    rows = permissions.visible(
        viewer,
        "directory.view",
        NewsItem.objects.filter(tenant=tenant, published_at__lte=timezone.now()),
    )
    fields = ("title", "theme", "body", "source_name")
    return [
        Hit("news", row.pk, row.title, row.theme, _rank(row))
        for row in _own(NewsItem, rows, terms=terms, limit=limit, fields=fields)
    ]


def _offers(*, tenant, viewer, terms, limit):
    rows = (
        selectors.offers(tenant=tenant, viewer=viewer, status="")
        .exclude(status=Offer.Status.WITHDRAWN)
        .select_related("company")
    )
    return [
        Hit(
            "offers",
            row.pk,
            row.title,
            f"{row.get_kind_display()} · {row.company.name} · {row.get_status_display()}",
            _rank(row),
        )
        for row in _own(
            Offer, rows, terms=terms, limit=limit, fields=("title", "theme", "description")
        )
    ]


SEARCHES = {
    "people": _people,
    "companies": _companies,
    "competences": _competences,
    "practices": _practices,
    "resources": _resources,
    "news": _news,
    "offers": _offers,
}


def search(*, tenant, viewer, query, kinds=None, limit=20):
    """``{kind: [Hit]}`` for each kind asked (all by default, in ``KINDS``' order), each list
    the best ``limit`` first; empty lists for an empty query or a viewer without a role."""
    kinds = [kind for kind in KINDS if kinds is None or kind in kinds]
    terms = words(query)
    if not terms or not permissions.can(viewer, "directory.view"):
        return {kind: [] for kind in kinds}
    return {
        kind: SEARCHES[kind](tenant=tenant, viewer=viewer, terms=terms, limit=limit)
        for kind in kinds
    }
