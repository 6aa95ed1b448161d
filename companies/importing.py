"""Reading a company register from CSV or XLSX and checking every row before anything is saved.

Columns are recognised by their header, in French or English (order does not matter).
"""

import csv
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rse_platform.web.forms import error_message

from .siret import clean_naf, clean_siret

COLUMNS = {
    "name": {"raison_sociale", "raison sociale", "nom", "name", "legal_name", "entreprise"},
    "siret": {"siret"},
    "naf_code": {"code_naf", "naf", "code naf", "naf_code", "ape", "code_ape"},
    "sector": {"activite", "activité", "secteur", "sector", "activity"},
    "commune": {"commune", "ville", "town", "city"},
    "headcount": {"effectif", "salaries", "salariés", "headcount", "employees"},
    "annual_revenue": {"chiffre_affaires", "chiffre d'affaires", "ca", "revenue", "annual_revenue"},
    "founded_on": {"date_creation", "date de création", "creation", "founded_on", "founded"},
    "is_project": {"projet", "porteur_de_projet", "project", "is_project"},
    "website": {"site_web", "site", "website"},
    "description": {"description"},
}
REQUIRED = ("name",)
TRUE_WORDS = {"1", "oui", "yes", "true", "vrai", "x"}
MAX_ROWS = 5000
MAX_COLUMNS = 100
XLSX_MAX_INFLATED_BYTES = 20 * 1024 * 1024
XLSX_MAX_ENTRIES = 1000


