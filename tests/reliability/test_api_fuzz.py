"""Schemathesis over /openapi.json against the service in a uvicorn process: for every
operation, generated requests never get a 5xx, and every response matches its declared schema.

200 cases per operation under `make test-reliability`; a handful in `make test`.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.app import create_app
from api.settings import Settings
from tests.reliability.results import record, run_kind
from tests.reliability.server import ServedApp

CASES = int(os.environ.get("RELIABILITY_FUZZ_CASES", "0")) or (200 if run_kind() == "full" else 8)
_SEEN: Counter[str] = Counter()
_FAILED: Counter[str] = Counter()


def _openapi() -> dict:
    """The OpenAPI document of an app built but not started (building it opens nothing); the
    test then sends the generated requests to the running process."""
    return create_app(Settings(store=Path("/nonexistent/spkg-store"))).openapi()


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(
    max_examples=CASES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_operation_holds_its_contract(case: schemathesis.Case, served: ServedApp) -> None:
    label = f"{case.method} {case.path}"
    _SEEN[label] += 1
    try:
        case.call_and_validate(
            base_url=served.url,
            checks=[not_a_server_error, response_schema_conformance],
            timeout=30,
        )
    except Exception:
        _FAILED[label] += 1
        raise
    finally:
        record(
            "api_fuzzing",
            {
                "cases_per_operation_setting": CASES,
                "operations": len(_SEEN),
                "cases_run": sum(_SEEN.values()),
                "failing_cases": sum(_FAILED.values()),
                "by_operation": dict(sorted(_SEEN.items())),
                "failures_by_operation": dict(sorted(_FAILED.items())),
            },
        )
