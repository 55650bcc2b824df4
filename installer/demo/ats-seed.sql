-- The demo's people, added to the modern sample ATS (mapping/examples/modern.sqlite.sql):
-- Carol is a candidate, Dave the hiring manager at a client.
DELETE FROM contacts WHERE email = 'carol@example.net';
INSERT INTO candidates (first_name, last_name, full_name, email, owner_user_id)
  VALUES ('Carol', 'Candidate', 'Carol Candidate', 'carol@example.net', 1);
INSERT INTO contacts (full_name, company, email, owner_user_id)
  VALUES ('Dave Developer', 'Northwind', 'dave@example.net', 1);
