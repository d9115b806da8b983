"""A private, throwaway PostgreSQL cluster for tests that stop and restart it.

The machine's shared PostgreSQL serves every other test and helper: it is never
restarted. This module makes a new cluster with Debian's ``initdb`` in a temp
directory on a free port of 127.0.0.1, run as the ``postgres`` system user
(PostgreSQL refuses to run as root), with a superuser role for the current user
so that Odoo connects to it as it does to the shared one. ``copy_database``
brings a database over from the shared server with ``pg_dump | pg_restore``.

Every wait is bounded in time.
"""

import contextlib
import getpass
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from .harness import common

PG_BIN = Path(os.environ.get("OMS_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "postgres"


def _as_postgres(*cmd, **kwargs):
    """Run a PostgreSQL server program as the postgres system user."""
    prefix = ["runuser", "-u", PG_USER, "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True, **kwargs)


class PgCluster:
    """``initdb`` + ``pg_ctl`` on 127.0.0.1:<free port>; ``close()`` removes everything."""

    def __init__(self):
        self.port = common.free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="oms-pg-"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, PG_USER, PG_USER)
        _as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            PG_USER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.start()
        me = getpass.getuser()
        if me != PG_USER:
            self.psql("postgres", f'CREATE ROLE "{me}" SUPERUSER LOGIN', user=PG_USER)

    @property
    def env(self):
        """Environment variables that point libpq (and Odoo) at this cluster."""
        return {"PGHOST": "127.0.0.1", "PGPORT": str(self.port)}

    def _pg_ctl(self, *args, timeout=60):
        return _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args, timeout=timeout)

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.dir} -c fsync=off -c max_connections=200"
        )
        self._pg_ctl("-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        """Stop the server; ``fast`` ends every session (their transactions roll back)."""
        self._pg_ctl("-m", mode, "-w", "-t", "60", "stop")

    def is_up(self):
        result = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def psql(self, db, sql, user=None):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1"]
        cmd += ["-p", str(self.port), "-d", db, "-tAc", sql]
        if user:
            cmd += ["-U", user]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def copy_database(self, name, timeout=600):
        """Copy database ``name`` of the shared server into this cluster (same name)."""
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), name],
            check=True,
            timeout=60,
        )
        dump = subprocess.Popen(["pg_dump", "-Fc", "-Z", "0", name], stdout=subprocess.PIPE)
        try:
            subprocess.run(
                ["pg_restore", "-h", "127.0.0.1", "-p", str(self.port), "-d", name],
                stdin=dump.stdout,
                check=True,
                timeout=timeout,
            )
        finally:
            dump.stdout.close()
            dump.wait(timeout=60)
        if dump.returncode:
            raise RuntimeError(f"pg_dump {name} failed ({dump.returncode})")

    def close(self):
        with contextlib.suppress(Exception):
            self._pg_ctl("-m", "immediate", "-w", "-t", "30", "stop", timeout=60)
        # the files belong to the postgres user; root may remove them
        deadline = time.monotonic() + 10
        while self.dir.exists() and time.monotonic() < deadline:
            shutil.rmtree(self.dir, ignore_errors=True)
