"""Fresh processes for what must be measured cold: `python -m bench.worker TASK`.

The payload goes in on stdin (it may carry settings); the worker's answer is the last line of
its stdout, one JSON object. ``spawn`` (wall-clock time just before the process is created) is
added to the payload so the worker can report how long its own start-up took.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from typing import Any

from assistant.config import OFFLINE_ENV
from assistant.errors import AssistantError


class WorkerError(AssistantError):
    """A bench worker process failed."""


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, **OFFLINE_ENV, **(extra or {})}
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def run_worker(task: str, payload: dict[str, Any], *, timeout: float = 600) -> dict[str, Any]:
    """Run one worker task in a new interpreter and return its JSON answer (plus ``wall_s``:
    process creation to exit, as seen from here)."""
    spawn = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.worker", task],
        input=json.dumps({**payload, "spawn": spawn}),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(),
        check=False,
    )
    wall = time.time() - spawn
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise WorkerError(
            f"bench worker {task!r} exited with code {proc.returncode}:\n{tail}",
            fix="run `python -m bench --only <part> -v` to see the whole log",
        )
    answer = json.loads(lines[-1])
    answer["wall_s"] = round(wall, 3)
    return answer


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proc_memory(pid: int | str = "self") -> dict[str, int | None]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of a process, in bytes (Linux)."""
    out: dict[str, int | None] = {"rss_bytes": None, "peak_rss_bytes": None}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    kb = int(value.split()[0])
                    out["rss_bytes" if key == "VmRSS" else "peak_rss_bytes"] = kb * 1024
    except (OSError, ValueError, IndexError):
        pass
    return out


def proc_cpu_seconds(pid: int | str = "self") -> float | None:
    """User + system CPU time a process has used so far (Linux /proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            # the command name (field 2) may hold spaces: split after its closing parenthesis
            fields = fh.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")
