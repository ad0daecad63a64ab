import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    """Service tests compare messages with their English ids; page tests check the Indonesian text."""
    with translation.override("en"):
        yield
