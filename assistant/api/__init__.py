"""FastAPI app factory (`create_app`)."""

from assistant.api.app import create_app

__all__ = ["create_app"]
