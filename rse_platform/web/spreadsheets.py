"""Every CSV and XLSX the platform writes goes through here, so no cell can carry a live formula.

A value typed by a user (a company named ``=HYPERLINK(…)``) would otherwise run as a formula when
a manager opens the export in a spreadsheet. Text starting with one of the characters spreadsheet
programs read as a formula is prefixed with an apostrophe, the convention spreadsheet programs
themselves use for "this is text". Numbers, dates and booleans stay typed.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(header, rows, *, delimiter=";"):
    """A UTF-8 CSV with a BOM (Excel opens it in the right encoding), every cell neutralised."""
    return b"".join(csv_chunks(header, rows, delimiter=delimiter))


def csv_chunks(header, rows, *, delimiter=";", chunk_rows=500):
    """``csv_bytes`` as a generator of byte chunks of ``chunk_rows`` rows, for a streamed
    response: a register of any size never sits whole in memory or holds a request."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    buffer.write("\ufeff")
    writer.writerow([neutralise(str(cell)) for cell in header])
    for index, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if index % chunk_rows == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


class XlsxWriter:
    """A write-only workbook (rows stream, a register of thousands of companies stays light)
    whose cells are neutralised and whose header rows are bold."""

    def __init__(self):
        self.workbook = Workbook(write_only=True)
        self.bold = Font(bold=True)

    def sheet(self, title, header=None):
        sheet = self.workbook.create_sheet(str(title)[:31])
        if header is not None:
            self.header(sheet, header)
        return sheet

    def header(self, sheet, cells):
        row = []
        for value in cells:
            cell = WriteOnlyCell(sheet, value=neutralise(str(value)))
            cell.font = self.bold
            row.append(cell)
        sheet.append(row)

    def append(self, sheet, cells):
        sheet.append([neutralise(value) for value in cells])

    def to_bytes(self):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()
