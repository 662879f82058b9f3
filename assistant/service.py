"""The Assistant facade that the CLI, the API, the UI and the evals use.

It owns the loaded index (provisions, chunks, BM25, vectors), the registry and the composers;
everything else reaches the pipeline through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.config import Settings, get_settings
from assistant.models import Answer, Hit


class Assistant:
    """Open once, ask many times. Thread-safe for reads."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    @classmethod
    def open(cls, settings: Settings | None = None) -> Assistant:
        return cls(settings)

    def search(self, question: str, *, as_of: date | None = None, k: int = 10) -> list[Hit]:
        raise NotImplementedError("retrieval is wired in the retrieval issue")

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        raise NotImplementedError("answers are wired in the answers issue")
