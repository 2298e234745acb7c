-- The provider reconciliation asks the provider about the payments that should hold no money (and the ones still
-- waiting for their capture's answer), by when they last changed.
CREATE INDEX payment_view_not_captured ON payments.payment_view (updated_at)
    WHERE status IN ('PENDING', 'VOIDED', 'DECLINED', 'REFUNDED');
