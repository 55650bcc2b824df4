-- mailbridge's own tables for MySQL 8 / MariaDB 10.5 or later (InnoDB, utf8mb4).
-- Every table is prefixed mb_ so it never clashes with the ATS's tables.
-- Apply with: mailbridge install-schema (idempotent), or mysql DB < install.sql.
-- Statements end with a ";" at the end of a line. VARCHAR(255) keys stay under
-- InnoDB's 3072-byte index limit at 4 bytes a character (DYNAMIC rows).

-- Which version of these tables is installed. mailbridge refuses to run
-- against a version it does not know, and never guesses.
CREATE TABLE mb_schema_version (
	version      INTEGER      NOT NULL PRIMARY KEY,
	installed_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per synced folder: the cursor. Committed in the same transaction
-- as the rows it covers, so a crash never skips or doubles a message.
CREATE TABLE mb_folder_state (
	mailbox         VARCHAR(255) NOT NULL,  -- mailbox address as configured
	folder          VARCHAR(255) NOT NULL,  -- IMAP folder name (UTF-8)
	uidvalidity     BIGINT       NOT NULL,
	last_uid        BIGINT       NOT NULL DEFAULT 0,  -- highest UID committed
	highest_modseq  BIGINT       NOT NULL DEFAULT 0,
	backfill_floor  BIGINT       NOT NULL DEFAULT 0,  -- first sync: UIDs below not yet backfilled; 1 = done
	state_version   INTEGER      NOT NULL DEFAULT 1,  -- format of this row
	updated_at      DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (mailbox, folder)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per message seen in a folder (keyed by its IMAP identity).
CREATE TABLE mb_ledger (
	id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	mailbox         VARCHAR(255) NOT NULL,
	folder          VARCHAR(255) NOT NULL,
	uidvalidity     BIGINT       NOT NULL,
	imap_uid        BIGINT       NOT NULL,
	message_id      VARCHAR(255),           -- Message-ID header, trimmed
	content_hash    CHAR(64)     NOT NULL,  -- SHA-256 hex of the raw message
	internal_date   DATETIME,
	size_bytes      BIGINT,
	direction       CHAR(1)      NOT NULL,  -- 'I' inbound, 'O' outbound
	person_keys     MEDIUMTEXT,                   -- people matched, kind:key;...
	activity_keys   MEDIUMTEXT,                   -- activity keys written
	expunged        SMALLINT     NOT NULL DEFAULT 0,  -- 0 on the server; 1 expunged there; 2 moved to Trash, 3 expunged, by mailbridge (activity deleted in the ATS)
	created_at      DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	CONSTRAINT mb_ledger_uk UNIQUE (mailbox, folder, uidvalidity, imap_uid)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX mb_ledger_msgid ON mb_ledger (message_id);

-- One activity per person and message, whatever folder or mailbox it was
-- seen in. message_key is the Message-ID, or 'sha256:<hash>' without one.
CREATE TABLE mb_message_activity (
	message_key     VARCHAR(255) NOT NULL,
	person_kind     VARCHAR(64)  NOT NULL,  -- people table name in the mapping
	person_key      VARCHAR(255) NOT NULL,
	activity_key    VARCHAR(255) NOT NULL,
	subject_key     VARCHAR(64),  -- SHA-256 of the normalized subject (subject_threading)
	message_time    BIGINT,  -- the message's Date, seconds since 1970 (UTC)
	created_at      DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (message_key, person_kind, person_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX mb_message_activity_subject ON mb_message_activity (subject_key, person_kind, person_key);

-- A reply logged before the message it answers (another folder synced
-- later, or out of order): it waits here for its parent's activity, which
-- then sets the reply's parent column through the mapping.
CREATE TABLE mb_thread_wait (
	parent_key          VARCHAR(255) NOT NULL,  -- the awaited message, "<message-id>"
	person_kind         VARCHAR(64)  NOT NULL,
	person_key          VARCHAR(255) NOT NULL,
	child_activity_key  VARCHAR(64)  NOT NULL,
	created_at          DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (parent_key, person_kind, person_key, child_activity_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The default outbound queue. The ATS (or a DBA's trigger) inserts rows in
-- state 'queued'; mailbridge claims, sends, files and logs them. Times are
-- UTC: send_at and next_attempt_at are compared with mailbridge's UTC clock.
CREATE TABLE mb_outbox (
	id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	mailbox            VARCHAR(255) NOT NULL,  -- send as / file into
	to_addrs           MEDIUMTEXT   NOT NULL,  -- comma separated
	cc_addrs           MEDIUMTEXT,
	bcc_addrs          MEDIUMTEXT,
	subject            MEDIUMTEXT,
	body_text          MEDIUMTEXT,
	body_html          MEDIUMTEXT,
	person_kind        VARCHAR(64),
	person_key         VARCHAR(255),
	parent_activity_key VARCHAR(255),
	send_at            DATETIME     NOT NULL DEFAULT (UTC_TIMESTAMP()),
	state              VARCHAR(16)  NOT NULL DEFAULT 'queued', -- queued|claimed|sending|accepted|filed|logged|failed|retry
	message_id         VARCHAR(255),
	attempts           INTEGER      NOT NULL DEFAULT 0,
	next_attempt_at    DATETIME,
	last_error         MEDIUMTEXT,
	claimed_by         VARCHAR(255),
	claimed_at         DATETIME,
	sent_at            DATETIME,
	filed_uid          BIGINT,
	queue_key          VARCHAR(255),  -- the DBA's queue row it was taken from (<outbound>)
	created_at         DATETIME     NOT NULL DEFAULT (UTC_TIMESTAMP())
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX mb_outbox_due ON mb_outbox (state, send_at);
-- A queue row is taken once: this key is what makes it so.
CREATE UNIQUE INDEX mb_outbox_queue ON mb_outbox (queue_key);

-- Per recipient outcome of an outbox row: the reply to its RCPT TO.
CREATE TABLE mb_outbox_recipient (
	outbox_id   BIGINT       NOT NULL REFERENCES mb_outbox (id) ON DELETE CASCADE,
	address     VARCHAR(255) NOT NULL,
	kind        CHAR(3)      NOT NULL,  -- to|cc|bcc
	state       VARCHAR(16)  NOT NULL DEFAULT 'pending', -- pending|accepted|refused|deferred
	smtp_reply  MEDIUMTEXT,
	updated_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (outbox_id, address)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Attachments of an outbox row, in order: the bytes in content, or a file
-- mailbridge reads at send time (an absolute path on the mailbridge host).
CREATE TABLE mb_outbox_attachment (
	outbox_id     BIGINT NOT NULL REFERENCES mb_outbox (id) ON DELETE CASCADE,
	seq_no        INTEGER NOT NULL,
	file_name     VARCHAR(255) NOT NULL,
	content_type  VARCHAR(100),
	content       LONGBLOB,
	file_path     VARCHAR(1024),
	PRIMARY KEY (outbox_id, seq_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Health of each mailbox, for the operator and the health endpoint.
CREATE TABLE mb_mailbox_status (
	mailbox       VARCHAR(255) NOT NULL PRIMARY KEY,
	state         VARCHAR(16)  NOT NULL,  -- running|stopped|auth_failed|error
	last_sync_at  DATETIME,
	last_error    MEDIUMTEXT,
	heartbeat_at  DATETIME,
	lag_seconds   BIGINT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Senders no person matched, staged for review instead of being dropped.
CREATE TABLE mb_unknown_sender (
	id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	mailbox       VARCHAR(255) NOT NULL,
	address       VARCHAR(255) NOT NULL,
	display_name  VARCHAR(255),
	message_id    VARCHAR(255),
	subject       MEDIUMTEXT,
	seen_at       DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	reviewed      SMALLINT     NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX mb_unknown_sender_addr ON mb_unknown_sender (address);

-- What mailbridge did, for people asking why.
CREATE TABLE mb_audit (
	id       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
	logged_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
	mailbox  VARCHAR(255),
	action   VARCHAR(64)  NOT NULL,
	detail   MEDIUMTEXT
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO mb_schema_version (version) VALUES (1);
