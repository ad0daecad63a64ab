import pytest

from tests.security.worlds import build_world


@pytest.fixture
def world(framework, settings, tmp_path):
    """tests/security/worlds.py's world with the XSS corpus in every free-text field (test_formula_injection.py
    puts formulas there instead); uploads and generated files go to a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world(framework)
