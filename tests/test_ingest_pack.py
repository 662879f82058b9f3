"""Importing the document pack into corpus/pack: complete, idempotent, atomic, clear when absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import PackNotFoundError
from assistant.ingest import import_pack, pack_documents
from assistant.ingest import pack as pack_module


def _small_pack(root: Path) -> Path:
    (root / "plans").mkdir(parents=True)
    (root / "MANIFEST.md").write_text("# manifest\n", encoding="utf-8")
    (root / "README.md").write_text("# readme\n", encoding="utf-8")
    (root / "luat-1.md").write_text('---\nso_hieu: "1/2024/QH15"\n---\nĐiều 1.\n', "utf-8")
    (root / "nd-2.md").write_text('---\nso_hieu: "2/2024/NĐ-CP"\n---\nĐiều 1.\n', "utf-8")
    (root / "plans" / "000_a.txt").write_text("KẾ HOẠCH\n\nI. MỤC ĐÍCH\n", "utf-8")
    (root / "plans" / ".hidden.txt").write_text("x", "utf-8")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_real_pack_is_imported_with_its_legal_texts_and_plans(pack_dir, tmp_path):
    dest = tmp_path / "corpus" / "pack"
    report = import_pack(pack_dir, dest)
    expected = {p.name for p in pack_dir.glob("*.md")} - {"MANIFEST.md", "README.md"}
    expected |= {f"plans/{p.name}" for p in (pack_dir / "plans").glob("*.txt")}
    assert set(_tree(dest)) == expected
    assert (report.added, report.updated, report.unchanged, report.removed) == (
        len(expected),
        0,
        0,
        0,
    )
    assert _tree(dest)["luat-06-2022-qh15.md"] == (pack_dir / "luat-06-2022-qh15.md").read_bytes()


def test_second_import_of_an_unchanged_pack_touches_nothing(pack_dir, tmp_path):
    dest = tmp_path / "pack"
    import_pack(pack_dir, dest)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in dest.rglob("*")}
    report = import_pack(pack_dir, dest)
    assert not report.changed
    assert report.unchanged == len(pack_documents(pack_dir))
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in dest.rglob("*")} == before


def test_import_updates_changed_files_removes_dropped_ones_and_keeps_the_rest(tmp_path):
    src = _small_pack(tmp_path / "src")
    dest = tmp_path / "corpus" / "pack"
    first = import_pack(src, dest)
    assert (first.added, first.unchanged) == (3, 0)
    assert "MANIFEST.md" not in _tree(dest) and "plans/.hidden.txt" not in _tree(dest)
    kept_inode = (dest / "luat-1.md").stat().st_ino

    (src / "nd-2.md").write_text('---\nso_hieu: "2/2024/NĐ-CP"\n---\nĐiều 1 (mới).\n', "utf-8")
    (src / "plans" / "000_a.txt").unlink()
    (src / "plans" / "001_b.txt").write_text("KẾ HOẠCH\n", "utf-8")
    (dest / "stray.md").write_text("not from the pack", "utf-8")
    report = import_pack(src, dest)

    assert (report.added, report.updated, report.unchanged, report.removed) == (1, 1, 1, 2)
    assert _tree(dest) == {
        rel: data for rel, data in _tree(src).items() if rel in pack_documents(src)
    }
    assert (dest / "luat-1.md").stat().st_ino == kept_inode  # unchanged file left as it was
    assert not [p for p in dest.parent.iterdir() if p.name.startswith(".")]  # no leftovers


def test_failed_import_leaves_the_previous_copy_intact(tmp_path, monkeypatch):
    src = _small_pack(tmp_path / "src")
    dest = tmp_path / "corpus" / "pack"
    import_pack(src, dest)
    before = _tree(dest)
    (src / "luat-1.md").write_text('---\nso_hieu: "1/2024/QH15"\n---\nĐiều 1 mới.\n', "utf-8")
    (src / "nd-2.md").write_text('---\nso_hieu: "2/2024/NĐ-CP"\n---\nĐiều 2 mới.\n', "utf-8")

    real_copy = shutil.copyfile
    calls = []

    def copy_then_fail(a, b, *args, **kwargs):
        calls.append(a)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_copy(a, b, *args, **kwargs)

    monkeypatch.setattr(pack_module.shutil, "copyfile", copy_then_fail)
    with pytest.raises(OSError, match="No space left"):
        import_pack(src, dest)
    assert _tree(dest) == before
    assert sorted(p.name for p in dest.parent.iterdir()) == ["pack"]


def test_missing_pack_is_reported_with_where_to_put_it(tmp_path):
    missing = tmp_path / "shared" / "corpus"
    with pytest.raises(PackNotFoundError) as err:
        import_pack(missing, tmp_path / "dest")
    message = str(err.value)
    assert f"no document pack at {missing}" in message
    assert "../shared/corpus" in message and "TDKT_PACK" in message
    assert not (tmp_path / "dest").exists()


def test_folder_without_documents_is_not_a_pack(tmp_path):
    empty = tmp_path / "empty"
    (empty / "plans").mkdir(parents=True)
    (empty / "MANIFEST.md").write_text("# only a manifest\n", "utf-8")
    with pytest.raises(PackNotFoundError, match="no document pack at"):
        import_pack(empty, tmp_path / "dest")
