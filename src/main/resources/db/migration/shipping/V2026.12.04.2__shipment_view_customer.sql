-- Whose order the shipment is for, so that a shopper may read their own shipment (null for shipments scheduled
-- before ShipmentScheduled carried it: only an operator sees those).
ALTER TABLE shipping.shipment_view ADD COLUMN customer_id text;
