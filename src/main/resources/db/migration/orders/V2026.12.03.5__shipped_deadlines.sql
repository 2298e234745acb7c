-- Every non-terminal order has a next deadline: a booked parcel is picked up, a shipped one delivered, a requested
-- cancellation answered. Rows written before carry their pending deadline (long past) or none: give them the
-- defaults' deadlines counted from their last step, so an upgrade flags or calls off nothing that is on time.
UPDATE orders.order_view SET deadline = updated_at + interval '3 days'
 WHERE status = 'CONFIRMED' AND tracking_number IS NOT NULL AND (deadline < updated_at OR deadline = 'infinity');
UPDATE orders.order_view SET deadline = updated_at + interval '1 hour'
 WHERE status = 'CONFIRMED' AND (deadline < updated_at OR deadline = 'infinity');
UPDATE orders.order_view SET deadline = updated_at + interval '14 days' WHERE status = 'SHIPPED';
CREATE INDEX order_view_shipped_deadline ON orders.order_view (deadline) WHERE status = 'SHIPPED';
