"""Fuzz every operation of the OpenAPI document with schemathesis (in-process, ASGI):
no request, valid or not, may get a 5xx, every response must match its documented schema
(the error shape included), and the spec's parameter rules must be the ones enforced."""

from __future__ import annotations

import time

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup, ServerError
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
)

from attache.model import CodedArticle
from attache.server import create_app

pytestmark = pytest.mark.slow  # subprocesses, servers or many runs: see pyproject's markers

EXAMPLES = 60
"""Cases per operation and generation mode: enough to hit every parameter's edges while
the whole fuzz stays within seconds."""

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]
"""No 5xx; responses match the spec; and the spec tells the truth about the parameters: a
request it allows is not refused (4xx other than 401/403/404), one it forbids is refused."""


class EmptyCoder:
    """Codes every article into no records: the fuzzer tests the API, not the coder."""

    def code_stream(self, items, batch_size=16):
        for item in items:
            yield CodedArticle(item)


FUZZ_HOSTS = ("testserver",)
"""The Host name schemathesis's ASGI client sends (Starlette's test client's)."""


def _fuzz(
    app, headers: dict[str, str] | None = None, method: str = "", checks=tuple(CHECKS)
) -> dict[str, int]:
    """Run every operation (of ``method``, default any) in both generation modes; returns
    the cases run per operation."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [operation for operation in operations if operation.label.startswith(method)]
    cases: dict[str, int] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(max_examples=EXAMPLES, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case) -> None:
                case.call_and_validate(checks=list(checks), headers=headers)
                label = case.operation.label
                cases[label] = cases.get(label, 0) + 1

            try:
                check()
            except Unsatisfiable:
                # Nothing invalid fits (no parameters, or a path taking any string).
                assert mode is GenerationMode.NEGATIVE, operation.label
    return cases


@pytest.fixture
def timed(request):
    started = time.monotonic()
    yield
    request.node.user_properties.append(("seconds", round(time.monotonic() - started, 1)))


def test_no_operation_fails_or_breaks_its_schema(wikinews_store_path, timed):
    app = create_app(wikinews_store_path, allowed_hosts=FUZZ_HOSTS)
    cases = _fuzz(app)
    api = {label for label in cases if " /api/" in label}
    assert len(api) >= 13, sorted(cases)  # every API operation ran (the POST: 403)
    assert sum(cases.values()) >= len(cases) * EXAMPLES


def test_writes_with_the_token_never_fail(store_copy, timed):
    token = "fuzz-token"
    app = create_app(store_copy, token=token, coder_factory=EmptyCoder,
                     allowed_hosts=FUZZ_HOSTS)
    # Schema-valid text can still be refused (binary, too short: E003-E006), so only
    # the first two checks apply to writes.
    cases = _fuzz(app, headers={"Authorization": f"Bearer {token}"}, method="POST",
                  checks=CHECKS[:2])
    assert cases.get("POST /api/articles", 0) >= EXAMPLES


def test_the_fuzz_fails_on_a_server_error(wikinews_store_path, monkeypatch):
    import attache.server.reads as reads

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(reads, "list_articles", broken)
    app = create_app(wikinews_store_path, allowed_hosts=FUZZ_HOSTS)
    with pytest.raises(FailureGroup) as raised:
        _fuzz(app, method="GET /api/articles")
    assert any(isinstance(error, ServerError) for error in raised.value.exceptions)
