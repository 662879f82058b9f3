"""Properties of the text stages on generated documents (hypothesis): texts built from the
pieces real ones are made of — Điều/Khoản/Điểm lines, plan markers, header lines, Vietnamese
words, tables, stray unicode, blank lines — never make the parsers, re-flow, header reader or
tokenizer fail with anything but AssistantError; provision ids are ASCII, unique and the same on
every parse; re-flowing is idempotent; the tokenizer keeps one-letter syllables and numbers."""

from __future__ import annotations

import contextlib
import string
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import AssistantError
from assistant.index.tokenizer import fold, tokenize, tokenize_query
from assistant.ingest.header import read_header
from assistant.ingest.reflow import reflow
from assistant.models import DocKind, DocMeta, Document, ParsedDocument
from assistant.parse.legal import parse_legal
from assistant.parse.plan import parse_plan

BOUNDED = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure here is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VOCABULARY = (
    "khen thưởng thi đua hồ sơ đề nghị tặng Bằng khen Giấy khen Chủ tịch Ủy ban nhân dân tỉnh "
    "xã phường cá nhân tập thể danh hiệu Lao động tiên tiến Chiến sĩ thi đua cơ sở Huân chương "
    "theo quy định tại của và các được có không năm 2025 01/7/2025 Nghị định 152/2025/NĐ-CP "
    "Luật 06/2022/QH15 ở a b đ y ý ư ơ ê ô â ă 0 02 5 100 % ; , . : ( ) “ ” - — –"
)
WORDS = VOCABULARY.split()
LETTERS = list("abcdđeghiklmnopqrstuvxy")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "IX", "X", "XIV"]

word = st.sampled_from(WORDS)
phrase = st.lists(word, min_size=0, max_size=12).map(" ".join)
number = st.one_of(
    st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=10**30)
)
odd_text = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=40
    ),
    # what PDFs and Word leave behind: odd spaces, separators, soft hyphens, combining marks
    st.text(
        alphabet="\u00a0\u2028\u2029\x0b\x0c\r\t\u00ad\u200b\ufeff\u0301\u0323 aĐ.1)", max_size=20
    ),
    st.builds(lambda n: ".".join(["1"] * n) + ".", st.integers(min_value=1, max_value=12)),
    st.sampled_from(
        ["IIII.", "MMMMCMXCIX.", "Điều .", "Điều", "1.", "a)", "- ", "+", "Chương", "Phụ lục"]
    ),
)

legal_line = st.one_of(
    st.builds(lambda n, t: f"Điều {n}. {t}", number, phrase),
    st.builds(lambda n, s, t: f"Điều {n}{s}. {t}", number, st.sampled_from(["a", "b"]), phrase),
    st.builds(lambda n, t: f"{n}. {t}", number, phrase),
    st.builds(lambda n, t: f"({n}) {t}", number, phrase),
    st.builds(lambda c, t: f"{c}) {t}", st.sampled_from(LETTERS), phrase),
    st.builds(lambda r, t: f"Chương {r}\n{t.upper()}", st.sampled_from(ROMAN), phrase),
    st.builds(lambda n, t: f"Mục {n}. {t.upper()}", number, phrase),
    st.builds(lambda t: f"Phần thứ nhất\n{t.upper()}", phrase),
    st.builds(lambda n, t: f"Phụ lục {n}\n{t}", st.sampled_from(["I", "1", "II", "02"]), phrase),
    st.builds(lambda n: f"Mẫu số {n:02d}", number),
)
plan_line = st.one_of(
    st.builds(lambda r, t: f"{r}. {t.upper()}", st.sampled_from(ROMAN), phrase),
    st.builds(lambda a, b, t: f"{a}.{b}. {t}", number, number, phrase),
    st.builds(lambda a, b, c, t: f"{a}.{b}.{c}. {t}", number, number, number, phrase),
    st.builds(lambda m, t: f"{m} {t}", st.sampled_from(["-", "+", "*", "•", "–"]), phrase),
    st.builds(lambda t: f"**{t}**", phrase),
    st.builds(lambda t: f"## {t}", phrase),
    st.builds(lambda a, b: f"| {a} | {b} |", phrase, phrase),
    st.builds(lambda a, b: f"{a}\t{b}", phrase, phrase),
)
header_line = st.sampled_from(
    [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BẮC NINH",
        "UBND XÃ MƯỜNG BÚ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/2025/QĐ-UBND",
        "Số: /KH-UBND",
        "Số:",
        "Hà Nội, ngày 01 tháng 7 năm 2025",
        "Mường Bú, ngày   tháng   năm 20",
        "QUYẾT ĐỊNH",
        "KẾ HOẠCH",
        "LUẬT",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "QUYẾT ĐỊNH:",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        "Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2025./.",
        "---",
        "so_hieu: [unclosed",
        "ten: Quy chế",
        "[^1]: Chú thích.",
    ]
)
line = st.one_of(legal_line, plan_line, header_line, phrase, odd_text, st.just(""))
soup = st.lists(line, max_size=40).map("\n".join)


def _article(n: int, title: str, clauses: list[tuple[str, list[str]]]) -> str:
    out = [f"Điều {n}. {title}"]
    for k, (body, points) in enumerate(clauses, 1):
        out.append(f"{k}. {body}")
        out += [f"{LETTERS[i]}) {text}" for i, text in enumerate(points)]
    return "\n".join(out)


