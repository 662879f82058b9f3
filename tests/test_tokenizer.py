import unicodedata

from index_fixtures import pack_paragraphs

from assistant.index.tokenizer import TOKENIZER_VERSION, fold, tokenize, tokenize_query


def test_article_number_is_kept_with_its_bigram():
    tokens = tokenize("Điều 5")
    assert "điều" in tokens
    assert "5" in tokens
    assert "điều_5" in tokens


def test_one_character_syllables_are_kept():
    tokens = tokenize("điểm a khoản 2 Điều 84; làm việc ở xã")
    for token in ("a", "điểm_a", "2", "khoản_2", "84", "điều_84", "ở", "ở_xã"):
        assert token in tokens


def test_unaccented_query_matches_accented_text():
    shared = set(tokenize_query("ho so de nghi")) & set(tokenize("Hồ sơ đề nghị"))
    assert {"ho", "so", "ho_so", "de_nghi"} <= shared


def test_accented_query_matches_text_typed_without_diacritics():
    shared = set(tokenize_query("hồ sơ đề nghị")) & set(tokenize("ho so de nghi"))
    assert {"ho_so", "de_nghi"} <= shared


def test_accented_query_also_matches_accented_forms_exactly():
    # Exact accented tokens score on top of the folded ones, separating hồ sơ from họ số.
    assert "hồ_sơ" in set(tokenize_query("hồ sơ")) & set(tokenize("Hồ sơ"))
    assert "hồ_sơ" not in tokenize("họ số")


def test_d_with_stroke_folds_to_d():
    assert fold("đề nghị") == "de nghi"
    assert fold("ĐIỀU") == "DIEU"
    assert "dieu" in tokenize("Điều")


def test_document_number_gives_parts_and_whole_token():
    tokens = tokenize("Luật số 06/2022/QH15 và Nghị định 98/2023/NĐ-CP")
    for token in ("2022", "qh15", "06/2022/qh15", "98", "2023", "98/2023/nđ-cp", "98/2023/nd-cp"):
        assert token in tokens


def test_number_written_with_leading_zero_matches_plain_number():
    assert "2_năm" in tokenize("02 năm liên tục")
    assert "2_năm" in tokenize_query("2 năm liên tục")


def test_dates_are_kept_whole():
    assert "01/01/2024" in tokenize("có hiệu lực từ ngày 01/01/2024.")


def test_markdown_pipes_and_asterisks_are_dropped():
    tokens = tokenize("| **Điều 5** | Bằng khen |")
    assert not [t for t in tokens if "|" in t or "*" in t]
    assert "điều_5" in tokens
    assert "bằng_khen" in tokens
    assert "5_bằng" not in tokens  # the table cell border ends the phrase


def test_punctuation_ends_a_bigram():
    tokens = tokenize("khen thưởng, kỷ luật")
    assert "khen_thưởng" in tokens
    assert "kỷ_luật" in tokens
    assert "thưởng_kỷ" not in tokens


def test_decomposed_and_upper_case_text_gives_same_tokens():
    text = "HỒ SƠ ĐỀ NGHỊ"
    assert tokenize(unicodedata.normalize("NFD", text)) == tokenize("hồ sơ đề nghị")


def test_query_tokens_are_unique_and_in_order():
    tokens = tokenize_query("hồ sơ, hồ sơ khen thưởng")
    assert len(tokens) == len(set(tokens))
    assert tokens[:2] == ["hồ", "ho"]


def test_empty_and_punctuation_only_text_has_no_tokens():
    assert tokenize("") == []
    assert tokenize(" -- | ** ; ") == []


def test_tokenizer_version_is_named():
    assert TOKENIZER_VERSION.startswith("vi-")


def test_pack_document_numbers_are_searchable_tokens(pack_dir):
    tokens = set()
    for _, text in pack_paragraphs(pack_dir):
        tokens.update(tokenize(text))
    assert "06/2022/qh15" in tokens
    assert "152/2025/nd-cp" in tokens
    assert "khen_thuong" in tokens
