"""Every change to the directory: one function per change, with its rule.

Who may call each one is the permission layer's to say (``directory.manage`` for the programme
team's taxonomy, resources and watch; ``directory.publish`` on a company for its listing,
practices, offers and answers); the services check what the data needs: the right tenant, the
right status, a person's own choices made by that person. Each change that matters is audited;
the service exchange's e-mails leave after the transaction commits.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies import services as company_services
from companies.models import CompanyMember
from rse_platform.files.storage import display_name
from rse_platform.mail import services as mail
from rse_platform.tenants import audit
from rse_platform.tenants.roles import Role
from rse_platform.tenants.selectors import people_with_role

from . import tasks
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

S = Offer.Status


def _text(value):
    return (value or "").strip()


def _required(value, message, code="required"):
    value = _text(value)
    if not value:
        raise ValidationError(message, code=code)
    return value


def _competences(*, tenant, competences, keep=()):
    """The competences of the tenant among ``competences`` (ids or rows); an archived one is
    refused unless already held (``keep``)."""
    ids = {getattr(item, "pk", item) for item in competences}
    rows = list(Competence.objects.filter(tenant=tenant, pk__in=ids))
    if len(rows) != len(ids):
        raise ValidationError(_("Choose competences of the directory's list."), code="competence")
    kept = {getattr(item, "pk", item) for item in keep}
    if any(row.archived and row.pk not in kept for row in rows):
        raise ValidationError(
            _("This competence is no longer offered: choose another one."), code="archived"
        )
    return rows


def _holds_role(*, tenant, user, roles=None):
    return (
        user.is_active and people_with_role(tenant=tenant, roles=roles).filter(pk=user.pk).exists()
    )


# --- Competences (the programme team) -----------------------------------------------------------


def _check_competence_name(*, tenant, name, exclude=None):
    name = _required(name, _("Give the competence a name."))
    same = Competence.objects.filter(tenant=tenant, name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        raise ValidationError(
            _("The competence “%(name)s” is already in the list.") % {"name": name},
            code="duplicate",
        )
    return name


@transaction.atomic
def create_competence(*, tenant, actor, name, theme="", description="", order=0):
    """A competence of the tenant's taxonomy; two competences never share a name (whatever the
    case)."""
    name = _check_competence_name(tenant=tenant, name=name)
    competence = Competence.objects.create(
        tenant=tenant, name=name, theme=_text(theme), description=_text(description), order=order
    )
    audit.record(tenant=tenant, actor=actor, action="directory.competence_created", name=name)
    return competence


@transaction.atomic
def update_competence(*, competence, actor, name, theme="", description="", order=None):
    """Rename or describe a competence; those who declared it keep it."""
    competence.name = _check_competence_name(
        tenant=competence.tenant, name=name, exclude=competence
    )
    competence.theme = _text(theme)
    competence.description = _text(description)
    if order is not None:
        competence.order = order
    competence.save()
    audit.record(
        tenant=competence.tenant,
        actor=actor,
        action="directory.competence_updated",
        name=competence.name,
    )
    return competence


@transaction.atomic
def archive_competence(*, competence, actor, archived=True):
    """Stop offering a competence (or offer it again): those who declared it keep it, nobody
    new can choose it."""
    if competence.archived == archived:
        return competence
    competence.archived = archived
    competence.save(update_fields=["archived"])
    audit.record(
        tenant=competence.tenant,
        actor=actor,
        action="directory.competence_archived" if archived else "directory.competence_restored",
        name=competence.name,
    )
    return competence


# --- People and companies -----------------------------------------------------------------------


def profile_of(*, tenant, user):
    """The person's directory profile in the tenant (a new, unlisted one when they have none)."""
    return Profile.objects.filter(tenant=tenant, user=user).first() or Profile(
        tenant=tenant, user=user
    )


