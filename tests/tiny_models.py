"""Tiny sentence-transformers and CrossEncoder models built locally for tests (no download).

A WordPiece tokenizer is trained on a few hundred lines of hand-written Vietnamese TĐKT phrases,
wrapped in PreTrainedTokenizerFast, and saved with a randomly initialised 2-layer BERT (hidden
size 32). Loading the results goes through the real sentence-transformers code paths. Weights
are seeded, so the same call builds the same model. Building both takes a few seconds.

Session fixtures (put these in a conftest to share one build across modules):

    @pytest.fixture(scope="session")
    def tiny_st_model(tmp_path_factory):
        return build_tiny_sentence_transformer(tmp_path_factory.mktemp("tiny-st"))

    @pytest.fixture(scope="session")
    def tiny_cross_encoder(tmp_path_factory):
        return build_tiny_cross_encoder(tmp_path_factory.mktemp("tiny-ce"))
"""

from __future__ import annotations

import itertools
from pathlib import Path

from assistant.config import apply_offline_env

MAX_LENGTH = 64

_SUBJECTS = [
    "Chủ tịch Ủy ban nhân dân cấp tỉnh",
    "Chủ tịch Ủy ban nhân dân cấp xã",
    "Thủ tướng Chính phủ",
    "Bộ trưởng Bộ Nội vụ",
    "Hội đồng Thi đua, Khen thưởng",
    "cơ quan thường trực về thi đua, khen thưởng",
    "Ban Thi đua, Khen thưởng tỉnh",
    "người đứng đầu cơ quan, tổ chức, đơn vị",
]
_ACTIONS = [
    "quyết định tặng",
    "trình cấp trên khen thưởng",
    "xét tặng danh hiệu",
    "hướng dẫn hồ sơ đề nghị",
    "tổ chức phát động phong trào thi đua",
    "công nhận sáng kiến",
    "thu hồi hiện vật khen thưởng",
    "trao tặng",
]
_OBJECTS = [
    "Bằng khen",
    "Giấy khen",
    "Huân chương Lao động hạng Ba",
    "Chiến sĩ thi đua cơ sở",
    "Lao động tiên tiến",
    "Cờ thi đua của Chính phủ",
    "Tập thể lao động xuất sắc",
    "Huy chương",
    "danh hiệu Anh hùng Lao động",
    "Kỷ niệm chương",
]
_TAILS = [
    "cho cá nhân có thành tích xuất sắc.",
    "cho tập thể hoàn thành xuất sắc nhiệm vụ 02 năm liên tục.",
    "theo quy định tại Điều 84 Luật Thi đua, khen thưởng.",
    "trong thời hạn 20 ngày làm việc kể từ ngày nhận đủ hồ sơ.",
    "kèm tờ trình, báo cáo thành tích và biên bản xét khen thưởng.",
    "vào dịp tổng kết năm hoặc sơ kết phong trào.",
    "khi có thành tích đột xuất trong phòng, chống thiên tai.",
    "ở xã, phường, thị trấn trên địa bàn tỉnh.",
]
_EXTRA = [
    "Kế hoạch phát động phong trào thi đua yêu nước năm 2025 của phường.",
    "Mục đích, yêu cầu: tạo khí thế thi đua sôi nổi, rộng khắp.",
    "Nội dung thi đua: hoàn thành chỉ tiêu kinh tế, xã hội, quốc phòng, an ninh.",
    "Tổ chức thực hiện: các ban, ngành, đoàn thể triển khai kế hoạch này.",
    "What dossier do I need for a certificate of merit?",
    "Emulation titles and forms of commendation under the 2022 law.",
    "Nghị định 152/2025/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng.",
    "Luật số 06/2022/QH15 có hiệu lực từ ngày 01/01/2024.",
    "Điểm a khoản 2 Điều 74: tiêu chuẩn tặng Bằng khen.",
    "Hồ sơ gồm 01 bộ bản chính, nộp trực tuyến hoặc trực tiếp.",
]


def training_lines() -> list[str]:
    """A few hundred short, real-shaped lines (written for these tests, not from the pack)."""
    lines = [
        f"{s} {a} {o} {t}"
        for (s, a), o, t in zip(
            itertools.product(_SUBJECTS, _ACTIONS),
            itertools.cycle(_OBJECTS),
            itertools.cycle(_TAILS),
            strict=False,
        )
    ]
    lines += [f"{o} {t}" for o, t in itertools.product(_OBJECTS, _TAILS)]
    return lines + _EXTRA * 3


def _train_tokenizer(folder: Path):
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece
    from tokenizers.trainers import WordPieceTrainer
    from transformers import PreTrainedTokenizerFast

    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokenizer = Tokenizer(WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    tokenizer.train_from_iterator(
        training_lines(), WordPieceTrainer(vocab_size=1200, special_tokens=specials)
    )
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=MAX_LENGTH,
    )
    fast.save_pretrained(str(folder))
    return fast


def _config(vocab_size: int, **extra):
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=MAX_LENGTH,
        **extra,
    )


def build_tiny_sentence_transformer(directory: Path) -> Path:
    """Build a tiny SentenceTransformer (dim 32, mean pooling) under ``directory``; its folder."""
    apply_offline_env()
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import BertModel

    directory = Path(directory)
    raw, st_folder = directory / "raw", directory / "tiny-st"
    raw.mkdir(parents=True, exist_ok=True)
    fast = _train_tokenizer(raw)
    torch.manual_seed(0)
    BertModel(_config(len(fast))).save_pretrained(str(raw))
    SentenceTransformer(str(raw), device="cpu").save(str(st_folder))
    return st_folder


def build_tiny_cross_encoder(directory: Path) -> Path:
    """Build a tiny CrossEncoder (one relevance logit) under ``directory``; its folder."""
    apply_offline_env()
    import torch
    from transformers import BertForSequenceClassification

    directory = Path(directory)
    folder = directory / "tiny-ce"
    folder.mkdir(parents=True, exist_ok=True)
    fast = _train_tokenizer(folder)
    torch.manual_seed(0)
    BertForSequenceClassification(_config(len(fast), num_labels=1)).save_pretrained(str(folder))
    return folder
