"""The public pages: the showcase of the companies labelled today, its JSON feed, the badges and
the certificate check. Anyone may open them, and they show nothing else of the tenant."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from labels.models import Application, Certificate, Decision, Wave
from labels.tests import factories
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the English wording; the French one is the catalogues' business."""
    settings.LANGUAGE_CODE = "en"


def certificate_of(
    company, label, *, code, days_left=700, days_since=30, level="", withdrawn=False
):
    """A certified application of ``company`` for ``label`` in a past wave and its certificate,
    valid from ``days_since`` days ago for ``days_left`` more days (negative: ended)."""
    today = timezone.localdate()
    tenant = company.tenant
    wave, _created = Wave.objects.get_or_create(
        tenant=tenant,
        label=label,
        name="Vague passée",
        defaults={
            "opens_on": today - timedelta(days=days_since + 100),
            "closes_on": today - timedelta(days=days_since + 70),
            "jury_on": today - timedelta(days=days_since + 40),
        },
    )
    application = Application.objects.create(
        tenant=tenant,
        wave=wave,
        company=company,
        status=Application.Status.CERTIFIED,
        total=Decimal("153.5"),
    )
    decision = Decision.objects.create(
        tenant=tenant,
        application=application,
        outcome=Decision.Outcome.GRANTED,
        level=level,
        total=Decimal("153.5"),
        rationale="Score global au-dessus du seuil.",
    )
    Application.objects.filter(pk=application.pk).update(decision=decision)
    return Certificate.objects.create(
        tenant=tenant,
        application=application,
        code=code,
        level=level,
        issued_on=today - timedelta(days=days_since),
        valid_until=today + timedelta(days=days_left),
        withdrawn_at=timezone.now() if withdrawn else None,
        withdrawn_reason="Manquement à la charte" if withdrawn else "",
    )


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def labels(tenant, manager, in_scope):
    with in_scope(tenant):
        return {
            "enr": factories.enr(tenant, manager),
            "ecoride": factories.ecoride(tenant, manager),
        }


@pytest.fixture
def showcase(tenant, other_tenant, labels, manager, in_scope):
    """Labelled today: Numérique Vert (ENR) and Glisse Durable (ECORIDE Gold); no longer: an
    expired ENR and a withdrawn ECORIDE; in the other tenant, its own ENR company."""
    with in_scope(tenant):
        companies = {
            name: CompanyFactory(tenant=tenant, name=name)
            for name in ("Numérique Vert", "Glisse Durable", "Ancien Labellisé", "Retirée SARL")
        }
        CompanyMemberFactory(
            company=companies["Numérique Vert"],
            user__email="dirigeante@numerique-vert.fr",
            user__first_name="Solène",
            user__last_name="Verhaeghe",
        )
        certificates = {
            "valid": certificate_of(
                companies["Numérique Vert"], labels["enr"], code="VALIDENR2345"
            ),
            "gold": certificate_of(
                companies["Glisse Durable"], labels["ecoride"], code="GOLDRIDE2345", level="Gold"
            ),
            "expired": certificate_of(
                companies["Ancien Labellisé"],
                labels["enr"],
                code="EXPIRED23456",
                days_since=800,
                days_left=-5,
            ),
            "withdrawn": certificate_of(
                companies["Retirée SARL"], labels["ecoride"], code="RETIREE23456", withdrawn=True
            ),
        }
    with in_scope(other_tenant):
        other_label = factories.enr(other_tenant, manager)
        elsewhere = CompanyFactory(tenant=other_tenant, name="Logisticien d'Ailleurs")
        certificates["elsewhere"] = certificate_of(elsewhere, other_label, code="AILLEURS2345")
    return certificates


# --- The showcase -------------------------------------------------------------------------------


def test_it_lists_the_companies_labelled_today_to_anyone(client, tenant, showcase):
    response = client.get(url("label_showcase", tenant))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Numérique Vert" in page and "Glisse Durable" in page and "Gold" in page
    assert "awarded by Pévèle Carembault today" in page
    assert "Ancien Labellisé" not in page  # expired
    assert "Retirée SARL" not in page  # withdrawn
    assert "Logisticien d&#x27;Ailleurs" not in page and "Ailleurs" not in page
    assert reverse("certificate_verify", kwargs={"code": "VALIDENR2345"}) in page


