"""Schema-based fuzzing of the whole API with schemathesis, in-process (WSGI) against a small data set: a few
generated requests per operation, with a valid token so the write paths run too. No answer may be a 5xx."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from kotacerdas.api.api import api
from kotacerdas.api.services import create_token

# The document is built in-process (no request, no database needed at collection); requests go to the WSGI app.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_params={}))
schema.app = WSGIHandler()


@pytest.fixture
def keep_test_connection():
    """Django's WSGI handler closes the database connection at the end of each request (close_old_connections);
    inside a test's transaction that would close it under the test, on PostgreSQL. The test client unhooks this
    the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_headers(api_world, settings, keep_test_connection):
    """A token of region A's editor; rate limits out of the way."""
    settings.API_RATE_LIMIT_ANONYMOUS = settings.API_RATE_LIMIT_TOKEN = 100_000
    _token, raw = create_token(api_world.editor_a, name="fuzz", by=api_world.editor_a)
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_answers_a_server_error(case, fuzz_headers):
    case.call_and_validate(headers=fuzz_headers, checks=[not_a_server_error])
