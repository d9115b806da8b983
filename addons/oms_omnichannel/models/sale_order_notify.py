# Copyright 2026 OMS Addons
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer emails and outgoing webhooks on OMS status changes.

Deliberate deviation from "one model per file": this second ``sale.order``
extension lives apart from ``sale_order.py`` so that the status/notification
work and the other ``sale.order`` work (capture, holds) merge without conflicts.

How it hooks in: ``oms_status`` is a stored, tracked computed field, so mail's
tracking sees its changes at the end of the transaction. ``_message_track``
then enqueues the channel webhook, and ``_track_template`` picks the customer
email. Mail does not track records created in the same transaction (an order
captured and confirmed at once), so ``create`` registers a pre-commit callback
that treats such orders as having moved on from ``received``.

Status history: every status an order passes through is a row of the chatter's
tracking (``mail.tracking.value`` on ``oms_status``). Mail compares a status only
at the end of a transaction, so the statuses passed on the way (an order captured,
confirmed and allocated at once; a released hold confirmed then allocated) are
collected as they are computed (``_compute_field_value``) and logged in order:
``Received``, ``On Hold``, ``Confirmed``, ``Allocated``... A confirmation is always
recorded as ``Confirmed``, even when the reservation followed before any recompute.
"""

import json
from itertools import pairwise

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools.mail import generate_tracking_message_id
from odoo.tools.misc import clean_context

# statuses grouped by the milestone the customer hears about
_MILESTONES = {
    "confirmed": 1,
    "partially_allocated": 1,
    "allocated": 1,
    "picking": 1,
    "packed": 1,
    "partially_shipped": 2,
    "shipped": 2,
    "delivered": 3,
    "done": 3,
}
_MILESTONE_TEMPLATES = {
    1: "oms_omnichannel.mail_template_oms_order_confirmed",
    2: "oms_omnichannel.mail_template_oms_order_shipped",
    3: "oms_omnichannel.mail_template_oms_order_delivered",
}
_PREVIOUS_KEY = "oms_omnichannel.previous_status"
_CREATED_KEY = "oms_omnichannel.created_orders"
_PATH_KEY = "oms_omnichannel.status_path"
_CAPTURED_KEY = "oms_omnichannel.captured_orders"
# statuses before the confirmation; a move from one of them to a later status than
# "confirmed" went through the confirmation
_BEFORE_CONFIRMATION = (False, "received", "on_hold")
_NOT_AFTER_CONFIRMATION = (*_BEFORE_CONFIRMATION, "confirmed", "cancelled")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_webhook_delivery_ids = fields.One2many(
        "oms.webhook.delivery",
        "order_id",
        string="Webhook Deliveries",
        groups="oms_omnichannel.group_oms_manager",
    )

    def get_base_url(self):
        """Links in the customer's e-mails (the order page) start with the shop's public
        URL, not the address the server happens to be reached at internally."""
        if len(self) == 1 and self.channel_id:
            url = self.channel_id._oms_public_url()
            if url:
                return url
        return super().get_base_url()

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not self.env.context.get("tracking_disable") and not self.env.context.get(
            "mail_notrack"
        ):
            orders._oms_register_created()
        return orders

    @api.private
    def _oms_register_created(self, captured=False):
        """Start the status history of these new orders at the end of the transaction
        (``_oms_finalize_created_orders``). The capture creates its orders without mail's
        tracking, followers and creation message and registers them here itself, with
        ``captured`` set: their one chatter message then also says how they came in."""
        created = self.env.cr.precommit.data.setdefault(_CREATED_KEY, set())
        if not created:
            self.env.cr.precommit.add(self._oms_finalize_created_orders)
        created.update(self.ids)
        if captured:
            self.env.cr.precommit.data.setdefault(_CAPTURED_KEY, set()).update(self.ids)

    def _compute_field_value(self, field):
        res = super()._compute_field_value(field)
        if field.name == "oms_status" and not (
            self.env.context.get("tracking_disable") or self.env.context.get("mail_notrack")
        ):
            paths = self.env.cr.precommit.data.setdefault(_PATH_KEY, {})
            for order in self:
                if isinstance(order.id, int):
                    path = paths.setdefault(order.id, [])
                    if not path or path[-1] != order.oms_status:
                        path.append(order.oms_status)
        return res

    @api.private
    def _oms_status_steps(self, initial):
        """The statuses the order went through in this transaction, from ``initial``
        (the status at its start; False for an order created in it) to its current
        status: one history row per move."""
        self.ensure_one()
        path = self.env.cr.precommit.data.get(_PATH_KEY, {}).pop(self.id, [])
        steps = [initial]
        path = [*path, self.oms_status]
        for index, status in enumerate(path):
            # "Received" starts the history; a hold lifted on the way to the
            # confirmation passes through it for a moment only
            if status == steps[-1] or (
                status == "received" and steps[-1] and index < len(path) - 1
            ):
                continue
            if steps[-1] in _BEFORE_CONFIRMATION and status not in _NOT_AFTER_CONFIRMATION:
                steps.append("confirmed")
            steps.append(status)
        return steps

    @api.private
    def _oms_status_tracking_commands(self, steps, col_info):
        """Tracking value commands, one per move between consecutive ``steps``."""
        self.ensure_one()
        Tracking = self.env["mail.tracking.value"]
        return [
            [0, 0, Tracking._create_tracking_values(old, new, "oms_status", col_info, self)]
            for old, new in pairwise(steps)
        ]

    def _mail_track(self, tracked_fields, initial_values):
        changes, tracking_value_ids = super()._mail_track(tracked_fields, initial_values)
        if "oms_status" in changes:
            steps = self._oms_status_steps(initial_values.get("oms_status"))
            if len(steps) > 2:  # statuses passed on the way: one row each
                field_id = self.env["ir.model.fields"]._get(self._name, "oms_status").id
                tracking_value_ids = [
                    command
                    for command in tracking_value_ids
                    if command[2].get("field_id") != field_id
                ] + self._oms_status_tracking_commands(steps, tracked_fields["oms_status"])
        return changes, tracking_value_ids

    def _message_track(self, fields_iter, initial_values_dict):
        tracking = super()._message_track(fields_iter, initial_values_dict)
        previous = {
            order_id: initial_values_dict[order_id].get("oms_status")
            for order_id, (changes, _values) in tracking.items()
            if changes and "oms_status" in changes
        }
        if previous:
            self.env.cr.precommit.data.setdefault(_PREVIOUS_KEY, {}).update(previous)
            self.browse(list(previous))._oms_status_changed(previous)
        return tracking

    def _track_template(self, changes):
        res = super()._track_template(changes)
        order = self[0]
        if "oms_status" in changes:
            previous = self.env.cr.precommit.data.get(_PREVIOUS_KEY, {}).pop(order.id, None)
            template = order._oms_status_mail_template(previous)
            if template and order._oms_notify_in_background():
                # rendering and sending is external work: a job, not the capture's time
                order.with_delay(
                    channel="root.oms_notify",
                    identity_key=f"oms-status-mail-{order.id}-{template.id}",
                    description=f"Status email {template.name} for {order.name}",
                )._oms_job_send_status_mail(template.id)
            elif template:
                res["oms_status"] = (template, self._oms_status_mail_options())
        return res

    @api.model
    def _oms_status_mail_options(self):
        return {
            "auto_delete_keep_log": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_layout_xmlid": "mail.mail_notification_light",
            "message_type": "auto_comment",
            "notify_author_mention": True,
        }

    @api.private
    def _oms_notify_in_background(self):
        self.ensure_one()
        return bool(self.channel_id.notify_async and not self.env.context.get("oms_notify_now"))

    def _oms_job_send_status_mail(self, template_id):
        """Job: post the status email of a template (queued on status change)."""
        self.ensure_one()
        template = self.env["mail.template"].browse(template_id).exists()
        if not template or not self._oms_should_notify_customer():
            return False
        order = self.with_context(clean_context(self.env.context))._fallback_lang()
        order.message_post_with_source(template, **self._oms_status_mail_options())
        return True

    @api.private
    def _oms_send_customer_mail(self, template):
        """Email the customer with ``template`` (an order-type event: ready for pickup,
        pre-order available, pre-order date changed), in a job when the channel sends
        notifications in the background. Return False when the customer gets no email."""
        self.ensure_one()
        if not template or not self._oms_should_notify_customer():
            return False
        if self._oms_notify_in_background():
            self.with_delay(
                channel="root.oms_notify",
                identity_key=f"oms-customer-mail-{self.id}-{template.id}",
                description=f"Customer email {template.name} for {self.name}",
            )._oms_job_send_customer_mail(template.id)
        else:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True

    def _oms_job_send_customer_mail(self, template_id):
        """Job: post an order-type customer email (queued by ``_oms_send_customer_mail``)."""
        self.ensure_one()
        template = self.env["mail.template"].browse(template_id).exists()
        if not template or not self._oms_should_notify_customer():
            return False
        order = self.with_context(clean_context(self.env.context))._fallback_lang()
        order.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        return True

    def _oms_finalize_created_orders(self):
        """Orders created in this transaction: report a move away from ``received``."""
        order_ids = self.env.cr.precommit.data.pop(_CREATED_KEY, set())
        orders = self.sudo().browse(sorted(order_ids)).exists()
        orders._oms_log_created_history()
        moved = orders.filtered(lambda o: o.oms_status and o.oms_status != "received")
        if not moved:
            return
        previous = dict.fromkeys(moved.ids, "received")
        self.env.cr.precommit.data.setdefault(_PREVIOUS_KEY, {}).update(previous)
        moved._oms_status_changed(previous)
        for order in moved:
            order._message_track_post_template(["oms_status"])

    @api.private
    def _oms_log_created_history(self):
        """Start the status history of orders created in this transaction (which mail
        does not track): Received, then what they reached at once (On Hold;
        Confirmed, Allocated...)."""
        col_info = self.fields_get(["oms_status"], attributes=("string", "type", "selection"))[
            "oms_status"
        ]
        captured = self.env.cr.precommit.data.pop(_CAPTURED_KEY, set())
        logs = {}
        for order in self:
            steps = order._oms_status_steps(False)
            if len(steps) > 1 and steps[1] != "received":
                steps.insert(1, "received")
            commands = order._oms_status_tracking_commands(steps, col_info)
            body = order._oms_capture_message() if order.id in captured else ""
            if commands or body:
                logs[order] = (body, commands)
        self._oms_message_log_many(logs)

    @api.model
    def _oms_message_log_many(self, logs):
        """Log ``{order: (body, tracking value commands)}`` as one note each, in one
        ``mail.message`` create: what ``_message_log`` writes for one record."""
        if not logs:
            return
        author_id, email_from = self._message_compute_author()
        base = {
            "author_id": author_id,
            "email_from": email_from,
            "model": self._name,
            "record_alias_domain_id": False,
            "record_company_id": False,
            "message_type": "notification",
            "is_internal": True,
            "subject": False,
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "email_add_signature": False,
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(
                default=email_from, author_id=author_id
            )[False],
        }
        self.sudo()._message_create(
            [
                dict(
                    base,
                    res_id=order.id,
                    body=escape(body),
                    tracking_value_ids=commands,
                    message_id=generate_tracking_message_id("message-notify"),
                )
                for order, (body, commands) in logs.items()
            ]
        )

    @api.private
    def _oms_capture_message(self):
        """The body of a captured order's one creation message: what came in and what
        the capture did with it (its status rows follow as tracking values)."""
        self.ensure_one()
        status = dict(self._fields["oms_status"]._description_selection(self.env)).get(
            self.oms_status, self.oms_status or ""
        )
        deliveries = self.picking_ids.filtered(lambda p: p.state != "cancel").sorted("id")
        if deliveries:
            text = self.env._(
                "Order %(ref)s captured from channel %(channel)s: %(status)s, "
                "delivery %(deliveries)s.",
                ref=self.external_ref or self.client_order_ref or "",
                channel=self.channel_id.display_name or "",
                status=status,
                deliveries=", ".join(deliveries.mapped("name")),
            )
        else:
            text = self.env._(
                "Order %(ref)s captured from channel %(channel)s: %(status)s.",
                ref=self.external_ref or self.client_order_ref or "",
                channel=self.channel_id.display_name or "",
                status=status,
            )
        return Markup("<p>%s</p>") % text

    @api.private
    def _oms_should_notify_customer(self):
        """Channel orders follow the channel's setting; orders without channel are notified."""
        self.ensure_one()
        if self.channel_id and not self.channel_id.notify_customer:
            return False
        return bool(self.partner_id.email)

    @api.private
    def _oms_status_mail_template(self, previous_status):
        """The email template for a move from ``previous_status``, or None.

        One email per milestone reached (confirmed, shipped, delivered), plus one
        when the last parcel of a partially shipped order leaves.
        """
        self.ensure_one()
        new_rank = _MILESTONES.get(self.oms_status, 0)
        old_rank = _MILESTONES.get(previous_status, 0)
        last_parcel = previous_status == "partially_shipped" and self.oms_status == "shipped"
        if not new_rank or (new_rank <= old_rank and not last_parcel):
            return None
        if not self._oms_should_notify_customer():
            return None
        return self.env.ref(_MILESTONE_TEMPLATES[new_rank], raise_if_not_found=False)

    @api.private
    def _oms_status_changed(self, previous_by_id):
        """Queue one signed webhook per order whose channel has a webhook URL."""
        orders = self.sudo().filtered(lambda o: o.channel_id.webhook_url)
        if not orders:
            return
        now = fields.Datetime.now()
        vals_list = []
        for order in orders:
            previous = previous_by_id.get(order.id)
            payload = order._oms_webhook_payload(previous, now)
            vals_list.append(
                {
                    "order_id": order.id,
                    "channel_id": order.channel_id.id,
                    "event": payload["event"],
                    "previous_status": previous or False,
                    "status": order.oms_status,
                    "url": order.channel_id.webhook_url,
                    "payload": json.dumps(payload, separators=(",", ":"), sort_keys=True),
                }
            )
        self.env["oms.webhook.delivery"].sudo().create(vals_list)._oms_enqueue()

    @api.private
    def _oms_webhook_payload(self, previous_status, when):
        self.ensure_one()
        return {
            "event": "order.status_changed",
            "channel": self.channel_id.code,
            "external_ref": self.external_ref or None,
            "order": self.name,
            "status": self.oms_status,
            "previous_status": previous_status or None,
            "timestamp": when.isoformat(timespec="seconds") + "Z",
            "tracking": self._oms_tracking_list(),
        }

    @api.private
    def _oms_tracking_list(self):
        """Shipments with carrier and tracking, for webhooks and templates."""
        self.ensure_one()
        deliveries = self.picking_ids.filtered(
            lambda p: p.oms_is_customer_delivery and p.state != "cancel"
        ).sorted("id")
        return [
            {
                "delivery": picking.name,
                "state": picking.state,
                "carrier": picking.carrier_id.oms_code or picking.carrier_id.name or None,
                "carrier_name": picking.carrier_id.name or None,
                "tracking_number": picking.carrier_tracking_ref or None,
                "tracking_url": picking.carrier_tracking_url or None,
                "shipped_at": picking.date_done.isoformat(timespec="seconds") + "Z"
                if picking.state == "done" and picking.date_done
                else None,
                "delivered_at": picking.oms_delivered_date.isoformat(timespec="seconds") + "Z"
                if picking.oms_delivered_date
                else None,
            }
            for picking in deliveries
        ]
