-- One PostgreSQL server, one database per app (each service owns its store).
CREATE DATABASE lethe;
CREATE DATABASE lethe_accounts;
