-- Idempotency keys of creates (idempotency/entity/IdempotentRequest). A new table only: safe while the previous
-- release still runs. Keys are visible ASCII; one key per caller (actor = the token's subject). The fingerprint is
-- a SHA-256 of the request's normalised input, never the input. Rows older than 24 h are purged by the service.
CREATE TABLE idempotency_keys (
    id          BIGINT                           NOT NULL AUTO_INCREMENT,
    actor       VARCHAR(254)                     NOT NULL,
    idem_key    VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, -- case matters
    fingerprint CHAR(64) CHARACTER SET ascii COLLATE ascii_bin     NOT NULL,
    resource_id BIGINT                           NULL,
    created_at  BIGINT                           NOT NULL, -- epoch milliseconds, UTC
    PRIMARY KEY (id),
    CONSTRAINT uq_idempotency_keys UNIQUE (actor, idem_key),
    INDEX ix_idempotency_keys_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
