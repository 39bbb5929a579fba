-- Peerline keeps each service's tables (prefixed by the service name) in one database;
-- each service migrates its own tables with its own Alembic version table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
