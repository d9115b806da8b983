# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

INTERVAL_TYPES = [
    ("days", "Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
]


class OmsRecurringOrder(models.Model):
    """A B2B customer's standing order: the same lines on a schedule.

    A daily job generates, for each recurring order due, one order copied from the
    template order and run through the OMS flow (validation rules, sourcing,
    confirmation), then moves the next date on. At most one order is generated
    per (recurring order, date): the job can run twice without doubling orders.
    """

    _name = "oms.recurring.order"
    _description = "Recurring Order"
    _inherit = ["mail.thread"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    template_order_id = fields.Many2one(
        "sale.order",
        string="Template Order",
        required=True,
        check_company=True,
        domain="[('state', '!=', 'cancel')]",
        help="Its customer, addresses, channel, pricelist, payment terms and lines are "
        "copied into every generated order (at the prices of the day).",
    )
    company_id = fields.Many2one(
        related="template_order_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="template_order_id.partner_id", string="Customer", store=True, index=True
    )
    channel_id = fields.Many2one(related="template_order_id.channel_id", store=True)
    interval_number = fields.Integer(string="Every", default=1, required=True, tracking=True)
    interval_type = fields.Selection(
        INTERVAL_TYPES, string="Period", default="months", required=True, tracking=True
    )
    next_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="Date of the next order to generate.",
    )
    end_date = fields.Date(help="No order is generated after this date. Empty: no end.")
    order_ids = fields.One2many("sale.order", "oms_recurring_id", string="Generated Orders")
    order_count = fields.Integer(compute="_compute_order_count")
    last_error = fields.Text(readonly=True, copy=False)

    _interval_positive = models.Constraint(
        "CHECK(interval_number > 0)", "A recurring order repeats every 1 or more periods."
    )

    @api.depends("order_ids")
    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("oms_recurring_id", "in", self.ids)], ["oms_recurring_id"], ["__count"]
            )
        )
        for recurring in self:
            recurring.order_count = counts.get(recurring, 0)

    @api.constrains("template_order_id")
    def _check_template_order(self):
        for recurring in self:
            if recurring.template_order_id.state == "cancel":
                raise ValidationError(
                    self.env._("A cancelled order cannot be the template of a recurring order.")
                )

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("oms_recurring_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _next_date_after(self, day):
        self.ensure_one()
        return day + relativedelta(**{self.interval_type: self.interval_number})

    @api.model
    def _cron_generate_orders(self):
        """Generate the orders due today (or earlier) and move the next dates on."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("next_date", "<=", today),
                "|",
                ("end_date", "=", False),
                ("end_date", ">=", today),
            ]
        )
        if not due:
            return self.env["sale.order"]
        # one read of what was already generated: the job is idempotent per date
        done = {
            (recurring.id, day)
            for recurring, day in self.env["sale.order"]
            .with_context(active_test=False)
            ._read_group(
                [("oms_recurring_id", "in", due.ids), ("oms_recurring_date", "!=", False)],
                ["oms_recurring_id", "oms_recurring_date:day"],
            )
        }
        generated = self.env["sale.order"]
        for recurring in due:
            day = recurring.next_date
            if recurring.end_date and day > recurring.end_date:
                continue
            try:
                with self.env.cr.savepoint():
                    if (recurring.id, day) not in done:
                        generated |= recurring._generate_order(day)
                    recurring._advance(day, today)
            except (UserError, ValidationError) as exc:
                message = exc.args[0] if exc.args else str(exc)
                _logger.warning("recurring order %s not generated: %s", recurring.id, message)
                recurring.last_error = message
                recurring.message_post(
                    body=self.env._(
                        "The order of %(day)s was not generated: %(error)s", day=day, error=message
                    )
                )
        return generated

    @api.private
    def _generate_order(self, day):
        """Create, validate and confirm the order of ``day``."""
        self.ensure_one()
        order = self.template_order_id._oms_repeat(
            {"oms_recurring_id": self.id, "oms_recurring_date": day, "origin": self.name}
        )
        held = order._oms_place_repeat_orders()
        self.last_error = False
        self.message_post(
            body=self.env._(
                "Order %(order)s generated for %(day)s%(held)s.",
                order=order.name,
                day=fields.Date.to_string(day),
                held=self.env._(" (on hold)") if held else "",
            )
        )
        return order

    @api.private
    def _advance(self, day, today):
        """Next date after ``day``; periods missed while the job did not run are skipped
        (a standing order is not multiplied after an outage)."""
        self.ensure_one()
        next_date = self._next_date_after(day)
        skipped = 0
        while next_date <= today:
            next_date = self._next_date_after(next_date)
            skipped += 1
        if skipped:
            self.message_post(
                body=self.env._(
                    "%s missed period(s) skipped: no order generated for them.", skipped
                )
            )
        self.next_date = next_date
