# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Matching of province names as channels write them to Odoo's provinces."""

import re

# Prefixes channels put before Indonesian province names ("DKI Jakarta", "DI Yogyakarta",
# "Provinsi Jawa Barat") that Odoo's base data does not carry.
_PREFIXES = re.compile(
    r"^(provinsi|prov\.?|daerah khusus ibukota|daerah istimewa|dki|di)\s+", re.IGNORECASE
)
# Indonesian spellings of names Odoo stores in their English form.
_SPELLINGS = {"sumatera": "sumatra"}


def province_key(name):
    """Return a comparison key for a province name or code (case and prefix insensitive)."""
    key = " ".join((name or "").lower().split())
    key = _PREFIXES.sub("", key)
    return " ".join(_SPELLINGS.get(word, word) for word in key.split())


def match_province(value, provinces):
    """Return the id of the province matching ``value`` by code or name, or ``None``.

    ``provinces`` is an iterable of ``(id, code, name)``.
    """
    wanted = province_key(value)
    if not wanted:
        return None
    for province_id, code, _name in provinces:
        if (code or "").lower() == wanted:
            return province_id
    for province_id, _code, name in provinces:
        if province_key(name) == wanted:
            return province_id
    return None