@transaction.atomic
def update_profile(
    *,
    tenant,
    user,
    actor,
    listed,
    show_position=True,
    show_photo=False,
    show_email=False,
    show_phone=False,
    show_clubs=False,
    headline="",
    phone="",
    competences=(),
    wants_watch_digest=False,
    photo=None,
    remove_photo=False,
):
    """A person's directory entry and what it shows. Only the person decides (``actor`` must be
    ``user``), while they hold a role in the tenant; a photo or phone is shown only if given."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(
            _("Only the person can decide what the directory shows of them."), code="not_yours"
        )
    if not _holds_role(tenant=tenant, user=user):
        raise ValidationError(_("You no longer hold a role here."), code="no_role")
    profile = profile_of(tenant=tenant, user=user)
    held = list(profile.competences.all()) if profile.pk else []
    chosen = _competences(tenant=tenant, competences=competences, keep=held)
    profile.listed = bool(listed)
    profile.show_position = bool(show_position)
    profile.show_email = bool(show_email)
    profile.show_clubs = bool(show_clubs)
    profile.headline = _text(headline)
    profile.phone = _text(phone)
    profile.wants_watch_digest = bool(wants_watch_digest)
    if remove_photo and profile.photo:
        profile.photo.delete(save=False)
        profile.photo = ""
    if photo is not None:
        profile.photo = photo
    profile.show_photo = bool(show_photo) and bool(profile.photo)
    profile.show_phone = bool(show_phone) and bool(profile.phone)
    profile.updated_at = timezone.now()
    profile.full_clean(exclude=["tenant", "user"], validate_unique=False)
    profile.save()
    profile.competences.set(chosen)
    audit.record(tenant=tenant, actor=actor, action="directory.profile_updated")
    return profile


def listing_of(*, company):
    return CompanyListing.objects.filter(company=company).first() or CompanyListing(
        tenant=company.tenant, company=company
    )


@transaction.atomic
def update_company_listing(*, company, actor, listed, description="", competences=()):
    """What the company shows in the directory. An excluded company does not appear."""
    if listed:
        company_services.ensure_in_good_standing(company=company)
    listing = listing_of(company=company)
    held = list(listing.competences.all()) if listing.pk else []
    chosen = _competences(tenant=company.tenant, competences=competences, keep=held)
    listing.listed = bool(listed)
    listing.description = _text(description)
    listing.updated_at = timezone.now()
    listing.save()
    listing.competences.set(chosen)
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="directory.listing_updated",
        company=company.name,
    )
    return listing


# --- Good practices -----------------------------------------------------------------------------


def _check_contact(*, company, contact):
    if (
        contact is not None
        and not CompanyMember.objects.filter(company=company, user=contact).exists()
    ):
        raise ValidationError(_("The contact must be one of the company's people."), code="contact")


@transaction.atomic
def create_practice(
    *,
    company,
    actor,
    title,
    what_was_done,
    theme="",
    context="",
    results="",
    figures="",
    contact=None,
):
    """A company's good practice, as a draft until its people publish it."""
    company_services.ensure_in_good_standing(company=company)
    _check_contact(company=company, contact=contact)
    practice = Practice.objects.create(
        tenant=company.tenant,
        company=company,
        title=_required(title, _("Give the practice a title.")),
        what_was_done=_required(what_was_done, _("Say what was done.")),
        theme=_text(theme),
        context=_text(context),
        results=_text(results),
        figures=_text(figures),
        contact=contact,
        created_by=actor,
    )
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="directory.practice_created",
        title=practice.title,
        company=company.name,
    )
    return practice


@transaction.atomic
def update_practice(
    *,
    practice,
    actor,
    title,
    what_was_done,
    theme="",
    context="",
    results="",
    figures="",
    contact=None,
):
    """Edit a practice, published or not (a published one stays published)."""
    _check_contact(company=practice.company, contact=contact)
    practice.title = _required(title, _("Give the practice a title."))
    practice.what_was_done = _required(what_was_done, _("Say what was done."))
    practice.theme = _text(theme)
    practice.context = _text(context)
    practice.results = _text(results)
    practice.figures = _text(figures)
    practice.contact = contact
    practice.updated_at = timezone.now()
    practice.save()
    audit.record(
        tenant=practice.tenant,
        actor=actor,
        action="directory.practice_updated",
        title=practice.title,
        company=practice.company.name,
    )
    return practice


@transaction.atomic
def publish_practice(*, practice, actor):
    """The members see the practice. An excluded company publishes nothing."""
    company_services.ensure_in_good_standing(company=practice.company)
    if practice.published:
        return practice
    practice.published = True
    practice.published_at = timezone.now()
    practice.save(update_fields=["published", "published_at"])
    audit.record(
        tenant=practice.tenant,
        actor=actor,
        action="directory.practice_published",
        title=practice.title,
        company=practice.company.name,
    )
    return practice


