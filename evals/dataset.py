"""Q&A sets: JSONL files in the format of ../shared/evals/README.md, read into typed records.

One JSON object per line: id, question, lang, type, gold, key_facts, answerable, reference_answer.
A gold citation is either an article citation (doc + article [+ clause, point, part]) or a section
citation (doc + section [+ appendix]). Blank lines are skipped; any malformed line is reported
with its line number, all of them at once, so a hand-edited set can be fixed in one pass.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from assistant.errors import InvalidInputError
from assistant.models import Coordinates

_MAX_REPORTED = 10


class Gold(Coordinates):
    """One gold citation. ``article`` set = article citation; otherwise a section citation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc: str

    @field_validator("doc", "point", "part", "section", "appendix", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value).strip()
            return value or None
        return value

    @model_validator(mode="after")
    def _is_article_or_section(self) -> Gold:
        if not self.doc:
            raise ValueError("gold citation has an empty 'doc'")
        if self.article is None and self.section is None and self.appendix is None:
            raise ValueError(
                f"gold citation of {self.doc!r} names neither an 'article' nor a 'section'"
            )
        if self.article is None and (self.clause is not None or self.point is not None):
            raise ValueError(f"gold citation of {self.doc!r} has a clause or point but no article")
        return self

    @property
    def is_article(self) -> bool:
        return self.article is not None

    def label(self) -> str:
        """Short human label: "06/2022/QH15 Đ84 k2 a", "000_e84… §IV.2", "30/2020/NĐ-CP PL I §…"."""
        return self.locator.short()


class QAItem(BaseModel):
    """One question of a Q&A set with its gold citations and key facts."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    question: str
    lang: Literal["vi", "en"]
    type: str
    gold: tuple[Gold, ...] = ()
    key_facts: tuple[str, ...] = ()
    answerable: bool = True
    reference_answer: str = ""

    @field_validator("id", "question", "type", "reference_answer", mode="before")
    @classmethod
    def _text(cls, value: object) -> object:
        if isinstance(value, str):
            return unicodedata.normalize("NFC", value).strip()
        return value

    @field_validator("key_facts", mode="before")
    @classmethod
    def _facts(cls, value: object) -> object:
        if isinstance(value, list):
            return [unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in value]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> QAItem:
        if not self.id:
            raise ValueError("empty 'id'")
        if not self.question:
            raise ValueError("empty 'question'")
        if self.answerable and not self.gold:
            raise ValueError("answerable item has no gold citation")
        return self

    @property
    def primary(self) -> Gold | None:
        return self.gold[0] if self.gold else None


def _describe(error: ValidationError) -> str:
    messages = []
    for e in error.errors():
        where = ".".join(str(x) for x in e["loc"])
        messages.append(f"{where}: {e['msg']}" if where else e["msg"])
    return "; ".join(messages)


def parse_lines(lines: Iterable[str], source: str = "<Q&A set>") -> list[QAItem]:
    """Parse JSONL lines into QAItems; raise InvalidInputError naming every bad line."""
    items: list[QAItem] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(data, dict):
            problems.append(f"line {number}: expected a JSON object, got {type(data).__name__}")
            continue
        try:
            item = QAItem.model_validate(data)
        except ValidationError as exc:
            label = f" (id {data['id']!r})" if isinstance(data.get("id"), str) else ""
            problems.append(f"line {number}{label}: {_describe(exc)}")
            continue
        if item.id in seen:
            problems.append(f"line {number}: id {item.id!r} already used on line {seen[item.id]}")
            continue
        seen[item.id] = number
        items.append(item)
    if problems:
        shown = problems[:_MAX_REPORTED]
        more = len(problems) - len(shown)
        detail = "\n  ".join(shown) + (f"\n  … and {more} more" if more else "")
        raise InvalidInputError(
            f"{source}: {len(problems)} malformed line(s):\n  {detail}",
            fix="fix those lines; the format is described in ../shared/evals/README.md",
        )
    if not items:
        raise InvalidInputError(f"{source}: no Q&A items found", fix="check the file path")
    return items


def load_qa(path: str | Path, limit: int | None = None) -> list[QAItem]:
    """Read a Q&A JSONL file; ``limit`` keeps the first N items (quick runs)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInputError(
            f"Q&A file not found: {path}", fix="pass --qa with the path of a .jsonl file"
        )
    with path.open(encoding="utf-8") as handle:
        items = parse_lines(handle, source=str(path))
    return items[:limit] if limit else items
