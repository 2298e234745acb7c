-- A confirmed order has a next deadline too (its shipment booked in time); the deadline check finds the due ones here.
CREATE INDEX order_view_confirmed_deadline ON orders.order_view (deadline) WHERE status = 'CONFIRMED';
