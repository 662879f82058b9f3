"""One exception tree for the whole assistant.

Library code raises these; the CLI, the API and the UI each translate them in one place. An
error carries a stable ``code`` (what a client or a test matches on) and a message that says what
failed, the value involved, and how to fix it. The HTTP status of each code is the API's business
(``assistant/api/errors.py``); nothing below knows about HTTP.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the assistant raises on purpose."""

    code = "assistant_error"

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} — {fix}" if fix else message)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": str(self)}


class ConfigError(AssistantError):
    code = "config_error"


class PackNotFoundError(AssistantError):
    code = "pack_not_found"


class IngestError(AssistantError):
    """A file could not be read into a Document."""

    code = "ingest_error"

    def __init__(self, path: str, reason: str, *, fix: str | None = None) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot read {path}: {reason}", fix=fix)


class UnsupportedFormatError(IngestError):
    code = "unsupported_format"


class DuplicateDocumentError(IngestError):
    """An added document has the số hiệu of a document already in the corpus."""

    code = "duplicate_document"


class ConverterMissingError(IngestError):
    code = "converter_missing"


class CitationNotFoundError(AssistantError):
    """A citation written by a user does not resolve to an indexed provision."""

    code = "citation_not_found"


class DocumentNotFoundError(AssistantError):
    code = "document_not_found"


class ProvisionNotFoundError(AssistantError):
    code = "provision_not_found"


class IndexError_(AssistantError):
    """Base for index problems (named with a trailing underscore to avoid the builtin)."""

    code = "index_error"


class IndexMissingError(IndexError_):
    code = "index_missing"


class IndexMismatchError(IndexError_):
    code = "index_mismatch"


class IndexBuildError(IndexError_):
    code = "index_build_failed"


class ModelLoadError(AssistantError):
    code = "model_load_failed"


class InvalidInputError(AssistantError):
    code = "invalid_input"


class NotAPlanError(InvalidInputError):
    """A text given to the plan checker that is no plan (a news article about one, a decision,
    a report): refused with what was looked for, rather than checked as a plan."""

    code = "not_a_plan"


class AuthError(AssistantError):
    """A missing or wrong administrator token."""

    code = "unauthorized"


class DraftError(AssistantError):
    code = "draft_error"


class IndexDamagedError(IndexMismatchError):
    """An index whose files no longer match its manifest (cut short, overwritten, missing) or
    do not decode. A kind of mismatch, so whatever rebuilds an outdated index rebuilds it too."""

    code = "index_damaged"


class UnsafeFrontMatterError(IngestError):
    """Front matter built to exhaust the reader (YAML aliases, too many values, too deep, too
    long): refused before anything is built from it."""

    code = "unsafe_front_matter"


class UnsafeArchiveError(IngestError):
    """A ZIP package (.docx) that unpacks past the limits, or to more than its headers declare
    (a zip bomb): refused while it is unpacked in small steps, before any part is parsed."""

    code = "unsafe_archive"


class UnreadableTextError(IngestError):
    """A converted file whose text is not Vietnamese (or other plain Latin-script) text: the
    converter read binary noise as characters."""

    code = "unreadable_text"


class ConverterBusyError(AssistantError):
    """The heavy document converter (LibreOffice) is busy with other files for longer than a
    request waits; the request may be sent again shortly."""

    code = "converter_busy"
    retry_after = 15.0  # seconds


# ----------------------------------------------------------------------- the application's limits


class TooManyRequestsError(AssistantError):
    """Too many writes, or too many wrong tokens, from one client: try again after a while."""

    code = "too_many_requests"

    def __init__(self, message: str, *, retry_after: float, fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.retry_after = retry_after


class UploadTooLargeError(AssistantError):
    code = "too_large"


class NotReadyError(AssistantError):
    """The index is still being built or loaded."""

    code = "not_ready"


class UploadsOffError(AssistantError):
    """Uploads need an administrator token, and the server has none configured."""

    code = "uploads_disabled"


class FeedbackFullError(AssistantError):
    code = "feedback_full"


class JobNotFoundError(AssistantError):
    code = "job_not_found"
