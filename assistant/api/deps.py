"""Dependencies shared by the routes: the runtime, the loaded assistant, the admin check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.guard import client_of
from assistant.app.auth import check_admin_token
from assistant.app.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    # async: resolved on the event loop, so a cheap route (health) never waits for a thread
    return request.app.state.runtime


def get_assistant(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Any:
    return runtime.assistant()


_bearer = HTTPBearer(auto_error=False, description="the server's TDKT_ADMIN_TOKEN")


def require_admin(
    request: Request,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    check_admin_token(
        runtime.settings.admin_token,
        credentials.credentials if credentials else None,
        lockout=runtime.token_lockout,
        client=client_of(request.scope),
    )


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
AssistantDep = Annotated[Any, Depends(get_assistant)]
