-- The catalogue read model, kept in step with each product's stream in the same transaction.
CREATE TABLE inventory.products (
    sku          text    PRIMARY KEY,
    name         text    NOT NULL,
    price_amount bigint  NOT NULL CHECK (price_amount >= 0),
    currency     text    NOT NULL,
    available    int     NOT NULL CHECK (available >= 0),
    reserved     int     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    shipped      int     NOT NULL DEFAULT 0 CHECK (shipped >= 0),
    received     int     NOT NULL
);