@transaction.atomic
def unpublish_practice(*, practice, actor):
    """Back to a draft the members no longer see; it is no longer featured either."""
    if not practice.published:
        return practice
    practice.published = False
    practice.published_at = None
    practice.featured = False
    practice.featured_by = None
    practice.featured_at = None
    practice.save(
        update_fields=["published", "published_at", "featured", "featured_by", "featured_at"]
    )
    audit.record(
        tenant=practice.tenant,
        actor=actor,
        action="directory.practice_unpublished",
        title=practice.title,
        company=practice.company.name,
    )
    return practice


@transaction.atomic
def feature_practice(*, practice, actor, featured=True):
    """The programme team puts a published practice forward (or stops featuring it)."""
    if featured and not practice.published:
        raise ValidationError(_("Only a published practice can be featured."), code="not_published")
    if practice.featured == featured:
        return practice
    practice.featured = featured
    practice.featured_by = actor if featured else None
    practice.featured_at = timezone.now() if featured else None
    practice.save(update_fields=["featured", "featured_by", "featured_at"])
    audit.record(
        tenant=practice.tenant,
        actor=actor,
        action="directory.practice_featured" if featured else "directory.practice_unfeatured",
        title=practice.title,
        company=practice.company.name,
    )
    return practice


@transaction.atomic
def add_practice_document(*, practice, upload, actor):
    """A document of the practice, its type read from its content and its size limited, like
    every upload."""
    document = PracticeDocument(
        tenant=practice.tenant,
        practice=practice,
        file=upload,
        name=display_name(upload.name, max_length=255),
        uploaded_by=actor,
    )
    document.full_clean()
    document.save()
    audit.record(
        tenant=practice.tenant,
        actor=actor,
        action="directory.practice_document_added",
        name=document.name,
        title=practice.title,
    )
    return document


@transaction.atomic
def remove_practice_document(*, document, actor):
    practice = document.practice
    name = document.name
    document.file.delete(save=False)
    document.delete()
    audit.record(
        tenant=practice.tenant,
        actor=actor,
        action="directory.practice_document_removed",
        name=name,
        title=practice.title,
    )


# --- Consultants and support requests -----------------------------------------------------------


