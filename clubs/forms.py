import copy
from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import Company
from rse_platform.tenants.forms import StyledForm
from rse_platform.tenants.roles import Role

from .models import Club, Event, EventDocument, Position

DATE = {"type": "date"}


def _set_querysets(form, **querysets):
    """Give the choice fields their tenant's rows *before* the form is bound and styled.

    The fields are copied to the instance first, so that the class's fields stay untouched.
    """
    form.base_fields = copy.deepcopy(type(form).base_fields)
    for name, queryset in querysets.items():
        form.base_fields[name].queryset = queryset


TIME = {"type": "time"}


class ClubForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Club.Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    positions = forms.MultipleChoiceField(
        label=_("People it is meant for"),
        choices=Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anybody of a company in the programme."),
    )
    min_headcount = forms.IntegerField(label=_("Minimum headcount"), min_value=0, required=False)
    max_headcount = forms.IntegerField(label=_("Maximum headcount"), min_value=0, required=False)
    sector = forms.CharField(
        label=_("Sector"), max_length=120, required=False, help_text=_("Empty: every sector.")
    )
    meetings_per_year = forms.IntegerField(
        label=_("Meetings a year"), min_value=1, max_value=52, required=False
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator or consultant"), queryset=None, required=False
    )
    starts_on = forms.DateField(
        label=_("Module starts on"), required=False, widget=forms.DateInput(DATE, "%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Module ends on"), required=False, widget=forms.DateInput(DATE, "%Y-%m-%d")
    )
    planned_sessions = forms.IntegerField(
        label=_("Planned sessions"), min_value=1, max_value=100, required=False
    )

    def __init__(self, *args, tenant, **kwargs):
        _set_querysets(
            self,
            facilitator=get_user_model()
            .objects.filter(
                memberships__tenant=tenant,
                memberships__role__in=[Role.MANAGER, Role.CONSULTANT],
            )
            .order_by("last_name", "first_name"),
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_headcount"), cleaned.get("max_headcount")
        if low is not None and high is not None and low > high:
            self.add_error("max_headcount", _("The maximum headcount is below the minimum."))
        return cleaned


class EventForm(StyledForm):
    club = forms.ModelChoiceField(label=_("Club"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(TIME, "%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(TIME, "%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    host_company = forms.ModelChoiceField(
        label=_("Host company"),
        queryset=None,
        required=False,
        help_text=_("Required for a company visit."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    registration_deadline = forms.DateField(
        label=_("Registrations close on"),
        required=False,
        widget=forms.DateInput(DATE, "%Y-%m-%d"),
        help_text=_("At midnight that day. Empty: until the event starts."),
    )
    audience = forms.ChoiceField(label=_("Audience"), choices=Event.Audience.choices)

    def __init__(self, *args, tenant, **kwargs):
        _set_querysets(
            self,
            club=Club.objects.filter(tenant=tenant),
            host_company=Company.objects.filter(tenant=tenant).order_by("name"),
        )
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_from(cls, event):
        starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        deadline = (
            timezone.localtime(event.registration_deadline).date()
            if event.registration_deadline
            else None
        )
        return {
            "club": event.club_id,
            "kind": event.kind,
            "title": event.title,
            "theme": event.theme,
            "description": event.description,
            "day": starts.date(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "place": event.place,
            "host_company": event.host_company_id,
            "capacity": event.capacity,
            "registration_deadline": deadline,
            "audience": event.audience,
        }

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The event ends before it starts."))
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        deadline = cleaned.get("registration_deadline")
        if deadline and day and deadline > day:
            self.add_error(
                "registration_deadline", _("Registrations must close before the event starts.")
            )
        if cleaned.get("audience") == Event.Audience.CLUB and not cleaned.get("club"):
            self.add_error("club", _("Choose a club, or open the event to the whole programme."))
        if cleaned.get("kind") == Event.Kind.VISIT and not cleaned.get("host_company"):
            self.add_error("host_company", _("A company visit needs a host company."))
        return cleaned

    def event_fields(self):
        data = self.cleaned_data
        deadline = data.get("registration_deadline")
        if deadline:
            deadline = timezone.make_aware(datetime.combine(deadline, datetime.max.time()))
            deadline = min(deadline, data["starts_at"])
        return {
            "club": data.get("club"),
            "kind": data["kind"],
            "title": data["title"],
            "theme": data.get("theme", ""),
            "description": data.get("description", ""),
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data.get("place", ""),
            "host_company": data.get("host_company"),
            "capacity": data.get("capacity"),
            "registration_deadline": deadline,
            "audience": data["audience"],
        }


class AddMemberForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        users = {}
        for position in candidates:
            users.setdefault(position.user_id, position)
        _set_querysets(
            self,
            person=get_user_model()
            .objects.filter(pk__in=users)
            .order_by("last_name", "first_name"),
        )
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda user: (
            f"{user.display_name} — {users[user.pk].company.name}"
        )


class RegisterSomeoneForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, tenant, **kwargs):
        _set_querysets(
            self,
            person=get_user_model()
            .objects.filter(
                memberships__tenant=tenant,
                memberships__role__in=[Role.MANAGER, Role.CONSULTANT, Role.MEMBER],
            )
            .order_by("last_name", "first_name", "email"),
        )
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = lambda user: (
            f"{user.display_name} ({user.email})"
        )


class SurveyForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("Your satisfaction"),
        coerce=int,
        choices=[(value, str(value)) for value in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1: not satisfied at all — 5: very satisfied."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TopicsForm(StyledForm):
    topics = forms.CharField(
        label=_("Topics treated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; the competence directory lists them."),
    )

    def labels(self):
        return self.cleaned_data["topics"].splitlines()


class DocumentForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    phase = forms.ChoiceField(label=_("Shared"), choices=EventDocument.Phase.choices)
    file = forms.FileField(label=_("File"))
