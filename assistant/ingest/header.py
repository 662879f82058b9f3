"""Read a document's own header: issuer, số hiệu, place and date, type, trích yếu, signer.

Works on plans and legal texts without front matter, raw or re-flowed: header blocks as plain
lines, as Markdown table rows ("| ỦY BAN NHÂN DÂN …<br>Số: … | CỘNG HÒA …<br>Hà Nội, ngày … |")
or with the issuer and the national motto printed side by side on one line.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass
from datetime import date

import yaml

from assistant.ingest.frontmatter import split_front_matter

__all__ = ["HeaderInfo", "read_header", "short_issuer"]


@dataclass(frozen=True)
class HeaderInfo:
    issuer: str | None = None  # as printed: "ỦY BAN NHÂN DÂN PHƯỜNG POM HÁN"
    issuer_short: str | None = None  # normalised: "UBND phường Pom Hán"
    issuer_from_body: bool = False  # no header block: read from "UBND … xây dựng/ban hành …"
    parent_issuer: str | None = None  # "UBND TỈNH LÀO CAI" above "SỞ NỘI VỤ"
    so_hieu: str | None = None  # "06/2022/QH15"; "/KH-UBND" when the number is blank
    place: str | None = None  # địa danh of the date line: "Pom Hán"
    issued: date | None = None  # only when day, month and year are all printed
    year: int | None = None
    month: int | None = None
    day: int | None = None
    loai: str | None = None  # "Kế hoạch", "Quyết định", "Luật" …
    title: str | None = None  # trích yếu, joined when split over lines
    signer: str | None = None

    def meta_fields(self) -> dict:
        """DocMeta fields this header supplies (short issuer form), without empty ones."""
        fields = {
            "so_hieu": self.so_hieu,
            "loai": self.loai,
            "title": self.title,
            "issuer": self.issuer_short or self.issuer,
            "place": self.place,
            "issued": self.issued,
            "signer": self.signer,
        }
        return {k: v for k, v in fields.items() if v}


_LOAI = {
    "KẾ HOẠCH": "Kế hoạch",
    "QUYẾT ĐỊNH": "Quyết định",
    "NGHỊ ĐỊNH": "Nghị định",
    "NGHỊ QUYẾT": "Nghị quyết",
    "LUẬT": "Luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "THÔNG TƯ LIÊN TỊCH": "Thông tư liên tịch",
    "THÔNG TƯ": "Thông tư",
    "CHỈ THỊ": "Chỉ thị",
    "CÔNG VĂN": "Công văn",
    "BÁO CÁO": "Báo cáo",
    "THÔNG BÁO": "Thông báo",
    "TỜ TRÌNH": "Tờ trình",
    "HƯỚNG DẪN": "Hướng dẫn",
    "CHƯƠNG TRÌNH": "Chương trình",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "VĂN BẢN HỢP NHẤT": "Văn bản hợp nhất",
}
# The first letters of the code after the number: "…/KH-UBND" is a Kế hoạch.
_CODE_LOAI = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "NQ": "Nghị quyết",
    "QH": "Luật",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "TTR": "Tờ trình",
    "HD": "Hướng dẫn",
    "CTR": "Chương trình",
    "VBHN": "Văn bản hợp nhất",
    "CV": "Công văn",
}
_LEVELS = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "PHƯỜNG", "XÃ", "ĐẶC KHU")
_ORGAN_STUB = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)$")
_ORGAN_SHORT = (
    (re.compile(r"^(?:ỦY|UỶ) BAN NHÂN DÂN\b", re.I), "UBND"),
    (re.compile(r"^UBND\b", re.I), "UBND"),
    (re.compile(r"^HỘI ĐỒNG NHÂN DÂN\b", re.I), "HĐND"),
    (re.compile(r"^HĐND\b", re.I), "HĐND"),
)
_ORGAN_HEAD = re.compile(r"^(?:SỞ|BỘ|BAN|PHÒNG|CỤC|TỔNG CỤC|VĂN PHÒNG|HỘI ĐỒNG|TRUNG TÂM)\s")
_NATIONAL = re.compile(
    r"CỘNG\s+H(?:OÀ|ÒA)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|"
    r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc",
    re.I,
)
_SEPARATOR = re.compile(r"^[-_=*.~–—\s]+$")
_STRUCTURE = re.compile(r"^(?:Điều\s+\d|Chương\s+[IVXLC\d]|[IVXLC]+\.\s|\d{1,2}\.\s)")
_BODY_START = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Kính gửi|Trên cơ sở|Để\s|Nhằm\s)"
)
_SO_LINE = re.compile(r"^(?:(?:Luật|Lệnh|Pháp lệnh|Nghị quyết)\s+)?Số(?:\s+hiệu)?\s*[:.]?\s*", re.I)
_TOKEN = r"[0-9A-ZĐ][0-9A-ZĐ]*[a-z]?(?!\w)"
_SO_HIEU = re.compile(rf"^(?P<num>\d+[a-z]?)?\s*(?P<code>/\s*{_TOKEN}(?:\s*[-/]\s*{_TOKEN})*)")
_DATE = re.compile(
    r"^(?:(?P<place>[^,;|]{1,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?"
    r"\s*năm\s*(?P<y>\d{4})",
    re.I,
)
_AUTHORITY = re.compile(r"\b(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|GIÁM ĐỐC|CHỦ NHIỆM|TRƯỞNG BAN)\b")
_LEVEL_WORDS = r"phường|xã|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|đặc khu"
_NAME = r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3}"
_BODY_ISSUER = re.compile(
    rf"\b(?P<org>(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:{_LEVEL_WORDS})\s+{_NAME})"
    r"\s+(?:xây dựng|ban hành|phát động|triển khai|đề nghị)\b"
)
_CLOSING_ISSUER = re.compile(
    rf"Trên đây là [Kk]ế hoạch.{{0,200}}?của\s+(?P<org>(?:UBND|Ủy ban nhân dân)\s+"
    rf"(?:{_LEVEL_WORDS})\s+{_NAME})"
)


_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.I)
_UNDERSCORE = re.compile(r"(?<!\w)_{1,2}(?=\w)|(?<=\w)_{1,2}(?!\w)")
_WS = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Text without HTML tags, Markdown emphasis and heading hashes, spaces collapsed."""
    if "<" in text:
        text = html.unescape(_TAG.sub(" ", text))
    text = text.strip().lstrip("#").replace("\\*", "\x00").replace("*", "").replace("\x00", "*")
    if "_" in text:
        text = _UNDERSCORE.sub("", text)
    return _WS.sub(" ", text).strip()


