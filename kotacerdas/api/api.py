"""The open data API, version 1, under /api/v1/ (OpenAPI document: /api/v1/openapi.json; docs: /api/v1/docs).

Reads are public and show only what is published; writes need a personal token and follow the same rules
as the pages. See docs/api.md.
"""

from ninja import NinjaAPI, Swagger

from kotacerdas.api import errors
from kotacerdas.api.auth import token_optional
from kotacerdas.api.ratelimit import ApiRateLimit
from kotacerdas.api.routers import cohorts, evaluations, index, indicators, masterplans, regions

DESCRIPTION = """Open data of the Gerakan Menuju Smart City: regions, cohorts, participations, published
masterplans with their programmes and quick wins, the indicator catalogue and verified indicator values, published
evaluation agendas and results, and the implementation index.

* **Identifiers** are stable: Kemendagri codes for regions (`33.27`) and provinces (`33`), cohort and round
  years, indicator codes.
* **Lists** take `limit` (at most 500) and `offset`, have a fixed order, and answer JSON or, with
  `format=csv`, CSV.
* **Reading** needs no account. A personal token (`Authorization: Bearer …`, created at /api/tokens/) raises
  the rate limit from 120 to 600 requests a minute and is required to **write** (report indicator values and
  programme progress for your own region).
* **Errors** are JSON: `{"detail": …}`, with `errors` per field when the input is invalid (422); nothing is
  changed then. 429 answers carry `Retry-After`.
"""


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # list_regions, report_value, …


class Docs(Swagger):
    """Swagger UI from django-ninja's own files (no CDN; the settings travel as JSON, no inline script)."""

    template = "api/docs.html"


api = Api(
    title="kotacerdas open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:v1",
    docs=Docs(settings={"validatorUrl": None, "tryItOutEnabled": False, "persistAuthorization": False}),
    auth=token_optional,
    throttle=[ApiRateLimit()],
)
errors.install(api)

for module in (regions, cohorts, masterplans, indicators, evaluations, index):
    api.add_router("", module.router)
