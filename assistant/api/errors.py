"""Every failure of the API as `{"error": {"code", "message"}}` with the right status, in one place.

Library errors carry their own code (assistant.errors); the HTTP status of each is mapped here
(``HTTP_STATUS``, read along the class's ancestry), with the two errors that only exist over
HTTP (an unknown route, a method it does not take).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import errors as err
from assistant.api.schemas import ErrorResponse
from assistant.errors import AssistantError

log = logging.getLogger(__name__)


class RouteNotFoundError(AssistantError):
    code = "not_found"


class MethodNotAllowedError(AssistantError):
    code = "method_not_allowed"

    def __init__(self, message: str, *, allow: list[str], fix: str | None = None) -> None:
        super().__init__(message, fix=fix)
        self.headers = {"Allow": ", ".join(allow)}


# The HTTP status of each library error; a subclass not listed takes its parent's.
HTTP_STATUS: dict[type[AssistantError], int] = {
    err.AssistantError: 400,
    err.ConfigError: 500,
    err.PackNotFoundError: 500,
    err.IngestError: 422,
    err.UnsupportedFormatError: 415,
    err.DuplicateDocumentError: 409,
    err.CitationNotFoundError: 404,
    err.DocumentNotFoundError: 404,
    err.ProvisionNotFoundError: 404,
    err.IndexError_: 503,
    err.IndexBuildError: 500,
    err.ModelLoadError: 500,
    err.InvalidInputError: 422,
    err.AuthError: 401,
    err.DraftError: 422,
    err.ConverterBusyError: 503,
    err.TooManyRequestsError: 429,
    err.UploadTooLargeError: 413,
    err.NotReadyError: 503,
    err.UploadsOffError: 403,
    err.FeedbackFullError: 507,
    err.JobNotFoundError: 404,
    RouteNotFoundError: 404,
    MethodNotAllowedError: 405,
}


def status_of(exc: AssistantError) -> int:
    """The HTTP status of a library error: its class's, else its nearest ancestor's."""
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def headers_of(exc: AssistantError) -> dict[str, str] | None:
    """The response headers an error asks for: Retry-After, Allow, WWW-Authenticate."""
    headers = dict(getattr(exc, "headers", None) or {})
    retry = getattr(exc, "retry_after", None)
    if retry is not None:
        headers["Retry-After"] = str(max(1, round(retry)))
    if status_of(exc) == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return headers or None


def _doc(description: str) -> dict:
    return {"model": ErrorResponse, "description": description}


# Declared on the routes so the OpenAPI schema lists every status a client can meet.
COMMON = {422: _doc("invalid parameters"), 503: _doc("the index is not ready yet")}
JSON_BODY = {400: _doc("the body is not valid JSON"), 413: _doc("the body is too large")}
NOT_FOUND = {404: _doc("unknown id")}
UPLOAD = {
    413: _doc("the file is larger than TDKT_MAX_UPLOAD_BYTES"),
    415: _doc("unsupported file type"),
    400: _doc("the multipart body is malformed"),
}
DUPLICATE = {409: _doc("a document with this số hiệu is already in the corpus")}
FEEDBACK_FULL = {507: _doc("the feedback store is full (TDKT_MAX_FEEDBACK_BYTES)")}
RATE_LIMITED = {
    429: _doc("too many writes from this client (TDKT_WRITE_RATE_PER_MINUTE); see Retry-After")
}
ADMIN = {
    401: _doc("missing or wrong bearer token"),
    403: _doc("uploads are off (no TDKT_ADMIN_TOKEN configured)"),
    429: _doc("too many wrong tokens or writes from this client; see Retry-After"),
}
NOT_AVAILABLE = {501: _doc("this feature is not installed")}


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def from_assistant_error(exc: AssistantError) -> JSONResponse:
    status = status_of(exc)
    if status in (500, 502):
        log.error("%s: %s", exc.code, exc)
    return error_response(status, exc.code, str(exc), headers_of(exc))


def _validation_message(exc: RequestValidationError) -> tuple[int, str, str]:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return 400, "malformed_json", "the request body is not valid JSON — send a JSON object"
    parts = []
    for e in errors[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
        parts.append(f"{where or 'body'}: {e.get('msg', 'invalid')}")
    return 422, "validation_error", "; ".join(parts) or "invalid request"


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AssistantError)
    async def _assistant_error(request: Request, exc: AssistantError) -> JSONResponse:
        return from_assistant_error(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        status, code, message = _validation_message(exc)
        return error_response(status, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI wraps any failure while reading a form into a 400; the size guard's own
        # error is the real cause and has its own status.
        if isinstance(exc.__cause__, AssistantError):
            return from_assistant_error(exc.__cause__)
        # FastAPI says only "There was an error parsing the body" for these two
        if isinstance(exc.__cause__, UnicodeDecodeError):
            return error_response(400, "malformed_json", "the body is not UTF-8 — send UTF-8 JSON")
        if isinstance(exc.__cause__, RecursionError):
            return error_response(400, "malformed_json", "the JSON body is nested too deeply")
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(NotImplementedError)
    async def _not_implemented(request: Request, exc: NotImplementedError) -> JSONResponse:
        return error_response(501, "not_implemented", f"not available yet: {exc}")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(
            500, "internal_error", "unexpected error on the server; the log has the details"
        )