def _header_lines(text: str) -> list[str]:
    """Lines of the text with table cells and <br> pieces as their own lines, motto removed."""
    out: list[str] = []
    for raw in text.split("\n"):
        s = raw.strip()
        if s.startswith("|"):
            if re.fullmatch(r"[|\s:-]+", s):
                continue
            pieces = [p for cell in s.strip("|").split("|") for p in _BR.split(cell)]
        else:
            pieces = _BR.split(raw) if "<" in raw else [raw]
        for piece in pieces:
            folded = piece.lower()
            if "cộng" in folded or "độc lập" in folded:
                piece = _NATIONAL.sub(" ", piece)
            line = _clean(piece)
            out.append("-" if line and _SEPARATOR.match(line) else line)
    return out


def _loai_of(line: str) -> tuple[str, str] | None:
    """("Kế hoạch", rest of the line) when the line opens with a document type in capitals."""
    for word, loai in _LOAI.items():
        if line == word or line.startswith(word + " ") and line.isupper():
            return loai, line[len(word) :].strip(" :-")
    return None


def _parse_so_hieu(rest: str) -> tuple[str | None, str]:
    m = _SO_HIEU.match(rest)
    if not m:
        return None, rest
    code = re.sub(r"\s+", "", m.group("code"))
    return (m.group("num") or "") + code, rest[m.end() :].strip()


def short_issuer(printed: str) -> str:
    """ "ỦY BAN NHÂN DÂN PHƯỜNG POM HÁN" → "UBND phường Pom Hán"; "QUỐC HỘI" → "Quốc hội"."""
    s = re.sub(r"\s+", " ", printed).strip()
    for pattern, short in _ORGAN_SHORT:
        m = pattern.match(s)
        if m:
            rest = s[m.end() :].strip()
            for level in _LEVELS:
                if rest.upper().startswith(level + " "):
                    name = rest[len(level) :].strip()
                    name = name.title() if name.isupper() else name
                    return f"{short} {level.lower()} {name}"
            return f"{short} {rest.title() if rest.isupper() else rest}".strip()
    if not s.isupper():
        return s
    m = _ORGAN_HEAD.match(s)
    if m and s[m.end() :].strip():  # "SỞ NỘI VỤ" → "Sở Nội vụ": the name after the organ word
        name = s[m.end() :].strip().lower()
        return f"{m.group(0).strip().capitalize()} {name[:1].upper()}{name[1:]}"
    return s[:1] + s[1:].lower()