def test_the_showcase_shows_nothing_else_of_the_tenant(client, tenant, make_person, showcase):
    make_person(tenant, Role.MANAGER, email="equipe@pevele.fr", last_name="Delattre")
    for name in ("label_showcase", "label_feed"):
        page = client.get(url(name, tenant)).content.decode()
        for secret in (
            "dirigeante@numerique-vert.fr",
            "Verhaeghe",
            "Solène",
            "equipe@pevele.fr",
            "Delattre",
            "153",  # the total
            "seuil",  # the decision's rationale
            "Manquement",  # a withdrawal's reason
            "@",  # no address at all
        ):
            assert secret not in page, f"{name} shows {secret!r}"


def test_a_signed_in_person_sees_the_public_layout(client, tenant, manager, showcase):
    client.force_login(manager)
    page = client.get(url("label_showcase", tenant)).content.decode()
    assert "Numérique Vert" in page
    assert 'id="app-menu"' not in page  # no navigation, no account menu
    assert reverse("account_logout") not in page
    assert url("company_list", tenant) not in page


def test_it_filters_by_label_and_level(client, tenant, showcase):
    page = client.get(url("label_showcase", tenant), {"label": "ecoride"}).content.decode()
    assert "Glisse Durable" in page and "Numérique Vert" not in page
    page = client.get(url("label_showcase", tenant), {"level": "Gold"}).content.decode()
    assert "Glisse Durable" in page and "Numérique Vert" not in page
    page = client.get(url("label_showcase", tenant), {"label": "enr", "level": "Gold"})
    assert "No labelled company matches these filters." in page.content.decode()


def test_an_unknown_filter_is_ignored(client, tenant, showcase):
    page = client.get(url("label_showcase", tenant), {"label": "nope", "level": "<b>"})
    assert page.status_code == 200
    assert "Glisse Durable" in page.content.decode() and "Numérique Vert" in page.content.decode()


def test_the_table_alone_answers_an_htmx_filter(client, tenant, showcase):
    response = client.get(
        url("label_showcase", tenant),
        {"label": "enr"},
        headers={"HX-Request": "true", "HX-Target": "showcase-table"},
    )
    page = response.content.decode()
    assert "Numérique Vert" in page and "<h1" not in page


def test_the_showcase_costs_the_same_whatever_its_size(
    tenant, labels, in_scope, page_queries, client
):
    def add(count, start):
        with in_scope(tenant):
            for n in range(start, start + count):
                company = CompanyFactory(tenant=tenant, name=f"Entreprise {n}")
                certificate_of(company, labels["ecoride"], code=f"SIZE{n:08d}", level="Silver")

    add(3, 0)
    small = page_queries(url("label_showcase", tenant))
    add(60, 3)
    assert page_queries(url("label_showcase", tenant)) == small
    assert page_queries(url("label_showcase", tenant) + "?page=2") == small


def test_the_showcase_of_an_unknown_tenant_is_not_found(client, showcase):
    assert client.get("/no-such-tenant/labelled/").status_code == 404


# --- The feed -----------------------------------------------------------------------------------


