# Shared settings of the project's scripts. Sourced, not executed.
# shellcheck shell=bash
set -euo pipefail

OMS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo19}"
OMS_VENV="${OMS_VENV:-$HOME/.cache/oms-odoo19/venv}"
OMS_PYTHON="${OMS_PYTHON:-python3.11}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-$(id -un)}"
export ODOO_SRC OMS_VENV PGHOST PGPORT PGUSER
OMS_MODULES="oms_omnichannel,oms_returns,oms_marketplace_sync,oms_marketplace_returns,oms_pos,oms_dropship,l10n_id"

log() { printf '\033[1m[oms]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[oms] error:\033[0m %s\n' "$*" >&2; exit 1; }

check_odoo_src() {
    if [ ! -f "$ODOO_SRC/odoo-bin" ] || [ ! -d "$ODOO_SRC/odoo" ]; then
        if [ "${OMS_CLONE_ODOO:-0}" = "1" ]; then
            log "cloning Odoo 19.0 into $ODOO_SRC"
            git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git "$ODOO_SRC" \
                || die "could not clone Odoo 19.0 (no network?)"
        else
            die "Odoo 19.0 source not found at ODOO_SRC=$ODOO_SRC.
  Get it with:  git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git $ODOO_SRC
  (or run again with OMS_CLONE_ODOO=1 to let this script clone it), or set ODOO_SRC to your checkout."
        fi
    fi
    grep -q "version_info = (19, 0" "$ODOO_SRC/odoo/release.py" \
        || die "$ODOO_SRC is not Odoo 19.0 (see odoo/release.py)"
}

check_postgres() {
    command -v pg_isready >/dev/null || die "pg_isready not found: install PostgreSQL client tools"
    pg_isready -q -h "$PGHOST" -p "$PGPORT" \
        || die "no PostgreSQL answers on $PGHOST:$PGPORT. Start it, or set PGHOST/PGPORT/PGUSER."
}

odoo_bin() {
    "$OMS_VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"
}
