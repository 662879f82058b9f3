"""Dependencies shared by the routes: the runtime, the loaded assistant, the admin check."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.errors import BadTokenError, UploadsOffError
from assistant.api.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def get_assistant(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Any:
    return runtime.assistant()


def check_admin_token(configured: str | None, token: str | None) -> None:
    """Raise unless ``token`` is the configured administrator token (compared in constant time)."""
    if not configured:
        raise UploadsOffError(
            "uploads are turned off on this server",
            fix="set TDKT_ADMIN_TOKEN and restart `tdkt serve` to allow them",
        )
    if not token:
        raise BadTokenError(
            "this needs the administrator token", fix='send "Authorization: Bearer <token>"'
        )
    if not hmac.compare_digest(token.strip().encode("utf-8"), configured.encode("utf-8")):
        raise BadTokenError("the administrator token is wrong", fix="check TDKT_ADMIN_TOKEN")


_bearer = HTTPBearer(auto_error=False, description="the server's TDKT_ADMIN_TOKEN")


def require_admin(
    runtime: Annotated[Runtime, Depends(get_runtime)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    check_admin_token(
        runtime.settings.admin_token, credentials.credentials if credentials else None
    )


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
AssistantDep = Annotated[Any, Depends(get_assistant)]
