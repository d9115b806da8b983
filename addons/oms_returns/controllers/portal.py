# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


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
        for name, value in post.items():
            prefix, _sep, line_id = name.partition("-")
            if prefix != "qty" or not line_id.isdigit():
                continue
            try:
                quantity = float(value or 0)
            except ValueError as exc:
                raise UserError(request.env._("Quantities must be numbers.")) from exc
            if quantity < 0:
                raise UserError(request.env._("Quantities cannot be negative."))
            reason = post.get(f"reason-{line_id}") or ""
            wanted[int(line_id)] = (quantity, int(reason) if reason.isdigit() else False)
        return wanted
