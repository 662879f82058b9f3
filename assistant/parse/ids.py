"""Stable ASCII ids for documents and provisions (DESIGN §4)."""

from __future__ import annotations

from assistant.text import ascii_fold, doc_slug, slug

__all__ = ["ascii_fold", "doc_slug", "join", "slug"]


def join(*segments: str) -> str:
    return "/".join(s for s in segments if s)
