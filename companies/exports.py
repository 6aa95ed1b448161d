"""The register as CSV and XLSX, in the same columns the import reads (a round trip works).

The CSV streams from the request; the XLSX is built on the worker by the core's
generated-document flow (kind registered in ``contributions``), about the membership of the
person who asked, so that it is theirs to follow and download."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy

from rse_platform.files import selectors as files
from rse_platform.web.spreadsheets import XlsxWriter, csv_bytes, csv_chunks

from . import selectors
from .models import Company

REGISTER_XLSX = "companies.register_xlsx"
REGISTER_XLSX_LABEL = gettext_lazy("Company register (XLSX)")
CHUNK = 1000

REGISTER_COLUMNS = [
    ("name", "raison_sociale"),
    ("siret", "siret"),
    ("naf_code", "code_naf"),
    ("sector", "activite"),
    ("commune", "commune"),
    ("headcount", "effectif"),
    ("annual_revenue", "chiffre_affaires"),
    ("founded_on", "date_creation"),
    ("is_project", "projet"),
    ("website", "site_web"),
]


def _register_rows(companies):
    for company in companies:
        yield [
            company.name,
            company.siret,
            company.naf_code,
            company.sector,
            company.commune,
            company.headcount,
            company.annual_revenue,
            company.founded_on.strftime("%d/%m/%Y") if company.founded_on else "",
            "oui" if company.is_project else "",
            company.website,
        ]


def _csv_rows(companies):
    return (
        [str(value).replace(".", ",") if isinstance(value, Decimal) else value for value in row]
        for row in _register_rows(companies.iterator(chunk_size=CHUNK))
    )


def _header():
    return [header for _field, header in REGISTER_COLUMNS]


def register_csv(companies):
    return csv_bytes(_header(), _csv_rows(companies))


def register_csv_chunks(companies):
    """The register CSV as byte chunks, read from the database a thousand rows at a time."""
    return csv_chunks(_header(), _csv_rows(companies))


def register_xlsx(companies, progress=None):
    total = companies.count() if progress else 0
    writer = XlsxWriter()
    sheet = writer.sheet("Entreprises", _header())
    for index, row in enumerate(_register_rows(companies.iterator(chunk_size=CHUNK)), start=1):
        writer.append(sheet, row)
        if progress and index % CHUNK == 0:
            progress(90 * index // total)
    return writer.to_bytes()


def register_filename(extension):
    return f"entreprises-{timezone.localdate().isoformat()}.{extension}"


def render_register_xlsx(document, membership, progress):
    """The whole register of the membership's tenant (the export is for managers)."""
    companies = selectors.register(companies=Company.objects.filter(tenant=membership.tenant_id))
    return register_xlsx(companies, progress), register_filename("xlsx")


def latest_register_xlsx(*, membership, language):
    """The person's last register workbook in ``language``, or None."""
    return files.latest_document(kind=REGISTER_XLSX, subject=membership, language=language)
