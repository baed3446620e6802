-- One PostgreSQL server, one database per app (each service owns its store).
CREATE DATABASE lethe;
CREATE DATABASE lethe_accounts;
CREATE DATABASE lethe_orders;
CREATE DATABASE lethe_marketing;
