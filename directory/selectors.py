"""Reads of the directory, each in a fixed number of queries whatever the amount of data.

People, companies, consultants and practices come back as plain frozen dataclasses that hold
only what their owner chose to show: a hidden field is never in the returned data, so no page,
export or search result can show it by mistake. ``viewer`` is the request (or an object with its
``user`` and ``membership``): nothing is returned to someone without a role in the tenant.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, prefetch_related_objects
from django.db.models.functions import ExtractYear
from django.utils import timezone

from companies.models import Company, CompanyMember, Exclusion, SizeBand
from companies.selectors import size_band_expression
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.roles import Role
from rse_platform.tenants.selectors import people_with_role
from rse_platform.web.tables import Natural, natural_key

from .models import (
    CompanyListing,
    Competence,
    ConsultantProfile,
    NewsItem,
    Offer,
    Practice,
    Profile,
    Resource,
    SupportRequest,
)

# --- What the directory returns -----------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    position: str  # "Leader", translated
    company: str
    company_id: int


@dataclass(frozen=True)
class PersonCard:
    """A listed person as the directory shows them: name and headline, and only the fields they
    chose to show (the others are empty)."""

    pk: int  # the profile's
    user_id: int
    name: str
    headline: str = ""
    positions: tuple = ()  # Position, when they show their position
    email: str = ""
    phone: str = ""
    has_photo: bool = False
    competences: tuple = ()  # names
    shows_clubs: bool = False  # they chose to show their clubs (``person_clubs`` reads them)


@dataclass(frozen=True)
class CompanyCard:
    pk: int
    name: str
    sector: str = ""
    naf_code: str = ""
    commune: str = ""
    size: str = ""  # the size band's label
    description: str = ""
    website: str = ""
    competences: tuple = ()
    practices: int = 0  # published good practices


@dataclass(frozen=True)
class PracticeCard:
    pk: int
    title: str
    theme: str
    context: str
    what_was_done: str
    results: str
    figures: str
    company: str
    company_id: int
    published_at: object
    featured: bool = False
    contact: PersonCard | None = None  # only when the contact is listed
    documents: tuple = ()  # (pk, name)


@dataclass(frozen=True)
class Practices:
    """The good practices, and the topics treated in club events beside them."""

    items: list
    topics: list = field(default_factory=list)  # registry.TopicTreated


@dataclass(frozen=True)
class ConsultantCard:
    pk: int  # the consultant profile's
    user_id: int
    name: str
    expertise: str
    references: str = ""
    competences: tuple = ()
    followed_companies: tuple = ()  # names, when the consultant agrees and the company is listed


def _visible(viewer, queryset, tenant):
    """``queryset`` of ``tenant`` as ``viewer`` may read the directory: everything of the tenant
    for any role there, nothing otherwise."""
    return permissions.visible(viewer, "directory.view", queryset.filter(tenant=tenant))


def _holding_a_role(tenant, user_field="user", roles=None):
    return Q(**{f"{user_field}__in": people_with_role(tenant=tenant, roles=roles).values("pk")})


def _excluded(company_field="pk"):
    return Exists(Exclusion.objects.filter(company=OuterRef(company_field), lifted_at__isnull=True))


def _with_band(companies, size):
    return companies.annotate(band=size_band_expression()).filter(band=size)


# --- People -------------------------------------------------------------------------------------


def listed_profiles(*, tenant, viewer, theme="", competence=None, sector="", size="", commune=""):
    """The people who chose to appear and still hold a role in the tenant, by name (a queryset:
    a page shows a slice of it through ``person_cards``).

    The company filters (sector: a NAF code prefix, size band, commune) match a person only
    through a company they show; a hidden position never lets them be found by it."""
    profiles = _visible(viewer, Profile.objects.all(), tenant).filter(
        _holding_a_role(tenant), listed=True, user__is_active=True
    )
    if competence:
        profiles = profiles.filter(competences=competence)
    if theme:
        profiles = profiles.filter(
            Exists(
                Profile.competences.through.objects.filter(
                    profile=OuterRef("pk"), competence__theme__iexact=theme
                )
            )
        )
    if sector or size or commune:
        companies = Company.objects.filter(tenant=tenant)
        if sector:
            companies = companies.filter(naf_code__startswith=sector)
        if commune:
            companies = companies.filter(commune__iexact=commune)
        if size:
            companies = _with_band(companies, size)
        profiles = profiles.filter(show_position=True).filter(
            Exists(
                CompanyMember.objects.filter(
                    tenant=tenant, user=OuterRef("user"), company__in=companies.values("pk")
                )
            )
        )
    return profiles.select_related("user").order_by(
        Natural("user__last_name"), Natural("user__first_name"), "pk"
    )


def person_cards(profiles):
    """The cards of ``profiles`` (listed ones, their ``user`` selected; a queryset or a list),
    in two more queries."""
    profiles = list(profiles)
    prefetch_related_objects(profiles, "competences")
    if not profiles:
        return []
    tenant_id = profiles[0].tenant_id
    shown = [profile.user_id for profile in profiles if profile.show_position]
    positions = {}
    for member in (
        CompanyMember.objects.filter(tenant=tenant_id, user__in=shown)
        .select_related("company")
        .order_by(Natural("company__name"), "pk")
    ):
        positions.setdefault(member.user_id, []).append(
            Position(
                position=str(member.get_position_display()),
                company=member.company.name,
                company_id=member.company_id,
            )
        )
    return [_card(profile, positions.get(profile.user_id, ())) for profile in profiles]


def _card(profile, positions):
    user = profile.user
    return PersonCard(
        pk=profile.pk,
        user_id=user.pk,
        name=user.display_name,
        headline=profile.headline,
        positions=tuple(positions) if profile.show_position else (),
        email=user.email if profile.show_email else "",
        phone=profile.phone if profile.show_phone else "",
        has_photo=bool(profile.show_photo and profile.photo),
        competences=tuple(competence.name for competence in profile.competences.all()),
        shows_clubs=profile.show_clubs,
    )


def person_clubs(*, tenant, card):
    """The clubs of the programme the person belongs to, when they chose to show them (None:
    not shown, or no clubs app to read them from); one query."""
    reader = registry.person_clubs()
    if reader is None or not card.shows_clubs:
        return None
    return reader(tenant=tenant, user_id=card.user_id)


def directory_people(*, tenant, viewer, limit=None, **filters):
    """The people of the directory (``listed_profiles``' filters) as cards, in three queries."""
    profiles = listed_profiles(tenant=tenant, viewer=viewer, **filters)
    return person_cards(profiles[:limit] if limit else profiles)


def photo_profile(*, tenant, viewer, pk):
    """The profile whose photo may be served: listed, with a photo it shows; or None."""
    return (
        listed_profiles(tenant=tenant, viewer=viewer)
        .filter(pk=pk, show_photo=True)
        .exclude(photo="")
        .first()
    )


# --- Companies ----------------------------------------------------------------------------------


def listed_companies(*, tenant, viewer, theme="", competence=None, sector="", size="", commune=""):
    """The companies that chose to appear and are in good standing, by name (a queryset)."""
    companies = (
        _visible(viewer, Company.objects.all(), tenant)
        .filter(directory_listing__listed=True)
        .exclude(_excluded())
    )
    if competence:
        companies = companies.filter(directory_listing__competences=competence)
    if theme:
        companies = companies.filter(
            Exists(
                CompanyListing.competences.through.objects.filter(
                    companylisting__company=OuterRef("pk"), competence__theme__iexact=theme
                )
            )
        )
    if sector:
        companies = companies.filter(naf_code__startswith=sector)
    if commune:
        companies = companies.filter(commune__iexact=commune)
    if size:
        companies = _with_band(companies, size)
    return companies.order_by(Natural("name"), "pk")


def company_cards(companies):
    """The cards of ``companies`` (listed ones), in two more queries."""
    companies = list(
        companies.select_related("directory_listing")
        .prefetch_related("directory_listing__competences")
        .annotate(
            published_practices=Count(
                "directory_practices", filter=Q(directory_practices__published=True)
            )
        )
    )
    return [
        CompanyCard(
            pk=company.pk,
            name=company.name,
            sector=company.sector,
            naf_code=company.naf_code,
            commune=company.commune,
            size=str(SizeBand(company.size_band).label),
            description=company.directory_listing.description,
            website=company.website,
            competences=tuple(
                competence.name for competence in company.directory_listing.competences.all()
            ),
            practices=company.published_practices,
        )
        for company in companies
    ]


def directory_companies(*, tenant, viewer, limit=None, **filters):
    companies = listed_companies(tenant=tenant, viewer=viewer, **filters)
    return company_cards(companies[:limit] if limit else companies)


def competences(*, tenant, include_archived=False):
    rows = Competence.objects.filter(tenant=tenant)
    return rows if include_archived else rows.filter(archived=False)


# --- Good practices -----------------------------------------------------------------------------


def published_practices(*, tenant, viewer, theme="", company=None):
    """The published practices, the featured ones first, then the most recent (a queryset)."""
    practices = _visible(viewer, Practice.objects.all(), tenant).filter(published=True)
    if theme:
        practices = practices.filter(theme__iexact=theme)
    if company is not None:
        practices = practices.filter(company=company)
    return practices.order_by("-featured", "-published_at", "-pk")


def practice_cards(practices):
    """The cards of ``practices``, their contact's card when the contact is listed, in five
    queries at most."""
    practices = list(practices.select_related("company").prefetch_related("documents"))
    contacts = {}
    if practices:
        tenant_id = practices[0].tenant_id
        contact_ids = {practice.contact_id for practice in practices if practice.contact_id}
        profiles = Profile.objects.filter(
            tenant=tenant_id, user__in=contact_ids, listed=True, user__is_active=True
        ).filter(_holding_a_role(tenant_id))
        contacts = {card.user_id: card for card in person_cards(profiles.select_related("user"))}
    return [
        PracticeCard(
            pk=practice.pk,
            title=practice.title,
            theme=practice.theme,
            context=practice.context,
            what_was_done=practice.what_was_done,
            results=practice.results,
            figures=practice.figures,
            company=practice.company.name,
            company_id=practice.company_id,
            published_at=practice.published_at,
            featured=practice.featured,
            contact=contacts.get(practice.contact_id),
            documents=tuple((document.pk, document.name) for document in practice.documents.all()),
        )
        for practice in practices
    ]


def practices(*, tenant, viewer, theme="", company=None, limit=None):
    """The published practices as cards, with the topics treated in club events beside them
    (those the viewer may see, naming ``theme`` when one is given)."""
    if not permissions.can(viewer, "directory.view"):
        return Practices(items=[])
    rows = published_practices(tenant=tenant, viewer=viewer, theme=theme, company=company)
    return Practices(
        items=practice_cards(rows[:limit] if limit else rows),
        topics=registry.topics_for(tenant=tenant, theme=theme or None, viewer=viewer),
    )


def company_practices(*, company):
    """Every practice of the company, drafts included (its people's and the team's page)."""
    return Practice.objects.filter(company=company).order_by("-updated_at", "-pk")


# --- Consultants and support requests -----------------------------------------------------------


def consultant_profiles(*, tenant, viewer, competence=None, theme=""):
    """The consultants of the directory, holding the consultant role now, by name."""
    profiles = _visible(viewer, ConsultantProfile.objects.all(), tenant).filter(
        _holding_a_role(tenant, roles=[Role.CONSULTANT]), user__is_active=True
    )
    if competence:
        profiles = profiles.filter(competences=competence)
    if theme:
        profiles = profiles.filter(
            Exists(
                ConsultantProfile.competences.through.objects.filter(
                    consultantprofile=OuterRef("pk"), competence__theme__iexact=theme
                )
            )
        )
    return profiles.select_related("user").order_by(
        Natural("user__last_name"), Natural("user__first_name"), "pk"
    )


def consultant_cards(profiles):
    """The consultants' cards; the companies they follow only when they agree, and only those
    listed in the directory: five queries at most."""
    profiles = list(profiles.prefetch_related("competences"))
    followed = {}
    agreeing = [profile.user_id for profile in profiles if profile.show_followed_companies]
    if agreeing:
        tenant_id = profiles[0].tenant_id
        listed = Company.objects.filter(tenant=tenant_id, directory_listing__listed=True).exclude(
            _excluded()
        )
        followed = permissions.granted_rows("companies.follow", users=agreeing, queryset=listed)
    return [
        ConsultantCard(
            pk=profile.pk,
            user_id=profile.user_id,
            name=profile.user.display_name,
            expertise=profile.expertise,
            references=profile.references,
            competences=tuple(competence.name for competence in profile.competences.all()),
            followed_companies=tuple(
                sorted(
                    (company.name for company in followed.get(profile.user_id, ())),
                    key=natural_key,
                )
            )
            if profile.show_followed_companies
            else (),
        )
        for profile in profiles
    ]


def consultants(*, tenant, viewer, limit=None, **filters):
    profiles = consultant_profiles(tenant=tenant, viewer=viewer, **filters)
    return consultant_cards(profiles[:limit] if limit else profiles)


def open_support_requests(*, tenant):
    """The support requests waiting for the programme team, the oldest first: each may become
    a consultant's mission."""
    return (
        SupportRequest.objects.filter(tenant=tenant, status=SupportRequest.Status.OPEN)
        .select_related("company", "requested_by", "consultant")
        .order_by("created_at", "pk")
    )


def support_requests_of(*, company):
    return (
        SupportRequest.objects.filter(company=company)
        .select_related("consultant", "requested_by")
        .order_by("-created_at", "-pk")
    )


# --- The service exchange -----------------------------------------------------------------------


def offers(*, tenant, viewer, status=Offer.Status.OPEN, kind="", theme=""):
    """Offers and requests of one status (every status with ``status=""``), the newest first,
    with their company and how many answered (a queryset)."""
    rows = _visible(viewer, Offer.objects.all(), tenant)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if theme:
        rows = rows.filter(theme__iexact=theme)
    return (
        rows.select_related("company")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-pk")
    )


def answers_of(*, offer):
    return offer.answers.select_related("company").order_by("created_at", "pk")


def exchanges_per_year(*, tenant):
    """``[(year, exchanges done)]``, the latest year first, in one query."""
    rows = (
        Offer.objects.filter(tenant=tenant, status=Offer.Status.DONE)
        .annotate(year=ExtractYear("closed_at"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )
    return [(row["year"], row["count"]) for row in rows]


def activity_figures(*, tenant, start, end):
    """The directory's share of the funder report for a period (aware datetimes, ``end``
    excluded), in two aggregate queries: exchanges done, thanks recorded, practices published."""
    exchanges = Offer.objects.filter(
        tenant=tenant, status=Offer.Status.DONE, closed_at__gte=start, closed_at__lt=end
    ).aggregate(count=Count("id"), companies=Count("company", distinct=True))
    published = Practice.objects.filter(
        tenant=tenant, published=True, published_at__gte=start, published_at__lt=end
    ).count()
    return {
        "exchanges": exchanges["count"],
        "offering_companies": exchanges["companies"],
        "practices_published": published,
    }


# --- Resources and watch ------------------------------------------------------------------------


def resources(*, tenant, viewer, kind="", theme="", level="", include_unpublished=False):
    """The library, by theme and title (a queryset); unpublished resources only when asked
    (the programme team's page)."""
    rows = _visible(viewer, Resource.objects.all(), tenant)
    if not include_unpublished:
        rows = rows.filter(published=True)
    if kind:
        rows = rows.filter(kind=kind)
    if theme:
        rows = rows.filter(theme__iexact=theme)
    if level:
        rows = rows.filter(level=level)
    return rows.order_by(Natural("theme"), Natural("title"), "pk")


def latest_news(*, tenant, n=5, now=None):
    """The ``n`` latest news items already published (the home's block)."""
    now = now or timezone.now()
    return list(
        NewsItem.objects.filter(tenant=tenant, published_at__lte=now).order_by(
            "-published_at", "-pk"
        )[:n]
    )


def news_between(*, tenant, start, end):
    """The news items published from ``start`` (included) to ``end`` (excluded), oldest first."""
    return list(
        NewsItem.objects.filter(
            tenant=tenant, published_at__gte=start, published_at__lt=end
        ).order_by("published_at", "pk")
    )


def digest_recipients(*, tenant):
    """The people who asked for the weekly watch and hold a role in the tenant, active."""
    return (
        get_user_model()
        .objects.filter(
            pk__in=Profile.objects.filter(tenant=tenant, wants_watch_digest=True)
            .filter(_holding_a_role(tenant))
            .values("user_id"),
            is_active=True,
        )
        .order_by("pk")
    )


# --- Where the network should improve -----------------------------------------------------------


@dataclass(frozen=True)
class ThemeGap:
    area: registry.ImprovementArea
    topics: tuple = ()  # registry.TopicTreated of club events that treated the theme


@dataclass(frozen=True)
class ImprovementReport:
    themes: tuple  # ThemeGap, the most room first
    criteria: tuple  # registry.ImprovementArea, the most room first
    untreated: tuple  # names of the themes no club event treated, the most room first


def _names(theme, topic):
    """A club topic treats a theme when one names the other, accents and case aside."""
    wanted = natural_key(theme)
    return any(
        wanted and candidate and (wanted in candidate or candidate in wanted)
        for candidate in (natural_key(topic.topic), natural_key(topic.theme))
    )


def improvement_report(*, tenant, viewer, criteria_limit=10):
    """For the programme team: the themes and criteria where the companies' latest submitted
    self-assessments leave the most room to improve (weighted by how many companies), each theme
    beside the club events that treated it. None without the self-assessments app."""
    reader = registry.assessment_reader()
    if reader is None or reader.room_to_improve is None:
        return None
    themes, criteria = reader.room_to_improve(tenant=tenant)
    topics = registry.topics_for(tenant=tenant, viewer=viewer)
    gaps = tuple(
        ThemeGap(area=area, topics=tuple(topic for topic in topics if _names(area.theme, topic)))
        for area in themes
    )
    return ImprovementReport(
        themes=gaps,
        criteria=tuple(criteria[:criteria_limit]),
        untreated=tuple(gap.area.theme for gap in gaps if not gap.topics),
    )


# --- The weekly digest's week -------------------------------------------------------------------


def previous_week(now):
    """The local Monday 00:00 of last week and of this week: the watch of the week before."""
    today = timezone.localdate(now)
    monday = datetime.combine(today - timedelta(days=today.weekday()), time.min)
    return timezone.make_aware(monday - timedelta(days=7)), timezone.make_aware(monday)


# --- The directory's pages (helper people) -------------------------------------------------------


def listed_people_of(*, company, viewer):
    """The listed people of ``company`` who show their position (a person who hides it is never
    tied to their company), by name (a queryset: ``person_cards`` makes the cards)."""
    return listed_profiles(tenant=company.tenant, viewer=viewer).filter(
        show_position=True,
        user__in=CompanyMember.objects.filter(company=company).values("user"),
    )


@dataclass(frozen=True)
class FilterValues:
    """What the directory's filters offer: the taxonomy's themes, and the communes and NAF
    divisions of the listed companies."""

    themes: tuple = ()
    communes: tuple = ()
    divisions: tuple = ()  # two-digit NAF prefixes


def filter_values(*, tenant, viewer, people=False):
    """The values of the directory's filters, in three queries: the communes and activities of
    the listed companies or, with ``people``, of the companies listed people show they work for."""
    from django.db.models.functions import Substr

    def grouped(rows, name, order):
        return tuple(
            value
            for value, _count in rows.values_list(name).annotate(n=Count("pk")).order_by(order)
        )

    if people:
        shown = listed_profiles(tenant=tenant, viewer=viewer).filter(show_position=True)
        companies = Company.objects.filter(
            tenant=tenant,
            pk__in=CompanyMember.objects.filter(
                tenant=tenant, user__in=shown.order_by().values("user")
            ).values("company"),
        )
    else:
        companies = listed_companies(tenant=tenant, viewer=viewer).order_by()
    return FilterValues(
        themes=grouped(competences(tenant=tenant).exclude(theme=""), "theme", Natural("theme")),
        communes=grouped(companies.exclude(commune=""), "commune", Natural("commune")),
        divisions=grouped(
            companies.exclude(naf_code="").annotate(division=Substr("naf_code", 1, 2)),
            "division",
            "division",
        ),
    )
