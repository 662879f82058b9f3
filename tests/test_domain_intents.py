"""What a question asks for (intents) and which administrative levels it names."""

from __future__ import annotations

import pytest

from assistant.domain.intents import INTENTS, detect_intents, parse_intents
from assistant.domain.levels import detect_levels
from assistant.errors import ConfigError


def top(text: str) -> str | None:
    found = detect_intents(text)
    return found[0].intent if found else None


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Hồ sơ đề nghị tặng Giấy khen của Chủ tịch UBND xã cần những giấy tờ gì?", "dossier"),
        (
            "What paperwork goes with a nomination for the grassroots emulation fighter title?",
            "dossier",
        ),
        ("Điều kiện để tập thể được công nhận Tập thể lao động xuất sắc?", "criteria"),
        ("Is a worker eligible if he was disciplined last year?", "criteria"),
        ("Ai ký quyết định tặng danh hiệu Lao động tiên tiến cho công chức phường?", "authority"),
        ("Who can grant the title of advanced worker in a company?", "authority"),
        ("Hạn chót gửi hồ sơ khen thưởng tổng kết năm là ngày nào, gửi đến đâu?", "procedure"),
        ("By when must the unit send its proposal to the province?", "procedure"),
        ("Mức tiền thưởng kèm theo Bằng khen cấp tỉnh là bao nhiêu?", "amount"),
        ("How much cash does a collective receive with the government emulation flag?", "amount"),
        ("Thế nào là khen thưởng quá trình cống hiến?", "definition"),
        ("Khẩu hiệu thi đua của kế hoạch năm nay là gì?", "plan"),
        ("Luật cũ còn hiệu lực với quyết định ký năm 2023 không?", "temporal"),
        ("Is the 2003 law still in force?", "temporal"),
        ("Tên cơ quan ban hành trình bày cỡ chữ bao nhiêu, viết hoa thế nào?", "format"),
        ("What margins and font should a report use?", "format"),
        ("thu tuc va thoi han nop ho so de nghi khen thuong", "procedure"),
    ],
)
def test_the_main_intent_of_a_question_is_recognised(question, intent):
    assert top(question) == intent


def test_a_question_asking_two_things_gets_both_intents():
    found = [
        s.intent for s in detect_intents("Ai đề nghị và ai quyết định tặng Huân chương Lao động?")
    ]
    assert {"authority", "procedure"} <= set(found)
    assert all(s.score > 0 for s in detect_intents("hồ sơ và tiêu chuẩn bằng khen"))


def test_a_question_without_cues_has_no_intent():
    assert detect_intents("Xin chào") == []
    assert detect_intents("") == []


def test_every_intent_has_cues_in_both_languages():
    from assistant.domain.datafiles import read_yaml

    spec = read_yaml("intents.yaml")["intents"]
    assert set(spec) == set(INTENTS)
    assert all(spec[i].get("vi") and spec[i].get("en") for i in INTENTS)


def test_a_bad_cue_weight_is_a_clear_error():
    with pytest.raises(ConfigError, match="bad weight"):
        parse_intents({"intents": {"dossier": {"vi": ["hồ sơ|nhiều"]}}})


# ----------------------------------------------------------------------------- levels


def test_province_words_give_the_provincial_level():
    assert detect_levels("Bằng khen của Chủ tịch UBND tỉnh").levels == {"tinh"}
    assert detect_levels("bang khen cap tinh").levels == {"tinh"}
    assert detect_levels("provincial certificate of merit").levels == {"tinh"}


def test_bare_thanh_pho_is_flagged_and_read_as_provincial_first():
    found = detect_levels("Bằng khen của Chủ tịch UBND thành phố")
    assert found.thanh_pho_ambiguous
    assert found.levels == {"tinh"}
    assert found.alternatives == {"huyen"}
    assert detect_levels("a city certificate of merit").thanh_pho_ambiguous


def test_a_named_city_resolves_the_ambiguity_either_way():
    central = detect_levels("UBND thành phố Hà Nội")
    assert (central.levels, central.thanh_pho_ambiguous) == ({"tinh"}, False)
    provincial_city = detect_levels("UBND thành phố Lào Cai")
    assert (provincial_city.levels, provincial_city.thanh_pho_ambiguous) == ({"huyen"}, False)
    assert not detect_levels("các tỉnh, thành phố").thanh_pho_ambiguous


def test_commune_district_and_ministry_words():
    assert detect_levels("Chủ tịch UBND phường").levels == {"xa"}
    assert detect_levels("thị trấn và xã").levels == {"xa"}
    assert detect_levels("UBND quận, huyện, thị xã").levels == {"huyen"}
    assert detect_levels("Bằng khen của Bộ trưởng").levels == {"bo"}
    assert detect_levels("commune or ward chairman").levels == {"xa"}


def test_words_that_only_look_like_level_words_are_ignored():
    assert detect_levels("phát triển kinh tế - xã hội").levels == frozenset()
    assert detect_levels("Chiến sĩ thi đua cơ sở, hồ sơ, cán bộ").levels == frozenset()
    assert detect_levels("thời gian nghỉ thai sản được tính").levels == frozenset()
    assert detect_levels("quân đội, địa phương").levels == frozenset()


def test_a_bare_thanh_pho_reads_as_the_central_city_the_question_names():
    asked = detect_levels(
        "Một doanh nhân ở Hà Nội có được đề xuất không, cần bao nhiêu phiếu của Hội đồng Thi đua"
        " - Khen thưởng thành phố?"
    )
    assert asked.levels == {"tinh"} and not asked.thanh_pho_ambiguous
    # a city under a province named too: the bare one stays open to both readings
    both = detect_levels("Hà Nội và thành phố Lào Cai: Chủ tịch UBND thành phố tặng giấy khen")
    assert both.thanh_pho_ambiguous
    assert detect_levels("Bằng khen của Chủ tịch UBND thành phố").thanh_pho_ambiguous