article = st.builds(
    _article,
    number,
    phrase,
    st.lists(st.tuples(phrase, st.lists(phrase, max_size=4)), max_size=4),
)
# A well-formed skeleton (articles → clauses → points) with stray lines between the articles.
skeleton = st.lists(st.one_of(article, article, line), max_size=12).map("\n".join)
document_text = st.one_of(soup, skeleton)


def legal(text: str) -> Document:
    meta = DocMeta(doc_id="01/2025/QĐ-UBND", kind=DocKind.LEGAL, so_hieu="01/2025/QĐ-UBND")
    return Document(meta=meta, text=text, body_line_offset=1)


def plan(text: str) -> Document:
    return Document(
        meta=DocMeta(doc_id="kh-thu-nghiem", kind=DocKind.PLAN), text=text, body_line_offset=1
    )


def parsed_or_refused(parse, doc: Document) -> ParsedDocument | None:
    """The parse, or None when the parser refused the text with its own error."""
    try:
        return parse(doc)
    except AssistantError:
        return None


def check_ids(parsed: ParsedDocument) -> None:
    ids = [p.id for p in parsed.provisions]
    assert all(i.isascii() and i == i.strip() and " " not in i for i in ids), ids
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    known = set(ids)
    for p in parsed.provisions:
        assert p.parent_id is None or p.parent_id in known
        assert all(c in known for c in p.children)


# -- the grammars -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "parse,make", [(parse_legal, legal), (parse_plan, plan)], ids=["legal", "plan"]
)
@BOUNDED
@given(text=document_text)
def test_parsing_never_crashes_and_gives_ascii_unique_ids_that_are_the_same_every_time(
    parse, make, text
):
    first = parsed_or_refused(parse, make(text))
    if first is None:
        return
    check_ids(first)
    again = parse(make(text))
    assert again == first  # same ids, same texts: a rebuild never renumbers


@pytest.mark.parametrize(
    "parse,make", [(parse_legal, legal), (parse_plan, plan)], ids=["legal", "plan"]
)
@BOUNDED
@given(text=document_text)
def test_parsing_reflowed_text_never_crashes(parse, make, text):
    parsed = parsed_or_refused(parse, make(reflow(text)))
    if parsed is not None:
        check_ids(parsed)


@BOUNDED
@given(head=st.lists(legal_line, min_size=1, max_size=25).map("\n".join), n=number)
def test_adding_an_article_at_the_end_keeps_the_ids_of_the_units_before_it(head, n):
    before = parsed_or_refused(parse_legal, legal(head))
    after = parsed_or_refused(parse_legal, legal(head + f"\nĐiều {n + 500}. Hiệu lực thi hành"))
    if before is None or after is None:
        return
    assert [p.id for p in after.provisions][: len(before.provisions)] == [
        p.id for p in before.provisions
    ]


# -- re-flow and the header -------------------------------------------------------------------
@BOUNDED
@given(text=document_text)
def test_reflow_never_crashes_and_reflowing_twice_changes_nothing(text):
    once = reflow(text)
    assert reflow(once) == once


@BOUNDED
@given(text=document_text)
def test_reading_a_header_never_crashes(text):
    with contextlib.suppress(AssistantError):
        read_header(text)


@BOUNDED
@given(text=document_text)
def test_loading_a_generated_file_never_fails_but_with_an_ingest_error(text):
    from assistant.errors import IngestError
    from assistant.ingest import load_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "van-ban.md"
        path.write_text(text, "utf-8")
        try:
            doc = load_file(path)
        except IngestError:
            return
    assert doc.text.strip()
    assert unicodedata.is_normalized("NFC", doc.text)


# -- the tokenizer ----------------------------------------------------------------------------
@BOUNDED
@given(text=st.one_of(document_text, st.text(max_size=300)))
def test_tokenize_never_crashes_and_gives_clean_tokens(text):
    tokens = tokenize(text)
    assert all(t and not any(ch.isspace() for ch in t) for t in tokens)
    assert set(tokenize_query(text)) == set(tokens)
    assert tokenize(unicodedata.normalize("NFD", text)) == tokenize(
        unicodedata.normalize("NFC", text)
    )


@BOUNDED
@given(
    letter=st.sampled_from(LETTERS + ["ở", "ý", "ư", "ơ", "à"]),
    n=st.integers(min_value=0, max_value=10_000),
    before=phrase,
    after=phrase,
)
def test_tokenize_keeps_one_letter_syllables_and_numbers(letter, n, before, after):
    tokens = tokenize(f"{before} điểm {letter} khoản {n} Điều {n:02d} {after}")
    assert letter in tokens and fold(letter) in tokens
    assert str(n) in tokens  # "05" and "5" are the same number
    assert f"điểm_{letter}" in tokens and f"điều_{n}" in tokens


@BOUNDED
@given(text=st.text(alphabet=string.ascii_letters + string.digits + " .,/-", max_size=80))
def test_ascii_text_has_no_folded_duplicates(text):
    tokens = tokenize(text)
    assert all(fold(t) == t for t in tokens)
