-- Neutralization of a copy of a production database (odoo-bin neutralize):
-- nothing of it may reach the live shops, customers or integrations.

-- channels: no order status webhooks to the shops' systems, no signing secret
UPDATE oms_channel
   SET webhook_url = NULL,
       webhook_secret = NULL;

-- webhook deliveries not sent yet will never be sent
UPDATE oms_webhook_delivery
   SET state = 'failed'
 WHERE state = 'pending';

-- queued webhook and notification jobs are dropped
UPDATE queue_job
   SET state = 'cancelled'
 WHERE state IN ('wait_dependencies', 'pending', 'enqueued', 'started')
   AND channel IN ('root.oms_webhook', 'root.oms_notify');

-- OMS crons (recurring orders, reallocation, KPI digest, uncollected pickups)
UPDATE ir_cron
   SET active = false
 WHERE id IN (
       SELECT res_id
         FROM ir_model_data
        WHERE model = 'ir.cron'
          AND module = 'oms_omnichannel'
);
