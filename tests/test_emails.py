"""Every app's e-mails as a person receives them: text and HTML on the core's layout with one
button, in the recipient's language, English dates as in Britain (28 November 2026), French
ones as in France (28 novembre 2026), and links to the server the platform runs on
(``PUBLIC_BASE_URL``, which ``make demo PORT=…`` sets)."""

import re
from datetime import date, datetime, time

import pytest
from django.core import mail as outbox
from django.utils import timezone
from django_scopes import scope

from clubs import notifications as club_notifications
from clubs.models import Event, Registration
from diagnostics import notifications as diagnostic_notifications
from diagnostics.models import CampaignInvitation
from rse_platform.tenants.notifications import send_invitation_email
from rse_platform.tenants.roles import Role
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8124"
DAY = date(2036, 11, 28)  # far ahead: an invitation expiring that day is still open
WRITTEN = {"en": "28 November 2036", "fr": "28 novembre 2036"}
NOON = timezone.make_aware(datetime.combine(DAY, time(12)))


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PUBLIC_BASE_URL = BASE


def _person(demo, language):
    person = demo.person(Role.MEMBER)
    person.language = language
    person.save(update_fields=["language"])
    return person


def _event_notice(demo, language):
    person = _person(demo, language)
    with scope(tenant=demo.tenant):
        event = Event.objects.filter(status=Event.Status.PUBLISHED).select_related("club").first()
        event.starts_at, event.ends_at = NOON, NOON.replace(hour=15)
        event.save(update_fields=["starts_at", "ends_at"])
        registration, _created = Registration.objects.update_or_create(
            event=event,
            user=person,
            defaults={"tenant": demo.tenant, "status": Registration.Status.CONFIRMED},
        )
        club_notifications.registration_notice(
            registration=registration,
            kind=club_notifications.CONFIRMATION,
            round_=registration.round,
        )


def _campaign(demo, language):
    person = _person(demo, language)
    with scope(tenant=demo.tenant):
        invitation = (
            CampaignInvitation.objects.filter(company__people__user=person)
            .select_related("campaign__tenant", "campaign__version__framework", "company")
            .first()
        )
        invitation.campaign.deadline = DAY
        invitation.campaign.save(update_fields=["deadline"])
        diagnostic_notifications.campaign_invitation(invitation=invitation, user=person)


def _invitation(demo, language):
    invitation = InvitationFactory(
        tenant=demo.tenant, email="invitee@example.org", language=language, expires_at=NOON
    )
    send_invitation_email(invitation=invitation)


NOTICES = {"event": _event_notice, "campaign": _campaign, "invitation": _invitation}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("notice", NOTICES)
def test_each_email_has_one_button_the_recipients_language_and_dates(demo, notice, language):
    NOTICES[notice](demo, language)
    [message] = outbox.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'<html lang="{language}"' in html
    assert WRITTEN[language] in message.body and WRITTEN[language] in html
    other = WRITTEN["fr" if language == "en" else "en"]
    assert other not in message.body and other not in html
    assert html.count('class="button"') == 1
    [button] = re.findall(r'<a class="button" href="([^"]+)"', html)
    assert button.startswith(f"{BASE}/")
    assert button in message.body  # the text version carries the same link
    assert "127.0.0.1:8000" not in message.body + html


def test_english_dates_are_british_on_pages_too():
    from django.utils import formats, translation

    with translation.override("en"):
        assert formats.date_format(DAY) == "28 November 2036"
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "28/11/2036"
    with translation.override("fr"):
        assert formats.date_format(DAY) == "28 novembre 2036"
