from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.tenants import permissions
from rse_platform.tenants.permissions import permission_required
from rse_platform.tenants.shortcuts import tenant_reverse as _url

from . import forms, ical, selectors, services
from .models import Club, ClubMember, Event, Registration


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _managing(request):
    return permissions.can(request, "clubs.manage")


def _event(request, pk):
    event = selectors.event_with_counts(
        tenant=request.tenant, pk=pk, include_drafts=_managing(request)
    )
    if event is None:
        raise Http404
    return event


# --- Calendar ------------------------------------------------------------------------------


def _month(request):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


@permission_required("clubs.view")
def event_calendar(request, tenant_slug):
    first = _month(request)
    events = selectors.events_for_month(
        tenant=request.tenant, year=first.year, month=first.month, include_drafts=_managing(request)
    )
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(
        request,
        "clubs/calendar.html",
        {
            "first": first,
            "weeks": selectors.month_grid(year=first.year, month=first.month, events=events),
            "events": events,
            "mine": selectors.my_registrations(user=request.user, events=events),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "feed": services.feed_for(tenant=request.tenant, user=request.user),
        },
    )


@permission_required("clubs.view")
def event_list(request, tenant_slug):
    past = request.GET.get("when") == "past"
    events = selectors.events_list(
        tenant=request.tenant, include_drafts=_managing(request), past=past
    )
    return render(
        request,
        "clubs/event_list.html",
        {
            "events": events,
            "past": past,
            "mine": selectors.my_registrations(user=request.user, events=events),
            "feed": services.feed_for(tenant=request.tenant, user=request.user),
        },
    )


# --- Events --------------------------------------------------------------------------------


def _registration_context(request, event):
    registration = Registration.objects.filter(event=event, user=request.user).first()
    if registration and registration.status == Registration.Status.CANCELLED:
        registration = None
    return {
        "event": event,
        "registration": registration,
        "position": selectors.waiting_position(registration=registration) if registration else None,
        "refusal": services.registration_refusal(event=event, user=request.user),
    }


@permission_required("clubs.view")
def event_detail(request, tenant_slug, pk):
    event = _event(request, pk)
    managing = _managing(request)
    context = _registration_context(request, event)
    registration = context["registration"]
    past = event.has_started()
    context.update(
        {
            "documents": selectors.documents_of(event=event),
            "topics": list(event.topics.all()),
            "survey": selectors.survey_summary(event=event),
            "may_check_in": permissions.can(request, "clubs.check_in", event.club)
            if event.club
            else managing,
            "past": past,
        }
    )
    if (
        past
        and registration
        and registration.status == Registration.Status.CONFIRMED
        and registration.attended is not False
    ):
        answer = event.survey_answers.filter(user=request.user).first()
        context["survey_form"] = forms.SurveyForm(
            initial={"rating": answer.rating, "comment": answer.comment} if answer else None
        )
        context["answered"] = answer is not None
    if managing:
        context["registrations"] = selectors.registrations_of(event=event)
        context["register_form"] = forms.RegisterSomeoneForm(tenant=request.tenant)
        context["topics_form"] = forms.TopicsForm(
            initial={"topics": "\n".join(topic.label for topic in context["topics"])}
        )
        context["document_form"] = forms.DocumentForm()
        context["answers"] = selectors.survey_answers(event=event)
    return render(request, "clubs/event_detail.html", context)


