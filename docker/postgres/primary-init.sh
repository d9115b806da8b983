#!/bin/bash
# Runs once, when the official postgres image initialises an empty data directory
# (/docker-entrypoint-initdb.d): a role for streaming replication and the pg_hba
# line that lets it connect for replication (the image's "host all all all" line
# does not cover the pseudo-database "replication").
set -euo pipefail
: "${OMS_REPLICATION_USER:?}" "${OMS_REPLICATION_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v user="$OMS_REPLICATION_USER" -v password="$OMS_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"user" WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication ${OMS_REPLICATION_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
