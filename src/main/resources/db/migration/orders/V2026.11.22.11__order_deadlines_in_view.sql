-- A pending order's deadline is already in its view row, written with the order in one transaction: the deadline
-- check finds the due ones through this index, and no separate row has to be written and deleted per order.
CREATE INDEX order_view_pending_deadline ON orders.order_view (deadline) WHERE status = 'PENDING';
DROP TABLE orders.deadlines;
