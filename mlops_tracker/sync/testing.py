"""A throwaway PostgreSQL server for the sync tests and benchmark: a temporary cluster on 127.0.0.1.

Uses the server binaries (`initdb`, `pg_ctl`) from PATH or the Debian/Ubuntu layout /usr/lib/postgresql/N/bin.
When the process runs as root, the cluster belongs to the `postgres` user and the binaries run as that user
(`runuser`), since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg

INSTALL_HINT = "install the PostgreSQL server with `apt-get install -y postgresql` (Debian/Ubuntu)"
ADMIN = "mlops_admin"
START_TIMEOUT = 30  # seconds for the server to accept connections


class ServerUnavailable(RuntimeError):
    """No server binaries here (or no user to run them as): the message says how to install them."""


def find_binaries() -> Path:
    """Return the folder holding `initdb` and `pg_ctl`, or raise `ServerUnavailable`."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    # Debian keeps them off PATH, one folder per major version: take the newest
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    for folder in reversed(folders):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise ServerUnavailable(f"PostgreSQL server binaries (initdb, pg_ctl) not found: {INSTALL_HINT}")


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ThrowawayServer:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only; `stop()` removes it all.

    `durable=False` turns fsync off (tests); the benchmark keeps PostgreSQL's defaults.
    """

    durable: bool = False
    bin_dir: Path = field(default_factory=lambda: find_binaries())
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    root: Path = field(init=False)
    _owner: pwd.struct_passwd | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if os.geteuid() == 0:
            try:
                self._owner = pwd.getpwnam("postgres")
            except KeyError:
                raise ServerUnavailable(
                    f"running as root and there is no `postgres` user: {INSTALL_HINT}"
                ) from None
        self.root = Path(tempfile.mkdtemp(prefix="mlops-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sockets"
        self.sockets.mkdir()
        if self._owner is not None:
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
            os.chown(self.sockets, self._owner.pw_uid, self._owner.pw_gid)

    # ---- life cycle ----------------------------------------------------------------------------------------

    def start(self) -> ThrowawayServer:
        """Make the cluster (first time only), start it and wait until it accepts connections."""
        if not self.data.exists():
            pwfile = self.root / "pwfile"
            pwfile.write_text(self.password + "\n", encoding="utf-8")
            self._give(pwfile)
            self._run("initdb", "-D", str(self.data), "-U", ADMIN, f"--pwfile={pwfile}", "--encoding=UTF8",
                      "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--no-locale",
                      "--no-instructions")  # fmt: skip
            pwfile.unlink()
        options = [
            "-c listen_addresses=127.0.0.1", f"-p {self.port}", f"-c unix_socket_directories={self.sockets}",
            "-c max_connections=40", "-c shared_buffers=32MB",
        ]  # fmt: skip
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", " ".join(options), "-w", "-t", str(START_TIMEOUT), "start")  # fmt: skip
        self._wait_until_ready()
        return self

    def stop(self) -> None:
        """Stop the server now (no checkpoint: nothing here is kept)."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    # ---- addresses -----------------------------------------------------------------------------------------

    def url(self, database: str = "postgres", role: str = ADMIN, password: str | None = None) -> str:
        """Return a postgresql:// URL on 127.0.0.1 (the admin's password unless another role is named)."""
        secret = self.password if role == ADMIN and password is None else password
        login = f"{role}:{quote(secret, safe='')}" if secret else role
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"

    def admin_connection(self, database: str = "postgres") -> psycopg.Connection:
        """Return an autocommit psycopg connection as the cluster's superuser."""
        return psycopg.connect(
            host="127.0.0.1", port=self.port, dbname=database, user=ADMIN, password=self.password,
            autocommit=True, connect_timeout=5,
        )  # fmt: skip

    # ---- helpers -------------------------------------------------------------------------------------------

    def _give(self, path: Path) -> None:
        if self._owner is not None:
            os.chown(path, self._owner.pw_uid, self._owner.pw_gid)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self._owner is not None:
            command = ["runuser", "-u", "postgres", "--", *command]
        # a clean environment: the caller's PGPASSWORD, PGHOST… must not steer initdb or pg_ctl
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"}
        done = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def _wait_until_ready(self) -> None:
        # pg_ctl -w already waited; this confirms the TCP listener and the admin's password, with a deadline
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with self.admin_connection():
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
