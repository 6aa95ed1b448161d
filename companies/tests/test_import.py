import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope
from openpyxl import Workbook

from companies.models import Company, CompanyImport
from companies.siret import demo_siret
from rse_platform.files.validators import check_upload
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

HEADER = "raison_sociale;siret;code_naf;commune;effectif;chiffre_affaires\n"


def _xlsx_bytes(*rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Raison sociale", "SIRET"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip_bomb(inflated_mb=30):
    """A real workbook carrying one more part of zeros: tens of kilobytes on the wire, tens of
    megabytes once inflated."""
    buffer = io.BytesIO(_xlsx_bytes(["Atelier Vert", demo_siret(7)]))
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w") as part,
    ):
        for _ in range(inflated_mb):
            part.write(bytes(1024 * 1024))
    return buffer.getvalue()


def _stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _csv(text, name="entreprises.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _upload(client, tenant, upload):
    return client.post(
        reverse("company_import", kwargs={"tenant_slug": tenant.slug}), {"file": upload}
    )


@pytest.fixture
def manager(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    return client


def test_it_lists_every_bad_row_and_writes_nothing(manager, tenant):
    CompanyFactory(tenant=tenant, name="Déjà Là", siret=demo_siret(42))
    good = demo_siret(1)
    text = HEADER + (
        f"Menuiserie Nord;{good};16.23Z;Orchies;12;1 200 000\n"
        "Mauvais Siret;12345678901234;25.62B;Cysoing;8;300000\n"
        f"Secteur Inconnu;{demo_siret(2)};00.00Z;Avelin;3;100000\n"
        f"Doublon Fichier;{good};16.23Z;Orchies;4;100000\n"
        f"Doublon Registre;{demo_siret(42)};16.23Z;Orchies;4;100000\n"
        f";{demo_siret(3)};16.23Z;Orchies;x;abc\n"
    )
    response = _upload(manager, tenant, _csv(text))
    with scope(tenant=tenant):
        checked = CompanyImport.objects.get()
    assert response.status_code == 302
    assert [error["line"] for error in checked.errors] == [3, 4, 5, 6, 7]
    reasons = {error["line"]: " ".join(error["reasons"]) for error in checked.errors}
    assert "SIRET" in reasons[3]
    assert "Secteur inconnu" in reasons[4]
    assert "ligne 2" in reasons[5]
    assert "déjà dans le registre" in reasons[6]
    assert "raison sociale" in reasons[7] and "effectif" in reasons[7] and "chiffre" in reasons[7]
    page = manager.get(response.url)
    assert page.status_code == 200
    assert "Mauvais Siret" in page.content.decode()
    # Nothing was written, and a preview with errors cannot be confirmed.
    assert manager.post(response.url).status_code == 302
    with scope(tenant=tenant):
        assert list(Company.objects.values_list("name", flat=True)) == ["Déjà Là"]


def test_a_clean_file_is_previewed_then_imported_whole(manager, tenant):
    text = HEADER + "".join(
        f"Entreprise {i};{demo_siret(100 + i)};49.41A;Orchies;{10 + i};{i}00000,50\n"
        for i in range(5)
    )
    response = _upload(manager, tenant, _csv(text))
    with scope(tenant=tenant):
        assert Company.objects.count() == 0
    assert "Entreprise 4" in manager.get(response.url).content.decode()
    manager.post(response.url)
    with scope(tenant=tenant):
        assert Company.objects.filter(tenant=tenant).count() == 5
        company = Company.objects.get(name="Entreprise 3")
    assert company.headcount == 13
    assert str(company.annual_revenue) == "300000.50"
    # A second confirmation imports nothing more.
    manager.post(response.url)
    with scope(tenant=tenant):
        assert Company.objects.count() == 5


def test_it_reads_xlsx_workbooks(manager, tenant):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Raison sociale", "SIRET", "Code NAF", "Effectif", "Projet"])
    sheet.append(["Atelier Vert", int(demo_siret(7)), "31.09B", 7, ""])
    sheet.append(["Projet Solaire", None, "43.21B", 0, "oui"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("registre.xlsx", buffer.getvalue())
    response = _upload(manager, tenant, upload)
    with scope(tenant=tenant):
        assert CompanyImport.objects.get().errors == []
    manager.post(response.url)
    with scope(tenant=tenant):
        assert set(Company.objects.values_list("name", "is_project")) == {
            ("Atelier Vert", False),
            ("Projet Solaire", True),
        }


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("registre.pdf", b"%PDF-1.4"), "n'est pas accepté"),
        (SimpleUploadedFile("registre.csv", b"MZ\x90\x00\x03" + b"\x00" * 64), "n'est pas accepté"),
        (SimpleUploadedFile("registre.xlsx", b"not a zip at all"), "ne correspond pas"),
        (SimpleUploadedFile("registre.csv", _xlsx_bytes()), "ne correspond pas"),
        (SimpleUploadedFile("registre.csv", b""), "vide"),
        (SimpleUploadedFile("registre.csv", b"raison_sociale\n\x81\x8d\x8f"), "n'est pas accepté"),
        (SimpleUploadedFile("registre.csv", b"foo;bar\n1;2\n"), "raison_sociale"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(manager, tenant, upload, message):
    response = _upload(manager, tenant, upload)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    with scope(tenant=tenant):
        assert not CompanyImport.objects.exists()
    assert not _stored_files()


def test_a_zip_bomb_dressed_as_a_workbook_is_refused(manager, tenant):
    response = _upload(manager, tenant, SimpleUploadedFile("registre.xlsx", _zip_bomb()))
    assert response.status_code == 200
    assert "trop volumineuse une fois décompressée" in str(response.context["form"].errors)
    with scope(tenant=tenant):
        assert not CompanyImport.objects.exists() and not Company.objects.exists()
    assert not _stored_files()


def test_the_importer_refuses_a_zip_bomb_that_slipped_past_the_upload_check(
    manager, tenant, settings
):
    # A looser upload setting (or a future bug) lets the archive through: the importer's own
    # bound still refuses it before openpyxl inflates anything.
    settings.UPLOAD_ZIP_MAX_RATIO = 10**9
    settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_BYTES = 10**12
    upload = SimpleUploadedFile("registre.xlsx", _zip_bomb())
    assert check_upload(upload, kinds=["csv", "xlsx"]) == "xlsx"
    response = _upload(manager, tenant, SimpleUploadedFile("registre.xlsx", _zip_bomb()))
    assert response.status_code == 200
    assert "bien trop volumineux une fois décompressé" in " ".join(
        response.context["form"].errors["file"]
    )
    with scope(tenant=tenant):
        assert not CompanyImport.objects.exists() and not Company.objects.exists()
    assert not _stored_files()


def test_the_file_is_kept_under_a_random_name_and_never_linked(manager, tenant):
    text = HEADER + f"Menuiserie Nord;{demo_siret(1)};16.23Z;Orchies;12;1200000\n"
    response = _upload(manager, tenant, _csv(text, name="Registre adhérents 2026.csv"))
    with scope(tenant=tenant):
        checked = CompanyImport.objects.get()
    assert checked.original_name == "Registre adhérents 2026.csv"
    assert re.fullmatch(r"imports/\d{4}/[0-9a-f]{32}\.csv", checked.file.name)
    assert _stored_files() == [checked.file.name]
    page = manager.get(response.url).content.decode()
    assert "Registre adhérents 2026.csv" in page
    assert checked.file.name not in page and "/media/" not in page


def test_files_over_the_size_limit_are_refused(manager, tenant, settings):
    settings.UPLOAD_MAX_BYTES = 50
    response = _upload(manager, tenant, _csv(HEADER + "x" * 100))
    assert response.context["form"].errors["file"]
    with scope(tenant=tenant):
        assert not CompanyImport.objects.exists()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_only_managers_import(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert _upload(client, tenant, _csv(HEADER)).status_code == 403


def test_another_tenants_preview_is_not_found(client, tenant, other_tenant, make_person):
    with scope(tenant=tenant):
        checked = CompanyImport.objects.create(
            tenant=tenant, original_name="x.csv", status="ready", rows=[], errors=[]
        )
    client.force_login(make_person(other_tenant, Role.MANAGER))
    url = reverse(
        "company_import_preview", kwargs={"tenant_slug": other_tenant.slug, "pk": checked.pk}
    )
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
