from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company, CompanyMember
from rse_platform.tenants.roles import Role
from rse_platform.web.forms import Form, ModelForm, PersonByEmailField

from .models import Club, Event, EventDocument, SurveyAnswer

DATE = {"type": "date"}
TIME = {"type": "time"}


class ClubForm(ModelForm):
    positions = forms.MultipleChoiceField(
        label=_("People it is meant for"),
        choices=CompanyMember.Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anybody of a company in the programme."),
    )
    min_headcount = forms.IntegerField(label=_("Minimum headcount"), min_value=0, required=False)
    max_headcount = forms.IntegerField(label=_("Maximum headcount"), min_value=0, required=False)
    meetings_per_year = forms.IntegerField(
        label=_("Meetings a year"),
        min_value=1,
        max_value=52,
        required=False,
        help_text=_(
            "The planned cadence: the club page and the clubs list warn when the meetings held "
            "this year fall behind it."
        ),
    )
    planned_sessions = forms.IntegerField(
        label=_("Planned days"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_(
            "For a cohort module: each participant's days attended are counted out of it (an "
            "event of 4 hours or less counts half a day)."
        ),
    )

    class Meta:
        model = Club
        fields = [
            "name",
            "kind",
            "description",
            "positions",
            "min_headcount",
            "max_headcount",
            "sector",
            "meetings_per_year",
            "facilitator",
            "starts_on",
            "ends_on",
            "planned_sessions",
        ]
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "description": _("Description"),
            "sector": _("Sector"),
            "facilitator": _("Facilitator or consultant"),
            "starts_on": _("Module starts on"),
            "ends_on": _("Module ends on"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(DATE, "%Y-%m-%d"),
            "ends_on": forms.DateInput(DATE, "%Y-%m-%d"),
        }

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__tenant=tenant,
                memberships__role__in=[Role.MANAGER, Role.CONSULTANT],
            )
            .order_by("last_name", "first_name")
        )


class EventForm(ModelForm):
    """The event's fields, with its day and times entered apart (``event_fields()`` joins them).

    The choices of tenant rows are declared here (queryset set per form): a model's default
    queryset would be read, outside any tenant scope, when the class is defined.
    """

    club = forms.ModelChoiceField(label=_("Club"), queryset=None, required=False)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(TIME, "%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(TIME, "%H:%M"))
    host_company = forms.ModelChoiceField(
        label=_("Host company"),
        queryset=None,
        required=False,
        help_text=_("Required for a company visit."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    closes_on = forms.DateField(
        label=_("Registrations close on"),
        required=False,
        widget=forms.DateInput(DATE, "%Y-%m-%d"),
        help_text=_("At midnight that day. Empty: until the event starts."),
    )

    class Meta:
        model = Event
        fields = [
            "club",
            "kind",
            "title",
            "theme",
            "description",
            "day",
            "start_time",
            "end_time",
            "place",
            "host_company",
            "capacity",
            "closes_on",
            "audience",
        ]
        labels = {
            "kind": _("Kind"),
            "title": _("Title"),
            "theme": _("Theme"),
            "description": _("Description"),
            "place": _("Place"),
            "audience": _("Audience"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, tenant, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            starts, ends = (
                timezone.localtime(instance.starts_at),
                timezone.localtime(instance.ends_at),
            )
            kwargs["initial"] = {
                "day": starts.date(),
                "start_time": starts.time(),
                "end_time": ends.time(),
                "closes_on": timezone.localtime(instance.registration_deadline).date()
                if instance.registration_deadline
                else None,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.filter(tenant=tenant)
        self.fields["host_company"].queryset = Company.objects.filter(tenant=tenant).order_by(
            "name"
        )

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The event ends before it starts."))
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
        closes_on = cleaned.get("closes_on")
        if closes_on and day and closes_on > day:
            self.add_error("closes_on", _("Registrations must close before the event starts."))
        return cleaned

    def event_fields(self):
        """What the services take: the model's fields, the times joined to the day."""
        data = self.cleaned_data
        deadline = data.get("closes_on")
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


class ClubChoiceForm(Form):
    """``?club=`` on the new event page: a club of the tenant, or nothing at all."""

    club = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.filter(tenant=tenant)


class AddMemberForm(Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        users = {}
        for position in candidates:
            users.setdefault(position.user_id, position)
        field = self.fields["person"]
        field.queryset = (
            get_user_model().objects.filter(pk__in=users).order_by("last_name", "first_name")
        )
        field.label_from_instance = lambda user: (
            f"{user.display_name} — {users[user.pk].company.name}"
        )


class RegisterSomeoneForm(Form):
    """Register someone on their behalf, named by their e-mail address."""

    person = PersonByEmailField(label=_("E-mail address of the person"))

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.filter(
            memberships__tenant=tenant,
            memberships__role__in=[Role.MANAGER, Role.CONSULTANT, Role.MEMBER],
        )


class SurveyForm(ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Your satisfaction"),
        coerce=int,
        choices=[(value, str(value)) for value in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1: not satisfied at all — 5: very satisfied."),
    )

    class Meta:
        model = SurveyAnswer
        fields = ["rating", "comment"]
        labels = {"comment": _("Comment")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}


class TopicsForm(Form):
    topics = forms.CharField(
        label=_("Topics treated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; they are shown on the event's page."),
    )

    def labels(self):
        return self.cleaned_data["topics"].splitlines()


class DocumentForm(ModelForm):
    class Meta:
        model = EventDocument
        fields = ["title", "phase", "file"]
        labels = {"title": _("Title"), "phase": _("Shared"), "file": _("File")}


class ExcuseForm(Form):
    """Why a person cannot come ("excusé·e"): said by them before the event, or at the check-in."""

    excuse = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the person cannot come.")},
    )


class EventFilterForm(Form):
    """The events table's filters: a wrong value is left out, never an error page."""

    when = forms.ChoiceField(
        label=_("Period"),
        choices=[("", _("Coming events")), ("past", _("Past events"))],
        required=False,
    )
    club = forms.ModelChoiceField(
        label=_("Club"), queryset=None, required=False, empty_label=_("All clubs")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, tenant, managing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["club"].queryset = Club.objects.filter(tenant=tenant).order_by("name")
        statuses = [
            (value, label)
            for value, label in Event.Status.choices
            if managing or value != Event.Status.DRAFT
        ]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]

    def values(self):
        """The valid filters (the others left out): ``when``, ``club`` and ``status``."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "when": data.get("when", ""),
            "club": data.get("club"),
            "status": data.get("status", ""),
        }
