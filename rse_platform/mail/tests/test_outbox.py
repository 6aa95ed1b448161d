"""The demo's outbox: the e-mails sent, readable in the browser by staff, only with DEBUG on."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail as sent
from django.urls import reverse
from django_scopes import scope

from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants.notifications import send_invitation_email
from rse_platform.tenants.roles import Role
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(tenant):
    invitation = InvitationFactory(tenant=tenant, email="new@example.org", language="en")
    send_invitation_email(invitation=invitation, base_url="http://127.0.0.1:8124")
    with scope(tenant=tenant):
        return OutgoingMail.objects.get()


@pytest.fixture
def operator(db):
    user = UserFactory(email="ops@example.org", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def _urls(message):
    return [
        reverse("mail_outbox"),
        reverse("mail_outbox_message", kwargs={"pk": message.pk}),
        reverse("mail_outbox_message_html", kwargs={"pk": message.pk}),
    ]


def test_staff_read_the_sent_emails_in_debug(client, settings, message, operator):
    settings.DEBUG = True
    client.force_login(operator)
    listing = client.get(reverse("mail_outbox")).content.decode()
    assert "new@example.org" in listing and message.subject in listing
    page = client.get(reverse("mail_outbox_message", kwargs={"pk": message.pk}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "http://127.0.0.1:8124/invitations/" in body  # the text version, links included
    assert f'src="{reverse("mail_outbox_message_html", kwargs={"pk": message.pk})}"' in body
    assert 'sandbox="' in body
    html = client.get(reverse("mail_outbox_message_html", kwargs={"pk": message.pk}))
    assert html.status_code == 200
    assert html.content.decode().count('class="button"') == 1
    # The message's own styles apply, no script runs, only the outbox may frame it.
    assert html["Content-Security-Policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'self'" in html["Content-Security-Policy"]
    assert html["X-Frame-Options"] == "SAMEORIGIN"
    assert len(sent.outbox) == 1  # reading sends nothing


def test_nothing_answers_with_debug_off(client, settings, message, operator):
    settings.DEBUG = False
    client.force_login(operator)
    for url in _urls(message):
        assert client.get(url).status_code == 404, url


def test_people_who_are_not_staff_get_404(client, settings, message, tenant, make_person):
    settings.DEBUG = True
    client.force_login(make_person(tenant, Role.MANAGER))
    for url in _urls(message):
        assert client.get(url).status_code == 404, url


def test_an_anonymous_visitor_is_sent_to_the_login_in_debug_only(client, settings, message):
    settings.DEBUG = True
    response = client.get(reverse("mail_outbox"))
    assert response.status_code == 302 and reverse("account_login") in response.url
    settings.DEBUG = False
    assert client.get(reverse("mail_outbox")).status_code == 404


def test_staff_without_two_factor_are_sent_to_the_operator_page(client, settings, message):
    settings.DEBUG = True
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("mail_outbox"))
    assert response.status_code == 302
    assert response.url == reverse("admin_totp_by_operator")
