# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One phone normaliser (``oms_blacklist.normalize_phone``, on Odoo's ``phone_validation``)
for capture, customer matching and the blacklist."""

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..models import oms_blacklist, res_partner
from ..models.oms_blacklist import normalize_phone

MOBILE = "+6281234567890"
# one Indonesian mobile number as customers and marketplaces write it
MOBILE_FORMS = (
    "0812-3456-7890",
    "+62 812 3456 7890",
    "62812-3456-7890",
    "6281234567890",
    "081234567890",
    "(0812) 3456 7890",
    "+62 812-3456-7890",
)
OTHER_VALID = {
    "021-2555-0123": "+622125550123",  # Jakarta landline
    "(0361) 234567": "+62361234567",  # Denpasar landline, shorter
    "0895 1234 56789": "+62895123456789",  # 13-digit mobile (Tri)
    "+65 9123 4567": "+6591234567",  # a foreign number keeps its country
}
# not numbers, masked numbers, and "possible" (right length) but invalid numbers
GARBAGE = (
    None,
    "",
    "   ",
    "abc",
    "******789",
    "12345",
    "081 234 567",
    "0000-0000-0000",
    "08123456789012",
)


@tagged("post_install", "-at_install")
class TestPhoneNormaliser(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.indonesia = cls.env.ref("base.id")
        cls.Partner = cls.env["res.partner"]

    def test_one_function(self):
        # capture/customer matching and the blacklist use the very same function
        self.assertIs(res_partner.normalize_phone, oms_blacklist.normalize_phone)
        self.assertIs(oms_blacklist.NORMALIZERS["phone"], normalize_phone)

    def test_indonesian_forms_give_one_number(self):
        for number in MOBILE_FORMS:
            self.assertEqual(normalize_phone(number), MOBILE, number)
        for number, expected in OTHER_VALID.items():
            self.assertEqual(normalize_phone(number), expected, number)
        for number in GARBAGE:
            self.assertIs(normalize_phone(number), False, number)

    def test_same_rule_as_odoo_phone_sanitized(self):
        # customer matching compares with phone_sanitized: both must agree on every input
        numbers = [*MOBILE_FORMS, *OTHER_VALID, *(n for n in GARBAGE if n and n.strip())]
        partners = self.Partner.create(
            [
                {"name": f"P{i}", "phone": n, "country_id": self.indonesia.id}
                for i, n in enumerate(numbers)
            ]
        )
        for number, partner in zip(numbers, partners, strict=True):
            self.assertEqual(normalize_phone(number), partner.phone_sanitized, number)

    def test_blacklist_keeps_valid_numbers_only(self):
        Blacklist = self.env["oms.blacklist"]
        entry = Blacklist.create(
            {"kind": "phone", "value": "0812-3456-7890", "reason": "Refused COD parcels"}
        )
        self.assertEqual(entry.normalized_value, MOBILE)
        # the same number written another way is the same entry
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            Blacklist.create({"kind": "phone", "value": "62812 3456 7890", "reason": "again"})
        # a "possible" number that no operator issues is refused
        for value in ("12345", "081 234 567", "******789"):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                Blacklist.create({"kind": "phone", "value": value, "reason": "typo"})
        matched = Blacklist._oms_match({"phone": {normalize_phone("+62 812 3456 7890")}})
        self.assertEqual(matched[("phone", MOBILE)], entry)

    def test_customer_matching_and_capture(self):
        Partner = self.Partner
        siti = Partner.create(
            {"name": "Siti Aminah", "phone": "0812 3456 7890", "country_id": self.indonesia.id}
        )
        for number in MOBILE_FORMS:
            self.assertEqual(Partner._oms_match_customer(phone=number), siti, number)
        # an invalid number matches nobody, even a contact holding the same text
        Partner.create({"name": "Typo", "phone": "12345"})
        self.assertFalse(Partner._oms_match_customer(phone="12345"))
        # capture: a new customer gets the number in E.164, and is found again
        budi = Partner._oms_find_or_create_customer(
            "Budi Santoso", phone="0857-1111-2222", country=self.indonesia
        )
        self.assertEqual(budi.phone, "+6285711112222")
        self.assertEqual(
            Partner._oms_find_or_create_customer("Budi S.", phone="+62 857 1111 2222"), budi
        )
        # its addresses too: one address whatever the form of its phone
        vals = {
            "name": "Budi Santoso",
            "street": "Jl. Sudirman 1",
            "street2": False,
            "city": "Jakarta",
            "state_id": False,
            "zip": "10220",
            "country_id": self.indonesia.id,
            "phone": "0857 1111 2222",
            "partner_latitude": 0.0,
            "partner_longitude": 0.0,
        }
        address = budi._oms_find_or_create_address("delivery", vals)
        self.assertEqual(address.phone, "+6285711112222")
        same = budi._oms_find_or_create_address("delivery", dict(vals, phone="6285711112222"))
        self.assertEqual(same, address)
        # a masked marketplace number is kept as given, and is another address
        masked = budi._oms_find_or_create_address("delivery", dict(vals, phone="******222"))
        self.assertNotEqual(masked, address)
        self.assertEqual(masked.phone, "******222")
