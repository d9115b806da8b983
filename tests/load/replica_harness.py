"""A private PostgreSQL primary + streaming read replica for tests/load/test_replica.py.

Two throwaway clusters of the machine's PostgreSQL (``initdb``/``pg_ctl``, run as
the ``postgres`` system user through ``runuser``, since PostgreSQL refuses to run
as root) in a temporary directory, on free ports, listening on 127.0.0.1 and on
a Unix socket in that directory. The primary gets the replication role of the
Docker set-up (``docker/postgres/primary-init.sh``, the same script); the replica
is cloned with ``pg_basebackup -R`` (standby.signal + primary_conninfo) and runs
as a hot standby. Both log every statement (``log_statement=all``) to their own
file, which is how the test tells which server answered a request.

Everything is stopped and deleted by ``close()`` (``OMS_KEEP_REPLICA=1`` keeps the
directory, logs included); every wait is bounded.
"""

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
from bench import common

ROOT = Path(__file__).resolve().parents[2]
_LOG_ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
# "%m [%p] db=%d " (log_line_prefix): the database a statement ran in
_LOG_DB = re.compile(r"^\S+ \S+ \S+ \[\d+\] db=(\S*) ")
# the clusters' superuser (Odoo refuses to connect as "postgres")
SUPERUSER = "oms"


