"""A misconfigured server must stop at start-up, and management commands must fail with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

REPO_ROOT = Path(__file__).resolve().parents[1]


def import_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings module in a fresh interpreter with only the given Django variables set."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import kotacerdas.settings"],
        env={**clean, **env},
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_without_debug_and_secret_key_refuses_to_start():
    result = import_settings(DATABASE_URL="sqlite:///var/unused.sqlite3")

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off."
        in result.stderr
    )


def test_settings_with_debug_off_explicitly_and_no_secret_key_refuses_to_start():
    result = import_settings(DJANGO_DEBUG="0", DATABASE_URL="sqlite:///var/unused.sqlite3")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off." in result.stderr


def test_settings_without_debug_and_database_url_refuses_to_start():
    result = import_settings(DJANGO_SECRET_KEY="a-secret-key-for-this-test-only")

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL is required when DJANGO_DEBUG is off."
        in result.stderr
    )


def test_settings_with_secret_key_and_database_url_import_cleanly():
    result = import_settings(
        DJANGO_SECRET_KEY="a-secret-key-for-this-test-only", DATABASE_URL="sqlite:///var/unused.sqlite3"
    )

    assert (result.returncode, result.stderr) == (0, "")


def test_settings_in_debug_need_neither_secret_key_nor_database_url():
    result = import_settings(DJANGO_DEBUG="1")

    assert (result.returncode, result.stderr) == (0, "")


def test_load_framework_command_missing_file_raises_command_error():
    with pytest.raises(CommandError) as excinfo:
        call_command("load_framework", "--file", "/nonexistent")

    assert str(excinfo.value) == "Framework file not found: /nonexistent"


def test_load_framework_command_missing_file_exits_non_zero_from_manage_py():
    result = subprocess.run(
        [sys.executable, "manage.py", "load_framework", "--file", "/nonexistent"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr == "CommandError: Framework file not found: /nonexistent\n"
