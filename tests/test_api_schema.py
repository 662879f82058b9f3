"""The API keeps the promises of its own OpenAPI schema under generated requests (schemathesis):
no server errors, only declared status codes and content types, bodies that match the schema."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
from api_fixtures import ExtractiveStandIn
from hypothesis import HealthCheck, settings

from assistant.api import create_app
from assistant.config import Settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class LateAssistant:
    """Stands in until the session's Assistant exists (the schema is read at import time)."""

    target = None

    def __getattr__(self, name: str):
        if self.target is None:
            raise RuntimeError("the assistant fixture has not run")
        return getattr(self.target, name)


_late = LateAssistant()
_home = Path(tempfile.mkdtemp(prefix="tdkt-schema-"))
atexit.register(shutil.rmtree, _home, True)
app = create_app(
    Settings(home=_home, admin_token="schema-token", feedback_file=_home / "feedback.jsonl"),
    _late,
)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)


@pytest.fixture(autouse=True, scope="module")
def _real_assistant(assistant):
    _late.target = ExtractiveStandIn(assistant)
    yield
    _late.target = None


@schema.exclude(path_regex="^/api/admin/").parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_generated_requests_get_declared_answers(case):
    case.call_and_validate(checks=CHECKS)
