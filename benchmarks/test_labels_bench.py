"""Benchmarks of the labels' certificates: `make bench`.

One certificate's PDF (the HTML, its QR code and WeasyPrint), the median of several renders; and
a wave of 100 certificates rendered by the worker's renderer (one PDF each, in a ZIP), in total
and per certificate (printed under the table, see ``conftest.py``). Measured, never asserted.
"""

import io
import zipfile

import pytest
from django_scopes import scope

from labels import certificates
from labels.tests import factories
from labels.tests.test_views_public import certificate_of
from rse_platform.files.models import GeneratedDocument
from tests.factories import CompanyFactory, TenantFactory

pytestmark = pytest.mark.django_db

WAVE = 100


def _certificates(count):
    tenant = TenantFactory(name="Pévèle Carembault")
    with scope(tenant=tenant):
        label = factories.ecoride(tenant, None)
        for n in range(count):
            company = CompanyFactory(tenant=tenant, name=f"Entreprise labellisée n° {n}")
            certificate_of(company, label, code=f"BENCH{n:07d}", level="Gold")
    return tenant, label


def test_one_certificate_pdf(benchmark):
    tenant, label = _certificates(1)
    with scope(tenant=tenant):
        certificate = certificates.wave_certificates(label.waves.get()).get()
        pdf = benchmark.pedantic(
            certificates.certificate_pdf,
            args=(certificate,),
            kwargs={"language": "fr"},
            rounds=15,
            iterations=1,
            warmup_rounds=1,
        )
    assert pdf.startswith(b"%PDF")


def test_wave_of_100_certificates(benchmark):
    tenant, label = _certificates(WAVE)
    with scope(tenant=tenant):
        wave = label.waves.get()
        document = GeneratedDocument(language="fr")
        content, _name = benchmark.pedantic(
            certificates.render_wave_certificates,
            args=(document, wave, lambda percent: None),
            rounds=3,
            iterations=1,
            warmup_rounds=0,
        )
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == WAVE
    benchmark.extra_info["per_certificate_s"] = benchmark.stats.stats.median / WAVE
