"""Good practices and the service exchange: thin views over the directory's services and
selectors.

Everyone with a role reads the published practices and the exchange (``directory.view``); a
company's people write for their company and the programme team for any (``directory.publish``,
held on the companies one acts for); the programme team features practices
(``directory.manage``). Pages render the selectors' cards, which hold only what each person
chose to show. A row of another company one may not act for answers 404, like a missing one.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Company, CompanyMember
from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions, registry
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table

from .. import selectors, services
from ..forms.exchange import (
    AnswerForm,
    CloseForm,
    FeatureForm,
    OfferForm,
    PracticeDocumentForm,
    PracticeForm,
    PublishForm,
    RemoveDocumentForm,
    ThanksForm,
)
from ..models import Offer, OfferAnswer, Practice, PracticeDocument
from .common import known_themes, query_text, themes_of

VIEW = "directory.view"
PUBLISH = "directory.publish"
MANAGE = "directory.manage"
TOPICS_SHOWN = 8  # topics treated in club events beside a list of practices
DRAFTS_SHOWN = 10
S = Offer.Status


def _companies(request):
    """The companies the person acts for in the directory (their own; every one for the
    programme team), by name."""
    return permissions.visible(request, PUBLISH, Company.objects.all()).order_by(
        Natural("name"), "pk"
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Good practices -----------------------------------------------------------------------------


def _practices_seen(request):
    """The published practices, and the drafts of the companies the person acts for."""
    companies = permissions.visible(request, PUBLISH, Company.objects.all())
    return permissions.visible(request, VIEW, Practice.objects.all()).filter(
        Q(published=True) | Q(company__in=companies.values("pk"))
    )


def _own_practice(request, pk):
    """A practice of a company the person acts for; any other answers 404."""
    companies = permissions.visible(request, PUBLISH, Company.objects.all())
    return get_object_or_404(
        Practice.objects.filter(company__in=companies.values("pk")).select_related("company"),
        pk=pk,
    )


@permission_required(VIEW)
def practice_list(request, tenant_slug):
    """The published practices, featured first then the latest, by theme or company; the topics
    treated in club events beside them; the drafts of the person's companies."""
    theme = query_text(request, "theme")
    published = selectors.published_practices(tenant=request.tenant, viewer=request)
    company = None
    company_pk = _int(request.GET.get("company"))
    if company_pk:
        company = Company.objects.filter(tenant=request.tenant, pk=company_pk).first()
    rows = selectors.published_practices(
        tenant=request.tenant, viewer=request, theme=theme, company=company
    )
    table = Table(
        request=request,
        queryset=rows,
        columns=[Column("recent", _("Featured, then the latest"), ("featured", "published_at"))],
        default="-recent",
        per_page=24,
        label=_("good practices"),
        target="practice-list",
    )
    cards = selectors.practice_cards(table.rows)
    topics = registry.topics_for(tenant=request.tenant, theme=theme or None, viewer=request)
    context = {
        "table": table,
        "cards": cards,
        "topics": topics[:TOPICS_SHOWN],
        "topics_count": len(topics),
        "theme": theme,
        "company": company,
    }
    if table.is_swap():
        return render(request, "directory/exchange/partials/practice_cards.html", context)
    context["themes"] = themes_of(published)
    context["companies"] = list(
        Company.objects.filter(pk__in=published.values("company"))
        .order_by(Natural("name"), "pk")
        .values_list("pk", "name")
    )
    if permissions.may_reach(request, PUBLISH):
        drafts = Practice.objects.filter(
            company__in=_companies(request).values("pk"), published=False
        ).select_related("company")
        context["drafts"] = list(drafts.order_by("-updated_at", "-pk")[: DRAFTS_SHOWN + 1])
        context["may_write"] = _companies(request).exists()
    return render(request, "directory/exchange/practice_list.html", context)


@permission_required(VIEW)
def practice_detail(request, tenant_slug, pk):
    practice = get_object_or_404(_practices_seen(request).select_related("company"), pk=pk)
    (card,) = selectors.practice_cards(Practice.objects.filter(pk=practice.pk))
    return render(
        request,
        "directory/exchange/practice_detail.html",
        {
            "card": card,
            "draft": not practice.published,
            "may_edit": permissions.can(request, PUBLISH, practice.company),
            "may_feature": practice.published and permissions.can(request, MANAGE),
            "topics": (
                registry.topics_for(tenant=request.tenant, theme=practice.theme, viewer=request)
                if practice.theme
                else []
            ),
        },
    )