@transaction.atomic
def update_consultant_profile(
    *, tenant, user, actor, expertise, references="", competences=(), show_followed_companies=False
):
    """A consultant's entry in the consultant directory, written by the consultant, while they
    hold the consultant role in the tenant."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(
            _("Only the consultant can write their entry in the directory."), code="not_yours"
        )
    if not _holds_role(tenant=tenant, user=user, roles=[Role.CONSULTANT]):
        raise ValidationError(
            _("Only a consultant of the programme appears in the consultant directory."),
            code="not_a_consultant",
        )
    profile = ConsultantProfile.objects.filter(
        tenant=tenant, user=user
    ).first() or ConsultantProfile(tenant=tenant, user=user)
    held = list(profile.competences.all()) if profile.pk else []
    chosen = _competences(tenant=tenant, competences=competences, keep=held)
    profile.expertise = _required(expertise, _("Describe your expertise."))
    profile.references = _text(references)
    profile.show_followed_companies = bool(show_followed_companies)
    profile.updated_at = timezone.now()
    profile.save()
    profile.competences.set(chosen)
    audit.record(tenant=tenant, actor=actor, action="directory.consultant_profile_updated")
    return profile


@transaction.atomic
def request_support(*, company, actor, message, consultant=None):
    """A company asks the programme team for a consultant's support (a named one from the
    consultant directory, or whoever fits): an open request the team turns into a mission or
    declines. One open request per company and consultant."""
    company_services.ensure_in_good_standing(company=company)
    message = _required(message, _("Describe the problem you need support with."))
    if (
        consultant is not None
        and not ConsultantProfile.objects.filter(tenant=company.tenant, user=consultant).exists()
    ):
        raise ValidationError(
            _("Choose a consultant of the consultant directory."), code="consultant"
        )
    if SupportRequest.objects.filter(
        company=company, consultant=consultant, status=SupportRequest.Status.OPEN
    ).exists():
        raise ValidationError(
            _("A request of the company for this support is already waiting for an answer."),
            code="duplicate",
        )
    support = SupportRequest.objects.create(
        tenant=company.tenant,
        company=company,
        requested_by=actor,
        consultant=consultant,
        message=message,
    )
    audit.record(
        tenant=company.tenant,
        actor=actor,
        action="directory.support_requested",
        company=company.name,
        consultant=consultant.display_name if consultant else "—",
    )
    return support


def _handle(support, *, status, actor, reply):
    support = SupportRequest.objects.select_for_update().get(pk=support.pk)
    if support.status != SupportRequest.Status.OPEN:
        raise ValidationError(_("This request was already answered."), code="handled")
    support.status = status
    support.reply = _text(reply)
    support.handled_by = actor
    support.handled_at = timezone.now()
    support.save(update_fields=["status", "reply", "handled_by", "handled_at"])
    return support


@transaction.atomic
def convert_support_request(*, support, actor, reply=""):
    """The programme team opens a mission for the request: the request is marked converted
    (the mission itself is set up where missions live)."""
    support = _handle(support, status=SupportRequest.Status.CONVERTED, actor=actor, reply=reply)
    audit.record(
        tenant=support.tenant,
        actor=actor,
        action="directory.support_converted",
        company=support.company.name,
    )
    return support


@transaction.atomic
def decline_support_request(*, support, actor, reply):
    """The programme team declines the request, saying why."""
    reply = _required(reply, _("Say why the request is declined."))
    support = _handle(support, status=SupportRequest.Status.DECLINED, actor=actor, reply=reply)
    audit.record(
        tenant=support.tenant,
        actor=actor,
        action="directory.support_declined",
        company=support.company.name,
    )
    return support


# --- The service exchange -----------------------------------------------------------------------


@transaction.atomic
def create_offer(*, company, author, kind, title, description, theme=""):
    """A company offers a service to the others, or asks for one, without payment."""
    company_services.ensure_in_good_standing(company=company)
    if kind not in Offer.Kind.values:
        raise ValidationError(_("Say whether you offer or ask for a service."), code="kind")
    offer = Offer.objects.create(
        tenant=company.tenant,
        company=company,
        author=author,
        kind=kind,
        title=_required(title, _("Give the offer a title.")),
        description=_required(description, _("Describe what you offer or need.")),
        theme=_text(theme),
    )
    audit.record(
        tenant=company.tenant,
        actor=author,
        action="directory.offer_created",
        title=offer.title,
        company=company.name,
    )
    return offer


def _locked(offer):
    return Offer.objects.select_for_update().select_related("company").get(pk=offer.pk)


@transaction.atomic
def answer_offer(*, offer, company, author, message, notify=True):
    """Another company answers an open offer or request, once; the offer's author hears of it
    by e-mail (unless ``notify=False``: the demo's history)."""
    offer = _locked(offer)
    if offer.status != S.OPEN:
        raise ValidationError(_("This offer no longer takes answers."), code="closed")
    if company.tenant_id != offer.tenant_id:
        raise ValidationError(_("Answer on behalf of a company of the programme."), code="company")
    if company.pk == offer.company_id:
        raise ValidationError(_("A company does not answer its own offer."), code="own")
    company_services.ensure_in_good_standing(company=company)
    message = _required(message, _("Write your answer."))
    try:
        with transaction.atomic():
            answer = OfferAnswer.objects.create(
                tenant=offer.tenant, offer=offer, company=company, author=author, message=message
            )
    except IntegrityError:
        raise ValidationError(
            _("%(company)s already answered this offer.") % {"company": company.name},
            code="duplicate",
        ) from None
    audit.record(
        tenant=offer.tenant,
        actor=author,
        action="directory.offer_answered",
        title=offer.title,
        company=company.name,
    )
    if notify:
        mail.queue(tasks.send_offer_answered, offer.tenant_id, answer.pk)
    return answer


@transaction.atomic
def accept_answer(*, answer, actor, notify=True):
    """The offer's company accepts one answer: the exchange is under way (the other answers
    stay, not accepted); the answering company hears of it by e-mail (unless
    ``notify=False``)."""
    offer = _locked(answer.offer)
    if offer.status != S.OPEN:
        raise ValidationError(
            _("An answer can be accepted only while the offer is open."), code="closed"
        )
    answer.accepted = True
    answer.save(update_fields=["accepted"])
    offer.status = S.IN_PROGRESS
    offer.save(update_fields=["status"])
    audit.record(
        tenant=offer.tenant,
        actor=actor,
        action="directory.offer_accepted",
        title=offer.title,
        company=answer.company.name,
    )
    if notify:
        mail.queue(tasks.send_answer_accepted, offer.tenant_id, answer.pk)
    return answer


@transaction.atomic
def mark_offer_done(*, offer, actor):
    """The exchange took place: it counts among the programme's exchanges of the year."""
    offer = _locked(offer)
    if offer.status != S.IN_PROGRESS:
        raise ValidationError(
            _("Accept an answer first: only an exchange under way can be done."), code="status"
        )
    offer.status = S.DONE
    offer.closed_at = timezone.now()
    offer.save(update_fields=["status", "closed_at"])
    audit.record(
        tenant=offer.tenant,
        actor=actor,
        action="directory.offer_done",
        title=offer.title,
        company=offer.company.name,
    )
    return offer


@transaction.atomic
def withdraw_offer(*, offer, actor):
    """The company withdraws its offer before the exchange is done."""
    offer = _locked(offer)
    if offer.status in Offer.CLOSED:
        raise ValidationError(_("This offer is already closed."), code="closed")
    offer.status = S.WITHDRAWN
    offer.closed_at = timezone.now()
    offer.save(update_fields=["status", "closed_at"])
    audit.record(
        tenant=offer.tenant,
        actor=actor,
        action="directory.offer_withdrawn",
        title=offer.title,
        company=offer.company.name,
    )
    return offer


@transaction.atomic
def thank(*, offer, from_company, author, message, notify=True):
    """One party of an exchange under way or done thanks the other (the offer's company and
    the company whose answer was accepted), once; the other party hears of it by e-mail
    (unless ``notify=False``)."""
    offer = _locked(offer)
    if offer.status not in (S.IN_PROGRESS, S.DONE):
        raise ValidationError(_("Thanks are recorded once an answer was accepted."), code="status")
    accepted = offer.answers.filter(accepted=True).select_related("company").first()
    parties = {offer.company_id: accepted.company, accepted.company_id: offer.company}
    if from_company.pk not in parties:
        raise ValidationError(
            _("Only the two companies of the exchange thank each other."), code="not_a_party"
        )
    try:
        with transaction.atomic():
            thanks = Thanks.objects.create(
                tenant=offer.tenant,
                offer=offer,
                from_company=from_company,
                to_company=parties[from_company.pk],
                author=author,
                message=_required(message, _("Write a word of thanks.")),
            )
    except IntegrityError:
        raise ValidationError(
            _("%(company)s already thanked for this exchange.") % {"company": from_company.name},
            code="duplicate",
        ) from None
    audit.record(
        tenant=offer.tenant,
        actor=author,
        action="directory.offer_thanked",
        title=offer.title,
        company=from_company.name,
        other=thanks.to_company.name,
    )
    if notify:
        mail.queue(tasks.send_thanks, offer.tenant_id, thanks.pk)
    return thanks


# --- Resources and watch (the programme team) ---------------------------------------------------


def _check_resource(resource):
    if resource.kind == Resource.Kind.LINK and (resource.file or not resource.url):
        raise ValidationError(_("A link needs its address, and no file."), code="link")
    if bool(resource.file) == bool(resource.url):
        raise ValidationError(
            _("Give either a file or the address of a link, not both."), code="file_or_link"
        )
    resource.full_clean(exclude=["tenant"])


@transaction.atomic
def create_resource(
    *,
    tenant,
    actor,
    kind,
    title,
    theme="",
    summary="",
    level=Resource.Level.ESSENTIAL,
    file=None,
    url="",
    published=True,
):
    """A resource of the library: a file (type read from its content, size limited, served
    through the protected file flow) or a link, never both."""
    resource = Resource(
        tenant=tenant,
        kind=kind,
        title=_required(title, _("Give the resource a title.")),
        theme=_text(theme),
        summary=_text(summary),
        level=level,
        url=_text(url),
        published=published,
        created_by=actor,
    )
    if file is not None:
        resource.file = file
        resource.file_name = display_name(file.name, max_length=255)
    _check_resource(resource)
    resource.save()
    audit.record(
        tenant=tenant, actor=actor, action="directory.resource_created", title=resource.title
    )
    return resource


@transaction.atomic
def update_resource(
    *, resource, actor, title, theme="", summary="", level=None, file=None, url=None
):
    """Edit a resource; a new file replaces the previous one (a link stays a link)."""
    resource.title = _required(title, _("Give the resource a title."))
    resource.theme = _text(theme)
    resource.summary = _text(summary)
    if level is not None:
        resource.level = level
    if url is not None:
        resource.url = _text(url)
    previous = resource.file.name if resource.file else ""
    if file is not None:
        resource.file = file
        resource.file_name = display_name(file.name, max_length=255)
    _check_resource(resource)
    resource.updated_at = timezone.now()
    resource.save()
    if file is not None and previous:
        resource.file.storage.delete(previous)
    audit.record(
        tenant=resource.tenant,
        actor=actor,
        action="directory.resource_updated",
        title=resource.title,
    )
    return resource


@transaction.atomic
def publish_resource(*, resource, actor, published=True):
    """Show a resource to the members again, or take it off the library (``published=False``):
    an unpublished resource and its file stay for the programme team."""
    if resource.published == published:
        return resource
    resource.published = published
    resource.save(update_fields=["published"])
    audit.record(
        tenant=resource.tenant,
        actor=actor,
        action="directory.resource_published" if published else "directory.resource_unpublished",
        title=resource.title,
    )
    return resource


def unpublish_resource(*, resource, actor):
    return publish_resource(resource=resource, actor=actor, published=False)


@transaction.atomic
def post_news(
    *, tenant, actor, title, body, theme="", source_name="", source_url="", published_at=None
):
    """A short news item of the watch (a title, a few lines, its theme and source). The weekly
    digest of the following Monday carries it to those who opted in."""
    item = NewsItem(
        tenant=tenant,
        title=_required(title, _("Give the news item a title.")),
        body=_required(body, _("Write the news item.")),
        theme=_text(theme),
        source_name=_text(source_name),
        source_url=_text(source_url),
        published_at=published_at or timezone.now(),
        author=actor,
    )
    item.full_clean(exclude=["tenant"])
    item.save()
    audit.record(tenant=tenant, actor=actor, action="directory.news_posted", title=item.title)
    return item


@transaction.atomic
def delete_news(*, item, actor):
    title = item.title
    item.delete()
    audit.record(tenant=item.tenant, actor=actor, action="directory.news_deleted", title=title)


# --- A role that ends ---------------------------------------------------------------------------


@transaction.atomic
def leave_directory(*, tenant, user):
    """The person's role in the tenant ended (or changed): they leave the directory and the
    watch digest, their consultant entry goes, and open support requests naming them as the
    consultant wait for another one. What they published for their company stays its own."""
    Profile.objects.filter(tenant=tenant, user=user).update(listed=False, wants_watch_digest=False)
    ConsultantProfile.objects.filter(tenant=tenant, user=user).delete()
    SupportRequest.objects.filter(
        tenant=tenant, consultant=user, status=SupportRequest.Status.OPEN
    ).update(consultant=None)


# --- The weekly watch, one's own choice ---------------------------------------------------------


@transaction.atomic
def set_watch_digest(*, tenant, user, actor, wanted):
    """Receive the weekly watch or stop receiving it. Only the person decides, while they hold a
    role in the tenant; the rest of their directory entry stays as it is (a person who never
    chose to appear stays unlisted)."""
    if actor is None or actor.pk != user.pk:
        raise ValidationError(_("Only the person can decide what they receive."), code="not_yours")
    if not _holds_role(tenant=tenant, user=user):
        raise ValidationError(_("You no longer hold a role here."), code="no_role")
    profile = profile_of(tenant=tenant, user=user)
    if profile.pk and profile.wants_watch_digest == bool(wanted):
        return profile
    profile.wants_watch_digest = bool(wanted)
    profile.updated_at = timezone.now()
    profile.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="directory.watch_subscribed" if wanted else "directory.watch_unsubscribed",
    )
    return profile
