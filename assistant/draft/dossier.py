"""Dossier items of Luật Thi đua, khen thưởng Điều 84, each with the unit that requires it.

Written by us in the Law's own terms; tests/test_draft_content.py checks every item against the
text of the unit it cites in the pack, so a renumbered or reworded provision fails a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.domain import Ref
from assistant.draft.awards import LAW


@dataclass(frozen=True)
class DossierItem:
    text: str  # as the plan prints it
    ref: Ref  # the unit that requires it
    keywords: tuple[str, ...]  # words the cited unit must contain (checked by the tests)


# Khoản 1: xét tặng danh hiệu thi đua.
TITLE_DOSSIER = (
    DossierItem(
        "Tờ trình đề nghị xét tặng danh hiệu thi đua",
        Ref(LAW, 84, 1, "a"),
        ("Tờ trình", "danh hiệu thi đua"),
    ),
    DossierItem(
        "Báo cáo thành tích của cá nhân, tập thể", Ref(LAW, 84, 1, "b"), ("Báo cáo thành tích",)
    ),
    DossierItem("Biên bản bình xét thi đua", Ref(LAW, 84, 1, "c"), ("Biên bản bình xét",)),
    DossierItem(
        "Chứng nhận hoặc xác nhận của cơ quan, tổ chức có thẩm quyền đối với sáng kiến, đề tài "
        "khoa học (khi đề nghị danh hiệu “Chiến sĩ thi đua cơ sở” trở lên)",
        Ref(LAW, 84, 1, "d"),
        ("sáng kiến", "Chiến sĩ thi đua cơ sở"),
    ),
)
# Khoản 2: xét tặng hình thức khen thưởng.
AWARD_DOSSIER = (
    DossierItem(
        "Tờ trình đề nghị xét tặng hình thức khen thưởng",
        Ref(LAW, 84, 2, "a"),
        ("Tờ trình", "hình thức khen thưởng"),
    ),
    DossierItem(
        "Báo cáo thành tích của cá nhân, tập thể", Ref(LAW, 84, 2, "b"), ("Báo cáo thành tích",)
    ),
    DossierItem("Biên bản xét khen thưởng", Ref(LAW, 84, 2, "c"), ("Biên bản xét khen thưởng",)),
    DossierItem(
        "Chứng nhận hoặc xác nhận của cơ quan, tổ chức có thẩm quyền đối với thành tích đột xuất, "
        "đóng góp lớn, sáng kiến, sáng chế (nếu có)",
        Ref(LAW, 84, 2, "d"),
        ("đột xuất", "sáng kiến"),
    ),
)
# Số lượng hồ sơ within the province's competence is set by the province.
DOSSIER_COUNT = Ref(LAW, 84, 6)
