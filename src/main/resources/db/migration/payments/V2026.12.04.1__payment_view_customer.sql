-- Whose order the payment is for, so that a shopper may read their own payment (null for payments requested before
-- the capture command carried it: only an operator sees those).
ALTER TABLE payments.payment_view ADD COLUMN customer_id text;
