-- The users' audit trail (users/entity/UserChange). A new table only: safe while the previous release still runs.
-- No foreign key to users: a deleted user's history stays. Field names only, never values.
CREATE TABLE user_changes (
    id         BIGINT       NOT NULL AUTO_INCREMENT,
    user_id    BIGINT       NOT NULL,
    action     VARCHAR(16)  NOT NULL, -- CREATED, REPLACED, DELETED
    fields     VARCHAR(64)  NOT NULL, -- e.g. name,email
    actor      VARCHAR(254) NOT NULL, -- the subject (sub) of the caller's token
    changed_at BIGINT       NOT NULL, -- epoch milliseconds, UTC
    PRIMARY KEY (id),
    INDEX ix_user_changes_user (user_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
