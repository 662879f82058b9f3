"""Responses rendered in the route's worker thread."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel


def rendered(model: type[BaseModel], payload: dict[str, Any]) -> JSONResponse:
    """``payload`` validated against ``model`` and rendered to JSON here, in the route's worker
    thread: a dict returned from a route is encoded on the event loop, where fifty large answers
    at once delay every other request (health included)."""
    return JSONResponse(model.model_validate(payload).model_dump(mode="json"))
