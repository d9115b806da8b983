# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Field sales: the server side of the mobile order-entry screen (client action
``oms_omnichannel.field_sales``, ``static/src/field_sales/``).

A sales agent picks a channel of type *Mobile / Field Sales* on which they may post
(they are one of its *API Users*), a customer, and products found by name, SKU or a
scanned barcode. :meth:`submit_order` turns that into a capture payload and goes
through the one capture service (``oms.capture``): validation rules, sourcing,
reservation, status and notifications are those of every channel order.
"""

import uuid
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import float_compare

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
        term = (term or "").strip()
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
    def search_products(self, channel_id, term, partner_id=None):
        """Sellable products with a SKU whose name, SKU or barcode matches ``term``.

        Each result carries the channel's available-to-promise and the price of the
        channel's pricelist for the customer. ``exact`` is true when ``term`` is the
        product's barcode or SKU (a scan): the screen adds it at once.
        """
        channel = self._get_channel(channel_id)
        term = (term or "").strip()
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
        partner = self.env["res.partner"].browse(partner_id).exists() if partner_id else None
        return self._product_info(channel, products, partner, term)

    # ------------------------------------------------------------------
    # Submit
    # ------------------------------------------------------------------

    @api.model
    def submit_order(self, channel_id, partner_id, lines, external_ref=None, notes=None):
        """Capture the order of the screen; return what the agent sees afterwards.

        ``lines``: ``[{"product_id": int, "quantity": number}]``. ``external_ref``: the
        reference the screen generated for this order, so that a submit sent twice (a
        retry on a bad connection) makes one order. Bad input raises a
        :class:`~odoo.exceptions.UserError` and writes nothing.
        """
        channel = self._get_channel(channel_id)
        payload, partner = self._prepare_payload(channel, partner_id, lines, external_ref, notes)
        capture = self.env["oms.capture"].with_context(
            oms_capture_customer_id=partner.id, oms_field_sales=True
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
            "amount_total": order.amount_total,
            "currency": order.currency_id.name,
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

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
        ids = [line.get("product_id") for line in lines if isinstance(line, dict)]
        products = self.env["product.product"].search(
            self._get_product_domain(channel)
            & Domain("id", "in", [pid for pid in ids if isinstance(pid, int)])
        )
        by_id = {product.id: product for product in products}
        wanted = []
        for index, line in enumerate(lines, start=1):
            product = by_id.get(line.get("product_id")) if isinstance(line, dict) else None
            if not product:
                problems.append(self.env._("Line %s: unknown product.", index))
                continue
            qty = line.get("quantity")
            if (
                isinstance(qty, bool)
                or not isinstance(qty, int | float)
                or float_compare(qty, 0.0, precision_rounding=product.uom_id.rounding) <= 0
            ):
                problems.append(
                    self.env._(
                        "Line %(index)s (%(product)s): the quantity must be greater than 0.",
                        index=index,
                        product=product.display_name,
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
            "external_ref": (external_ref or f"FS-{uuid.uuid4().hex[:12].upper()}").strip(),
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
