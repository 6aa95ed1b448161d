"""Clubs and events. Every event is fetched through ``clubs.view_event`` (members-only events
stay within their club), every club's private life through ``clubs.view_private``."""

from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rse_platform.files.serving import file_view, serve
from rse_platform.tenants import permissions
from rse_platform.tenants.models import Membership
from rse_platform.tenants.permissions import get_visible_or_404, permission_required
from rse_platform.tenants.shortcuts import tenant_reverse
from rse_platform.web.forms import error_message
from rse_platform.web.tables import Column, Natural, Table

from . import forms, ical, selectors, services
from .models import Club, ClubMember, Event, Registration


def _events(request):
    """The events the person may see: the tenant's open ones, the members-only ones of their
    clubs; drafts for the programme team."""
    return permissions.visible(request, "clubs.view_event", Event.objects.all())


def _event(request, pk):
    events = selectors.with_counts(Event.objects.select_related("tenant"))
    return get_visible_or_404(request, "clubs.view_event", events, pk=pk)


def _managed(model, request, pk, *related):
    return get_visible_or_404(
        request, "clubs.manage", model.objects.select_related(*related), pk=pk
    )


def _form_error(form):
    """A form's errors as one sentence, for the boxes htmx swaps in place."""
    return " ".join(message for errors in form.errors.values() for message in errors)


def _person_name(prefix="user__"):
    return (Natural(f"{prefix}last_name"), Natural(f"{prefix}first_name"))


# The calendar's month as a grid or a list; without a choice, the list on a phone (CSS).
CALENDAR_VIEWS = ("grid", "list")


# --- Calendar ------------------------------------------------------------------------------


def _month(request):
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except (ValueError, OverflowError):
        return today.replace(day=1)


@permission_required("clubs.view")
def event_calendar(request, tenant_slug):
    first = _month(request)
    events = selectors.events_for_month(events=_events(request), year=first.year, month=first.month)
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    view = request.GET.get("view", "")
    return render(
        request,
        "clubs/calendar.html",
        {
            "view": view if view in CALENDAR_VIEWS else "",
            "first": first,
            "weeks": selectors.month_grid(year=first.year, month=first.month, events=events),
            "events": events,
            "mine": selectors.my_registrations(user=request.user, events=events),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "feed": services.feed_for(tenant=request.tenant, user=request.user),
        },
    )


def event_table(request, events, *, past):
    """The events table: by date (the coming first, or the latest past first), title or fill
    rate (seats taken out of the capacity; events without a limit last)."""
    return Table(
        request=request,
        queryset=events,
        columns=[
            Column("date", _("Date"), ("starts_at",)),
            Column("title", _("Event"), (Natural("title"),)),
            Column("fill", _("Fill rate"), ("fill_rate",), align="end"),
        ],
        default="-date" if past else "date",
        label=_("events"),
        target="event-table",
    )


@permission_required("clubs.view")
def event_list(request, tenant_slug):
    managing = permissions.can(request, "clubs.manage")
    filter_form = forms.EventFilterForm(request.GET, tenant=request.tenant, managing=managing)
    filters = filter_form.values()
    past = filters["when"] == "past"
    events = selectors.events_table(
        events=_events(request),
        period="past" if past else "upcoming",
        club=filters["club"],
        status=filters["status"],
    )
    table = event_table(request, events, past=past)
    context = {
        "table": table,
        "past": past,
        "filters": filters,
        "filter_form": filter_form,
        "mine": selectors.my_registrations(user=request.user, events=table.rows),
    }
    if table.is_swap():
        return render(request, "clubs/partials/event_table.html", context)
    context["feed"] = services.feed_for(tenant=request.tenant, user=request.user)
    return render(request, "clubs/event_list.html", context)


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


def registration_table(request, event):
    """An event's registrations for the programme team: by name, company or status (seats,
    waiting list in its order, excused, cancelled), one status at a time if asked."""
    return Table(
        request=request,
        queryset=selectors.registrations_table(event=event, status=request.GET.get("status")),
        columns=[
            Column("name", _("Name"), _person_name()),
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("status", _("Status"), ("status_rank", "waitlisted_at", *_person_name())),
        ],
        default="status",
        label=_("registrations"),
        target="registration-table",
    )


