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
    def portal_oms_return_new(self, **post):
        partner = request.env.user.partner_id
        error = ""
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
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "oms_return_new",
                "items": request.env["sale.order"]._oms_get_returnable_lines(partner),
                "all_reasons": request.env["oms.return.reason"].search([]),
                "values": post,
                "error": error,
            }
        )
        return request.render("oms_returns.portal_return_new", values)

    @http.route(
        "/my/returns/<int:request_id>",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_oms_return_page(self, request_id, **_kw):
        return_request = request.env["oms.return.request"].browse(request_id)
        try:
            return_request.check_access("read")
            return_request = return_request.exists()
        except (AccessError, MissingError):
            return request.redirect("/my")
        if not return_request:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "oms_return", "return_request": return_request.sudo()})
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