def _company_people(request):
    """Anyone working for a company of the tenant (the service checks it is the practice's)."""
    return get_user_model().objects.filter(
        pk__in=CompanyMember.objects.filter(tenant=request.tenant).values("user")
    )


def _practice_form(request, practice=None, *, sent=True):
    """The practice's form, bound to the request's POST when ``sent``."""
    companies = _companies(request) if practice is None else None
    if practice is None:
        me = CompanyMember.objects.filter(tenant=request.tenant, user=request.user).exists()
        initial = {"contact": request.user.email if me else ""}
        company_pk = _int(request.GET.get("company"))
        if company_pk:
            initial["company"] = company_pk
    else:
        initial = {
            "title": practice.title,
            "theme": practice.theme,
            "context": practice.context,
            "what_was_done": practice.what_was_done,
            "results": practice.results,
            "figures": practice.figures,
            "contact": practice.contact.email if practice.contact else "",
        }
    return PracticeForm(
        request.POST if sent and request.method == "POST" else None,
        companies=companies,
        people=_company_people(request),
        initial=initial,
    )


def _practice_page(request, form, practice=None, *, document_form=None, status=200):
    documents = list(practice.documents.all()) if practice else []
    return render(
        request,
        "directory/exchange/practice_form.html",
        {
            "form": form,
            "practice": practice,
            "documents": documents,
            "document_form": document_form or (PracticeDocumentForm() if practice else None),
            "themes": known_themes(request, Practice),
        },
        status=status,
    )


