"""The FastAPI application: the JSON API under /api and the web chat at /."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from assistant.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="TĐKT assistant", version="0.1.0", docs_url="/api/docs",
                  openapi_url="/api/openapi.json")

    @app.get("/api/health")
    def health() -> dict:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        return "<!doctype html><meta charset=utf-8><title>Trợ lý TĐKT</title><h1>Trợ lý TĐKT</h1>"

    return app
