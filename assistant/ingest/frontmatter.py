"""YAML front matter: split it from the body and map it to DocMeta fields."""

from __future__ import annotations

import re
from datetime import date

import yaml

from assistant.errors import UnsafeFrontMatterError
from assistant.ingest.safe_yaml import YamlBudgetError, load_untrusted

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def split_front_matter(text: str, *, source: str = "the document") -> tuple[dict, str, int]:
    """Return (front matter, body, 1-based line of the body's first line).

    Text without front matter comes back whole with an empty dict. Malformed YAML raises
    yaml.YAMLError, which the loader reports with the file name. Front matter built to exhaust
    the reader (aliases, too many values, see safe_yaml) raises UnsafeFrontMatterError naming
    ``source``, before anything is built from it.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, text, 1
    try:
        data = load_untrusted(m.group(1)) or {}
    except YamlBudgetError as exc:
        raise UnsafeFrontMatterError(
            source,
            f"the front matter is refused: {exc.reason}",
            fix="write the YAML between the two '---' lines at the top as plain keys and values",
        ) from exc
    if not isinstance(data, dict):
        raise yaml.YAMLError("front matter is not a mapping")
    return data, text[m.end() :], m.group(0).count("\n") + 1


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_iso_date(value: object) -> date | None:
    """ "2024-01-01", "2004-07-01 (Luật 15/2003/QH11); …" → the first ISO date; dates pass through."""
    if isinstance(value, date):
        return value
    if not value:
        return None
    m = _ISO.search(str(value))
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
