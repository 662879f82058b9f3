"""`python -m bench.worker TASK`: one measurement in a fresh interpreter (see bench.processes).

Reads a JSON payload on stdin, prints one JSON object as the last line of stdout. Logs go to
stderr. Tasks are imported only when chosen, so start-up stays what a user's process pays.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys

TASKS = {
    "build": "bench.probes:build_worker",
    "cold": "bench.probes:cold_worker",
    "memory": "bench.probes:memory_worker",
}


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in TASKS:
        print(f"usage: python -m bench.worker {{{','.join(TASKS)}}}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(message)s")
    payload = json.loads(sys.stdin.read())
    module_name, _, attr = TASKS[argv[0]].partition(":")
    task = getattr(importlib.import_module(module_name), attr)
    answer = task(payload)
    sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
