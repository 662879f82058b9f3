"""Stand-in systems with the facade's ``search``/``ask``, for testing the harness itself.

* ``GoldReplay`` answers every question from its own gold: its hits and citations are the gold
  citations, its answer holds the key facts, and it declines unanswerable items. Every metric
  must come out perfect for it; anything less is a scoring bug.
* ``Misleading`` returns confident output from the wrong document, never declines, and raises
  on every ``fail_every``-th question, so every metric must come out at its worst.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.models import Answer, Chunk, Citation, DocKind, Hit
from evals.dataset import Gold, QAItem


def _chunk(gold: Gold, n: int) -> Chunk:
    pid = f"{gold.doc}/{gold.article or gold.section or gold.appendix}/{gold.clause or ''}/{n}"
    return Chunk(
        id=pid,
        doc_id=gold.doc,
        provision_id=pid,
        text=f"text of {gold.label()}",
        kind="dieu" if gold.is_article else "section",
        **gold.coordinates(),
        label=gold.label(),
        doc_kind=DocKind.LEGAL if gold.is_article else DocKind.PLAN,
    )


def _citation(chunk: Chunk) -> Citation:
    return Citation(
        doc=chunk.doc_id,
        doc_title="",
        **chunk.coordinates(),
        label=chunk.label,
        quote=chunk.text,
        provision_id=chunk.provision_id,
    )


class _ByQuestion:
    def __init__(self, items: Sequence[QAItem]) -> None:
        self.items = {item.question: item for item in items}

    def _item(self, question: str) -> QAItem:
        return self.items[question]


class GoldReplay(_ByQuestion):
    description = "fake: replays the gold citations and key facts"

    def search(self, question: str, *, as_of: date | None = None, k: int = 10) -> list[Hit]:
        gold = self._item(question).gold
        return [Hit(chunk=_chunk(g, n), score=1.0 - n / 100) for n, g in enumerate(gold)][:k]

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        item = self._item(question)
        return Answer(
            question=question,
            answer=" ".join((item.reference_answer, *item.key_facts)),
            language=item.lang,
            abstained=not item.answerable,
            citations=tuple(_citation(h.chunk) for h in self.search(question)),
            as_of=as_of or date(2025, 12, 31),
            timings_ms={"total": 1.0},
        )


class Misleading(_ByQuestion):
    description = "fake: cites the wrong document and never declines"
    WRONG = Gold(doc="99/2099/XX", article=1)

    def __init__(self, items: Sequence[QAItem], fail_every: int = 0) -> None:
        super().__init__(items)
        self.order = [item.question for item in items]
        self.fail_every = fail_every

    def _maybe_fail(self, question: str) -> None:
        position = self.order.index(question) + 1
        if self.fail_every and position % self.fail_every == 0:
            raise RuntimeError(f"fake failure on question {position}")

    def search(self, question: str, *, as_of: date | None = None, k: int = 10) -> list[Hit]:
        self._maybe_fail(question)
        return [Hit(chunk=_chunk(self.WRONG, n), score=0.5) for n in range(k)]

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        self._maybe_fail(question)
        self._item(question)
        return Answer(
            question=question,
            answer="Theo quy định hiện hành, mức thưởng là 5.000.000 đồng.",
            language="vi",
            abstained=False,
            citations=(_citation(_chunk(self.WRONG, 0)),),
            as_of=as_of or date(2025, 12, 31),
        )
