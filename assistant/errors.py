"""One exception tree for the whole assistant.

Library code raises these; the CLI, the API and the UI each translate them in one place.
Every message says what failed, the value involved, and how to fix it.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    code = "assistant_error"
    http_status = 400

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} — {fix}" if fix else message)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": str(self)}


class ConfigError(AssistantError):
    code = "config_error"
    http_status = 500


class PackNotFoundError(AssistantError):
    code = "pack_not_found"
    http_status = 500


class IngestError(AssistantError):
    """A file could not be read into a Document."""

    code = "ingest_error"
    http_status = 422

    def __init__(self, path: str, reason: str, *, fix: str | None = None) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot read {path}: {reason}", fix=fix)


class UnsupportedFormatError(IngestError):
    code = "unsupported_format"
    http_status = 415


class DuplicateDocumentError(IngestError):
    """An added document has the số hiệu of a document already in the corpus."""

    code = "duplicate_document"
    http_status = 409


class ConverterMissingError(IngestError):
    code = "converter_missing"
    http_status = 422


class ParseError(AssistantError):
    code = "parse_error"
    http_status = 422


class CitationNotFoundError(AssistantError):
    """A citation written by a user does not resolve to an indexed provision."""

    code = "citation_not_found"
    http_status = 404


class DocumentNotFoundError(AssistantError):
    code = "document_not_found"
    http_status = 404


class ProvisionNotFoundError(AssistantError):
    code = "provision_not_found"
    http_status = 404


class IndexError_(AssistantError):
    """Base for index problems (named with a trailing underscore to avoid the builtin)."""

    code = "index_error"
    http_status = 503


class IndexMissingError(IndexError_):
    code = "index_missing"


class IndexMismatchError(IndexError_):
    code = "index_mismatch"


class IndexBuildError(IndexError_):
    code = "index_build_failed"
    http_status = 500


class ModelLoadError(AssistantError):
    code = "model_load_failed"
    http_status = 500


class InvalidInputError(AssistantError):
    code = "invalid_input"
    http_status = 422


class NotAPlanError(InvalidInputError):
    """A text given to the plan checker that is no plan (a news article about one, a decision,
    a report): refused with what was looked for, rather than checked as a plan."""

    code = "not_a_plan"


class LLMError(AssistantError):
    code = "llm_error"
    http_status = 502


class AuthError(AssistantError):
    code = "unauthorized"
    http_status = 401


class DraftError(AssistantError):
    code = "draft_error"
    http_status = 422


class IndexDamagedError(IndexMismatchError):
    """An index whose files no longer match its manifest (cut short, overwritten, missing) or
    do not decode. A kind of mismatch, so whatever rebuilds an outdated index rebuilds it too."""

    code = "index_damaged"


class UnsafeFrontMatterError(IngestError):
    """Front matter built to exhaust the reader (YAML aliases, too many values, too deep, too
    long): refused before anything is built from it."""

    code = "unsafe_front_matter"
    http_status = 422


class UnsafeArchiveError(IngestError):
    """A ZIP package (.docx) that unpacks past the limits, or to more than its headers declare
    (a zip bomb): refused while it is unpacked in small steps, before any part is parsed."""

    code = "unsafe_archive"
    http_status = 422


class UnreadableTextError(IngestError):
    """A converted file whose text is not Vietnamese (or other plain Latin-script) text: the
    converter read binary noise as characters."""

    code = "unreadable_text"
    http_status = 422


class ConverterBusyError(AssistantError):
    """The heavy document converter (LibreOffice) is busy with other files for longer than a
    request waits; the request may be sent again shortly."""

    code = "converter_busy"
    http_status = 503
    headers = {"Retry-After": "15"}
