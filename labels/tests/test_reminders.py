"""The end of a label: the company's people hear 6 months and 1 month before (each once, however
often the beat runs), then the certificate expires and the company leaves the showcase."""

from datetime import datetime, time, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from labels import reminders, selectors, services
from labels.models import Application
from labels.tests import factories
from labels.tests.test_views_public import certificate_of
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import registry
from tests.factories import CompanyMemberFactory

pytestmark = pytest.mark.django_db


S = Application.Status


def at(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@pytest.fixture
def certificate(tenant, company, leader, manager, in_scope):
    """ENR, valid until a year from today; the company has two people."""
    with in_scope(tenant):
        CompanyMemberFactory(company=company, user__email="cadre@numerique-responsable.fr")
        label = factories.enr(tenant, manager)
        return certificate_of(company, label, code="EXPIRY234567", days_left=365)


def run(tenant, day):
    with scopes_disabled():
        return reminders.send_expiry_reminders(tenant=tenant, now=at(day))


def keys():
    with scopes_disabled():
        return sorted(OutgoingMail.objects.values_list("key", "email"))


def test_it_is_one_of_the_platforms_reminders():
    assert registry.reminders()["labels_expiry"] is reminders.send_expiry_reminders


def test_nothing_is_due_more_than_six_months_before_the_end(tenant, certificate):
    assert run(tenant, certificate.valid_until - relativedelta(months=6, days=1)) == 0
    assert mail.outbox == []


def test_six_months_before_each_person_hears_it_once(tenant, certificate, leader):
    day = certificate.valid_until - relativedelta(months=6)
    assert run(tenant, day) == 2
    assert run(tenant, day) == 0  # the beat runs again
    assert run(tenant, day + timedelta(days=10)) == 0  # and on the days after
    key = f"labels.expiry:certificate={certificate.pk}:months=6"
    assert keys() == sorted([(key, leader.email), (key, "cadre@numerique-responsable.fr")])
    assert len(mail.outbox) == 2


def test_one_month_before_they_hear_it_again_once(tenant, certificate):
    run(tenant, certificate.valid_until - relativedelta(months=6))
    day = certificate.valid_until - relativedelta(months=1)
    assert run(tenant, day) == 2
    assert run(tenant, day) == 0
    assert run(tenant, certificate.valid_until) == 0
    assert [key for key, _email in keys()].count(
        f"labels.expiry:certificate={certificate.pk}:months=1"
    ) == 2
    assert len(mail.outbox) == 4


def test_a_certificate_already_in_its_last_month_gets_the_last_reminder_only(tenant, certificate):
    assert run(tenant, certificate.valid_until - timedelta(days=10)) == 2
    assert {key for key, _email in keys()} == {
        f"labels.expiry:certificate={certificate.pk}:months=1"
    }


def test_the_email_leads_to_the_application_and_to_renewing(tenant, certificate, settings):
    settings.PUBLIC_BASE_URL = "https://rse.example.org"
    run(tenant, certificate.valid_until - relativedelta(months=6))
    message = mail.outbox[0]
    assert message.subject == "Votre label ENR prend fin dans 6 mois"  # in the person's language
    application = reverse(
        "application_detail", kwargs={"tenant_slug": tenant.slug, "pk": certificate.application_id}
    )
    renew = reverse("certificate_renew", kwargs={"tenant_slug": tenant.slug, "pk": certificate.pk})
    assert f"https://rse.example.org{application}" in message.body
    assert f"https://rse.example.org{renew}" in message.body
    assert "EXPI-RY23-4567" in message.body and "renew" in message.body
    html = message.alternatives[0][0]
    assert f'href="https://rse.example.org{renew}"' in html


def test_a_withdrawn_certificate_gets_no_reminder(tenant, certificate, manager, in_scope):
    with in_scope(tenant):
        services.withdraw_certificate(certificate=certificate, reason="Charte", actor=manager)
    assert run(tenant, certificate.valid_until - relativedelta(months=1)) == 0


def test_a_renewal_under_way_stops_the_reminders(tenant, certificate, company, manager, in_scope):
    with in_scope(tenant):
        renewal = Application.objects.create(
            tenant=tenant,
            wave=factories.open_wave(certificate.application.wave.label, manager, name="Vague 2"),
            company=company,
            previous=certificate.application,
        )
    assert run(tenant, certificate.valid_until - relativedelta(months=1)) == 0
    with in_scope(tenant):
        Application.objects.filter(pk=renewal.pk).update(status=S.WITHDRAWN)
    assert run(tenant, certificate.valid_until - relativedelta(months=1)) == 2  # given up on


def test_after_its_end_the_certificate_expires_and_leaves_the_showcase(
    client, tenant, certificate, in_scope
):
    day_after = certificate.valid_until + timedelta(days=1)
    run(tenant, certificate.valid_until)
    with in_scope(tenant):
        assert selectors.labelled_companies(tenant=tenant, today=certificate.valid_until)
        certificate.application.refresh_from_db()
        assert certificate.application.status == S.CERTIFIED
    assert run(tenant, day_after) == 0
    assert run(tenant, day_after) == 0  # twice: nothing more
    with in_scope(tenant):
        certificate.application.refresh_from_db()
        assert certificate.application.status == S.EXPIRED
        assert selectors.labelled_companies(tenant=tenant, today=day_after) == []
    assert selectors.verify(certificate.code, today=day_after)["state"] == "expired"


def test_an_expired_certificate_is_gone_from_the_public_pages(client, tenant, company, in_scope):
    with in_scope(tenant):
        label = factories.enr(tenant, None)
        certificate = certificate_of(company, label, code="ENDED2345678", days_left=-1)
    run(tenant, timezone.localdate())
    showcase = reverse("label_showcase", kwargs={"tenant_slug": tenant.slug})
    assert company.name not in client.get(showcase).content.decode()
    page = client.get(reverse("certificate_verify", kwargs={"code": certificate.code}))
    assert 'data-state="expired"' in page.content.decode()
