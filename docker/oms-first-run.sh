#!/bin/bash
# Entrypoint of the compose Odoo services ("odoo", "odoo-init"): on the first
# run, create database "$OMS_DB" the way scripts/run does -- a company in
# "$OMS_COUNTRY" (default ID: Indonesia, l10n_id chart, IDR, PPN tax-included),
# "$OMS_LANG" loaded next to English (default id_ID, empty: none), the OMS
# add-ons installed, the home on the Omnichannel dashboard, demo data when
# OMS_DEMO=1 -- then run the given command (the image's /entrypoint.sh).
# An existing database is left as it is.
#
# Variables (README "Configuration"): OMS_DB, OMS_COUNTRY, OMS_LANG, OMS_DEMO;
# HOST/PORT/USER/PASSWORD are the official image's database settings. ODOO_BIN,
# ODOO_RC, OMS_ADDONS_PATH and OMS_FIRST_RUN_PY let the script run outside the
# image (tests: see docs in docker-compose.yml).
set -euo pipefail

OMS_DB="${OMS_DB:-oms}"
OMS_COUNTRY="${OMS_COUNTRY:-ID}"
OMS_LANG="${OMS_LANG-id_ID}"
OMS_DEMO="${OMS_DEMO:-0}"
OMS_MODULES="${OMS_MODULES:-oms_omnichannel,oms_returns,oms_marketplace_sync,oms_marketplace_returns,oms_pos,oms_dropship,l10n_id}"
OMS_ADDONS_PATH="${OMS_ADDONS_PATH:-/mnt/oms-addons}"
OMS_FIRST_RUN_PY="${OMS_FIRST_RUN_PY:-/usr/local/share/oms/first_run.py}"
ODOO_RC="${ODOO_RC:-/etc/odoo/odoo.conf}"
read -r -a ODOO_BIN <<<"${ODOO_BIN:-odoo}"

log() { printf '[oms] %s\n' "$*" >&2; }

db=(--db_host "${HOST:-db}" --db_port "${PORT:-5432}" --db_user "${USER:-odoo}"
    --db_password "${PASSWORD:-odoo}")
conf=(-c "$ODOO_RC" --addons-path="$OMS_ADDONS_PATH")

# PostgreSQL up? (the compose healthcheck waits too; this covers a plain run)
if command -v wait-for-psql.py >/dev/null; then
    wait-for-psql.py "${db[@]}" --timeout=60
fi

# 0: the database exists with the OMS installed; 1: no database; 2: a database
# without the OMS (a first run that stopped half-way: install again)
database_state() {
    OMS_DB="$OMS_DB" python3 - "${HOST:-db}" "${PORT:-5432}" "${USER:-odoo}" \
        "${PASSWORD:-odoo}" <<'PY'
import os
import sys

import psycopg2

host, port, user, password = sys.argv[1:5]
connect = dict(host=host, port=port, user=user, password=password)
with psycopg2.connect(dbname="postgres", **connect) as conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (os.environ["OMS_DB"],))
    if not cr.fetchone():
        sys.exit(1)
with psycopg2.connect(dbname=os.environ["OMS_DB"], **connect) as conn, conn.cursor() as cr:
    cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
    if not cr.fetchone()[0]:
        sys.exit(2)
    cr.execute(
        "SELECT 1 FROM ir_module_module WHERE name = 'oms_omnichannel' AND state = 'installed'"
    )
    sys.exit(0 if cr.fetchone() else 2)
PY
}

state=0
database_state || state=$?
if [ "$state" = 0 ]; then
    log "database $OMS_DB exists with the OMS: no first-run setup"
else
    started=$SECONDS
    if [ "$state" = 1 ]; then
        log "creating database $OMS_DB for country $OMS_COUNTRY (company, currency, chart of accounts)"
        "${ODOO_BIN[@]}" db "${conf[@]}" "${db[@]}" init "$OMS_DB" \
            --country "$OMS_COUNTRY" --language en_US
        state=0
        database_state || state=$?
        [ "$state" != 1 ] || { log "error: could not create database $OMS_DB"; exit 1; }
    fi
    log "installing $OMS_MODULES${OMS_LANG:+ and language $OMS_LANG}"
    "${ODOO_BIN[@]}" "${conf[@]}" "${db[@]}" -d "$OMS_DB" -i "$OMS_MODULES" \
        ${OMS_LANG:+--load-language="$OMS_LANG"} \
        --stop-after-init --no-http --workers=0 --load=base,web
    log "first-run setup (tax-included prices, home on the Omnichannel dashboard)"
    OMS_COUNTRY="$OMS_COUNTRY" OMS_LANG="$OMS_LANG" OMS_DEMO="$OMS_DEMO" \
        "${ODOO_BIN[@]}" shell "${conf[@]}" "${db[@]}" -d "$OMS_DB" --no-http --workers=0 \
        --load=base,web --log-level=warn <"$OMS_FIRST_RUN_PY"
    log "database $OMS_DB ready in $((SECONDS - started)) s"
fi

exec "$@"