def test_the_feed_lists_the_labelled_companies_as_json(client, tenant, showcase, settings):
    settings.PUBLIC_BASE_URL = "https://rse.example.org"
    response = client.get(url("label_feed", tenant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "public, max-age=900"
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["tenant"] == "Pévèle Carembault"
    assert data["showcase"] == "https://rse.example.org/pevele-test/labelled/"
    assert data["companies"] == [
        {
            "company": "Glisse Durable",
            "label": "ECORIDE",
            "level": "Gold",
            "valid_until": showcase["gold"].valid_until.isoformat(),
            "badge": "https://rse.example.org/pevele-test/labelled/GOLDRIDE2345.svg",
            "verification": "https://rse.example.org/verify/GOLDRIDE2345/",
        },
        {
            "company": "Numérique Vert",
            "label": "ENR",
            "level": "",
            "valid_until": showcase["valid"].valid_until.isoformat(),
            "badge": "https://rse.example.org/pevele-test/labelled/VALIDENR2345.svg",
            "verification": "https://rse.example.org/verify/VALIDENR2345/",
        },
    ]


def test_the_feed_takes_the_pages_filters(client, tenant, showcase):
    def companies(**query):
        data = json.loads(client.get(url("label_feed", tenant), query).content)
        return [row["company"] for row in data["companies"]]

    assert companies(label="enr") == ["Numérique Vert"]
    assert companies(level="Gold") == ["Glisse Durable"]
    assert companies(label="unknown") == []


# --- Badges -------------------------------------------------------------------------------------


def test_a_valid_certificates_badge_says_until_when(client, tenant, showcase):
    response = client.get(url("label_badge", tenant, code="GOLDRIDE2345"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=900"
    svg = response.content.decode()
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Label ECORIDE · Gold" in svg and "Glisse Durable" in svg
    until = showcase["gold"].valid_until.strftime("%d/%m/%Y")
    assert f"valid until {until}" in svg
    assert "#1b6e3c" in svg  # green while valid


def test_a_badge_escapes_the_names(client, tenant, labels, in_scope):
    with in_scope(tenant):
        company = CompanyFactory(tenant=tenant, name='<script>alert("x")</script> & Fils')
        certificate_of(company, labels["enr"], code="ESCAPES23456")
    svg = client.get(url("label_badge", tenant, code="ESCAPES23456")).content.decode()
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Fils" in svg


def test_an_ended_certificates_badge_says_so_in_grey(client, tenant, showcase):
    svg = client.get(url("label_badge", tenant, code="EXPIRED23456")).content.decode()
    assert "expired on" in svg and "valid until" not in svg and "#1b6e3c" not in svg
    svg = client.get(url("label_badge", tenant, code="RETIREE23456")).content.decode()
    assert "certificate withdrawn" in svg and "#1b6e3c" not in svg


def test_an_unknown_or_another_tenants_code_has_no_badge(client, tenant, showcase):
    assert client.get(url("label_badge", tenant, code="FORGED234567")).status_code == 404
    assert client.get(url("label_badge", tenant, code="AILLEURS2345")).status_code == 404


def test_a_badge_reads_its_code_as_printed(client, tenant, showcase):
    assert client.get(url("label_badge", tenant, code="goldride2345")).status_code == 200


# --- Verification -------------------------------------------------------------------------------


def _verify(client, code):
    response = client.get(reverse("certificate_verify", kwargs={"code": code}))
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_a_valid_certificate_is_valid(client, showcase):
    page = _verify(client, "GOLDRIDE2345")
    assert 'data-state="valid"' in page
    assert "The certificate GOLD-RIDE-2345 is valid" in page
    assert "Glisse Durable" in page and "ECORIDE" in page and "Gold" in page
    assert "Pévèle Carembault" in page  # who awarded it
    assert 'id="app-menu"' not in page


def test_it_says_an_expired_certificate_has_expired(client, showcase):
    page = _verify(client, "EXPIRED23456")
    assert 'data-state="expired"' in page and "has expired" in page
    assert "Ancien Labellisé" in page


def test_it_says_a_withdrawn_certificate_was_withdrawn(client, showcase):
    page = _verify(client, "RETIREE23456")
    assert 'data-state="withdrawn"' in page and "was withdrawn" in page
    assert "Manquement" not in page  # the reason is the tenant's business


@pytest.mark.parametrize("code", ["FORGED234567", "VALIDENR2346", "X"])
def test_a_forged_or_unknown_code_is_unknown(client, showcase, code):
    page = _verify(client, code)
    assert 'data-state="unknown"' in page and "No certificate has the code" in page
    assert "Numérique Vert" not in page


def test_it_checks_the_certificates_of_every_tenant(client, showcase):
    page = _verify(client, "AILLEURS2345")
    assert 'data-state="valid"' in page and "Logisticien d&#x27;Ailleurs" in page


def test_it_shows_nothing_but_the_certificate(client, showcase):
    page = _verify(client, "VALIDENR2345")
    for secret in ("dirigeante@numerique-vert.fr", "Verhaeghe", "153", "seuil"):
        assert secret not in page


def test_a_typed_code_leads_to_the_qr_codes_address(client, showcase):
    response = client.get(reverse("certificate_verify_form"), {"code": " gold-ride 2345 "})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificate_verify", kwargs={"code": "GOLDRIDE2345"})


def test_the_form_asks_for_a_code(client, showcase):
    response = client.get(reverse("certificate_verify_form"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    response = client.get(reverse("certificate_verify_form"), {"code": " - "})
    assert response.status_code == 200
    assert "Type the code printed on the certificate." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_public_pages_refuse_to_write(client, tenant, showcase):
    assert client.post(url("label_showcase", tenant)).status_code == 405
    assert client.post(reverse("certificate_verify_form")).status_code == 405
