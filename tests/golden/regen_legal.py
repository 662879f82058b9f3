"""Golden outlines of the legal texts in the document pack: build, compare, refresh.

    python tests/golden/regen_legal.py            # rewrite tests/golden/legal/*.json
    python tests/golden/regen_legal.py --check    # exit 1 and list what changed, write nothing

Refresh deliberately: run --check first, read the diff it prints, and only then rewrite.
An outline keeps, per provision, its id, kind, number, title and the first 40 characters of its
text — enough to pin the structure without copying whole texts into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.ingest.frontmatter import parse_iso_date, split_front_matter  # noqa: E402
from assistant.models import Coverage, DocKind, DocMeta, Document, ParsedDocument  # noqa: E402
from assistant.parse.ids import doc_slug  # noqa: E402
from assistant.parse.legal import parse_legal  # noqa: E402

GOLDEN_DIR = Path(__file__).resolve().parent / "legal"
TEXT_PREFIX = 40


def default_pack() -> Path:
    env = os.environ.get("TDKT_PACK")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


def legal_pack_files(pack: Path) -> list[Path]:
    """The legal texts of a pack: its top-level Markdown files with a số hiệu in front matter."""
    out = []
    for path in sorted(pack.glob("*.md")):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if front.get("so_hieu"):
            out.append(path)
    return out


def pack_document(path: Path) -> Document:
    """A pack file as a Document (front matter → DocMeta), without the full ingest loaders."""
    front, body, offset = split_front_matter(path.read_text(encoding="utf-8"))
    meta = DocMeta(
        doc_id=str(front["so_hieu"]),
        kind=DocKind.LEGAL,
        so_hieu=str(front["so_hieu"]),
        loai=front.get("loai"),
        title=front.get("ten") or "",
        issuer=front.get("co_quan"),
        issued=parse_iso_date(front.get("ngay_ban_hanh")),
        effective=parse_iso_date(front.get("ngay_hieu_luc")),
        coverage=Coverage.EXCERPT if "trich-doan" in path.name else Coverage.FULL,
        source_path=str(path),
        source_format="md",
    )
    return Document(meta=meta, text=body, front_matter=front, body_line_offset=offset)


def outline(parsed: ParsedDocument, source: str) -> dict:
    return {
        "doc_id": parsed.meta.doc_id,
        "source": source,
        "provisions": [
            [p.id, p.kind, p.number, p.title, p.text[:TEXT_PREFIX]] for p in parsed.provisions
        ],
        "warnings": list(parsed.warnings),
    }


def golden_path(doc_id: str) -> Path:
    return GOLDEN_DIR / f"{doc_slug(doc_id)}.json"


def dumps(data: dict) -> str:
    """One provision per line, so a changed parse reads as a small diff."""
    rows = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in data["provisions"])
    head = {k: v for k, v in data.items() if k not in ("provisions", "warnings")}
    return (
        "{\n"
        + "".join(
            f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n" for k, v in head.items()
        )
        + f' "warnings": {json.dumps(data["warnings"], ensure_ascii=False)},\n'
        + ' "provisions": [\n'
        + rows
        + "\n ]\n}\n"
    )


def diff(old: dict, new: dict) -> list[str]:
    lines = []
    old_rows = {r[0]: r for r in old.get("provisions", [])}
    new_rows = {r[0]: r for r in new["provisions"]}
    for pid in old_rows.keys() - new_rows.keys():
        lines.append(f"  - {pid}")
    for pid in new_rows.keys() - old_rows.keys():
        lines.append(f"  + {pid}")
    for pid in old_rows.keys() & new_rows.keys():
        if old_rows[pid] != new_rows[pid]:
            lines.append(f"  ~ {pid}: {old_rows[pid][1:]} → {new_rows[pid][1:]}")
    if [r[0] for r in old.get("provisions", [])] != [r[0] for r in new["provisions"]] and not lines:
        lines.append("  order of provisions changed")
    if old.get("warnings") != new["warnings"]:
        lines.append(f"  warnings: {old.get('warnings')} → {new['warnings']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pack", type=Path, default=default_pack())
    ap.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = ap.parse_args(argv)
    files = legal_pack_files(args.pack)
    if not files:
        print(f"no legal texts found in {args.pack} (set TDKT_PACK or --pack)", file=sys.stderr)
        return 2
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    changed = 0
    for path in files:
        parsed = parse_legal(pack_document(path))
        new = outline(parsed, path.name)
        target = golden_path(parsed.meta.doc_id)
        old = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
        delta = diff(old, new) if old else ["  (new golden file)"]
        if delta:
            changed += 1
            print(f"{target.name}: {'new' if not old else f'{len(delta)} change(s)'}")
            if old:
                print("\n".join(delta[:40]))
            if not args.check:
                target.write_text(dumps(new), encoding="utf-8")
        else:
            print(f"{target.name}: unchanged")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
