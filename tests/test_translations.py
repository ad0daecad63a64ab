import shutil
import subprocess
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[1] / "kotacerdas" / "locale" / "id" / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="gettext tools are installed by make")
@pytest.mark.parametrize("flag", ["--untranslated", "--only-fuzzy"])
def test_indonesian_catalogue_complete(flag):
    result = subprocess.run(
        ["msgattrib", flag, "--no-wrap", str(PO)], capture_output=True, text=True, check=True
    )

    msgids = [line for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert msgids == []