@permission_required(PUBLISH)
def practice_create(request, tenant_slug):
    """A company's people write a practice for it (the programme team for any company): a
    draft until they publish it."""
    form = _practice_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.create_practice(
                company=form.cleaned_data["company"],
                actor=request.user,
                **form.fields_for_service(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("The practice is saved as a draft: add its documents if any, then publish it."),
            )
            return redirect(_url(request, "practice_detail", pk=practice.pk))
    return _practice_page(request, form, status=400 if request.method == "POST" else 200)


@permission_required(PUBLISH)
def practice_edit(request, tenant_slug, pk):
    """The practice and its documents: ``op=upload`` adds one (its type read from its content,
    its size limited), ``op=remove`` removes one, anything else saves the text."""
    practice = _own_practice(request, pk)
    op = request.POST.get("op", "save") if request.method == "POST" else ""
    if op == "upload":
        return _upload_document(request, practice)
    if op == "remove":
        form = RemoveDocumentForm(request.POST, documents=practice.documents.all())
        if form.is_valid():
            services.remove_practice_document(
                document=form.cleaned_data["document"], actor=request.user
            )
            messages.success(request, _("The document is removed."))
        return redirect(_url(request, "practice_edit", pk=practice.pk) + "#documents")
    form = _practice_form(request, practice)
    if op and form.is_valid():
        try:
            services.update_practice(
                practice=practice, actor=request.user, **form.fields_for_service()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The practice is saved."))
            return redirect(_url(request, "practice_detail", pk=practice.pk))
    return _practice_page(request, form, practice, status=400 if op else 200)


def _upload_document(request, practice):
    document_form = PracticeDocumentForm(request.POST, request.FILES)
    if document_form.is_valid():
        try:
            services.add_practice_document(
                practice=practice, upload=document_form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            document_form.add_service_error(error)
        else:
            messages.success(request, _("The document is added to the practice."))
            return redirect(_url(request, "practice_edit", pk=practice.pk) + "#documents")
    form = _practice_form(request, practice, sent=False)  # its fields were not sent
    return _practice_page(request, form, practice, document_form=document_form, status=400)


@require_POST
@permission_required(PUBLISH)
def practice_publish(request, tenant_slug, pk):
    """Publish the practice to the members (``publish=1``) or take it back to a draft."""
    practice = _own_practice(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether to publish the practice or not."))
    elif form.cleaned_data["publish"]:
        try:
            services.publish_practice(practice=practice, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("The practice is published: the members see it."))
    else:
        services.unpublish_practice(practice=practice, actor=request.user)
        messages.success(request, _("The practice is back to a draft: only your company sees it."))
    return redirect(_url(request, "practice_detail", pk=practice.pk))


@require_POST
@permission_required(MANAGE)
def practice_feature(request, tenant_slug, pk):
    """The programme team puts a published practice forward, or stops featuring it."""
    practice = get_visible_or_404(
        request, MANAGE, Practice.objects.select_related("company"), pk=pk
    )
    form = FeatureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether to feature the practice or not."))
        return redirect(_url(request, "practice_detail", pk=practice.pk))
    featured = form.cleaned_data["featured"]
    try:
        services.feature_practice(practice=practice, actor=request.user, featured=featured)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("The practice is featured: it comes first in the list.")
            if featured
            else _("The practice is no longer featured."),
        )
    return redirect(_url(request, "practice_detail", pk=practice.pk))


@file_view
@permission_required(VIEW)
def practice_document(request, tenant_slug, pk):
    """A document of a practice the person may read (published, or a draft of their own)."""
    document = get_object_or_404(
        PracticeDocument.objects.filter(practice__in=_practices_seen(request).values("pk")),
        pk=pk,
    )
    return serve(request, document.file, filename=document.name, inline=True)


# --- The service exchange -----------------------------------------------------------------------

STATUS_FILTERS = {"open": S.OPEN, "in_progress": S.IN_PROGRESS, "done": S.DONE, "all": ""}


@permission_required(VIEW)
def offer_list(request, tenant_slug):
    """Offers and requests, by kind, status (the open ones first shown) and theme, the newest
    first, paginated in the database."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in Offer.Kind.values else ""
    status = request.GET.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    theme = query_text(request, "theme")
    rows = selectors.offers(
        tenant=request.tenant,
        viewer=request,
        status=STATUS_FILTERS[status],
        kind=kind,
        theme=theme,
    )
    if status == "all":
        rows = rows.exclude(status=S.WITHDRAWN)
    table = Table(
        request=request,
        queryset=rows,
        columns=[
            Column("title", _("Title"), (Natural("title"),)),
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("created", _("Posted on"), ("created_at",)),
            Column("answers", _("Answers"), ("answer_count",), align="end"),
        ],
        default="-created",
        label=_("offers and requests"),
        target="offer-list",
    )
    context = {
        "table": table,
        "kind": kind,
        "status": status,
        "theme": theme,
        "kinds": Offer.Kind.choices,
        "statuses": [
            ("open", _("Open")),
            ("in_progress", _("In progress")),
            ("done", _("Done")),
            ("all", _("All")),
        ],
    }
    if table.is_swap():
        return render(request, "directory/exchange/partials/offer_table.html", context)
    context["themes"] = themes_of(Offer.objects.filter(tenant=request.tenant))
    context["may_post"] = permissions.may_reach(request, PUBLISH)
    return render(request, "directory/exchange/offer_list.html", context)


@permission_required(PUBLISH)
def offer_create(request, tenant_slug):
    """A company offers a service or asks for one, free of charge."""
    initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Offer.Kind else {}
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        companies=_companies(request),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = services.create_offer(
                company=data["company"],
                author=request.user,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                theme=data["theme"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("It is on the exchange: you hear by e-mail when a company answers.")
            )
            return redirect(_url(request, "offer_detail", pk=offer.pk))
    return render(
        request,
        "directory/exchange/offer_form.html",
        {"form": form, "themes": known_themes(request, Practice)},
        status=400 if request.method == "POST" else 200,
    )


def _offer(request, pk):
    return get_visible_or_404(
        request, VIEW, Offer.objects.select_related("company", "author"), pk=pk
    )


def _answer_companies(request, offer, answered):
    """The companies the person may answer the offer for: theirs, but not the offer's, nor one
    that already answered."""
    return _companies(request).exclude(pk=offer.company_id).exclude(pk__in=answered)


def _offer_page(request, offer, *, answer_form=None, thanks_form=None, status=200):
    """The offer, its answers (in full to the parties and the programme team; each company sees
    its own), its thanks, and what the person may do: answer, accept, close, thank."""
    answers = list(selectors.answers_of(offer=offer).select_related("author"))
    accepted = next((answer for answer in answers if answer.accepted), None)
    thanks = list(offer.thanks.select_related("from_company", "to_company"))
    involved = {offer.company_id, *(answer.company_id for answer in answers)}
    acting = set(
        permissions.visible(request, PUBLISH, Company.objects.filter(pk__in=involved)).values_list(
            "pk", flat=True
        )
    )
    own = offer.company_id in acting
    sees_all = own or permissions.can(request, MANAGE)
    if answer_form is None and offer.status == S.OPEN and permissions.may_reach(request, PUBLISH):
        companies = _answer_companies(request, offer, [answer.company_id for answer in answers])
        if companies.exists():
            answer_form = AnswerForm(companies=companies)
    if thanks_form is None and accepted is not None:
        thanking = _thanking_companies(offer, accepted, acting, thanks)
        if thanking:
            thanks_form = ThanksForm(companies=Company.objects.filter(pk__in=thanking))
    return render(
        request,
        "directory/exchange/offer_detail.html",
        {
            "offer": offer,
            "answers": [answer for answer in answers if sees_all or answer.company_id in acting],
            "answer_count": len(answers),
            "accepted": accepted,
            "thanks": thanks,
            "own": own,
            "may_accept": own and offer.status == S.OPEN,
            "may_withdraw": own and offer.status in (S.OPEN, S.IN_PROGRESS),
            "may_mark_done": own and offer.status == S.IN_PROGRESS,
            "answer_form": answer_form,
            "thanks_form": thanks_form,
        },
        status=status,
    )


def _thanking_companies(offer, accepted, acting, thanks):
    """The parties of the exchange the person acts for that have not thanked yet."""
    done = {row.from_company_id for row in thanks}
    parties = {offer.company_id, accepted.company_id}
    return sorted((parties & acting) - done)


@permission_required(VIEW)
def offer_detail(request, tenant_slug, pk):
    return _offer_page(request, _offer(request, pk))


@require_POST
@permission_required(PUBLISH)
def offer_answer(request, tenant_slug, pk):
    """Another company answers an open offer or request; its author hears of it by e-mail."""
    offer = _offer(request, pk)
    answered = OfferAnswer.objects.filter(offer=offer).values("company")
    form = AnswerForm(request.POST, companies=_answer_companies(request, offer, answered))
    if form.is_valid():
        try:
            services.answer_offer(
                offer=offer,
                company=form.cleaned_data["company"],
                author=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Your answer is sent: %(company)s hears of it by e-mail.")
                % {"company": offer.company.name},
            )
            return redirect(_url(request, "offer_detail", pk=offer.pk))
    return _offer_page(request, offer, answer_form=form, status=400)


@require_POST
@permission_required(PUBLISH)
def answer_accept(request, tenant_slug, pk):
    """The offer's company accepts one answer: the exchange is under way."""
    answer = get_object_or_404(
        OfferAnswer.objects.filter(
            offer__company__in=_companies(request).values("pk")
        ).select_related("offer", "company"),
        pk=pk,
    )
    try:
        services.accept_answer(answer=answer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("You accepted the answer of %(company)s: the exchange is under way.")
            % {"company": answer.company.name},
        )
    return redirect(_url(request, "offer_detail", pk=answer.offer_id))


@require_POST
@permission_required(PUBLISH)
def offer_close(request, tenant_slug, pk):
    """The offer's company marks the exchange done (once an answer was accepted) or withdraws
    the offer (before it is done)."""
    offer = get_object_or_404(
        Offer.objects.filter(company__in=_companies(request).values("pk")), pk=pk
    )
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the exchange is done or withdrawn."))
        return redirect(_url(request, "offer_detail", pk=offer.pk))
    done = form.cleaned_data["outcome"] == S.DONE
    try:
        if done:
            services.mark_offer_done(offer=offer, actor=request.user)
        else:
            services.withdraw_offer(offer=offer, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("The exchange is done: thank the other company for it.")
            if done
            else _("The offer is withdrawn."),
        )
    return redirect(_url(request, "offer_detail", pk=offer.pk))


@require_POST
@permission_required(PUBLISH)
def offer_thank(request, tenant_slug, pk):
    """One party of the exchange thanks the other, once; the thanks stay on the page."""
    companies = _companies(request).values("pk")
    accepted_here = OfferAnswer.objects.filter(
        offer=OuterRef("pk"), accepted=True, company__in=companies
    )
    offer = get_object_or_404(
        Offer.objects.filter(Q(company__in=companies) | Q(Exists(accepted_here))).select_related(
            "company", "author"
        ),
        pk=pk,
    )
    accepted = offer.answers.filter(accepted=True).first()
    if accepted is None:
        messages.error(request, _("Thanks are recorded once an answer was accepted."))
        return redirect(_url(request, "offer_detail", pk=offer.pk))
    parties = Company.objects.filter(pk__in=[offer.company_id, accepted.company_id])
    form = ThanksForm(request.POST, companies=_companies(request).filter(pk__in=parties))
    if form.is_valid():
        try:
            services.thank(
                offer=offer,
                from_company=form.cleaned_data["company"],
                author=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your thanks are recorded: the other company reads them."))
            return redirect(_url(request, "offer_detail", pk=offer.pk) + "#thanks")
    return _offer_page(request, offer, thanks_form=form, status=400)
