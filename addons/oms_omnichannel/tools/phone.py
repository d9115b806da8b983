# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Phone normalisation for customer matching (Indonesian numbers by default)."""

import phonenumbers

DEFAULT_REGION = "ID"


def normalize_phone(number, default_region=DEFAULT_REGION):
    """Return ``number`` in E.164 form, or ``None`` when it is not a valid number.

    "0812-3456-789", "+62 812 3456 789" and "628123456789" all give "+628123456789".
    Masked numbers as marketplaces send them ("******789") are not valid: ``None``.
    """
    if not number or not isinstance(number, str):
        return None
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