class FileRejected(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


def read_rows(upload, *, kind):
    """The rows of an upload whose content was recognised as ``kind`` ("csv" or "xlsx", by
    ``rse_platform.files.validators.check_upload``), as dicts keyed by our field names."""
    if kind == "xlsx":
        table = _xlsx_table(upload)
    elif kind == "csv":
        table = _csv_table(upload.read())
    else:
        raise FileRejected(_("Only .csv and .xlsx files can be imported."))
    if not table:
        raise FileRejected(_("The file is empty."))
    header, *body = table
    mapping = _map_header(header)
    missing = [field for field in REQUIRED if field not in mapping.values()]
    if missing:
        raise FileRejected(
            _("The first line must name the columns; “raison_sociale” (the legal name) is missing.")
        )
    if len(body) > MAX_ROWS:
        raise FileRejected(_("At most %(max)s companies per file.") % {"max": MAX_ROWS})
    rows = [
        {field: row[index] if index < len(row) else None for index, field in mapping.items()}
        for row in body
    ]
    return rows


def _xlsx_table(upload):
    """The first sheet's rows, read only after the archive's declared sizes were checked.

    The upload check already refuses zip bombs; this is the importer's own, tighter bound (a
    register of ``MAX_ROWS`` companies inflates to a few megabytes), so a workbook that slipped
    past a looser setting still never inflates into the worker's memory. Python's zipfile never
    inflates an entry beyond its declared size, so the declared sizes are a real bound.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            inflated = sum(entry.file_size for entry in entries)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise FileRejected(_("This file is not a real Excel (.xlsx) workbook.")) from error
    if inflated > XLSX_MAX_INFLATED_BYTES or len(entries) > XLSX_MAX_ENTRIES:
        raise FileRejected(_("This Excel file is far too large once uncompressed."))
    from openpyxl import load_workbook

    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        table = _bounded(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
        workbook.close()
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is refused the same way
        raise FileRejected(_("This Excel file cannot be read.")) from error
    return table


def _csv_table(content):
    if b"\x00" in content[:4096]:
        raise FileRejected(_("This file is not a text (CSV) file."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("This file is not a text (CSV) file."))
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        return _bounded(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # a field over the csv module's limit, a stray quote…
        raise FileRejected(_("This CSV file cannot be read.")) from error


def _bounded(rows):
    """The non-blank rows, read no further than one past the limit (the file is then refused
    without holding the rest in memory)."""
    filled = (list(row[:MAX_COLUMNS]) for row in rows if any(str(c or "").strip() for c in row))
    return list(islice(filled, MAX_ROWS + 2))


def _normalise_header(cell):
    return re.sub(r"\s+", " ", str(cell or "").strip().lower())


def _map_header(header):
    mapping = {}
    for index, cell in enumerate(header):
        label = _normalise_header(cell)
        for field, aliases in COLUMNS.items():
            if label in aliases or label.replace(" ", "_") in aliases:
                mapping[index] = field
    return mapping


def check_rows(rows, *, existing_sirets, existing_names):
    """Validate every row; return (clean_rows, errors) where errors lists every bad row's reasons.

    Duplicates are looked for inside the file and against the tenant's register.
    """
    clean, errors = [], []
    seen_sirets, seen_names = {}, {}
    for number, raw in enumerate(rows, start=2):  # line 1 is the header
        row, reasons = _check_row(raw)
        siret = row.get("siret")
        name_key = (row.get("name") or "").casefold()
        if siret:
            if siret in existing_sirets:
                reasons.append(_("duplicate: this SIRET is already in the register"))
            elif siret in seen_sirets:
                reasons.append(
                    _("duplicate: same SIRET as line %(line)s") % {"line": seen_sirets[siret]}
                )
            seen_sirets.setdefault(siret, number)
        elif name_key:
            if name_key in existing_names:
                reasons.append(_("duplicate: a company of this name is already in the register"))
            elif name_key in seen_names:
                reasons.append(
                    _("duplicate: same name as line %(line)s") % {"line": seen_names[name_key]}
                )
        if name_key:
            seen_names.setdefault(name_key, number)
        if reasons:
            errors.append({"line": number, "name": row.get("name") or "", "reasons": reasons})
        else:
            clean.append(row)
    return clean, errors


def _text(value):
    return str(value).strip() if value is not None else ""


def _check_row(raw):
    row, reasons = {}, []
    row["name"] = _text(raw.get("name"))
    if not row["name"]:
        reasons.append(_("the legal name is missing"))
    for field in ("sector", "commune", "website", "description"):
        row[field] = _text(raw.get(field))
    row["is_project"] = _text(raw.get("is_project")).lower() in TRUE_WORDS

    siret = _text(raw.get("siret"))
    if isinstance(raw.get("siret"), (int, float)):
        siret = str(int(raw["siret"])).zfill(14)
    row["siret"] = ""
    if siret:
        try:
            row["siret"] = clean_siret(siret)
        except ValidationError as error:
            reasons.append(_("bad SIRET (%(reason)s)") % {"reason": error_message(error)})
    elif not row["is_project"]:
        reasons.append(_("the SIRET is missing (mark founders' projects in the “projet” column)"))

    naf = _text(raw.get("naf_code"))
    row["naf_code"] = ""
    if naf:
        try:
            row["naf_code"] = clean_naf(naf)
        except ValidationError as error:
            reasons.append(error_message(error))

    row["headcount"] = 0
    headcount = _text(raw.get("headcount")).replace(" ", "").replace("\u202f", "")
    if headcount:
        try:
            value = Decimal(headcount.replace(",", "."))
            if value < 0 or value != value.to_integral_value():
                raise InvalidOperation
            row["headcount"] = int(value)
        except InvalidOperation:
            reasons.append(_("the headcount must be a whole number"))

    row["annual_revenue"] = "0"
    revenue = _text(raw.get("annual_revenue"))
    if revenue:
        cleaned = re.sub(r"[\s\u202f€]", "", revenue).replace(",", ".")
        try:
            amount = Decimal(cleaned)
            if amount < 0:
                raise InvalidOperation
            row["annual_revenue"] = str(amount.quantize(Decimal("0.01")))
        except InvalidOperation:
            reasons.append(_("the revenue must be an amount in euros"))

    row["founded_on"] = None
    founded = raw.get("founded_on")
    if isinstance(founded, datetime):
        row["founded_on"] = founded.date().isoformat()
    elif isinstance(founded, date):
        row["founded_on"] = founded.isoformat()
    elif _text(founded):
        parsed = _parse_date(_text(founded))
        if parsed is None:
            reasons.append(_("the founding date must read DD/MM/YYYY"))
        else:
            row["founded_on"] = parsed.isoformat()
    return row, reasons


def _parse_date(text):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
