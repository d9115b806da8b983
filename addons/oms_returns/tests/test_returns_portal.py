# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from lxml import html

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnsPortal(ReturnsCommon, HttpCase):
    """A customer returns items of several orders in one request on the portal,
    and never sees another customer's orders or returns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpReturns()
        cls.portal_user = new_test_user(
            cls.env, login="portal_siti", groups="base.group_portal", partner_id=cls.customer.id
        )
        cls.budi = cls.env["res.partner"].create({"name": "Budi Santoso", "email": "b@example.com"})
        cls.budi_user = new_test_user(
            cls.env, login="portal_budi", groups="base.group_portal", partner_id=cls.budi.id
        )
        # new_test_user names the partner after the login: the customers' real names
        cls.customer.name = "Siti Rahma"
        cls.budi.name = "Budi Santoso"
        cls.order_1 = cls._make_order([(cls.kaos, 2, 100000), (cls.celana, 1, 250000)])
        cls.order_2 = cls._make_order([(cls.kaos_l, 1, 100000)], delivered_days_ago=3)
        cls.order_old = cls._make_order([(cls.kaos, 1, 100000)], delivered_days_ago=30)
        cls.order_budi = cls._make_order([(cls.celana, 1, 250000)], partner=cls.budi)
        # where parcels go back: the shipping warehouse's address, or a central one
        cls.wh.partner_id = cls.env["res.partner"].create(
            {
                "name": "Gudang Bandung",
                "street": "Jl. Soekarno-Hatta 88",
                "city": "Bandung",
                "zip": "40286",
                "country_id": cls.env.ref("base.id").id,
            }
        )
        cls.wh_central.partner_id = cls.env["res.partner"].create(
            {
                "name": "Pusat Retur Cikarang",
                "street": "Jl. Industri Selatan 5",
                "city": "Bekasi",
                "zip": "17530",
                "country_id": cls.env.ref("base.id").id,
            }
        )
        # confirmed, not delivered yet
        cls.order_pending = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "channel_id": cls.channel.id,
                "external_ref": "WEB-PENDING",
                "warehouse_id": cls.wh.id,
                "payment_method": "prepaid",
                "payment_status": "paid",
                "order_line": [
                    Command.create(
                        {"product_id": cls.kaos.id, "product_uom_qty": 1, "price_unit": 100000}
                    )
                ],
            }
        )
        cls.order_pending.action_confirm()

    def _line(self, order, product):
        return order.order_line.filtered(lambda sol: sol.product_id == product)

    def _form(self):
        response = self.url_open("/my/returns/new")
        self.assertEqual(response.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        return response, token.group(1)

    def test_form_lists_own_returnable_lines_only(self):
        self.authenticate("portal_siti", "portal_siti")
        response, _token = self._form()
        for line in (
            self._line(self.order_1, self.kaos),
            self._line(self.order_1, self.celana),
            self._line(self.order_2, self.kaos_l),
        ):
            self.assertIn(f'name="qty-{line.id}"', response.text)
        self.assertIn(self.order_2.name, response.text)
        # outside the 7-day window / another customer's order
        self.assertNotIn(f'name="qty-{self.order_old.order_line.id}"', response.text)
        self.assertNotIn(self.order_old.name, response.text)
        self.assertNotIn(self.order_budi.name, response.text)
        self.assertNotIn(f'name="qty-{self.order_budi.order_line.id}"', response.text)

    def test_one_request_for_two_orders(self):
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        kaos_line = self._line(self.order_1, self.kaos)
        kaos_l_line = self._line(self.order_2, self.kaos_l)
        celana_line = self._line(self.order_1, self.celana)
        response = self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                f"qty-{kaos_line.id}": "1",
                f"reason-{kaos_line.id}": self.reason["size_fit"].id,
                f"qty-{kaos_l_line.id}": "1",
                f"reason-{kaos_l_line.id}": self.reason["changed_mind"].id,
                f"qty-{celana_line.id}": "0",
                f"reason-{celana_line.id}": "",
            },
        )
        self.assertEqual(response.status_code, 200)
        return_request = self.env["oms.return.request"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(return_request), 1, "one request for both orders")
        self.assertTrue(response.url.endswith(f"/my/returns/{return_request.id}"))
        self.assertIn(return_request.name, response.text)
        rmas = return_request.rma_ids
        self.assertEqual(len(rmas), 2)
        self.assertEqual(rmas.order_id, self.order_1 | self.order_2)
        self.assertEqual(
            {(r.product_id, r.product_uom_qty, r.reason_id.code) for r in rmas},
            {(self.kaos, 1, "size_fit"), (self.kaos_l, 1, "changed_mind")},
        )
        # auto-approval per the channel policy, for the request as a whole
        self.assertEqual(set(rmas.mapped("state")), {"confirmed"})
        self.assertEqual(return_request.state, "approved")
        self.assertIn(self.customer, rmas.message_partner_ids)
        # the customer sees the RMAs and the request; a second form shows 1 shirt left
        self.assertEqual(self.env["rma"].with_user(self.portal_user).search([]), rmas)
        response, _token = self._form()
        self.assertNotIn(f'name="qty-{kaos_l_line.id}"', response.text)
        self.assertIn(f'name="qty-{kaos_line.id}"', response.text)
        listing = self.url_open("/my/returns")
        self.assertIn(return_request.name, listing.text)

    def test_manual_policy_waits_for_approval(self):
        self.policy.approval = "manual"
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        line = self._line(self.order_1, self.celana)
        self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                f"qty-{line.id}": "1",
                f"reason-{line.id}": self.reason["damaged"].id,
            },
        )
        return_request = self.env["oms.return.request"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(return_request.rma_ids.state, "draft")
        self.assertEqual(return_request.state, "draft")

    def test_bad_input_writes_nothing(self):
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        line = self._line(self.order_1, self.kaos)
        pending_line = self.order_pending.order_line
        size = self.reason["size_fit"].id
        before = (self.env["rma"].search_count([]), self.env["oms.return.request"].search_count([]))
        cases = [
            # more than delivered (2), in the form of the order too
            (
                {
                    f"qty-{line.id}": "3",
                    f"reason-{line.id}": size,
                    "order_id": str(self.order_1.id),
                },
                "at most 2",
            ),
            ({f"qty-{line.id}": "-1", f"reason-{line.id}": size}, "cannot be negative"),
            ({f"qty-{line.id}": "nan", f"reason-{line.id}": size}, "must be numbers of at most"),
            ({f"qty-{line.id}": "inf", f"reason-{line.id}": size}, "must be numbers of at most"),
            ({f"qty-{line.id}": "dua", f"reason-{line.id}": size}, "must be numbers"),
            # an order that is not delivered yet
            (
                {f"qty-{pending_line.id}": "1", f"reason-{pending_line.id}": size},
                "cannot be returned",
            ),
            ({f"qty-{line.id}": "3", f"reason-{line.id}": self.reason["size_fit"].id}, "at most"),
            ({f"qty-{line.id}": "1"}, "choose a reason"),
            (
                {f"qty-{line.id}": "1", f"reason-{line.id}": self.reason["late_delivery"].id},
                "is not accepted",
            ),
            ({f"qty-{line.id}": "0"}, "Choose at least one item"),
        ]
        for data, message in cases:
            response = self.url_open("/my/returns/new", data={"csrf_token": token, **data})
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_oms_return_error", response.text)
            self.assertIn(message, response.text)
        after = (self.env["rma"].search_count([]), self.env["oms.return.request"].search_count([]))
        self.assertEqual(after, before)

    def test_cannot_return_or_see_another_customers_order(self):
        # Siti posts the line of Budi's order: refused, nothing written
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        budi_line = self.order_budi.order_line
        response = self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                f"qty-{budi_line.id}": "1",
                f"reason-{budi_line.id}": self.reason["damaged"].id,
            },
        )
        self.assertIn("cannot be returned", response.text)
        self.assertFalse(self.env["rma"].search([("order_id", "=", self.order_budi.id)]))
        # Budi's own request: invisible to Siti, on the portal and through the ORM
        budi_request = self.env["oms.return.request"]._oms_create_from_portal(
            self.budi, {budi_line.id: (1, self.reason["damaged"].id)}
        )
        self.assertEqual(budi_request.rma_ids.order_id, self.order_budi)
        page = self.url_open(f"/my/returns/{budi_request.id}")
        self.assertNotIn(budi_request.name, page.text)
        self.assertNotIn("Budi", page.text)
        self.assertNotIn(budi_request.name, self.url_open("/my/returns").text)
        as_siti = self.env["oms.return.request"].with_user(self.portal_user)
        self.assertFalse(as_siti.search([("id", "=", budi_request.id)]))
        with self.assertRaises(AccessError):
            as_siti.browse(budi_request.id).check_access("read")
        self.assertFalse(
            self.env["rma"]
            .with_user(self.portal_user)
            .search([("id", "in", budi_request.rma_ids.ids)])
        )
        # Budi sees his own
        self.authenticate("portal_budi", "portal_budi")
        self.assertIn(budi_request.name, self.url_open(f"/my/returns/{budi_request.id}").text)

    def _text(self, response):
        """What the customer reads on the page (no markup, blanks folded)."""
        return " ".join(html.fromstring(response.text).text_content().split())

    def test_returns_tile_on_my_before_any_return(self):
        self.assertFalse(self.env["oms.return.request"].search([]))
        self.authenticate("portal_siti", "portal_siti")
        page = html.fromstring(self.url_open("/my").text)
        cards = page.xpath(
            "//div[contains(@class, 'o_portal_index_card')][.//a[@href='/my/returns']]"
        )
        self.assertEqual(len(cards), 1)
        self.assertNotIn("d-none", cards[0].get("class").split(), "shown, not hidden")
        self.assertIn("Returns", cards[0].text_content())
        # with its icon, like the other tiles, and the icon is served
        icon = cards[0].xpath(".//div[hasclass('o_portal_icon')]/img")[0].get("src")
        self.assertEqual(icon, "/rma/static/src/img/rma_icon.svg")
        self.assertEqual(self.url_open(icon).status_code, 200)

    def test_delivered_order_page_offers_our_return_flow_only(self):
        self.authenticate("portal_siti", "portal_siti")
        response = self.url_open(f"/my/orders/{self.order_1.id}")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        links = page.xpath("//a[contains(@class, 'o_oms_return_items')]")
        self.assertEqual(len(links), 1)
        self.assertEqual(links[0].get("href"), f"/my/returns/new?order_id={self.order_1.id}")
        self.assertIn("Return Items", links[0].text_content())
        # OCA's dialog and button are gone
        self.assertNotIn("Request RMAs", response.text)
        self.assertNotIn("modal-request-rma", response.text)
        self.assertNotIn("request_rma_button", response.text)
        # not delivered yet: no return entry
        pending = self.url_open(f"/my/orders/{self.order_pending.id}")
        self.assertEqual(pending.status_code, 200)
        self.assertNotIn("o_oms_return_items", pending.text)
        self.assertNotIn("Request RMAs", pending.text)
        # the entry opens the form of that order only, quantities as "2", not "2.0"
        form = self.url_open(links[0].get("href"))
        rows = html.fromstring(form.text).xpath("//form[hasclass('o_oms_return_form')]//tbody/tr")
        self.assertEqual(
            sorted(int(row.get("data-line-id")) for row in rows),
            sorted(self.order_1.order_line.ids),
        )
        returnable = {
            int(row.get("data-line-id")): row.xpath(".//td[hasclass('o_oms_returnable_qty')]")[0]
            .text_content()
            .strip()
            for row in rows
        }
        self.assertEqual(
            returnable,
            {
                self._line(self.order_1, self.kaos).id: "2",
                self._line(self.order_1, self.celana).id: "1",
            },
        )
        self.assertNotIn(self.order_2.name, form.text)
        # the breadcrumbs lead back to the returns (another app's "Purchase Orders" crumb
        # once showed here: it reads an "order" value of the page)
        crumbs = html.fromstring(form.text).xpath("//ol[hasclass('o_portal_submenu')]//li")
        self.assertEqual(
            [crumb.text_content().strip() for crumb in crumbs][-2:], ["Returns", "New Return"]
        )
        self.assertNotIn("Purchase Orders", form.text)

    def test_order_form_explains_why_nothing_can_be_returned(self):
        self.authenticate("portal_siti", "portal_siti")
        pending = self._text(self.url_open(f"/my/returns/new?order_id={self.order_pending.id}"))
        self.assertIn(f"Order {self.order_pending.name} is not delivered yet", pending)
        old = self._text(self.url_open(f"/my/returns/new?order_id={self.order_old.id}"))
        self.assertIn(f"The return window of order {self.order_old.name} has closed", old)
        # another customer's order: not found, nothing of it shown; the general form
        other = self.url_open(f"/my/returns/new?order_id={self.order_budi.id}")
        self.assertEqual(other.status_code, 200)
        self.assertNotIn(self.order_budi.name, other.text)
        self.assertIn(f'name="qty-{self._line(self.order_2, self.kaos_l).id}"', other.text)

    def _request_return(self, order, product, qty, reason="size_fit"):
        _response, token = self._form()
        line = self._line(order, product)
        response = self.url_open(
            "/my/returns/new",
            data={
                "csrf_token": token,
                "order_id": str(order.id),
                f"qty-{line.id}": str(qty),
                f"reason-{line.id}": self.reason[reason].id,
            },
        )
        self.assertEqual(response.status_code, 200)
        return_request = self.env["oms.return.request"].search(
            [("partner_id", "=", self.customer.id)], limit=1
        )
        self.assertTrue(response.url.endswith(f"/my/returns/{return_request.id}"), response.url)
        return return_request, response

    def test_approved_return_shows_address_and_printable_slip(self):
        order = self._make_order([(self.kaos, 6, 100000)])
        self.authenticate("portal_siti", "portal_siti")
        return_request, response = self._request_return(order, self.kaos, 6)
        self.assertEqual(return_request.state, "approved")
        page = html.fromstring(response.text)
        text = self._text(response)
        self.assertIn("Approved: print the return slip", text)
        address = page.xpath("//div[hasclass('o_oms_return_address')]")[0].text_content()
        self.assertIn("Gudang Bandung", address)
        self.assertIn("Jl. Soekarno-Hatta 88", address)
        qty = page.xpath("//td[hasclass('o_oms_return_qty')]")[0].text_content().split()
        self.assertEqual(qty, ["6", "Units"])
        slip_link = page.xpath("//a[hasclass('o_oms_return_slip')]")[0].get("href")
        # one returns entry on My Account: ours, not OCA's "RMA Orders" too
        home = html.fromstring(self.url_open("/my").text)
        self.assertTrue(home.xpath("//a[@href='/my/returns']"))
        self.assertFalse(home.xpath("//a[starts-with(@href, '/my/rmas')]"))
        self.assertTrue(home.xpath("//a[@href='/my/orders']"), "the other tiles stay")
        self.assertEqual(slip_link, f"/my/returns/{return_request.id}/slip")
        # the slip (rendered as HTML under tests; a PDF with wkhtmltopdf)
        slip = self.url_open(slip_link)
        self.assertEqual(slip.status_code, 200)
        self._assert_slip(
            slip.text, return_request, order, "Gudang Bandung", "Jl. Soekarno-Hatta 88"
        )
        report_html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("oms_returns.action_report_return_slip", return_request.ids)[0]
            .decode()
        )
        self._assert_slip(
            report_html, return_request, order, "Gudang Bandung", "Jl. Soekarno-Hatta 88"
        )

    def test_slip_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(["oms_returns"], ["id_ID"], overwrite=True)
        order = self._make_order([(self.kaos, 2, 100000)])
        self.authenticate("portal_siti", "portal_siti")
        return_request, _response = self._request_return(order, self.kaos, 1)
        return_request.partner_id.lang = "id_ID"
        content = (
            self.env["ir.actions.report"]
            ._render_qweb_html("oms_returns.action_report_return_slip", return_request.ids)[0]
            .decode()
        )
        text = " ".join(html.fromstring(content).text_content().split())
        self.assertIn("Kirim paket ke:", text)
        self.assertIn("Masukkan slip ini ke dalam paket", text)
        self.assertNotIn("Send the parcel to", text)

    def _assert_slip(self, content, return_request, order, warehouse, street):
        slip = html.fromstring(content)
        text = " ".join(slip.text_content().split())
        self.assertIn(f"Return Slip {return_request.name}", text)
        # no raw record printed by the layout, the sender named once
        self.assertNotIn("res.partner(", text)
        sender = " ".join(
            slip.xpath("//div[hasclass('o_oms_slip_sender')]")[0].text_content().split()
        )
        self.assertEqual(sender.count(return_request.partner_id.name), 1, sender)
        self.assertIn(
            order.name, slip.xpath("//span[hasclass('o_oms_slip_orders')]")[0].text_content()
        )
        self.assertIn(
            "Siti Rahma", slip.xpath("//span[hasclass('o_oms_slip_customer')]")[0].text_content()
        )
        address = slip.xpath("//div[hasclass('o_oms_slip_address')]")[0].text_content()
        self.assertIn(warehouse, address)
        self.assertIn(street, address)
        rows = [
            [" ".join(td.text_content().split()) for td in row.xpath("./td")]
            for row in slip.xpath("//table[hasclass('o_oms_slip_items')]/tbody/tr")
        ]
        self.assertEqual(rows, [[order.name, "[KAOS-01] Kaos Polos", "6 Units", "Size / fit"]])
        barcode = slip.xpath("//div[hasclass('o_oms_slip_barcode')]//img")[0]
        self.assertEqual(barcode.get("alt"), f"Barcode {return_request.name}")
        self.assertTrue(barcode.get("src").startswith("data:image/png;base64,"))

    def test_central_returns_warehouse_address(self):
        self.policy.write({"warehouse_mode": "central", "return_warehouse_id": self.wh_central.id})
        self.authenticate("portal_siti", "portal_siti")
        return_request, response = self._request_return(self.order_1, self.kaos, 1)
        self.assertEqual(return_request.rma_ids.warehouse_id, self.wh_central)
        text = self._text(response)
        self.assertIn("Pusat Retur Cikarang", text)
        self.assertIn("Jl. Industri Selatan 5", text)
        self.assertNotIn("Soekarno-Hatta", text)

    def test_no_slip_before_approval_nor_for_others(self):
        self.policy.approval = "manual"
        self.authenticate("portal_siti", "portal_siti")
        return_request, response = self._request_return(self.order_1, self.celana, 1, "damaged")
        self.assertEqual(return_request.state, "draft")
        self.assertIn("Your request waits for our approval.", self._text(response))
        self.assertNotIn("o_oms_return_slip", response.text)
        self.assertNotIn("Soekarno-Hatta", response.text)
        slip = self.url_open(f"/my/returns/{return_request.id}/slip")
        self.assertTrue(slip.url.endswith(f"/my/returns/{return_request.id}"), slip.url)
        self.assertNotIn("o_oms_slip_items", slip.text)
        # approved: Budi cannot print Siti's slip
        return_request.action_approve()
        self.assertEqual(return_request.state, "approved")
        self.assertIn(
            "o_oms_slip_items", self.url_open(f"/my/returns/{return_request.id}/slip").text
        )
        self.authenticate("portal_budi", "portal_budi")
        slip = self.url_open(f"/my/returns/{return_request.id}/slip")
        self.assertNotIn("o_oms_slip_items", slip.text)
        self.assertNotIn(return_request.name, slip.text)
        self.assertNotIn("Siti", slip.text)

    def test_oca_request_routes_create_nothing(self):
        """OCA rma_sale's order-page request leads to our form and writes nothing."""
        line = self._line(self.order_1, self.kaos)
        before = (self.env["rma"].search_count([]), self.env["oms.return.request"].search_count([]))
        oca_form = {
            "0-sale_line_id": str(line.id),
            "0-product_id": str(self.kaos.id),
            "0-quantity": "1",
            "0-operation_id": str(self.env.ref("rma.rma_operation_refund").id),
        }
        # anonymous, without a CSRF token: refused
        response = self.url_open(f"/my/orders/{self.order_1.id}/requestrma", data=oca_form)
        self.assertEqual(response.status_code, 400)
        self.authenticate("portal_siti", "portal_siti")
        _response, token = self._form()
        response = self.url_open(
            f"/my/orders/{self.order_1.id}/requestrma", data={"csrf_token": token, **oca_form}
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            response.url.endswith(f"/my/returns/new?order_id={self.order_1.id}"), response.url
        )
        self.assertIn(f'name="qty-{line.id}"', response.text)
        single = self.url_open(f"/my/requestrma/{self.order_1.id}")
        self.assertTrue(
            single.url.endswith(f"/my/returns/new?order_id={self.order_1.id}"), single.url
        )
        after = (self.env["rma"].search_count([]), self.env["oms.return.request"].search_count([]))
        self.assertEqual(after, before)
