"""What the command-line front ends share: JSON on standard output and date options read with
a clear error. A leaf of the library, so that the commands never import the CLI module that
dispatches to them."""

from __future__ import annotations

import json
import sys
from datetime import date

from assistant.errors import InvalidInputError


def parse_day(value: str | None, option: str = "--as-of") -> date | None:
    """A YYYY-MM-DD option value, or a clear error naming the option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInputError(
            f"{option} {value!r} is not a date", fix="write it as YYYY-MM-DD, e.g. 2025-07-01"
        ) from None


def emit_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