def _event_form_view(request, event=None):
    initial = forms.EventForm.initial_from(event) if event else {}
    if event is None and request.GET.get("club"):
        club = Club.objects.filter(pk=request.GET["club"]).first()
        if club:
            initial = {"club": club.pk, "audience": Event.Audience.CLUB}
    form = forms.EventForm(request.POST or None, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if event is None:
                event = services.create_event(
                    tenant=request.tenant, actor=request.user, **form.event_fields()
                )
                messages.success(request, _("Event created as a draft: publish it to invite."))
            else:
                event = services.update_event(
                    event=event, actor=request.user, **form.event_fields()
                )
                messages.success(request, _("Event saved."))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect(_url(request, "event_detail", pk=event.pk))
    return render(request, "clubs/event_form.html", {"form": form, "event": event})


@permission_required("clubs.manage")
def event_create(request, tenant_slug):
    return _event_form_view(request)


@permission_required("clubs.manage")
def event_edit(request, tenant_slug, pk):
    return _event_form_view(request, get_object_or_404(Event, pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_publish(request, tenant_slug, pk):
    event = get_object_or_404(Event, pk=pk)
    try:
        services.publish_event(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Event published: its audience is being invited."))
    return redirect(_url(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_cancel(request, tenant_slug, pk):
    event = get_object_or_404(Event, pk=pk)
    services.cancel_event(event=event, actor=request.user)
    messages.success(request, _("Event cancelled."))
    return redirect(_url(request, "event_detail", pk=pk))


def _registration_response(request, event, error=None):
    """htmx swaps the registration box in place; without htmx, back to the event page."""
    if request.htmx:
        event = _event(request, event.pk)
        context = _registration_context(request, event)
        context["error"] = error
        return render(request, "clubs/partials/registration_box.html", context)
    if error:
        messages.error(request, error)
    return redirect(_url(request, "event_detail", pk=event.pk))


@require_POST
@permission_required("clubs.take_part")
def event_register(request, tenant_slug, pk):
    event = _event(request, pk)
    try:
        registration = services.register(event=event, user=request.user)
    except ValidationError as error:
        return _registration_response(request, event, " ".join(error.messages))
    if not request.htmx:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The event is full: you are on the waiting list."))
    return _registration_response(request, event)


@require_POST
@permission_required("clubs.take_part")
def event_unregister(request, tenant_slug, pk):
    event = _event(request, pk)
    registration = Registration.objects.filter(event=event, user=request.user).first()
    if registration is None:
        raise Http404
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except ValidationError as error:
        return _registration_response(request, event, " ".join(error.messages))
    if not request.htmx:
        messages.success(request, _("Your registration is cancelled."))
    return _registration_response(request, event)


@require_POST
@permission_required("clubs.manage")
def event_register_someone(request, tenant_slug, pk):
    event = get_object_or_404(Event, pk=pk)
    form = forms.RegisterSomeoneForm(request.POST, tenant=request.tenant)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            registration = services.register(event=event, user=person, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.")
                % {"person": person.display_name, "status": registration.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a person of the programme."))
    return redirect(_url(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def registration_cancel(request, tenant_slug, pk):
    registration = get_object_or_404(Registration.objects.select_related("user"), pk=pk)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Registration of %(person)s cancelled.") % {"person": registration.user.display_name},
        )
    return redirect(_url(request, "event_detail", pk=registration.event_id))


@permission_required("clubs.view")
def event_ics(request, tenant_slug, pk):
    event = _event(request, pk)
    content = ical.calendar_for(
        [event],
        name=event.title,
        base_url=request.build_absolute_uri(_url(request, "event_detail", pk=pk)),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


# --- Check-in, survey, topics, documents -------------------------------------------------


def _check_in_event(request, pk):
    event = _event(request, pk)
    if event.club is not None:
        permissions.check(request, "clubs.check_in", event.club)
    else:
        permissions.check(request, "clubs.manage")
    return event


@permission_required("clubs.view")
def event_check_in(request, tenant_slug, pk):
    event = _check_in_event(request, pk)
    people = list(selectors.check_in_list(event=event))
    return render(
        request,
        "clubs/check_in.html",
        {
            "event": event,
            "people": people,
            "present": sum(1 for person in people if person.attended),
            "today_or_later": timezone.localdate(event.starts_at) <= timezone.localdate(),
        },
    )


@require_POST
@permission_required("clubs.view")
def registration_attendance(request, tenant_slug, pk):
    registration = get_object_or_404(Registration.objects.select_related("user", "company"), pk=pk)
    event = _check_in_event(request, registration.event_id)
    error = None
    try:
        services.record_attendance(
            registration=registration,
            attended=request.POST.get("attended") == "1",
            actor=request.user,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        return render(
            request,
            "clubs/partials/check_in_row.html",
            {"person": registration, "event": event, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(_url(request, "event_check_in", pk=event.pk))


@require_POST
@permission_required("clubs.view")
def event_no_shows(request, tenant_slug, pk):
    event = _check_in_event(request, pk)
    try:
        count = services.record_no_shows(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s no-show(s) recorded.") % {"count": count})
    return redirect(_url(request, "event_check_in", pk=pk))


@require_POST
@permission_required("clubs.take_part")
def event_survey(request, tenant_slug, pk):
    event = _event(request, pk)
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.answer_survey(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your answer."))
    else:
        messages.error(request, _("Give a satisfaction from 1 to 5."))
    return redirect(_url(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_topics(request, tenant_slug, pk):
    event = get_object_or_404(Event, pk=pk)
    form = forms.TopicsForm(request.POST)
    if form.is_valid():
        services.set_topics(event=event, labels=form.labels(), actor=request.user)
        messages.success(request, _("Topics saved."))
    return redirect(_url(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_document_add(request, tenant_slug, pk):
    event = get_object_or_404(Event, pk=pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Document shared."))
    else:
        messages.error(request, _("Give the document a title and choose a file."))
    return redirect(_url(request, "event_detail", pk=pk))


# --- Clubs ---------------------------------------------------------------------------------


@permission_required("clubs.view")
def club_list(request, tenant_slug):
    clubs = list(selectors.clubs_for_list(tenant=request.tenant))
    positions = selectors.positions_of(tenant=request.tenant, user=request.user)
    statuses = selectors.my_club_statuses(tenant=request.tenant, user=request.user)
    rows = [
        {
            "club": club,
            "status": statuses.get(club.pk),
            "eligibility": services.eligibility(club=club, user=request.user, positions=positions),
            "headcount_rule": services.headcount_rule(club),
        }
        for club in clubs
    ]
    return render(request, "clubs/club_list.html", {"rows": rows})


@permission_required("clubs.view")
def club_detail(request, tenant_slug, pk):
    club = get_object_or_404(Club.objects.select_related("facilitator"), pk=pk)
    managing = _managing(request)
    upcoming = selectors.events_list(
        tenant=request.tenant, include_drafts=managing, past=False, club=club
    )
    past = selectors.events_list(
        tenant=request.tenant, include_drafts=managing, past=True, club=club
    )
    membership = ClubMember.objects.filter(club=club, user=request.user).first()
    context = {
        "club": club,
        "upcoming": upcoming,
        "past_events": past,
        "mine": selectors.my_registrations(user=request.user, events=upcoming + past),
        "membership": membership,
        "eligibility": services.eligibility(club=club, user=request.user),
        "headcount_rule": services.headcount_rule(club),
        "feed_url": request.build_absolute_uri(_url(request, "club_feed", token=club.feed_token)),
    }
    if managing:
        context["members"] = selectors.club_members(club=club)
        context["add_form"] = forms.AddMemberForm(candidates=selectors.people_to_add(club=club))
    else:
        context["members"] = selectors.club_members(club=club).filter(
            status=ClubMember.Status.ACTIVE
        )
    return render(request, "clubs/club_detail.html", context)


def _club_form_view(request, club=None):
    initial = {}
    if club is not None:
        initial = {
            name: getattr(club, name)
            for name in forms.ClubForm.base_fields
            if name != "facilitator"
        }
        initial["facilitator"] = club.facilitator_id
    form = forms.ClubForm(request.POST or None, tenant=request.tenant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if club is None:
                club = services.create_club(
                    tenant=request.tenant, actor=request.user, **form.cleaned_data
                )
            else:
                club = services.update_club(club=club, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Club saved."))
            return redirect(_url(request, "club_detail", pk=club.pk))
    return render(request, "clubs/club_form.html", {"form": form, "club": club})


@permission_required("clubs.manage")
def club_create(request, tenant_slug):
    return _club_form_view(request)


@permission_required("clubs.manage")
def club_edit(request, tenant_slug, pk):
    return _club_form_view(request, get_object_or_404(Club, pk=pk))


@require_POST
@permission_required("clubs.take_part")
def club_join(request, tenant_slug, pk):
    club = get_object_or_404(Club, pk=pk)
    try:
        services.request_to_join(club=club, user=request.user)
    except ValidationError as error:
        for reason in error.messages:
            messages.error(request, reason)
    else:
        messages.success(
            request, _("Your request is sent: the programme team will answer it shortly.")
        )
    return redirect(_url(request, "club_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def club_member_add(request, tenant_slug, pk):
    club = get_object_or_404(Club, pk=pk)
    form = forms.AddMemberForm(request.POST, candidates=selectors.people_to_add(club=club))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_club_member(club=club, user=person, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("%(person)s joined the club.") % {"person": person.display_name}
            )
    else:
        messages.error(request, _("Choose a person of the programme."))
    return redirect(_url(request, "club_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def club_member_accept(request, tenant_slug, pk):
    member = get_object_or_404(ClubMember.objects.select_related("club", "user"), pk=pk)
    try:
        services.accept_join_request(member=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s joined the club.") % {"person": member.user.display_name}
        )
    return redirect(_url(request, "club_detail", pk=member.club_id))


@require_POST
@permission_required("clubs.manage")
def club_member_remove(request, tenant_slug, pk):
    member = get_object_or_404(ClubMember.objects.select_related("club", "user"), pk=pk)
    services.remove_club_member(member=member, actor=request.user)
    messages.success(
        request, _("%(person)s is no longer in the club.") % {"person": member.user.display_name}
    )
    return redirect(_url(request, "club_detail", pk=member.club_id))


@permission_required("clubs.figures")
def club_figures(request, tenant_slug):
    return render(
        request,
        "clubs/figures.html",
        {
            "summary": selectors.programme_summary(tenant=request.tenant),
            "clubs": selectors.club_figures(tenant=request.tenant),
            "events": selectors.event_figures(tenant=request.tenant),
            "companies": selectors.company_participation(tenant=request.tenant),
        },
    )


# --- Private iCalendar feeds (no login: the token is the key) ------------------------------


def _ics_response(request, events, name):
    def url_for(event):
        return request.build_absolute_uri(_url(request, "event_detail", pk=event.pk))

    content = ical.calendar_for(events, name=name, url_for=url_for)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def my_calendar_feed(request, tenant_slug, token):
    feed = selectors.feed_by_token(tenant=request.tenant, token=token)
    if feed is None:
        raise Http404
    name = f"{request.tenant.name} — {feed.user.display_name}"
    return _ics_response(request, selectors.personal_feed_events(feed=feed), name)


my_calendar_feed.tenant_public = True


def club_feed(request, tenant_slug, token):
    club = selectors.club_by_feed_token(tenant=request.tenant, token=token)
    if club is None:
        raise Http404
    return _ics_response(request, selectors.club_feed_events(club=club), club.name)


club_feed.tenant_public = True
