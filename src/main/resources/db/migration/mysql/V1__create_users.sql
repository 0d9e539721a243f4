-- Users. The email is stored lower-cased by the application; utf8mb4_bin keeps 'zoë@x' and 'zoe@x' distinct,
-- which MySQL 8's default accent-insensitive collation would not. Timestamps are epoch milliseconds: DATETIME(3)
-- would lose the milliseconds on MariaDB through Connector/J.
CREATE TABLE users (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    name       VARCHAR(100) NOT NULL,
    email      VARCHAR(254) NOT NULL,
    created_at BIGINT       NOT NULL, -- epoch milliseconds, UTC
    updated_at BIGINT       NOT NULL, -- epoch milliseconds, UTC
    version    BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_email UNIQUE (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
