"""Every URL of the project with hostile numbers in its path and its query string: never a 500.

``/regions/?cohort=99999999999999999999`` raised OverflowError (SQLite cannot hold the number), and an id of the
same size in a path did the same in every ``get_object_or_404``. Paths come from the URL matrix, so a new page is
covered as soon as it has its expectation there.
"""

import pytest
from django.urls import reverse

from tests.portal.test_url_matrix import EXPECTED

pytestmark = pytest.mark.django_db

HUGE = 10**20
HOSTILE_QUERY_VALUES = ["99999999999999999999", "-1", "abc", "2.150"]
# Every query parameter a view of ours reads (grep request.GET), plus the filters' and API's usual names.
QUERY_NAMES = [
    "page", "region", "q", "status", "kind", "dimension", "a", "b", "t", "state", "source", "scope", "room",
    "role", "province", "movement", "cohort", "action", "year", "year_from", "year_to", "indicator", "day",
    "event", "round", "limit", "offset", "format", "next",
]  # fmt: skip
ROLES = ["anonymous", "secretariat"]


def _get(client, world, role, url, method="get"):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return getattr(client, method)(url)


def _with_huge_ids(args):
    return [HUGE if isinstance(arg, int) else arg for arg in args]


def test_huge_ids_in_a_path_answer_404_not_500(matrix_world, client):
    # One test over every URL: the world is built once (per-URL tests took eleven minutes).
    answers = {}
    for name, (args_for, _expected) in sorted(EXPECTED.items()):
        args = args_for(matrix_world)
        if not any(isinstance(arg, int) for arg in args):
            continue
        url = reverse(name, args=_with_huge_ids(args))
        for role in ("anonymous", "secretariat"):
            for method in ("get", "post"):
                answers[(name, role, method)] = _get(client, matrix_world, role, url, method).status_code

    assert {key: status for key, status in answers.items() if status >= 500} == {}
    # The secretariat may see everything: a huge id is a page that does not exist (the API says why: 422).
    assert {
        key: status
        for key, status in answers.items()
        if key[1:] == ("secretariat", "get") and status not in (404, 405, 422)
    } == {}


def test_hostile_query_values_never_fail_a_page(matrix_world, client):
    failures = []
    for name, (args_for, _expected) in sorted(EXPECTED.items()):
        url = reverse(name, args=args_for(matrix_world))
        for value in HOSTILE_QUERY_VALUES:
            query = "&".join(f"{key}={value}" for key in QUERY_NAMES)
            for role in ROLES:
                status = _get(client, matrix_world, role, f"{url}?{query}").status_code
                if status >= 500:
                    failures.append((name, value, role, status))

    assert failures == []