def pg_bin():
    """The directory of the newest installed PostgreSQL server binaries."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name),
    )
    if not found:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
    return found[-1].parent


def _as_postgres(args, env=None, timeout=120):
    """Run a PostgreSQL binary as the postgres system user; raise with its output."""
    result = subprocess.run(
        ["runuser", "-u", "postgres", "--", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"{args[0]} failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout


class Cluster:
    """One PostgreSQL cluster (data directory, port, socket, statement log)."""

    def __init__(self, base, name):
        self.name = name
        self.data = base / name
        self.socket_dir = base
        self.log = base / f"{name}.log"
        self.port = common.free_port()

    def start(self):
        options = " ".join(
            [
                f"-c port={self.port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.socket_dir}",
                "-c log_statement=all",
                # the database of each statement: Odoo's housekeeping (its start-up
                # check that the database exists, the database list) runs in the
                # maintenance database "postgres", requests in the served one
                "-c log_line_prefix='%m [%p] db=%d '",
                "-c fsync=off",
                "-c max_connections=60",
            ]
        )
        _as_postgres(
            [pg_bin() / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start"]
        )
        return self

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            _as_postgres([pg_bin() / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"])

    def connect(self, dbname="postgres"):
        return psycopg2.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=dbname
        )

    def sql(self, query, params=(), dbname="postgres"):
        with contextlib.closing(self.connect(dbname)) as conn:
            conn.autocommit = True
            with conn.cursor() as cr:
                cr.execute(query, params)
                return cr.fetchall() if cr.description else []

    # -- statement log ---------------------------------------------------

    def log_offset(self):
        return self.log.stat().st_size

    def sync_marker(self, timeout=30):
        """Run a marker statement and wait until it is in the log; return its text.

        PostgreSQL logs a statement (``log_statement=all``) when it receives it,
        before running it: once the marker, sent after a request was answered,
        is in the log, every statement of that request is in it, before the marker.
        """
        marker = f"oms-sync-{uuid.uuid4().hex}"
        self.sql("SELECT %s", (marker,))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker.encode() in self.log.read_bytes()[-1024 * 1024 :]:
                return marker
            time.sleep(0.05)
        raise RuntimeError(f"marker {marker} not in {self.log} after {timeout}s")

    def statements(self, since, pattern, until=None, dbname=None):
        """Logged statements after byte ``since`` whose text matches ``pattern`` (a regex).

        ``until``: only those logged before this marker (see ``sync_marker``);
        ``dbname``: only those run in this database.
        """
        with self.log.open("rb") as log:
            log.seek(since)
            text = log.read().decode("utf-8", "replace")
        if until is not None:
            if until not in text:
                raise RuntimeError(f"marker {until} not in {self.log}")
            # up to the line of the marker
            text = text[: text.rfind("\n", 0, text.index(until)) + 1]
        # one entry per log line prefix ("%m [%p] db=%d "); a statement's other lines follow
        entries = []
        for line in text.splitlines():
            if _LOG_ENTRY.match(line) or not entries:
                entries.append(line)
            else:
                entries[-1] += "\n" + line
        if dbname is not None:
            entries = [
                entry
                for entry in entries
                if (match := _LOG_DB.match(entry)) and match.group(1) == dbname
            ]
        # the pattern is matched against the statement, not the line prefix
        regex = re.compile(pattern, re.IGNORECASE)
        return [
            entry
            for entry in entries
            if "statement: " in entry and regex.search(entry.split("statement: ", 1)[1])
        ]


class PrimaryReplica:
    """A primary and its streaming replica, made from a copy of ``source_db``
    (a database of the machine's main PostgreSQL server)."""

    def __init__(self, source_db, dbname="oms_replica"):
        self.dbname = dbname
        self.base = Path(tempfile.mkdtemp(prefix="oms-replica-"))
        # postgres must reach its data and socket directories
        os.chmod(self.base, 0o755)
        shutil.chown(self.base, "postgres", "postgres")
        self.primary = Cluster(self.base, "primary")
        self.replica = Cluster(self.base, "replica")
        self.replication_password = uuid.uuid4().hex
        self.timings = {}
        try:
            self._build(source_db)
        except BaseException:
            self.close()
            raise

    def _timed(self, label, started):
        self.timings[label] = round(time.monotonic() - started, 1)

    def _build(self, source_db):
        started = time.monotonic()
        _as_postgres(
            [
                pg_bin() / "initdb",
                "-D",
                self.primary.data,
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
            ]
        )
        self.primary.start()
        # the replication role and pg_hba line, by the Docker set-up's own script
        env = dict(
            os.environ,
            PGHOST=str(self.base),
            PGPORT=str(self.primary.port),
            PGDATA=str(self.primary.data),
            POSTGRES_USER=SUPERUSER,
            OMS_REPLICATION_USER="replicator",
            OMS_REPLICATION_PASSWORD=self.replication_password,
        )
        _as_postgres(["bash", ROOT / "docker/postgres/primary-init.sh"], env=env)
        self.primary.sql("SELECT pg_reload_conf()")
        self._timed("primary initdb + start", started)

        started = time.monotonic()
        self.primary.sql(f'CREATE DATABASE "{self.dbname}"')
        dump = self.base / "dump"
        subprocess.run(
            ["pg_dump", "-Fd", "-j", "2", "-f", str(dump), source_db],
            check=True,
            timeout=300,
            capture_output=True,
        )
        subprocess.run(
            [
                "pg_restore",
                "-j",
                "2",
                "--no-owner",
                "--no-acl",
                "-h",
                str(self.base),
                "-p",
                str(self.primary.port),
                "-U",
                SUPERUSER,
                "-d",
                self.dbname,
                str(dump),
            ],
            check=True,
            timeout=300,
            capture_output=True,
        )
        shutil.rmtree(dump)
        self._timed("database copied into the primary", started)

        started = time.monotonic()
        # over TCP with the replication role's password (scram-sha-256)
        _as_postgres(
            [
                pg_bin() / "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                self.primary.port,
                "-U",
                "replicator",
                "-D",
                self.replica.data,
                "-X",
                "stream",
                "-R",
                "--checkpoint=fast",
            ],
            env=dict(os.environ, PGPASSWORD=self.replication_password),
            timeout=300,
        )
        self.replica.start()
        self._timed("pg_basebackup -R + replica start", started)

    # -- replication -----------------------------------------------------

    def in_recovery(self):
        return self.replica.sql("SELECT pg_is_in_recovery()")[0][0]

    def streaming(self):
        """(client address, state) of the primary's WAL senders."""
        return self.primary.sql("SELECT host(client_addr), state FROM pg_stat_replication")

    def wait_streaming(self, timeout=60):
        """The primary's WAL senders once the replica streams (a just started
        replica's sender is in "startup" or "catchup" for a moment)."""
        deadline = time.monotonic() + timeout
        senders = self.streaming()
        while time.monotonic() < deadline:
            if senders and all(state == "streaming" for _host, state in senders):
                break
            time.sleep(0.2)
            senders = self.streaming()
        return senders

    def wait_replayed(self, timeout=30):
        """Wait until the replica has replayed everything the primary wrote so far."""
        target = self.primary.sql("SELECT pg_current_wal_lsn()::text")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.replica.sql(
                "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", (target,)
            )[0][0]
            if done:
                return
            time.sleep(0.2)
        raise RuntimeError(f"the replica did not replay {target} in {timeout}s")

    def odoo_db_args(self):
        """odoo-bin options: primary and replica through their Unix sockets."""
        return [
            f"--db_host={self.base}",
            f"--db_port={self.primary.port}",
            f"--db_user={SUPERUSER}",
            f"--db_replica_host={self.base}",
            f"--db_replica_port={self.replica.port}",
        ]

    def close(self):
        for cluster in (self.replica, self.primary):
            with contextlib.suppress(Exception):
                cluster.stop()
        if os.environ.get("OMS_KEEP_REPLICA") != "1":
            shutil.rmtree(self.base, ignore_errors=True)
