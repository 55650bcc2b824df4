-- The modern sample ATS (postgresql): identity keys, two email columns.
-- Mapping: modern.xml

CREATE TABLE users (
  id SERIAL PRIMARY KEY,
  full_name VARCHAR(100) NOT NULL,
  email VARCHAR(200) NOT NULL,
  active SMALLINT NOT NULL DEFAULT 1
);

CREATE TABLE candidates (
  id SERIAL PRIMARY KEY,
  first_name VARCHAR(60),
  last_name VARCHAR(60) NOT NULL,
  full_name VARCHAR(121),
  email VARCHAR(200),
  email2 VARCHAR(200),
  owner_user_id INTEGER,
  no_email_log SMALLINT NOT NULL DEFAULT 0,
  email_bounced SMALLINT NOT NULL DEFAULT 0,
  deleted SMALLINT NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE contacts (
  id SERIAL PRIMARY KEY,
  full_name VARCHAR(120) NOT NULL,
  company VARCHAR(120),
  email VARCHAR(200),
  owner_user_id INTEGER
);

-- One row per email and person: mailbridge writes these.
CREATE TABLE notes (
  id SERIAL PRIMARY KEY,
  person_kind CHAR(1) NOT NULL,
  person_id INTEGER NOT NULL,
  note_type VARCHAR(10) NOT NULL,
  subject VARCHAR(200),
  body TEXT,
  sender VARCHAR(320),
  recipients VARCHAR(2000),
  created_at TIMESTAMP NOT NULL,
  author_user_id INTEGER,
  parent_id INTEGER,
  message_id VARCHAR(250),
  imap_url VARCHAR(500),
  source VARCHAR(20),
  deleted SMALLINT DEFAULT 0 NOT NULL
);

CREATE TABLE documents (
  id SERIAL PRIMARY KEY,
  person_id INTEGER NOT NULL,
  note_id INTEGER,
  file_name VARCHAR(255) NOT NULL,
  content_type VARCHAR(100),
  content BYTEA NOT NULL
);

INSERT INTO users (full_name, email) VALUES ('Alice Recruiter', 'alice@example.test');
INSERT INTO users (full_name, email) VALUES ('Bob Recruiter', 'bob@example.test');
INSERT INTO candidates (first_name, last_name, full_name, email, email2, owner_user_id)
  VALUES ('Jane', 'Doe', 'Jane Doe', 'jane.doe@example.org', 'jane@home.example', 1);
INSERT INTO candidates (first_name, last_name, full_name, email, owner_user_id, no_email_log)
  VALUES ('Rich', 'Roe', 'Rich Roe', 'rich@example.org', 2, 1);
INSERT INTO contacts (full_name, company, email, owner_user_id)
  VALUES ('Carol Client', 'Client Ltd', 'carol@example.net', 1);
