"""A `tdkt serve` subprocess on a free loopback port: started, timed until /api/health says
ready, measured (memory from /proc), and stopped (SIGINT, then SIGKILL after a grace period)."""

from __future__ import annotations

import logging
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.config import Settings
from bench.context import settings_env
from bench.processes import WorkerError, child_env, free_port, proc_cpu_seconds, proc_memory

log = logging.getLogger(__name__)


def tdkt_command() -> list[str]:
    """The installed `tdkt` script beside this interpreter (so its pid is the server's)."""
    beside = Path(sys.executable).parent / "tdkt"
    found = str(beside) if beside.is_file() else shutil.which("tdkt")
    if not found:
        raise WorkerError("the `tdkt` command is not installed", fix="run `make setup`")
    return [found]


class Server:
    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.settings = settings
        self.log_path = log_path
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.ready_s: float | None = None
        self.health: dict[str, Any] = {}

    def start_process(self) -> float:
        """Start `tdkt serve` without waiting; the perf_counter at process creation."""
        cmd = [*tdkt_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        env = child_env(
            {**settings_env(self.settings), "TDKT_FEEDBACK_FILE": str(self.log_path) + ".fb"}
        )
        started = time.perf_counter()
        with self.log_path.open("ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        return started

    def wait_health(self, timeout: float = 120.0) -> dict[str, Any]:
        """The first /api/health body the server answers with, ready or not."""
        deadline = time.perf_counter() + timeout
        with httpx.Client(base_url=self.base_url, timeout=2.0, trust_env=False) as client:
            while time.perf_counter() < deadline:
                if self.proc is None or self.proc.poll() is not None:
                    raise WorkerError(f"`tdkt serve` exited:\n{self.log_tail()}")
                try:
                    return client.get("/api/health").json()
                except (httpx.TransportError, ValueError):
                    time.sleep(0.05)
        raise WorkerError(f"`tdkt serve` did not answer after {timeout:.0f} s")

    def start(self, timeout: float = 120.0) -> float:
        """Start and wait until /api/health reports ready; seconds from process creation."""
        started = self.start_process()
        with httpx.Client(base_url=self.base_url, timeout=2.0, trust_env=False) as client:
            while time.perf_counter() - started < timeout:
                if self.proc.poll() is not None:
                    raise WorkerError(
                        f"`tdkt serve` exited with code {self.proc.returncode}:\n{self.log_tail()}"
                    )
                try:
                    response = client.get("/api/health")
                    if response.status_code == 200 and response.json().get("ready"):
                        self.ready_s = time.perf_counter() - started
                        self.health = response.json()
                        return self.ready_s
                except (httpx.TransportError, ValueError):
                    pass
                time.sleep(0.05)
        raise WorkerError(f"`tdkt serve` not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def memory(self) -> dict[str, int | None]:
        return proc_memory(self.proc.pid) if self.proc else proc_memory(-1)

    def cpu_seconds(self) -> float | None:
        return proc_cpu_seconds(self.proc.pid) if self.proc else None

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = self.log_path.read_text("utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
