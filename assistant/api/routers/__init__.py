"""The API's routers, one per area, included by `create_app` in this order."""

from assistant.api.routers import admin, ask, corpus, plans, system

ALL = (ask.router, corpus.router, plans.router, admin.router, system.router)

__all__ = ["ALL"]
