"""The register as CSV and XLSX, in the same columns the import reads (a round trip works)."""

from decimal import Decimal

from rse_platform.web.spreadsheets import XlsxWriter, csv_bytes

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


def register_csv(companies):
    header = [header for _field, header in REGISTER_COLUMNS]
    rows = (
        [str(value).replace(".", ",") if isinstance(value, Decimal) else value for value in row]
        for row in _register_rows(companies.iterator(chunk_size=1000))
    )
    return csv_bytes(header, rows)


def register_xlsx(companies):
    writer = XlsxWriter()
    sheet = writer.sheet("Entreprises", [header for _field, header in REGISTER_COLUMNS])
    for row in _register_rows(companies.iterator(chunk_size=1000)):
        writer.append(sheet, row)
    return writer.to_bytes()
