-- Neutralization of a copy of a production database (odoo-bin neutralize):
-- no token or secret left, nothing pushed to or pulled from a live shop.

-- marketplace accounts: credentials erased, stock push off, API pointed at an
-- unroutable host, account archived (the crons and actions skip archived ones)
UPDATE oms_marketplace_account
   SET partner_id = NULL,
       partner_key = NULL,
       shop_cipher = NULL,
       access_token = NULL,
       refresh_token = NULL,
       token_expiry = NULL,
       refresh_token_expiry = NULL,
       app_key = NULL,
       app_secret = NULL,
       consumer_key = NULL,
       consumer_secret = NULL,
       webhook_secret = NULL,
       auth_state_hash = NULL,
       auth_state_user_id = NULL,
       auth_state_expiry = NULL,
       push_stock = false,
       base_url = 'https://neutralized.invalid',
       auth_base_url = NULL,
       active = false;

-- queued imports, stock and shipment pushes are dropped
UPDATE queue_job
   SET state = 'cancelled'
 WHERE state IN ('wait_dependencies', 'pending', 'enqueued', 'started')
   AND (channel = 'root.marketplace' OR channel LIKE 'root.marketplace.%'
        OR model_name LIKE 'oms.marketplace.%');

-- marketplace crons (import, stock push, reconciliation, token refresh)
UPDATE ir_cron
   SET active = false
 WHERE id IN (
       SELECT res_id
         FROM ir_model_data
        WHERE model = 'ir.cron'
          AND module = 'oms_marketplace_sync'
);
