import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium, not a downloaded browser build; flags keep it off the (closed) network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo data set served by a live server."""
    from kotacerdas.framework.services import load_framework_file
    from kotacerdas.masterplans.demo import load_demo_masterplan
    from kotacerdas.programmes.demo import load_demo
    from kotacerdas.regions.loader import load_regions
    from tests.conftest import cached_wilayah

    provinces, regions = cached_wilayah()
    load_regions(provinces, regions)
    load_framework_file()
    load_demo()
    load_demo_masterplan()
    return live_server
