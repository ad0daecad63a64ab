"""Structured logs: each record is one line of JSON with time, level, logger, message, the request's method and
path, extra fields, and the traceback of an exception."""

import json
import logging

from django.test import RequestFactory

from kotacerdas.core.logs import JsonFormatter


def test_a_record_is_one_line_of_json_with_request_and_extra_fields():
    request = RequestFactory().get("/regions/33.27/")
    record = logging.makeLogRecord(
        {
            "name": "django.request",
            "levelname": "WARNING",
            "levelno": 30,
            "msg": "Not Found: %s",
            "args": ("/regions/33.27/",),
            "request": request,
            "status_code": 404,
            "region": "33.27",
        }
    )

    line = JsonFormatter().format(record)

    entry = json.loads(line)
    assert "\n" not in line
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "WARNING",
        "django.request",
        "Not Found: /regions/33.27/",
    )
    assert (entry["method"], entry["path"], entry["status"], entry["region"]) == (
        "GET",
        "/regions/33.27/",
        404,
        "33.27",
    )
    assert entry["time"].endswith("+00:00")


def test_an_exception_keeps_its_traceback():
    try:
        raise ValueError("nilai rusak")
    except ValueError:
        record = logging.getLogger("kotacerdas").makeRecord(
            "kotacerdas", logging.ERROR, __file__, 1, "Gagal", (), exc_info=__import__("sys").exc_info()
        )

    entry = json.loads(JsonFormatter().format(record))

    assert "ValueError: nilai rusak" in entry["exception"]