def _issuer(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent issuer) from the capitalised lines that open the header."""
    organs: list[str] = []
    for line in lines:
        if not line or line == "-":
            continue
        if not line.isupper() or _loai_of(line) or _SO_LINE.match(line) or len(organs) >= 3:
            break
        if organs and _ORGAN_STUB.match(organs[-1]):
            organs[-1] = f"{organs[-1]} {line}"  # "ỦY BAN NHÂN DÂN" + "PHƯỜNG POM HÁN"
        else:
            organs.append(line)
    if not organs:
        return None, None
    return organs[-1], (organs[-2] if len(organs) > 1 else None)


def _title(lines: list[str], start: int) -> str | None:
    parts: list[str] = []
    for line in lines[start:]:
        if not line:
            continue
        if (
            line == "-"
            or line.startswith(">")
            or _BODY_START.match(line)
            or _STRUCTURE.match(line)
            or _SO_LINE.match(line)
            or len(line) > 200
            or len(parts) >= 4
        ):
            break
        if parts and line.endswith(":"):
            break  # "… được sửa đổi, bổ sung bởi:" opens the body
        parts.append(line.rstrip(":"))
        if line.endswith("."):
            break
    return " ".join(parts) or None


def _is_name(words: list[str]) -> bool:
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _signer(lines: list[str]) -> str | None:
    """The name under the first signature block (CHỦ TỊCH, THỦ TƯỚNG …), printed Title Case."""
    lines = [line for line in lines if line]
    for i, line in enumerate(lines):
        m = next(reversed(list(_AUTHORITY.finditer(line))), None)
        if m is None or not line[: m.end()].isupper():
            continue
        inline = line[m.end() :].split()  # "… PHÓ CHỦ TỊCH Dương Đức Tuấn" in one table cell
        if _is_name(inline):
            return " ".join(inline)
        for candidate in lines[i + 1 : i + 6]:
            if _is_name(candidate.split()):
                return candidate
    return None


def _body_issuer(lines: list[str]) -> str | None:
    """ "UBND huyện Tam Đường xây dựng Kế hoạch …" in the opening, or "Trên đây là Kế hoạch …
    của UBND phường Nam Cường" in the closing, for plans printed without a header block."""
    nonblank = [line for line in lines if line]
    end = next((i for i, line in enumerate(nonblank) if _STRUCTURE.match(line)), len(nonblank))
    opening = " ".join(nonblank[: min(end, 60)])
    start = next((i for i, line in enumerate(nonblank) if line.startswith("Trên đây")), None)
    closing = " ".join(nonblank[start : start + 8]) if start is not None else ""
    for pattern, where in ((_BODY_ISSUER, opening), (_CLOSING_ISSUER, closing)):
        m = pattern.search(where)
        if m:
            return m.group("org")
    return None


def read_header(text: str, *, source: str = "the document") -> HeaderInfo:
    """The header facts that can be read; a field that is not printed stays None.

    Front matter built to exhaust the YAML reader (an alias bomb) is refused with
    UnsafeFrontMatterError naming ``source``, as the loader refuses it: never expanded.
    """
    try:
        _, body, _ = split_front_matter(text, source=source)
    except yaml.YAMLError:  # malformed front matter: read the text as it is
        body = text
    lines = _header_lines(body)
    zone_end = next(
        (i for i, line in enumerate(lines) if _STRUCTURE.match(line) or _BODY_START.match(line)),
        len(lines),
    )
    zone = lines[: min(zone_end, 60)]

    fields: dict = {}
    issuer, parent = _issuer(zone)
    for i, line in enumerate(zone):
        rest = line
        if "so_hieu" not in fields and _SO_LINE.match(line) and "/" in line:
            so_hieu, rest = _parse_so_hieu(line[_SO_LINE.match(line).end() :])
            if so_hieu:
                fields["so_hieu"] = so_hieu
        date_match = _DATE.match(rest)
        if "year" not in fields and date_match:
            place = (date_match.group("place") or "").strip(" *_") or None
            fields["place"] = place if place and place[:1].isupper() else None
            d, m, y = (date_match.group(k) for k in ("d", "m", "y"))
            fields["year"] = int(y)
            fields["month"] = int(m) if m else None
            fields["day"] = int(d) if d else None
            if d and m:
                with contextlib.suppress(ValueError):  # "ngày 31 tháng 2": keep y/m/d only
                    fields["issued"] = date(int(y), int(m), int(d))
        loai = _loai_of(line)
        if "loai" not in fields and loai:
            fields["loai"] = loai[0]
            fields["title"] = loai[1] or _title(zone, i + 1)

    so_hieu = fields.get("so_hieu")
    if so_hieu and "loai" not in fields:
        first = re.search(r"/(?:\d+/)?([A-ZĐa-z]+)", so_hieu)
        fields["loai"] = _CODE_LOAI.get(first.group(1).upper(), "Công văn") if first else None
    if so_hieu and "year" not in fields:
        year = re.search(r"/((?:19|20)\d{2})/", so_hieu)
        fields["year"] = int(year.group(1)) if year else None

    from_body = False
    if issuer is None:
        issuer = _body_issuer(lines)
        from_body = issuer is not None
    return HeaderInfo(
        issuer=issuer,
        issuer_short=short_issuer(issuer) if issuer else None,
        issuer_from_body=from_body,
        parent_issuer=parent,
        signer=_signer(lines),
        **fields,
    )
