import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from hireplan.models import Engagement
from tests.conftest import CHROMIUM

# CI runs the whole suite on two cores: a draft kept a second after typing can take several
# seconds to come back there. Assertions wait up to 15 s (a passing one returns at once).
expect.set_options(timeout=15_000)

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium: Playwright's own browser download is not available here.
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture
def demo_plan(db) -> Engagement:
    """The demo's complete plan, reopened as a draft so its forms are editable."""
    call_command("load_demo", verbosity=0)
    engagement = Engagement.objects.get(title="ML Platform Engineer")
    engagement.status = Engagement.Status.DRAFT
    engagement.save(update_fields=["status"])
    return engagement
