"""Reading the YAML tables shipped in assistant/domain/data (package data, see pyproject)."""

from __future__ import annotations

from importlib import resources

import yaml

from assistant.errors import ConfigError

# The C loader parses the catalog about 8x faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(name: str) -> dict:
    """The parsed mapping of data/<name>; a missing or malformed file is a packaging error."""
    try:
        text = resources.files("assistant.domain").joinpath("data", name).read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"domain data file {name!r} is missing",
            fix="reinstall the package; assistant/domain/data/*.yaml ships as package data",
        ) from None
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"domain data file {name!r} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"domain data file {name!r} must hold a mapping at the top level")
    return data
