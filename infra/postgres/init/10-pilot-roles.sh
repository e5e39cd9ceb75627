#!/usr/bin/env bash
# The database roles of docker-compose.yml. The postgres image runs this once, as its
# superuser, when it initialises an empty data directory (/docker-entrypoint-initdb.d);
# changing it later changes nothing until the volume is removed (docker compose down -v).
#
# Each service logs in with a role of its own and owns its own schemas, nothing more:
#   gateway     gateway, access   (it issues and revokes the API keys)
#   lifecycle   lifecycle
#   projection  projection, and SELECT on the key table access.api_key, through a grant
# No role may create a schema or a database, use another's schema, or create anything
# in public; no one else may connect. The services' Flyway migrations create the tables
# in the schemas made here. The passwords come from the environment (docker-compose.yml
# refuses to start without them) and never sit in a file.
#
# PostgresRolesIntegrationTests (services/local-runner) runs the SQL below, with the same
# variables, against an embedded PostgreSQL and checks every right and refusal above.

: "${POSTGRES_USER:?the postgres image sets POSTGRES_USER}"
: "${POSTGRES_DB:?the postgres image sets POSTGRES_DB}"
: "${PILOT_GATEWAY_DB_PASSWORD:?set PILOT_GATEWAY_DB_PASSWORD: the gateway database role password}"
: "${PILOT_LIFECYCLE_DB_PASSWORD:?set PILOT_LIFECYCLE_DB_PASSWORD: the lifecycle database role password}"
: "${PILOT_PROJECTION_DB_PASSWORD:?set PILOT_PROJECTION_DB_PASSWORD: the projection database role password}"

psql --no-psqlrc --set=ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=database="$POSTGRES_DB" \
  --set=gateway_password="$PILOT_GATEWAY_DB_PASSWORD" \
  --set=lifecycle_password="$PILOT_LIFECYCLE_DB_PASSWORD" \
  --set=projection_password="$PILOT_PROJECTION_DB_PASSWORD" <<'SQL'
-- nobody connects or creates anything unless granted below (the superuser excepted)
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

CREATE ROLE gateway LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'gateway_password';
CREATE ROLE lifecycle LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'lifecycle_password';
CREATE ROLE projection LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'projection_password';
GRANT CONNECT ON DATABASE :"database" TO gateway, lifecycle, projection;

-- each service's own schemas, owned by its role: its Flyway creates the tables in them
CREATE SCHEMA gateway AUTHORIZATION gateway;
CREATE SCHEMA access AUTHORIZATION gateway;
CREATE SCHEMA lifecycle AUTHORIZATION lifecycle;
CREATE SCHEMA projection AUTHORIZATION projection;

-- the projection checks API keys: it may read the tables the gateway creates in access
-- (the key table and its Flyway history), and write none of them
GRANT USAGE ON SCHEMA access TO projection;
ALTER DEFAULT PRIVILEGES FOR ROLE gateway IN SCHEMA access GRANT SELECT ON TABLES TO projection;
SQL
