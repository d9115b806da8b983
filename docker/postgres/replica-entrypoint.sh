#!/bin/bash
# Entry point of the read replica (official postgres image): on first start,
# clone the primary with pg_basebackup -R (writes standby.signal and
# primary_conninfo), then run PostgreSQL as a hot standby that streams WAL from
# the primary. Later starts find the data directory and just run.
set -euo pipefail
: "${OMS_PRIMARY_HOST:?}" "${OMS_REPLICATION_USER:?}" "${OMS_REPLICATION_PASSWORD:?}"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready -h "$OMS_PRIMARY_HOST" -p "${OMS_PRIMARY_PORT:-5432}" -q; do
        echo "replica: waiting for the primary ${OMS_PRIMARY_HOST}"
        sleep 2
    done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    # the password goes through the environment, never on a command line
    gosu postgres env PGPASSWORD="$OMS_REPLICATION_PASSWORD" pg_basebackup \
        -h "$OMS_PRIMARY_HOST" -p "${OMS_PRIMARY_PORT:-5432}" -U "$OMS_REPLICATION_USER" \
        -D "$PGDATA" -X stream -R --checkpoint=fast --progress
fi
exec docker-entrypoint.sh postgres -c hot_standby=on "$@"
