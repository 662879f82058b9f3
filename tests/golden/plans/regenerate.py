"""Rewrite the plan goldens from the current parser: python tests/golden/plans/regenerate.py

Review the diff before committing: a golden pins each plan's section tree (ids, kinds, section
paths, titles, source lines) and the parser's warnings.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from assistant.models import DocKind, DocMeta, Document  # noqa: E402
from assistant.parse.plan import parse_plan  # noqa: E402


def golden(path: Path) -> dict:
    doc = Document(
        meta=DocMeta(doc_id=path.stem, kind=DocKind.PLAN, source_path=str(path)),
        text=path.read_text(encoding="utf-8"),
        body_line_offset=1,
    )
    parsed = parse_plan(doc)
    return {
        "doc_id": path.stem,
        "provisions": [
            {
                "id": p.id,
                "kind": p.kind,
                "number": p.number,
                "section": p.section,
                "title": p.title,
                "line": p.line,
                "parent_id": p.parent_id,
            }
            for p in parsed.provisions
        ],
        "warnings": list(parsed.warnings),
    }


def dump(data: dict) -> str:
    """JSON with one provision per line, so a diff shows which unit changed."""
    rows = ",\n".join("  " + json.dumps(p, ensure_ascii=False) for p in data["provisions"])
    warnings = json.dumps(data["warnings"], ensure_ascii=False, indent=2).replace("\n", "\n ")
    return (
        f'{{\n "doc_id": {json.dumps(data["doc_id"])},\n "provisions": [\n{rows}\n ],\n'
        f' "warnings": {warnings}\n}}\n'
    )


def main() -> None:
    pack = Path(os.environ.get("TDKT_PACK") or REPO.parent / "shared" / "corpus")
    plans = sorted((pack / "plans").glob("*.txt"))
    if not plans:
        sys.exit(f"no plans found under {pack / 'plans'} (set TDKT_PACK)")
    for path in plans:
        out = HERE / f"{path.stem}.json"
        out.write_text(dump(golden(path)), encoding="utf-8")
        print(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
