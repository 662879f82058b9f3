"""TĐKT knowledge written by us: award catalog, EN↔VI glossary, intents, levels, dates, events.

Everything here is data we wrote from the pack texts (``data/*.yaml``) plus small typed loaders;
no official text is copied. Each table is parsed once per process.
"""

from __future__ import annotations

from assistant.domain.catalog import (
    Award,
    AwardMatch,
    Catalog,
    Ref,
    load_catalog,
    match_awards,
    resolve_awards,
)
from assistant.domain.dates import DateMention, extract_date, extract_dates
from assistant.domain.events import Anniversary, Event, anniversaries, load_events
from assistant.domain.glossary import Glossary, detect_language, load_glossary, translate_query
from assistant.domain.intents import INTENTS, IntentScore, detect_intents
from assistant.domain.levels import LEVELS, DetectedLevels, detect_levels

__all__ = [
    "INTENTS",
    "LEVELS",
    "Anniversary",
    "Award",
    "AwardMatch",
    "Catalog",
    "DateMention",
    "DetectedLevels",
    "Event",
    "Glossary",
    "IntentScore",
    "Ref",
    "anniversaries",
    "detect_intents",
    "detect_language",
    "detect_levels",
    "extract_date",
    "extract_dates",
    "load_catalog",
    "load_events",
    "load_glossary",
    "match_awards",
    "resolve_awards",
    "translate_query",
]
