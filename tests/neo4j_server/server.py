"""Test tooling, not part of the product: start, check and stop the test Neo4j (``Launcher.java``).

The jars come from Maven Central (``fetch.sh``, run by ``scripts/setup.sh --test``) into
``.cache/neo4j-server/lib``. :class:`Neo4jServer` runs ``java -cp 'lib/*' Launcher.java HOME PORT``
on a free loopback port with its data in ``HOME`` (a temporary folder), waits until the server answers
over Bolt with the official driver, and stops it by its PID (SIGTERM, then SIGKILL). :func:`admin`
runs ``neo4j-admin`` (the same jars: ``org.neo4j.cli.AdminTool``) against a HOME, e.g.
``database import full`` before a server is started on it.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
LIB = ROOT / ".cache" / "neo4j-server" / "lib"
LAUNCHER = HERE / "Launcher.java"
PASSWORD = "prospectus-kg-test"
JAVA_OPTIONS = ("-Xms256m", "-Xmx1g", "-XX:+UseSerialGC")


def missing() -> str | None:
    """Why the test Neo4j cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "the test Neo4j needs Java 17 (scripts/setup.sh --test installs it)"
    if not LIB.is_dir() or not any(LIB.glob("neo4j-bolt-*.jar")):
        return "the test Neo4j's jars are missing: run tests/neo4j_server/fetch.sh (needs Maven)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _classpath() -> str:
    return str(LIB / "*")


class Neo4jServer:
    """One embedded Neo4j 5 with a Bolt connector on 127.0.0.1, data in ``home``."""

    def __init__(self, home: Path, port: int | None = None, password: str = PASSWORD) -> None:
        self.home = Path(home)
        self.port = port or free_port()
        self.password = password
        self.process: subprocess.Popen | None = None
        self.log = self.home / "launcher.log"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def auth(self) -> tuple[str, str]:
        return ("neo4j", self.password)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self, timeout: float = 240.0) -> "Neo4jServer":
        """Start the server and wait until it answers over Bolt (or raise with its log)."""
        reason = missing()
        if reason:
            raise RuntimeError(reason)
        (self.home / "import").mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, NEO4J_PASSWORD=self.password)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["java", *JAVA_OPTIONS, "-cp", _classpath(), str(LAUNCHER), str(self.home), str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=self.home,
                start_new_session=True)
        try:
            self._wait_ready(timeout)
        except BaseException:  # never leave a server behind that nobody will stop
            self.kill()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        import neo4j
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        deadline = time.monotonic() + timeout
        # first the launcher's "ready" (printed after it has set the password: trying Bolt before
        # that fails authentication, and repeated failures lock the user out for a while), then Bolt
        while "ready" not in self.log_tail(3).split(" | "):
            if self.process.poll() is not None:
                raise RuntimeError(f"the test Neo4j exited with {self.process.returncode}: {self.log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the test Neo4j did not start in {timeout:.0f} s: {self.log_tail()}")
            time.sleep(0.25)
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the test Neo4j exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with neo4j.GraphDatabase.driver(self.uri, auth=self.auth, connection_timeout=2.0) as driver:
                    driver.verify_connectivity()
                    driver.execute_query("RETURN 1")
                return
            except (ServiceUnavailable, SessionExpired, OSError):
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"the test Neo4j did not answer over Bolt in {timeout:.0f} s: "
                                       f"{self.log_tail()}") from None
                time.sleep(0.5)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return " | ".join(text[-lines:])

    def driver(self):
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth)

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM by PID (the launcher shuts the databases down cleanly), SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL by PID: the server goes away at once, as in a crash."""
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def __enter__(self) -> "Neo4jServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def admin(home: Path, *args: str, cwd: Path | None = None, timeout: float = 600.0) -> subprocess.CompletedProcess:
    """``neo4j-admin ARGS`` with NEO4J_HOME=home (the jars' AdminTool), e.g. ``database import full``."""
    reason = missing()
    if reason:
        raise RuntimeError(reason)
    (Path(home) / "conf").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(Path(home) / "conf"))
    return subprocess.run(["java", *JAVA_OPTIONS, "-cp", _classpath(), "org.neo4j.cli.AdminTool", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
