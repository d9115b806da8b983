# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from odoo.addons.phone_validation.tools.phone_validation import phone_format

BLACKLIST_KINDS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("address", "Address"),
]

# Phone numbers without a country prefix (08..., 021...) are read as Indonesian numbers.
DEFAULT_PHONE_REGION = "ID"


def normalize_email(value):
    """Lowercase email without surrounding blanks (``"Budi <B@X.id>"`` -> ``b@x.id``)."""
    if not value or not value.strip():
        return False
    return email_normalize(value, strict=False) or value.strip().lower()


def normalize_phone(value, region=DEFAULT_PHONE_REGION):
    """E.164 form of a phone number, or False: the one phone normaliser of the OMS.

    Capture (customers and their addresses), customer matching and the blacklist (its
    entries and the orders compared with them) all call it, so one number written in
    any form gives one key: ``0812-3456-7890``, ``+62 812 3456 7890``, ``62812-3456-7890``
    and ``081234567890`` all give ``+6281234567890``; ``021-2555 0123`` gives
    ``+622125550123``. A number without a country prefix is read in ``region``
    (Indonesia by default); ``+65 9123 4567`` keeps its own country.

    It is Odoo's ``phone_validation`` (``phonenumbers`` with Odoo's metadata patches),
    as for ``res.partner.phone_sanitized``, and like it accepts **valid** numbers only,
    not merely "possible" ones:

    - customer matching compares with ``phone_sanitized``, which Odoo computes with the
      valid rule: a number accepted as merely possible would never find its customer;
    - "possible" only checks the length, so in Indonesia ``12345``, ``081 234 567`` or
      ``0000-0000-0000`` pass; as keys they would merge unrelated customers and put junk
      in the blacklist. Valid also checks the ranges: every Indonesian mobile range
      (08[1-3,5-9]x, 10 to 13 digits with the 0) and area code is in the metadata, so no
      real subscriber number is lost;
    - the cost: a range newer than the installed ``phonenumbers`` metadata is refused
      until it is upgraded (the customer is then matched by e-mail only, the blacklist
      entry is refused with a message), and masked marketplace numbers (``******789``)
      give False, which is what they should give.
    """
    if not value or not isinstance(value, str) or not value.strip():
        return False
    try:
        return phone_format(value.strip(), region, None, force_format="E164") or False
    except UserError:
        return False


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
