# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import phonenumbers

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

BLACKLIST_KINDS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("address", "Address"),
]

# Phone numbers without a country prefix (08...) are read as Indonesian numbers.
DEFAULT_PHONE_REGION = "ID"


def normalize_email(value):
    """Lowercase email without surrounding blanks (``"Budi <B@X.id>"`` -> ``b@x.id``)."""
    if not value or not value.strip():
        return False
    return email_normalize(value, strict=False) or value.strip().lower()


def normalize_phone(value, region=DEFAULT_PHONE_REGION):
    """E.164 form of a phone number (``0812-3456-7890`` -> ``+6281234567890``).

    Return False when the text is not a possible phone number.
    """
    if not value or not value.strip():
        return False
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_possible_number(number):
        return False
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_address(value):
    """Lowercase address with runs of blanks collapsed to one space."""
    if not value:
        return False
    return " ".join(value.lower().split()) or False


NORMALIZERS = {
    "email": normalize_email,
    "phone": normalize_phone,
    "address": normalize_address,
}


class OmsBlacklist(models.Model):
    _name = "oms.blacklist"
    _description = "Blacklisted Email, Phone or Address"
    _order = "kind, normalized_value"
    _rec_name = "value"

    kind = fields.Selection(BLACKLIST_KINDS, required=True, default="email")
    value = fields.Char(
        required=True,
        help="Email, phone number (08..., +62...) or street line of the shipping address "
        "(street and street 2 as on the label, e.g. 'Jl. Melati No. 12 RT 3/RW 4').",
    )
    normalized_value = fields.Char(
        compute="_compute_normalized_value",
        store=True,
        index=True,
        help="The value as orders are compared with it: email in lowercase, phone in E.164 "
        "(+62...), address in lowercase with single spaces.",
    )
    reason = fields.Text(required=True, help="Why orders matching this entry are held.")
    active = fields.Boolean(default=True)

    _kind_value_uniq = models.Constraint(
        "UNIQUE(kind, normalized_value)",
        "This value is already blacklisted.",
    )

    @api.depends("kind", "value")
    def _compute_normalized_value(self):
        for entry in self:
            normalizer = NORMALIZERS.get(entry.kind)
            entry.normalized_value = normalizer(entry.value) if normalizer else False

    @api.constrains("kind", "value", "normalized_value")
    def _check_normalized_value(self):
        for entry in self:
            if not entry.normalized_value:
                raise ValidationError(
                    self.env._(
                        "'%(value)s' is not a valid %(kind)s.",
                        value=entry.value or "",
                        kind=dict(self._fields["kind"]._description_selection(self.env))[
                            entry.kind
                        ].lower(),
                    )
                )

    @api.model
    def _oms_match(self, values_by_kind):
        """Return the active entries matching normalised values.

        :param values_by_kind: ``{kind: set of normalised values}``
        :return: ``{(kind, normalized_value): entry}`` read in one query
        """
        values = set().union(*values_by_kind.values()) if values_by_kind else set()
        values.discard(False)
        if not values:
            return {}
        entries = self.sudo().search_fetch(
            [("normalized_value", "in", list(values))], ["kind", "normalized_value", "reason"]
        )
        return {
            (entry.kind, entry.normalized_value): entry
            for entry in entries
            if entry.normalized_value in values_by_kind.get(entry.kind, ())
        }
