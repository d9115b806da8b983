# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import ConcurrencyError
from odoo.fields import Domain
from odoo.sql_db import db_connect
from odoo.tools import SQL, email_normalize, float_round

from .oms_blacklist import normalize_phone
from .oms_capture import LOOKUPS_KEY

# Address fields compared to decide that a captured address is one the customer already has.
OMS_ADDRESS_FIELDS = ("name", "street", "street2", "city", "state_id", "zip", "country_id", "phone")
OMS_GEO_FIELDS = ("partner_latitude", "partner_longitude")
# first key of the advisory locks of customer matching (pg_advisory_xact_lock(int, int))
OMS_CUSTOMER_LOCK = 0x0E5C


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    @api.private
    def _oms_match_customer(self, email=None, phone=None, company=None):
        """Return the existing customer with this e-mail or phone, or an empty recordset.

        The e-mail is compared in its normalised form (``email_normalized``), the phone in
        E.164 with Indonesia as the default region (``normalize_phone``, the same rule as
        Odoo's ``phone_sanitized`` it is compared with); an e-mail match wins over a phone
        match. Only top-level contacts of ``company`` (or shared) count.
        """
        email = email_normalize(email) if email else False
        phone = normalize_phone(phone)
        if not email and not phone:
            return self.browse()
        lookups = self.env.cr.cache.get(LOOKUPS_KEY)
        if lookups is not None and not lookups["new_customers"] & {email, phone}:
            # a batch being captured: the customers of all its orders, in one search
            candidates = self._oms_batch_customers(lookups, company).filtered(
                lambda p: (
                    (email and p.email_normalized == email)
                    or (phone and p.phone_sanitized == phone)
                )
            )
            by_email = candidates.filtered(lambda p: email and p.email_normalized == email)
            return (by_email or candidates)[:1]
        keys = []
        if email:
            keys.append(Domain("email_normalized", "=", email))
        if phone:
            keys.append(Domain("phone_sanitized", "=", phone))
        domain = Domain.OR(keys) & Domain("parent_id", "=", False)
        if company:
            domain &= Domain("company_id", "in", [False, company.id])
        candidates = self.search(domain, order="id")
        by_email = candidates.filtered(lambda p: email and p.email_normalized == email)
        return (by_email or candidates)[:1]

    @api.model
    def _oms_batch_customers(self, lookups, company):
        """The existing customers with an e-mail or phone of the batch being captured
        (``oms.capture.capture_batch``), by id."""
        key = ("customers", company.id if company else 0)
        if key not in lookups:
            emails, phones = set(), set()
            for email, phone in lookups["customer_keys"]:
                if email := email_normalize(email) if email else False:
                    emails.add(email)
                if phone := normalize_phone(phone):
                    phones.add(phone)
            keys = []
            if emails:
                keys.append(Domain("email_normalized", "in", sorted(emails)))
            if phones:
                keys.append(Domain("phone_sanitized", "in", sorted(phones)))
            if keys:
                domain = Domain.OR(keys) & Domain("parent_id", "=", False)
                if company:
                    domain &= Domain("company_id", "in", [False, company.id])
                lookups[key] = self.search(domain, order="id")
            else:
                lookups[key] = self.browse()
        return lookups[key].with_env(self.env)

    @api.model
    @api.private
    def _oms_find_or_create_customer(
        self, name, email=None, phone=None, country=None, company=None, lang=None
    ):
        """Return the customer matched by e-mail or phone, or a new one.

        Field sales (``oms.field.sales``) names the customer the agent picked with the
        context key ``oms_capture_customer_id``: that customer is the order's.
        """
        chosen = self.env.context.get("oms_capture_customer_id")
        if chosen:
            return self.browse(chosen)
        partner = self._oms_match_customer(email=email, phone=phone, company=company)
        if partner:
            return partner
        self._oms_lock_new_customer(email=email, phone=phone, company=company)
        lookups = self.env.cr.cache.get(LOOKUPS_KEY)
        if lookups is not None:
            # later orders of the batch from this customer search for it again
            lookups["new_customers"].update(
                key
                for key in (email_normalize(email) if email else False, normalize_phone(phone))
                if key
            )
        # no creation message nor followers: the order's chatter tells of the capture
        return (
            self.with_context(tracking_disable=True)
            .create(
                {
                    "name": name,
                    "email": email_normalize(email) or email or False,
                    "phone": normalize_phone(phone) or phone or False,
                    "country_id": country.id if country else False,
                    "company_id": company.id if company else False,
                    "customer_rank": 1,
                    **({"lang": lang} if lang else {}),
                }
            )
            .with_env(self.env)
        )

    @api.model
    def _oms_lock_new_customer(self, email=None, phone=None, company=None):
        """Serialise the creation of a customer per normalised e-mail and phone.

        Concurrent first orders of one new customer each find no contact and would each
        create one. A transaction-level advisory lock per key makes them queue; the lock
        is held until the creator commits. Odoo's transactions are REPEATABLE READ, so
        the one that waited still cannot see the contact created meanwhile: a look with
        a fresh snapshot (its own connection) tells, and the request is then retried
        (``ConcurrencyError``, see ``odoo.service.model.retrying``) and matches it.
        """
        email = email_normalize(email) if email else False
        phone = normalize_phone(phone)
        keys = sorted(
            f"{company.id if company else 0}:{kind}:{value}"
            for kind, value in (("email", email), ("phone", phone))
            if value
        )
        if not keys:
            return
        for key in keys:
            self.env.cr.execute(
                SQL("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", OMS_CUSTOMER_LOCK, key)
            )
        keys = []
        if email:
            keys.append(SQL("email_normalized = %s", email))
        if phone:
            keys.append(SQL("phone_sanitized = %s", phone))
        query = SQL(
            "SELECT id FROM res_partner WHERE active AND parent_id IS NULL AND (%s)%s LIMIT 1",
            SQL(" OR ").join(keys),
            SQL(" AND (company_id IS NULL OR company_id = %s)", company.id) if company else SQL(),
        )
        with db_connect(self.env.cr.dbname).cursor() as fresh:
            fresh.execute(query)
            committed = fresh.fetchone()
        if committed:
            raise ConcurrencyError(
                f"customer {committed[0]} was created by a concurrent transaction"
            )

    @api.private
    def _oms_find_or_create_address(self, address_type, vals):
        """Return the child address of ``self`` of ``address_type`` equal to ``vals``, or a new one.

        ``vals`` holds res.partner values (``OMS_ADDRESS_FIELDS`` and ``OMS_GEO_FIELDS``);
        its phone is kept in E.164 (``normalize_phone``) when it is a valid number.
        """
        self.ensure_one()
        vals = dict(vals, phone=normalize_phone(vals.get("phone")) or vals.get("phone") or False)
        wanted = self._oms_address_key(vals)
        for child in self.child_ids.filtered(lambda c: c.type == address_type):
            if self._oms_address_key(child) == wanted:
                return child
        return (
            self.with_context(tracking_disable=True)
            .create(dict(vals, parent_id=self.id, type=address_type))
            .with_env(self.env)
        )

    @api.model
    def _oms_address_key(self, values):
        """Comparable form of an address given as a partner or as a dict of values."""
        key = []
        for fname in OMS_ADDRESS_FIELDS:
            value = values[fname]
            if isinstance(value, models.BaseModel):
                value = value.id
            elif fname == "phone" and value:
                value = normalize_phone(value) or " ".join(value.split())
            elif isinstance(value, str):
                value = " ".join(value.split()).lower()
            key.append(value or False)
        for fname in OMS_GEO_FIELDS:
            key.append(float_round(values[fname] or 0.0, precision_digits=7))
        return tuple(key)
