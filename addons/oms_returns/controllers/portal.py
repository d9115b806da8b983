# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
import re

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_is_zero

from odoo.addons.oms_omnichannel.tools.capture_schema import MAX_QUANTITY
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.rma_sale.controllers.sale_portal import CustomerPortal as RmaSalePortal

# a record id of the form: ASCII digits that fit PostgreSQL's integer
_RECORD_ID = re.compile(r"^[0-9]{1,9}$")


class OmsReturnsPortal(CustomerPortal):
    """Customer portal: one return request for items of several orders."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "oms_return_count" in counters:
            requests_model = request.env["oms.return.request"]
            values["oms_return_count"] = (
                requests_model.search_count([]) if requests_model.has_access("read") else 0
            )
        return values

    @http.route(
        "/my/returns", type="http", auth="user", methods=["GET"], website=True, readonly=True
    )
    def portal_my_oms_returns(self, **_kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "oms_returns",
                # record rules keep them to the user's own (commercial) customer
                "return_requests": request.env["oms.return.request"].search([], limit=100),
            }
        )
        return request.render("oms_returns.portal_my_returns", values)

    @http.route("/my/returns/new", type="http", auth="user", methods=["GET", "POST"], website=True)
    def portal_oms_return_new(self, order_id=None, **post):
        partner = request.env.user.partner_id
        error = ""
        # the form of one order (from its portal page): only the customer's own
        # orders are found (record rules), any other id shows every order's items
        order = request.env["sale.order"]
        if isinstance(order_id, str) and _RECORD_ID.match(order_id):
            order = order.search([("id", "=", int(order_id))])
        if request.httprequest.method == "POST":
            try:
                wanted = self._oms_parse_return_form(post)
                return_request = request.env["oms.return.request"]._oms_create_from_portal(
                    partner, wanted
                )
            except (UserError, ValidationError) as exc:
                error = exc.args[0] if exc.args else str(exc)
            else:
                return request.redirect(f"/my/returns/{return_request.id}")
        items = request.env["sale.order"]._oms_get_returnable_lines(partner)
        order_note = ""
        if order:
            items = [item for item in items if item["line"].order_id == order]
            if not items:
                order_note = self._oms_nothing_to_return_note(order.sudo())
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "oms_return_new",
                "items": items,
                # not "order": purchase's portal breadcrumbs read that name
                "return_order": order.sudo(),
                "order_note": order_note,
                "all_reasons": request.env["oms.return.reason"].search([]),
                "values": post,
                "error": error,
            }
        )
        return request.render("oms_returns.portal_return_new", values)

    def _oms_nothing_to_return_note(self, order):
        """Why nothing of this (the customer's own) order can be returned now."""
        env = request.env
        if order.state != "sale" or order.delivery_status not in ("partial", "full"):
            return env._(
                "Order %s is not delivered yet: its items can be returned once they arrive.",
                order.name,
            )
        returnable = order._oms_get_returnable_by_line()
        if not any(qty > 0 for qty, _move in returnable.values()):
            return env._("Every delivered item of order %s is already being returned.", order.name)
        return env._(
            "The return window of order %s has closed: its items cannot be returned any more.",
            order.name,
        )

    @http.route(
        "/my/returns/<int:request_id>/slip",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_oms_return_slip(self, request_id, **_kw):
        """The printable return slip (PDF) of an approved request of the customer."""
        try:
            return_sudo = self._document_check_access("oms.return.request", request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not return_sudo._oms_slip_available():
            return request.redirect(f"/my/returns/{return_sudo.id}")
        return self._show_report(
            model=return_sudo,
            report_type="pdf",
            report_ref="oms_returns.action_report_return_slip",
            download=True,
        )

    @http.route(
        "/my/returns/<int:request_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_oms_return_page(self, request_id, **_kw):
        # no access token: only the customer the request belongs to sees it
        try:
            return_sudo = self._document_check_access("oms.return.request", request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "oms_return", "return_request": return_sudo})
        return request.render("oms_returns.portal_return_page", values)

    def _oms_parse_return_form(self, post):
        """{sale line id: (quantity, reason id)} from the form's qty-<id>/reason-<id>."""
        wanted = {}
        digits = request.env["decimal.precision"].precision_get("Product Unit")
        for name, value in post.items():
            prefix, _sep, line_id = name.partition("-")
            if prefix != "qty" or not _RECORD_ID.match(line_id):
                continue
            try:
                quantity = float(value or 0)
            except (ValueError, TypeError) as exc:
                raise UserError(request.env._("Quantities must be numbers.")) from exc
            # "inf", "nan" and "1e400" are floats to Python
            if not math.isfinite(quantity) or quantity > MAX_QUANTITY:
                raise UserError(
                    request.env._("Quantities must be numbers of at most %s.", MAX_QUANTITY)
                )
            if quantity < 0:
                raise UserError(request.env._("Quantities cannot be negative."))
            if quantity and float_is_zero(quantity, precision_digits=digits):
                raise UserError(request.env._("Quantities must be at least %s.", 10**-digits))
            reason = post.get(f"reason-{line_id}") or ""
            reason = int(reason) if isinstance(reason, str) and _RECORD_ID.match(reason) else False
            wanted[int(line_id)] = (quantity, reason)
        return wanted


class OmsRmaSalePortal(RmaSalePortal):
    """One return flow: OCA rma_sale's order-page request (dialog and single
    page) leads to our return form for that order and creates nothing."""

    @http.route()
    def request_rma(self, order_id, access_token=None, **post):
        return request.redirect(f"/my/returns/new?order_id={int(order_id)}")

    @http.route()
    def request_sale_rma(self, order_id, access_token=None, **kw):
        return request.redirect(f"/my/returns/new?order_id={int(order_id)}")
