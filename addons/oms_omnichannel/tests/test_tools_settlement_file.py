# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading settlement reports without a database (plain pytest)."""

import io
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.oms_omnichannel.tools import settlement_file as sf

DATA = Path(__file__).parent / "data"

SHOPEE = {
    "reference": "No. Pesanan",
    "payout_ref": "No. Penarikan Dana",
    "date": "Tanggal Dana Dilepaskan",
    "income": "Harga Asli Produk",
    "commission": "Biaya Administrasi",
    "adjustment": "Penyesuaian",
}


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rp 1.234.567", Decimal(1234567)),
        ("1,234,567", Decimal(1234567)),
        ("-12.000", Decimal(-12000)),
        ("(12.000)", Decimal(-12000)),
        ("12000.50", Decimal("12000.50")),
        ("1.234,5", Decimal("1234.5")),
        ("0.5", Decimal("0.5")),
        ("", Decimal(0)),
        (19980, Decimal(19980)),
    ],
)
def test_parse_amount(text, amount):
    assert sf.parse_amount(text) == amount


def test_parse_amount_refuses_text():
    with pytest.raises(sf.SettlementFileError):
        sf.parse_amount("lunas")


def test_shopee_report_after_title_block_fees_negated():
    rows = sf.read_rows((DATA / "shopee_income_2026-12.csv").read_bytes(), SHOPEE)
    assert len(rows) == 8
    first = rows[0]
    assert first.reference == "SHP-241201"
    assert first.payout_ref == "SPW-2412-01"
    assert first.amounts == {"income": Decimal(666000), "commission": Decimal(-53280)}
    assert rows[-1].amounts == {"adjustment": Decimal(-15000)}


def test_semicolon_csv_and_negative_fees():
    mapping = {"reference": "Order No.", "income": "Item Price Credit", "commission": "Commission"}
    content = (DATA / "lazada_statement_2026-12.csv").read_bytes()
    rows = sf.read_rows(content, mapping, fees_negative=True)
    assert rows[0].amounts == {"income": Decimal(666000), "commission": Decimal(-46620)}


def test_xlsx_report():
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["No Resi", "Nilai COD", "Biaya COD"])
    sheet.append(["JNE010000001", 666000, 19980])
    buffer = io.BytesIO()
    book.save(buffer)
    mapping = {"reference": "No Resi", "income": "Nilai COD", "cod_fee": "Biaya COD"}
    rows = sf.read_rows(buffer.getvalue(), mapping, filename="cod.xlsx")
    assert rows[0].reference == "JNE010000001"
    assert rows[0].amounts == {"income": Decimal(666000), "cod_fee": Decimal(-19980)}


def test_missing_column_is_named():
    with pytest.raises(sf.SettlementFileError, match="Biaya COD"):
        sf.read_rows(b"No Resi,Nilai COD\nX,1\n", {"reference": "No Resi", "cod_fee": "Biaya COD"})


def test_headers_with_a_timezone_or_currency_qualifier_are_the_same_column():
    # TikTok Shop's income export names its dates "Order settled time(UTC)" (seen in
    # sellers' published exports); our format maps "Order settled time"
    content = (
        b"Order/adjustment ID,Type,Order created time(UTC),Order settled time(UTC),"
        b"Total settlement amount (IDR),Total revenue\n"
        b"576786105183930101,Order,2024/04/12,2024/04/23,95000,100000\n"
    )
    mapping = {
        "reference": "Order/adjustment ID",
        "date": "Order settled time",
        "income": "Total revenue",
    }
    (row,) = sf.read_rows(content, mapping, "income.csv", fees_negative=True)
    assert row.reference == "576786105183930101"
    assert row.date == "2024/04/23"
    assert row.amounts["income"] == Decimal(100000)
    # a qualifier is not a wildcard: another column's name still fails clearly
    with pytest.raises(sf.SettlementFileError, match="no column 'Order paid time'"):
        sf.read_rows(content, dict(mapping, date="Order paid time"), "income.csv")
