"""Lists the same way on every endpoint: limit/offset pages with a maximum, stable order, JSON or CSV.

JSON: ``{"count", "limit", "offset", "next", "previous", "results"}``. CSV (``?format=csv``): one row per
result of the same page, nested fields flattened to ``parent_child`` columns, lists joined with ``;``; the
total is in the ``X-Total-Count`` header.
"""

import csv
import io
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Generic, Literal, TypeVar
from urllib.parse import urlencode

from django.http import HttpResponse
from ninja import Field, Query, Schema
from pydantic import BaseModel, PlainSerializer

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1

T = TypeVar("T")


def _decimal_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in {"-0", ""} else text


# Decimals travel as strings so that no digit is lost: "45.5", "1500000000".
DecimalText = Annotated[Decimal, PlainSerializer(_decimal_text, return_type=str, when_used="always")]
Format = Literal["json", "csv"]
RegionCode = Annotated[str, Field(pattern=r"^\d{2}\.\d{2}$", description="Kemendagri code, e.g. 33.27")]
ProvinceCode = Annotated[str, Field(pattern=r"^\d{2}$", description="Kemendagri code, e.g. 33")]
Year = Annotated[int, Field(ge=2000, le=2100)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    format: Format = Field("json", description="json (default) or csv.")


class Page(Schema, Generic[T]):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    results: list[T]


class Error(Schema):
    detail: str


class InvalidOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(description="Messages per field; '__all__' for the whole request.")


PAGE_QUERY = Query(...)


def _link(request, offset: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(params.items()))


def page(request, queryset, params: PageParams, schema: type[BaseModel], *, filename: str, rows=None):
    """One page of ``queryset`` (already filtered and ordered) as JSON or CSV. ``rows`` turns the page's
    objects into what ``schema`` reads, for lists that need more than the queryset (e.g. progress)."""
    count = queryset.count()
    objects = list(queryset[params.offset : params.offset + params.limit])
    items = rows(objects) if rows else objects
    if params.format == "csv":
        response = csv_response([schema.model_validate(item) for item in items], schema, filename=filename)
        response["X-Total-Count"] = str(count)
        return response
    end = params.offset + len(objects)
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "next": _link(request, end) if end < count else None,
        "previous": _link(request, max(0, params.offset - params.limit)) if params.offset else None,
        "results": items,
    }


def _flatten(prefix: str, value: Any, into: dict) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}_{key}" if prefix else str(key), inner, into)
    elif isinstance(value, list):
        into[prefix] = ";".join("" if v is None else str(v) for v in value)
    else:
        into[prefix] = "" if value is None else value


def _columns(schema: type[BaseModel], prefix: str = "") -> list[str]:
    """Flattened column names of ``schema``; a free-form dict field ends in "*" (its keys come from the data)."""
    columns = []
    for name, info in schema.model_fields.items():
        column = f"{prefix}_{name}" if prefix else name
        kind = info.annotation
        args = getattr(kind, "__args__", ())
        nested = [a for a in (kind, *args) if isinstance(a, type) and issubclass(a, BaseModel)]
        if getattr(kind, "__origin__", None) is dict:
            columns.append(column + "_*")
        elif nested and getattr(kind, "__origin__", None) is not list:
            columns += _columns(nested[0], column)  # a nested object, perhaps optional
        else:
            columns.append(column)
    return columns


def csv_response(items: list[BaseModel], schema: type[BaseModel], *, filename: str) -> HttpResponse:
    """Items as CSV (UTF-8, comma-separated, a header row of the schema's flattened field names)."""
    rows = []
    for item in items:
        row: dict = {}
        _flatten("", item.model_dump(mode="json"), row)
        rows.append(row)
    columns = []
    for column in _columns(schema):
        if column.endswith("_*"):
            stem = column[:-1]
            for key in dict.fromkeys(k for row in rows for k in row if k.startswith(stem)):
                columns.append(key)
        else:
            columns.append(column)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _cell(row.get(column, "")) for column in columns})
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _cell(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    # Tab and carriage return too: some spreadsheet programs drop them and run the formula behind them.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value):
        return "'" + value  # a spreadsheet must not run a cell as a formula
    return value


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def csv_openapi(description: str = "") -> dict:
    """The CSV alternative of a 200 answer, for the OpenAPI document."""
    return {
        "responses": {
            200: {
                "description": description or "OK (JSON, or CSV with format=csv)",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    }