@permission_required("clubs.view")
def event_detail(request, tenant_slug, pk):
    event = _event(request, pk)
    managing = permissions.can(request, "clubs.manage")
    context = _registration_context(request, event)
    registration = context["registration"]
    past = event.has_started()
    context.update(
        {
            "documents": selectors.documents_of(event=event),
            "topics": list(event.topics.all()),
            "survey": selectors.survey_summary(event=event),
            "may_check_in": permissions.can(request, "clubs.check_in", event.club),
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
        context["survey_form"] = forms.SurveyForm(instance=answer)
        context["answered"] = answer is not None
    if managing:
        table = registration_table(request, event)
        context["table"] = table
        context["status"] = request.GET.get("status", "")
        context["counts"] = selectors.registration_counts(event=event)
        if table.is_swap():
            return render(request, "clubs/partials/registration_table.html", context)
        context["register_form"] = forms.RegisterSomeoneForm(tenant=request.tenant)
        context["topics_form"] = forms.TopicsForm(
            initial={"topics": "\n".join(topic.label for topic in context["topics"])}
        )
        context["document_form"] = forms.DocumentForm()
        context["answers"] = selectors.survey_answers(event=event)
    return render(request, "clubs/event_detail.html", context)


def _event_form_view(request, event=None, initial=None):
    form = forms.EventForm(
        request.POST or None, instance=event, initial=initial, tenant=request.tenant
    )
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
            form.add_service_error(error)
        else:
            return redirect(tenant_reverse(request, "event_detail", pk=event.pk))
    return render(request, "clubs/event_form.html", {"form": form, "event": event})


@permission_required("clubs.manage")
def event_create(request, tenant_slug):
    """``?club=<id>`` starts a members-only event of that club; any other value is a 404."""
    preset = forms.ClubChoiceForm(request.GET, tenant=request.tenant)
    if not preset.is_valid():
        raise Http404
    club = preset.cleaned_data["club"]
    initial = {"club": club.pk, "audience": Event.Audience.CLUB} if club else None
    return _event_form_view(request, initial=initial)


@permission_required("clubs.manage")
def event_edit(request, tenant_slug, pk):
    return _event_form_view(request, _managed(Event, request, pk))


@require_POST
@permission_required("clubs.manage")
def event_publish(request, tenant_slug, pk):
    event = _managed(Event, request, pk)
    try:
        services.publish_event(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("Event published: its audience is being invited."))
    return redirect(tenant_reverse(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_cancel(request, tenant_slug, pk):
    event = _managed(Event, request, pk)
    services.cancel_event(event=event, actor=request.user)
    messages.success(request, _("Event cancelled."))
    return redirect(tenant_reverse(request, "event_detail", pk=pk))


def _registration_response(request, event, error=None):
    """htmx swaps the registration box in place; without htmx, back to the event page."""
    if request.htmx:
        event = _event(request, event.pk)
        context = _registration_context(request, event)
        context["error"] = error
        return render(request, "clubs/partials/registration_box.html", context)
    if error:
        messages.error(request, error)
    return redirect(tenant_reverse(request, "event_detail", pk=event.pk))


@require_POST
@permission_required("clubs.take_part")
def event_register(request, tenant_slug, pk):
    event = _event(request, pk)
    try:
        registration = services.register(event=event, user=request.user)
    except ValidationError as error:
        return _registration_response(request, event, error_message(error))
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
    registration = get_object_or_404(Registration, event=event, user=request.user)
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except ValidationError as error:
        return _registration_response(request, event, error_message(error))
    if not request.htmx:
        messages.success(request, _("Your registration is cancelled."))
    return _registration_response(request, event)


@require_POST
@permission_required("clubs.take_part")
def event_excuse(request, tenant_slug, pk):
    """The person says, with a reason, that they cannot come (before the event starts)."""
    event = _event(request, pk)
    form = forms.ExcuseForm(request.POST)
    if not form.is_valid():
        return _registration_response(request, event, _form_error(form))
    try:
        services.excuse(event=event, user=request.user, reason=form.cleaned_data["excuse"])
    except ValidationError as error:
        return _registration_response(request, event, error_message(error))
    if not request.htmx:
        messages.success(request, _("Noted: you are excused from this event."))
    return _registration_response(request, event)


@require_POST
@permission_required("clubs.manage")
def event_register_someone(request, tenant_slug, pk):
    event = _managed(Event, request, pk)
    form = forms.RegisterSomeoneForm(request.POST, tenant=request.tenant)
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            registration = services.register(event=event, user=person, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.")
                % {"person": person.display_name, "status": registration.get_status_display()},
            )
    else:
        messages.error(request, _("Choose a person of the programme."))
    return redirect(tenant_reverse(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def registration_cancel(request, tenant_slug, pk):
    registration = _managed(Registration, request, pk, "user")
    try:
        services.cancel_registration(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request,
            _("Registration of %(person)s cancelled.") % {"person": registration.user.display_name},
        )
    return redirect(tenant_reverse(request, "event_detail", pk=registration.event_id))


@permission_required("clubs.view")
def event_ics(request, tenant_slug, pk):
    event = _event(request, pk)
    content = ical.calendar_for(
        [event],
        name=event.title,
        base_url=request.build_absolute_uri(tenant_reverse(request, "event_detail", pk=pk)),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


# --- Check-in, survey, topics, documents -------------------------------------------------


def _check_in_event(request, pk):
    """An event the person sees (404 otherwise) and may check people in at (403 otherwise): the
    programme team, or the club's facilitator while they hold the grant (it ends with their
    facilitation or their role)."""
    event = _event(request, pk)
    permissions.check(request, "clubs.check_in", event.club)
    return event


@permission_required("clubs.view")
def event_check_in(request, tenant_slug, pk):
    event = _check_in_event(request, pk)
    people = list(selectors.check_in_list(event=event))
    excused = sum(1 for person in people if person.status == Registration.Status.EXCUSED)
    return render(
        request,
        "clubs/check_in.html",
        {
            "event": event,
            "people": people,
            "seats": len(people) - excused,
            "excused": excused,
            "present": sum(1 for person in people if person.attended),
            "today_or_later": timezone.localdate(event.starts_at) <= timezone.localdate(),
        },
    )


def _check_in_registration(request, pk):
    """A registration at an event the person sees (404) and checks people in at (403)."""
    registrations = permissions.visible(
        request, "clubs.view_event", Registration.objects.all(), through="event"
    )
    registration = get_object_or_404(registrations.select_related("user", "company"), pk=pk)
    return registration, _check_in_event(request, registration.event_id)


def _check_in_response(request, registration, event, error):
    """htmx swaps the person's row in place; without htmx, back to the check-in list."""
    if request.htmx:
        if error:
            registration.refresh_from_db()
        return render(
            request,
            "clubs/partials/check_in_row.html",
            {"person": registration, "event": event, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect(tenant_reverse(request, "event_check_in", pk=event.pk))


@require_POST
@permission_required("clubs.view")
def registration_attendance(request, tenant_slug, pk):
    registration, event = _check_in_registration(request, pk)
    error = None
    try:
        services.record_attendance(
            registration=registration,
            attended=request.POST.get("attended") == "1",
            actor=request.user,
        )
    except ValidationError as exc:
        error = error_message(exc)
    return _check_in_response(request, registration, event, error)


@require_POST
@permission_required("clubs.view")
def registration_excuse(request, tenant_slug, pk):
    """At the check-in: the person warned they could not come, for a reason (excused)."""
    registration, event = _check_in_registration(request, pk)
    form = forms.ExcuseForm(request.POST)
    error = None
    if not form.is_valid():
        error = _form_error(form)
    else:
        try:
            services.excuse_at_check_in(
                registration=registration, reason=form.cleaned_data["excuse"], actor=request.user
            )
        except ValidationError as exc:
            error = error_message(exc)
    return _check_in_response(request, registration, event, error)


@require_POST
@permission_required("clubs.view")
def event_no_shows(request, tenant_slug, pk):
    event = _check_in_event(request, pk)
    try:
        count = services.record_no_shows(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(request, _("%(count)s no-show(s) recorded.") % {"count": count})
    return redirect(tenant_reverse(request, "event_check_in", pk=pk))


@require_POST
@permission_required("clubs.take_part")
def event_survey(request, tenant_slug, pk):
    event = _event(request, pk)
    form = forms.SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.answer_survey(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Thank you for your answer."))
    else:
        messages.error(request, _("Give a satisfaction from 1 to 5."))
    return redirect(tenant_reverse(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_topics(request, tenant_slug, pk):
    event = _managed(Event, request, pk)
    form = forms.TopicsForm(request.POST)
    if form.is_valid():
        services.set_topics(event=event, labels=form.labels(), actor=request.user)
        messages.success(request, _("Topics saved."))
    return redirect(tenant_reverse(request, "event_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def event_document_add(request, tenant_slug, pk):
    event = _managed(Event, request, pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
    if form.errors:
        for name, errors in form.errors.items():
            for error in errors:
                if name in form.fields:
                    error = _("%(field)s: %(error)s") % {
                        "field": form[name].label,
                        "error": error,
                    }
                messages.error(request, error)
    else:
        messages.success(request, _("Document shared."))
    return redirect(tenant_reverse(request, "event_detail", pk=pk))


@file_view
@permission_required("clubs.view")
def event_document(request, tenant_slug, pk, document_pk):
    """A shared document, for the people who may see its event (and only them)."""
    event = get_visible_or_404(request, "clubs.view_event", Event.objects.all(), pk=pk)
    document = get_object_or_404(event.documents.all(), pk=document_pk)
    return serve(request, document.file, filename=document.original_name, inline=True)


# --- Clubs ---------------------------------------------------------------------------------


def club_table(request, clubs):
    """The clubs: by name, active members or meetings held this year."""
    return Table(
        request=request,
        queryset=clubs,
        columns=[
            Column("name", _("Club"), (Natural("name"),)),
            Column("members", _("Members"), ("member_count",), align="end"),
            Column("held", _("Meetings held this year"), ("held",), align="end"),
        ],
        default="name",
        label=_("clubs"),
        target="club-table",
    )


@permission_required("clubs.view")
def club_list(request, tenant_slug):
    table = club_table(
        request, selectors.clubs_for_list(tenant=request.tenant, events=_events(request))
    )
    positions = selectors.positions_of(tenant=request.tenant, user=request.user)
    standing = services.standing_of(positions)
    statuses = selectors.my_club_statuses(tenant=request.tenant, user=request.user)
    today = timezone.localdate()
    rows = [
        {
            "club": club,
            "status": statuses.get(club.pk),
            "eligibility": services.eligibility(
                club=club, user=request.user, positions=positions, standing=standing
            ),
            "cadence": selectors.cadence_of(
                planned=club.meetings_per_year, held=club.held, today=today
            ),
        }
        for club in table.rows
    ]
    context = {"table": table, "rows": rows}
    if table.is_swap():
        return render(request, "clubs/partials/club_table.html", context)
    return render(request, "clubs/club_list.html", context)


def member_table(request, club, *, managing):
    """A club's members, by name, company or date; the programme team also sees the requests
    to join (``?members-status=`` picks one status)."""
    status = request.GET.get("members-status") if managing else ClubMember.Status.ACTIVE
    return Table(
        request=request,
        queryset=selectors.club_members_table(club=club, status=status),
        columns=[
            Column("name", _("Name"), _person_name()),
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("since", _("Since"), ("created_at",)),
        ],
        default="name",
        prefix="members-",
        label=_("members"),
        target="member-table",
    )


# How many of a club's coming and past events its page shows; the events table has them all.
CLUB_PAGE_EVENTS = 5


@permission_required("clubs.view")
def club_detail(request, tenant_slug, pk):
    club = get_visible_or_404(
        request, "clubs.view", Club.objects.select_related("facilitator"), pk=pk
    )
    managing = permissions.can(request, "clubs.manage")
    inside = permissions.can(request, "clubs.view_private", club)
    if inside:
        table = member_table(request, club, managing=managing)
        if table.is_swap():
            return render(
                request,
                "clubs/partials/member_table.html",
                {"club": club, "table": table, "status": request.GET.get("members-status", "")},
            )
    events = _events(request)
    upcoming = selectors.events_list(events=events, past=False, club=club, limit=CLUB_PAGE_EVENTS)
    past = selectors.events_list(events=events, past=True, club=club, limit=CLUB_PAGE_EVENTS)
    membership = ClubMember.objects.filter(club=club, user=request.user).first()
    context = {
        "club": club,
        "upcoming": upcoming,
        "past_events": past,
        "more": CLUB_PAGE_EVENTS,
        "mine": selectors.my_registrations(user=request.user, events=upcoming + past),
        "membership": membership,
        "eligibility": services.eligibility(club=club, user=request.user),
        "headcount_rule": services.headcount_rule(club),
        "inside": inside,
        "cadence": selectors.cadence_of(
            planned=club.meetings_per_year, held=selectors.meetings_held(club=club)
        ),
        "may_follow": permissions.can(request, "clubs.check_in", club),
    }
    if club.is_cohort and membership and membership.status == ClubMember.Status.ACTIVE:
        context["my_completion"] = selectors.my_completion(club=club, user=request.user)
    if inside:
        context["table"] = table
        context["status"] = request.GET.get("members-status", "")
        context["feed"] = services.feed_for(tenant=request.tenant, user=request.user, club=club)
    if managing:
        context["add_form"] = forms.AddMemberForm(candidates=selectors.people_to_add(club=club))
    return render(request, "clubs/club_detail.html", context)


@permission_required("clubs.view")
def club_completion(request, tenant_slug, pk):
    """Each participant's days attended out of the module's planned days: for the programme
    team and the club's facilitator (they take the attendance)."""
    club = get_visible_or_404(request, "clubs.view", Club.objects.all(), pk=pk)
    permissions.check(request, "clubs.check_in", club)
    table = Table(
        request=request,
        queryset=selectors.completion(club=club),
        columns=[
            Column("name", _("Participant"), _person_name()),
            Column("company", _("Company"), (Natural("company__name"),)),
            Column("days", _("Days attended"), ("half_days",), align="end"),
            Column("excused", _("Excused"), ("excused",), align="end"),
            Column("no_shows", _("No-shows"), ("no_shows",), align="end"),
        ],
        default="name",
        label=_("participants"),
        target="completion-table",
    )
    context = {"club": club, "table": table}
    if table.is_swap():
        return render(request, "clubs/partials/completion_table.html", context)
    context["days_held"] = selectors.days_held(club=club)
    return render(request, "clubs/completion.html", context)


def _club_form_view(request, club=None):
    form = forms.ClubForm(request.POST or None, instance=club, tenant=request.tenant)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if club is None:
                club = services.create_club(tenant=request.tenant, actor=request.user, **fields)
            else:
                club = services.update_club(club=club, actor=request.user, **fields)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Club saved."))
            return redirect(tenant_reverse(request, "club_detail", pk=club.pk))
    return render(request, "clubs/club_form.html", {"form": form, "club": club})


@permission_required("clubs.manage")
def club_create(request, tenant_slug):
    return _club_form_view(request)


@permission_required("clubs.manage")
def club_edit(request, tenant_slug, pk):
    return _club_form_view(request, _managed(Club, request, pk))


@require_POST
@permission_required("clubs.take_part")
def club_join(request, tenant_slug, pk):
    club = get_visible_or_404(request, "clubs.take_part", Club.objects.all(), pk=pk)
    try:
        services.request_to_join(club=club, user=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request, _("Your request is sent: the programme team will answer it shortly.")
        )
    return redirect(tenant_reverse(request, "club_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def club_member_add(request, tenant_slug, pk):
    club = _managed(Club, request, pk)
    form = forms.AddMemberForm(request.POST, candidates=selectors.people_to_add(club=club))
    if form.is_valid():
        person = form.cleaned_data["person"]
        try:
            services.add_club_member(club=club, user=person, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request, _("%(person)s joined the club.") % {"person": person.display_name}
            )
    else:
        messages.error(request, _("Choose a person of the programme."))
    return redirect(tenant_reverse(request, "club_detail", pk=pk))


@require_POST
@permission_required("clubs.manage")
def club_member_accept(request, tenant_slug, pk):
    member = _managed(ClubMember, request, pk, "club", "user", "company")
    try:
        services.accept_join_request(member=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_message(error))
    else:
        messages.success(
            request, _("%(person)s joined the club.") % {"person": member.user.display_name}
        )
    return redirect(tenant_reverse(request, "club_detail", pk=member.club_id))


@require_POST
@permission_required("clubs.manage")
def club_member_remove(request, tenant_slug, pk):
    member = _managed(ClubMember, request, pk, "club", "user")
    services.remove_club_member(member=member, actor=request.user)
    messages.success(
        request, _("%(person)s is no longer in the club.") % {"person": member.user.display_name}
    )
    return redirect(tenant_reverse(request, "club_detail", pk=member.club_id))


@permission_required("clubs.figures")
def club_figures(request, tenant_slug):
    """The programme's figures: per club (a handful of rows), then the past events and the
    companies, each a table of its own on the page (``events-`` and ``companies-`` parameters)."""
    events = Table(
        request=request,
        queryset=selectors.event_figures(tenant=request.tenant),
        columns=[
            Column("date", _("Date"), ("starts_at",)),
            Column("title", _("Event"), (Natural("title"),)),
            Column("rate", _("Attendance rate"), ("rate",), align="end"),
            Column("satisfaction", _("Satisfaction"), ("satisfaction",), align="end"),
        ],
        default="-date",
        prefix="events-",
        label=_("events"),
        target="event-figures",
    )
    companies = Table(
        request=request,
        queryset=selectors.company_participation(tenant=request.tenant),
        columns=[
            Column("name", _("Company"), (Natural("company__name"),)),
            Column("attendances", _("Attendances"), ("attendances",), align="end"),
            Column("no_shows", _("No-shows"), ("no_shows",), align="end"),
            Column("excused", _("Excused"), ("excused",), align="end"),
        ],
        default="-attendances",
        tiebreak=("company",),  # rows are grouped by company: no row id to break ties with
        prefix="companies-",
        label=_("companies"),
        target="company-figures",
    )
    context = {"events": events, "companies": companies}
    if events.is_swap():
        return render(request, "clubs/partials/event_figures.html", context)
    if companies.is_swap():
        return render(request, "clubs/partials/company_figures.html", context)
    context["summary"] = selectors.programme_summary(tenant=request.tenant)
    context["clubs"] = selectors.club_figures(tenant=request.tenant)
    return render(request, "clubs/figures.html", context)


# --- Private iCalendar feeds (no login: the token is the key) ------------------------------


@require_POST
@permission_required("clubs.view")
def my_feed_regenerate(request, tenant_slug):
    services.regenerate_feed(tenant=request.tenant, user=request.user)
    messages.success(request, _("Your calendar has a new address; the former one no longer works."))
    return redirect(tenant_reverse(request, "event_calendar"))


@require_POST
@permission_required("clubs.view")
def club_feed_regenerate(request, tenant_slug, pk):
    club = get_visible_or_404(request, "clubs.view_private", Club.objects.all(), pk=pk)
    services.regenerate_feed(tenant=request.tenant, user=request.user, club=club)
    messages.success(request, _("Your calendar has a new address; the former one no longer works."))
    return redirect(tenant_reverse(request, "club_detail", pk=pk))


def _as_owner(feed):
    """The feed's owner as the permission layer sees a signed-in person: a calendar application
    reads the feed without a session, and gets what its owner would see signed in, now."""
    membership = Membership.objects.filter(tenant=feed.tenant_id, user=feed.user_id).first()
    return SimpleNamespace(user=feed.user, membership=membership)


def _ics_response(request, events, name):
    def url_for(event):
        return request.build_absolute_uri(tenant_reverse(request, "event_detail", pk=event.pk))

    content = ical.calendar_for(events, name=name, url_for=url_for)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


def _feed(request, token, *, of_club):
    """A feed whose owner still holds a role, with an open account, and (for a club's feed)
    still shares the club's private life; any other token answers 404."""
    feed = selectors.feed_by_token(tenant=request.tenant, token=token)
    if feed is None or (feed.club_id is not None) != of_club:
        raise Http404
    owner = _as_owner(feed)
    if not permissions.can(owner, "clubs.view"):
        raise Http404
    if of_club and not permissions.can(owner, "clubs.view_private", feed.club):
        raise Http404
    return feed, permissions.visible(owner, "clubs.view_event", Event.objects.all())


def my_calendar_feed(request, tenant_slug, token):
    feed, events = _feed(request, token, of_club=False)
    name = f"{request.tenant.name} — {feed.user.display_name}"
    return _ics_response(
        request, selectors.personal_feed_events(events=events, user=feed.user), name
    )


my_calendar_feed.tenant_public = True


def club_feed(request, tenant_slug, token):
    feed, events = _feed(request, token, of_club=True)
    return _ics_response(
        request, selectors.club_feed_events(events=events, club=feed.club), feed.club.name
    )


club_feed.tenant_public = True
