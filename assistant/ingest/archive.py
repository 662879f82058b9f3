"""ZIP packages from untrusted files (.docx), unpacked for real against limits before use.

A ZIP member's header says how large it is, but nothing holds the compressed data to that: a
1 MB package can declare 1,000 bytes for a member that inflates to a gigabyte. zipfile stops
returning data at the declared size, yet its ``read()`` asks zlib for up to 1 GiB in one call,
so python-docx opening such a package holds the whole expansion in memory before any check
fails. Here every member is inflated in 64 KiB steps, counting the bytes it really produces,
and the package is refused as soon as a member outgrows its header or the limits. Only then is
it handed to python-docx, which can then only meet the sizes checked here.

Sizes behind the limits: the pack's longest text (NĐ 152/2025, 156 kB) written with
python-docx gives a 0.37 MB word/document.xml and 1.2 MB unpacked in all, its parts packed
2×–32× (styles are the most repetitive); Word's own XML is two to three times larger. Pictures
are already compressed and an upload is at most TDKT_MAX_UPLOAD_BYTES (20 MiB by default).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IngestError, UnsafeArchiveError

__all__ = ["DOCX_LIMITS", "ZipLimits", "check_package"]

_CHUNK = 64 * 1024
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … name length, extra length (30 bytes)


@dataclass(frozen=True)
class ZipLimits:
    members: int  # parts in the package
    member_bytes: int  # unpacked bytes of one part
    total_bytes: int  # unpacked bytes of all parts
    xml_bytes: int  # unpacked bytes of the .xml and .rels parts (python-docx parses them)
    ratio: int  # unpacked ÷ packed bytes of one part, checked once past ratio_after
    ratio_after: int


DOCX_LIMITS = ZipLimits(
    members=1_000,  # python-docx writes 17 parts; each picture adds one
    member_bytes=32 * 1024 * 1024,  # ~30× Word's XML for the longest law in the pack
    total_bytes=64 * 1024 * 1024,  # the longest law ~50× over, or 3× a 20 MiB upload of pictures
    xml_bytes=32 * 1024 * 1024,
    ratio=200,  # real parts pack at most ~32×; a run of zeros or spaces packs ~1000×
    ratio_after=1024 * 1024,  # a small part may pack well without costing anything
)

_RESAVE = "open it in Word or LibreOffice and save it again as .docx, or split it"


def check_package(
    data: bytes, path: Path, *, kind: str = ".docx", limits: ZipLimits = DOCX_LIMITS
) -> None:
    """Refuse a ZIP package that unpacks past ``limits`` or past what its headers declare.

    Raises UnsafeArchiveError (a zip bomb or over the limits) or IngestError (a damaged
    package). Inflates at most ``limits.total_bytes`` (plus one step), 64 KiB at a time.
    """
    where = str(path)
    # Each central directory entry starts with this signature: counting them bounds the
    # entries zipfile would build objects for before it is allowed to parse the directory.
    entries = data.count(_CENTRAL_SIGNATURE)
    if entries > limits.members:
        raise _too_many(where, kind, entries, limits)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(where, kind, f"{type(exc).__name__}: {exc}") from exc
    if len(members) > limits.members:
        raise _too_many(where, kind, len(members), limits)

    # The declared sizes first: an honest bomb is refused without inflating anything.
    xml = sum(m.file_size for m in members if _is_xml(m))
    total = sum(m.file_size for m in members)
    if xml > limits.xml_bytes or total > limits.total_bytes:
        raise UnsafeArchiveError(
            where,
            f"the {kind} would unpack to {total:,} bytes ({xml:,} of XML) from {len(data):,}; "
            f"the limits are {limits.total_bytes:,} and {limits.xml_bytes:,} (a damaged file or "
            "a zip bomb)",
            fix=_RESAVE,
        )

    # Then the real sizes: inflate every member, whatever its header says.
    unpacked = xml_unpacked = 0
    for info in members:
        size = _inflated_size(data, info, where, kind, limits, limits.total_bytes - unpacked)
        unpacked += size
        if _is_xml(info):
            xml_unpacked += size
    if xml_unpacked > limits.xml_bytes:
        raise UnsafeArchiveError(
            where,
            f"the {kind} unpacks to {xml_unpacked:,} bytes of XML; the limit is "
            f"{limits.xml_bytes:,} (a damaged file or a zip bomb)",
            fix=_RESAVE,
        )


def _inflated_size(
    data: bytes, info: zipfile.ZipInfo, where: str, kind: str, limits: ZipLimits, room: int
) -> int:
    """The bytes ``info`` really unpacks to, refusing it past its header, a limit or ``room``."""
    name = _name(info)
    if info.flag_bits & 0x1:
        raise IngestError(
            where,
            f"the {kind} is password-protected",
            fix="save a copy without a password",
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _damaged(where, kind, f"part {name} uses compression method {info.compress_type}")
    start = _data_start(data, info, where, kind)
    end = start + info.compress_size
    if end > len(data):
        raise _damaged(where, kind, f"part {name} runs past the end of the file")
    if info.compress_type == zipfile.ZIP_STORED:
        size = min(info.compress_size, info.file_size)  # what zipfile returns of it
        _check_size(size, info, where, kind, limits, room)
        if zlib.crc32(memoryview(data)[start : start + size]) != info.CRC:
            raise _damaged(where, kind, f"part {name} does not match its checksum")
        return size

    inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as zipfile reads it
    produced = crc = 0
    pos = start
    pending = b""
    while True:
        if not pending and pos < end:
            pending = data[pos : min(pos + _CHUNK, end)]
            pos += len(pending)
        out = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        produced += len(out)
        crc = zlib.crc32(out, crc)
        _check_size(produced, info, where, kind, limits, room)
        consumed = pos - start - len(pending)
        if produced > limits.ratio_after and produced > limits.ratio * max(consumed, 1):
            raise UnsafeArchiveError(
                where,
                f"part {name} of the {kind} unpacks to more than {limits.ratio} times its packed "
                "size, far more than any real document part (a zip bomb)",
                fix=_RESAVE,
            )
        if inflater.eof or (not out and not pending and pos >= end):
            break
    # As zipfile: a part may unpack to less than declared, but not be cut short or altered.
    if not inflater.eof:
        raise _damaged(where, kind, f"part {name} is cut short")
    if crc != info.CRC:
        raise _damaged(where, kind, f"part {name} does not match its checksum")
    return produced


def _check_size(
    produced: int, info: zipfile.ZipInfo, where: str, kind: str, limits: ZipLimits, room: int
) -> None:
    if produced > info.file_size:
        raise UnsafeArchiveError(
            where,
            f"part {_name(info)} of the {kind} declares {info.file_size:,} bytes but unpacks to "
            "more (a zip bomb)",
            fix=_RESAVE,
        )
    limit = min(limits.member_bytes, room)
    if produced > limit:
        what = "one part" if limit == limits.member_bytes else "all parts"
        raise UnsafeArchiveError(
            where,
            f"the {kind} unpacks to more than {limit:,} bytes in {what} (a damaged file or a "
            "zip bomb)",
            fix=_RESAVE,
        )


def _data_start(data: bytes, info: zipfile.ZipInfo, where: str, kind: str) -> int:
    """Where the member's packed bytes begin: after its local header, name and extra field."""
    offset = info.header_offset
    if offset < 0 or offset + _LOCAL_HEADER.size > len(data):
        raise _damaged(where, kind, f"part {_name(info)} has no local header")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, offset)
    if signature != _LOCAL_SIGNATURE:
        raise _damaged(where, kind, f"part {_name(info)} has no local header")
    return offset + _LOCAL_HEADER.size + name_length + extra_length


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.endswith((".xml", ".rels"))


def _name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    return repr(name if len(name) <= 80 else name[:77] + "…")


def _too_many(where: str, kind: str, count: int, limits: ZipLimits) -> UnsafeArchiveError:
    return UnsafeArchiveError(
        where,
        f"the {kind} holds {count:,} parts; the limit is {limits.members:,} (a damaged file or "
        "a zip bomb)",
        fix=_RESAVE,
    )


def _damaged(where: str, kind: str, detail: str) -> IngestError:
    return IngestError(
        where,
        f"damaged {kind} package ({detail})",
        fix="open it in Word or LibreOffice and save it again as .docx",
    )
