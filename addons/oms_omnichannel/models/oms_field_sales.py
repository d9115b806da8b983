# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Field sales: the server side of the mobile order-entry screen (client action
``oms_omnichannel.field_sales``, ``static/src/field_sales/``).

A sales agent picks a channel of type *Mobile / Field Sales* on which they may post
(they are one of its *API Users*), a customer, and products found by name, SKU or a
scanned barcode. :meth:`submit_order` turns that into a capture payload and goes
through the one capture service (``oms.capture``): validation rules, sourcing,
reservation, status and notifications are those of every channel order.

The screen shows a readable reference for the order it takes, ``FS-<AGENT>-<number>``
(:meth:`new_reference`), kept across a retried submit; after the submit it says the
order's status and what happens next (:meth:`_next_step`). An agent may add a
customer on the spot (:meth:`create_customer`) and ship to one of the customer's
delivery addresses (:meth:`get_addresses`).
"""

import math
import re
import unicodedata
import uuid
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import email_normalize, float_compare
from odoo.tools.misc import format_date

from ..tools import capture_schema
from ..tools.address import match_province
from .oms_capture import CaptureError

SEARCH_LIMIT = 20


class OmsFieldSales(models.AbstractModel):
    _name = "oms.field.sales"
    _description = "Field Sales Order Entry"

    # ------------------------------------------------------------------
    # Screen data
    # ------------------------------------------------------------------

    @api.model
    def get_channels(self):
        """The field-sales channels the current user may post orders to."""
        self._check_oms_user()
        channels = self._get_channels()
        return [
            {
                "id": channel.id,
                "name": channel.name,
                "code": channel.code,
                "currency": (channel.pricelist_id.currency_id or channel.currency_id).name,
            }
            for channel in channels
        ]

    @api.model
    def search_customers(self, term):
        """Customers (companies and individuals, not their addresses) matching ``term``."""
        self._check_oms_user()
        term = self._search_term(term)
        domain = Domain("parent_id", "=", False)
        if term:
            domain &= Domain.OR(
                [
                    Domain("name", "ilike", term),
                    Domain("email", "ilike", term),
                    Domain("phone", "ilike", term),
                    Domain("ref", "=ilike", term),
                ]
            )
        partners = self.env["res.partner"].search(
            domain, limit=SEARCH_LIMIT, order="customer_rank desc, name"
        )
        return [
            {
                "id": partner.id,
                "name": partner.name,
                "city": partner.city or "",
                "phone": partner.phone or "",
            }
            for partner in partners
        ]

    @api.model
    def new_reference(self):
        """The reference of the next order the agent takes: ``FS-<AGENT>-<number>``, e.g.
        ``FS-AGUS-00012`` (the agent's first name, a number of the field-sales
        sequence). The screen keeps it until the order is taken, so a submit sent
        twice makes one order."""
        self._check_oms_user()
        # sudo: agents have no rights on sequences
        number = self.env["ir.sequence"].sudo().next_by_code("oms.field.sales")
        return f"FS-{self._agent_code()}-{number or uuid.uuid4().hex[:8].upper()}"

    @api.model
    def get_addresses(self, partner_id):
        """Where the order of ``partner_id`` can be delivered: the customer's own
        address first, then its delivery addresses."""
        self._check_oms_user()
        partner = self._get_customer(partner_id)
        addresses = partner | partner.child_ids.filtered(lambda c: c.type == "delivery")
        return [
            {
                "id": address.id,
                "name": address.name or partner.name,
                "label": self._address_label(address),
                "own": address == partner,
            }
            for address in addresses
        ]

    @api.model
    def create_customer(self, vals):
        """Add the customer the agent met: ``{"name", "phone", "email", "street",
        "city", "province", "zip"}`` (a name and a phone or e-mail are required; the
        province is a name or code of the company's country). A customer with
        that e-mail or phone already on file is that customer (its address from the
        form becomes one of its delivery addresses). Return the customer as
        :meth:`search_customers` gives it, with ``address_id`` to deliver to."""
        self._check_oms_user()
        vals = vals if isinstance(vals, dict) else {}
        if capture_schema.nul_characters(vals):
            raise UserError(self.env._("The customer's details hold characters that are not text."))
        clean = {
            key: vals[key].strip()
            for key in ("name", "phone", "email", "street", "city", "province", "zip")
            if isinstance(vals.get(key), str) and vals[key].strip()
        }
        problems = []
        if not clean.get("name"):
            problems.append(self.env._("Enter the customer's name."))
        if not clean.get("phone") and not clean.get("email"):
            problems.append(self.env._("Enter a phone number or an e-mail address."))
        if clean.get("email") and not email_normalize(clean["email"]):
            problems.append(self.env._("The e-mail address is not valid."))
        if clean.get("street") and not clean.get("city"):
            problems.append(self.env._("Enter the city of the address."))
        company = self.env.company
        country = company.country_id
        province = False
        if clean.get("province"):
            province = match_province(
                clean["province"],
                [(state, state.code, state.name) for state in country.state_ids],
            )
            if not province:
                problems.append(
                    self.env._(
                        "Unknown province %(province)s of %(country)s.",
                        province=clean["province"],
                        country=country.name,
                    )
                )
        if problems:
            raise UserError("\n".join(problems))
        channel = self._get_channels()[:1]
        # sudo: the capture maintains customers on behalf of the channel; agents need
        # no contact-creation right (the same matching by e-mail and phone)
        partners = self.env["res.partner"].sudo()
        customer = partners._oms_find_or_create_customer(
            clean["name"],
            email=clean.get("email"),
            phone=clean.get("phone"),
            country=country,
            company=company,
            lang=channel._oms_customer_lang(country) if channel else None,
        )
        address = customer
        if clean.get("street"):
            address_vals = {
                "street": clean["street"],
                "city": clean["city"],
                "zip": clean.get("zip") or False,
                "state_id": province.id if province else False,
                "country_id": country.id,
            }
            if not customer.street:
                customer.write(address_vals)
            elif (customer.street, customer.city) != (clean["street"], clean["city"]):
                address = customer._oms_find_or_create_address(
                    "delivery",
                    dict(
                        address_vals,
                        name=clean["name"],
                        street2=False,
                        phone=clean.get("phone") or False,
                        partner_latitude=0.0,
                        partner_longitude=0.0,
                    ),
                )
        customer = customer.sudo(False)
        return {
            "id": customer.id,
            "name": customer.name,
            "city": customer.city or "",
            "phone": customer.phone or "",
            "address_id": address.id,
        }

    @api.model
    def search_products(self, channel_id, term, partner_id=None):
        """Sellable products with a SKU whose name, SKU or barcode matches ``term``.

        Each result carries the channel's available-to-promise and the price of the
        channel's pricelist for the customer. ``exact`` is true when ``term`` is the
        product's barcode or SKU (a scan): the screen adds it at once.
        """
        channel = self._get_channel(channel_id)
        term = self._search_term(term)
        if not term:
            return []
        products = self.env["product.product"].search(
            self._get_product_domain(channel)
            & Domain.OR(
                [
                    Domain("barcode", "=", term),
                    Domain("default_code", "=ilike", term),
                    Domain("name", "ilike", term),
                    Domain("default_code", "ilike", term),
                ]
            ),
            limit=SEARCH_LIMIT,
            order="default_code",
        )
        partner = (
            self.env["res.partner"].browse(partner_id).exists()
            if isinstance(partner_id, int) and not isinstance(partner_id, bool) and partner_id > 0
            else None
        )
        return self._product_info(channel, products, partner, term)

    # ------------------------------------------------------------------
    # Submit
    # ------------------------------------------------------------------

    @api.model
    def submit_order(
        self, channel_id, partner_id, lines, external_ref=None, notes=None, address_id=None
    ):
        """Capture the order of the screen; return what the agent sees afterwards.

        ``lines``: ``[{"product_id": int, "quantity": number}]``. ``external_ref``: the
        reference the screen generated for this order (:meth:`new_reference`), so that
        a submit sent twice (a retry on a bad connection) makes one order.
        ``address_id``: one of the customer's addresses (:meth:`get_addresses`); by
        default its delivery address. Bad input raises a
        :class:`~odoo.exceptions.UserError` and writes nothing.
        """
        channel = self._get_channel(channel_id)
        payload, partner = self._prepare_payload(channel, partner_id, lines, external_ref, notes)
        shipping = self._get_delivery_address(partner, address_id)
        capture = self.env["oms.capture"].with_context(
            oms_capture_customer_id=partner.id,
            oms_capture_shipping_id=shipping.id,
            oms_field_sales=True,
        )
        try:
            order, created = capture.capture(payload, check_api_user=True)
        except CaptureError as error:
            details = [f"{p['field']}: {p['message']}" for p in error.fields]
            raise UserError("\n".join([error.args[0], *details])) from error
        return {
            "id": order.id,
            "name": order.name,
            "external_ref": order.external_ref,
            "created": created,
            "state": order.state,
            "oms_status": order.oms_status,
            "oms_status_label": dict(
                order._fields["oms_status"]._description_selection(self.env)
            ).get(order.oms_status, order.oms_status),
            "holds": order.exception_ids.mapped("name"),
            "next_step": self._next_step(order),
            "delivery_address": self._address_label(order.partner_shipping_id),
            "amount_total": order.amount_total,
            "currency": order.currency_id.name,
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    @api.model
    def _next_step(self, order):
        """What happens next to an order just taken, in the words of the agent's
        screen: why it waits, or who ships it from where and when."""
        warehouses = ", ".join(
            order.picking_ids.filtered(
                "oms_is_customer_delivery"
            ).picking_type_id.warehouse_id.mapped("name")
        ) or (order.warehouse_id.name or "")
        ship_date = (
            format_date(self.env, order.oms_promised_ship_date)
            if order.oms_promised_ship_date
            else self.env._("not promised yet")
        )
        status = order.oms_status
        if status == "on_hold":
            return self.env._(
                "On hold: %(reasons)s. The back office checks the order; once released it "
                "is confirmed and shipped. Nothing is reserved until then.",
                reasons="; ".join(order.exception_ids.mapped("name")),
            )
        if status == "received":
            return self.env._(
                "Received: the back office confirms the order; then %(warehouse)s "
                "reserves the goods and ships them.",
                warehouse=warehouses,
            )
        if status == "allocated":
            return self.env._(
                "The goods are reserved in %(warehouse)s: the warehouse picks, packs and "
                "ships them. Promised ship date: %(date)s.",
                warehouse=warehouses,
                date=ship_date,
            )
        if status in ("confirmed", "partially_allocated"):
            return self.env._(
                "Confirmed, but not all goods are in stock: %(warehouse)s reserves them as "
                "they come in and ships the order. Promised ship date: %(date)s.",
                warehouse=warehouses,
                date=ship_date,
            )
        label = dict(order._fields["oms_status"]._description_selection(self.env))
        return self.env._(
            "Status: %(status)s. The order page shows its progress.",
            status=label.get(status, status),
        )

    @api.model
    def _search_term(self, term):
        """``term`` stripped; a UserError for what is not a text PostgreSQL can search."""
        if term is None or term is False:
            return ""
        if not isinstance(term, str) or capture_schema.nul_characters(term):
            raise UserError(self.env._("Search with a text."))
        return term.strip()

    @api.model
    def _address_label(self, address):
        """An address on one line: street, city."""
        parts = [address.street, address.street2, address.city, address.zip]
        return ", ".join(part for part in parts if part)

    @api.model
    def _agent_code(self):
        """The agent's first name in capitals, ASCII letters and digits only."""
        name = unicodedata.normalize("NFKD", self.env.user.name or "")
        first = (name.encode("ascii", "ignore").decode().split() or [""])[0]
        return re.sub(r"[^A-Za-z0-9]", "", first).upper()[:10] or f"U{self.env.uid}"

    @api.model
    def _get_customer(self, partner_id):
        partner = (
            self.env["res.partner"].browse(partner_id).exists()
            if isinstance(partner_id, int) and not isinstance(partner_id, bool)
            else None
        )
        if not partner:
            raise UserError(self.env._("The customer does not exist any more."))
        partner.check_access("read")
        return partner

    @api.model
    def _get_delivery_address(self, partner, address_id):
        """The address ``address_id`` when it is the customer's own or one of its delivery
        addresses; the customer's delivery address when not given."""
        if not address_id:
            return self.env["res.partner"].browse(partner.address_get(["delivery"])["delivery"])
        allowed = partner | partner.child_ids.filtered(lambda c: c.type == "delivery")
        address = allowed.filtered(lambda a: a.id == address_id)
        if not address:
            raise UserError(self.env._("The delivery address is not one of the customer's."))
        return address

    @api.model
    def _check_oms_user(self):
        if not self.env.user.has_group("oms_omnichannel.group_oms_user"):
            raise UserError(self.env._("Field sales is for OMS users."))

    @api.model
    def _get_channels(self):
        return self.env["oms.channel"].search(
            [("channel_type", "=", "mobile"), ("api_user_ids", "in", self.env.uid)]
        )

    @api.model
    def _get_channel(self, channel_id):
        self._check_oms_user()
        channel = self._get_channels().filtered(lambda c: c.id == channel_id)
        if not channel:
            raise UserError(
                self.env._(
                    "Choose a field-sales channel you may post orders to (channel type "
                    "Mobile / Field Sales, you among its API Users)."
                )
            )
        return channel

    @api.model
    def _get_product_domain(self, channel):
        """Products the screen offers: sellable, with a SKU (the capture's product key)."""
        return (
            Domain("sale_ok", "=", True)
            & Domain("default_code", "!=", False)
            & Domain("company_id", "in", [False, channel.company_id.id])
        )

    @api.model
    def _pricelist(self, channel, partner):
        return channel.pricelist_id or (partner and partner.property_product_pricelist)

    @api.model
    def _prices(self, channel, partner, quantities):
        """``{(product id, qty): unit price}`` for ``[(product, qty)]``, one pricelist
        computation per distinct quantity."""
        pricelist = self._pricelist(channel, partner)
        by_qty = defaultdict(lambda: self.env["product.product"])
        for product, qty in quantities:
            by_qty[qty] |= product
        prices = {}
        for qty, products in by_qty.items():
            if pricelist:
                computed = pricelist._get_products_price(products, qty)
            else:
                computed = {product.id: product.lst_price for product in products}
            prices.update({(pid, qty): price for pid, price in computed.items()})
        return prices

    @api.model
    def _product_info(self, channel, products, partner, term=""):
        atp = self.env["oms.atp"]._get_channel_atp(channel, products.ids) if products else {}
        prices = self._prices(channel, partner, [(product, 1.0) for product in products])
        lowered = term.lower()
        return [
            {
                "id": product.id,
                "name": product.name,
                "sku": product.default_code,
                "barcode": product.barcode or "",
                "uom": product.uom_id.name,
                "price": prices.get((product.id, 1.0), product.lst_price),
                "atp": atp[product.id]["total"] if product.is_storable else None,
                "exact": bool(term)
                and (product.barcode == term or (product.default_code or "").lower() == lowered),
            }
            for product in products
        ]

    @api.model
    def _prepare_payload(self, channel, partner_id, lines, external_ref, notes):
        """Check the screen's input and build the capture payload; raise on bad input."""
        problems = []
        partner = self.env["res.partner"]
        if not partner_id or not isinstance(partner_id, int):
            problems.append(self.env._("Choose a customer."))
        else:
            partner = partner.browse(partner_id).exists()
            if not partner:
                problems.append(self.env._("The customer does not exist any more."))
            else:
                partner.check_access("read")
        if not isinstance(lines, list) or not lines:
            problems.append(self.env._("Add at least one product."))
            lines = []

        def product_id(line):
            pid = line.get("product_id") if isinstance(line, dict) else None
            return pid if isinstance(pid, int) and not isinstance(pid, bool) else None

        ids = [product_id(line) for line in lines]
        products = self.env["product.product"].search(
            self._get_product_domain(channel)
            & Domain("id", "in", [pid for pid in ids if pid is not None])
        )
        by_id = {product.id: product for product in products}
        wanted = []
        for index, line in enumerate(lines, start=1):
            product = by_id.get(product_id(line))
            if not product:
                problems.append(self.env._("Line %s: unknown product.", index))
                continue
            qty = line.get("quantity")
            if (
                isinstance(qty, bool)
                or not isinstance(qty, int | float)
                # NaN, infinities (JSON-2 parses them) and giant integers break the
                # rounding: compared, never converted (NaN fails every comparison)
                or not -math.inf < qty <= capture_schema.MAX_QUANTITY
                or float_compare(qty, 0.0, precision_rounding=product.uom_id.rounding) <= 0
            ):
                problems.append(
                    self.env._(
                        "Line %(index)s (%(product)s): the quantity must be greater than 0 "
                        "and at most %(max)s.",
                        index=index,
                        product=product.display_name,
                        max=capture_schema.MAX_QUANTITY,
                    )
                )
                continue
            wanted.append((product, float(qty)))
        if external_ref is not None and (
            not isinstance(external_ref, str) or not external_ref.strip() or "/" in external_ref
        ):
            problems.append(self.env._("The order reference is not valid."))
        if problems:
            raise UserError("\n".join(problems))
        prices = self._prices(channel, partner, wanted)
        payload = {
            "channel": channel.code,
            "external_ref": (external_ref or self.new_reference()).strip(),
            # the customer is the partner picked on the screen (oms_capture_customer_id),
            # not one matched by e-mail or phone
            "customer": {"name": partner.name},
            "lines": [
                {
                    "sku": product.default_code,
                    "quantity": qty,
                    "unit_price": prices[product.id, qty],
                }
                for product, qty in wanted
            ],
            # the agent takes the order; the customer pays on the invoice or on delivery
            "payment": {"method": "bank_transfer", "status": "unpaid"},
        }
        if notes and isinstance(notes, str) and notes.strip():
            payload["notes"] = notes.strip()
        return payload, partner
