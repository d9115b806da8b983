# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading a settlement / COD remittance report (CSV or XLSX) through a column
mapping: plain Python, no ``odoo`` import.

A mapping names, for each settlement field, the column header of the report
(headers compared case- and space-insensitively). ``read_rows`` returns one
:class:`SettlementRow` per data row; amounts are signed from the seller's point of
view (income and subsidies positive, fees negative), whatever sign convention the
report uses (``fees_negative`` says whether the report already prints fees as
negative numbers)."""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# settlement line types read from a report, in the order they are booked
AMOUNT_FIELDS = (
    "income",
    "commission",
    "service_fee",
    "payment_fee",
    "shipping",
    "cod_fee",
    "adjustment",
)
# types that are deductions: printed positive by most reports, booked negative
FEE_FIELDS = frozenset({"commission", "service_fee", "payment_fee", "cod_fee"})


class SettlementFileError(ValueError):
    """The report cannot be read with this mapping (the message says why)."""


@dataclass
class SettlementRow:
    row_number: int
    reference: str
    payout_ref: str = ""
    date: str = ""
    amounts: dict = field(default_factory=dict)


def _norm(header):
    return re.sub(r"[\s_\-/()]+", " ", str(header or "")).strip().lower()


# a qualifier the payers add to a header, e.g. "Order settled time(UTC)" in
# TikTok Shop's income export or "Nilai COD (Rp)": the column is the same
_QUALIFIER = re.compile(r"\s*\((utc|gmt[+\-]?\d*|wib|idr|rp\.?|%)\)\s*$", re.IGNORECASE)


def _bare(header):
    return _norm(_QUALIFIER.sub("", str(header or "")))


def _column(cells, header):
    """Index of ``header`` among a row's ``cells``: the same text (case, blanks
    and punctuation aside), or the same text but for a timezone/currency
    qualifier in parentheses."""
    headers = [_norm(c) for c in cells]
    wanted = _norm(header)
    if wanted in headers:
        return headers.index(wanted)
    bare = [_bare(c) for c in cells]
    wanted = _bare(header)
    return bare.index(wanted) if wanted and wanted in bare else None


def parse_amount(value):
    """An amount as printed by Indonesian reports: ``Rp 1.234.567``, ``1,234,567``,
    ``-12.000``, ``(12.000)``, ``12000.50``, or a number from XLSX. Empty: 0."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).strip().replace("Rp", "").replace("IDR", "").replace(" ", "")
    text = text.replace("\u00a0", "")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if not text or text == "-":
        return Decimal(0)
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        text = text.replace(thousands, "").replace(decimal_sep, ".")
    elif "." in text or "," in text:
        sep = "." if "." in text else ","
        parts = text.lstrip("-+").split(sep)
        if len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] not in ("", "0")):
            text = text.replace(sep, "")  # thousands separator
        else:
            text = text.replace(sep, ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise SettlementFileError(f"not an amount: {value!r}") from exc
    return -amount if negative else amount


def _table_from_csv(content):
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _table_from_xlsx(content):
    try:
        import openpyxl  # noqa: PLC0415 - optional, only for XLSX reports
    except ImportError as exc:  # pragma: no cover - openpyxl ships with Odoo's requirements
        raise SettlementFileError("XLSX reports need the openpyxl library") from exc
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook
        raise SettlementFileError(f"not a readable XLSX file: {exc}") from exc
    sheet = book.worksheets[0]
    return [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]


def read_table(content, filename=""):
    """The report's cells as a list of rows (CSV by default, XLSX by name or magic)."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        return _table_from_xlsx(content)
    try:
        return _table_from_csv(content)
    except UnicodeDecodeError as exc:
        raise SettlementFileError("the report is neither UTF-8 CSV nor XLSX") from exc


def read_rows(content, mapping, filename="", fees_negative=False):
    """Rows of the report as :class:`SettlementRow`.

    ``mapping``: {"reference": header, "payout_ref": header?, "date": header?,
    "<amount field>": header?...}; the header row is the first row holding the
    reference column (reports often start with a title block)."""
    table = read_table(content, filename)
    ref_header = mapping.get("reference")
    if not _norm(ref_header):
        raise SettlementFileError("the mapping names no reference column")
    header_index = None
    for number, row in enumerate(table):
        if _column(row, ref_header) is not None:
            header_index = number
            break
    if header_index is None:
        raise SettlementFileError(
            f"no header row with the column {mapping['reference']!r} in the report"
        )
    headers = table[header_index]
    columns = {}
    for key, header in mapping.items():
        if not header:
            continue
        index = _column(headers, header)
        if index is None:
            raise SettlementFileError(f"the report has no column {header!r}")
        columns[key] = index
    rows = []
    for number, row in enumerate(table[header_index + 1 :], start=header_index + 2):
        cells = list(row) + [""] * (len(headers) - len(row))
        reference = str(cells[columns["reference"]] or "").strip()
        if not reference:
            continue
        amounts = {}
        for key in AMOUNT_FIELDS:
            if key not in columns:
                continue
            try:
                amount = parse_amount(cells[columns[key]])
            except SettlementFileError as exc:
                raise SettlementFileError(f"row {number}: {exc}") from exc
            if key in FEE_FIELDS and not fees_negative:
                amount = -amount
            if amount:
                amounts[key] = amount
        rows.append(
            SettlementRow(
                row_number=number,
                reference=reference,
                payout_ref=str(cells[columns["payout_ref"]] or "").strip()
                if "payout_ref" in columns
                else "",
                date=str(cells[columns["date"]] or "").strip() if "date" in columns else "",
                amounts=amounts,
            )
        )
    return rows
