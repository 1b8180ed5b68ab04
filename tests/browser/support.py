"""What the browser tests share."""

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def log_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    """Logs in through the login page, as a person would, and waits for the page after it."""
    page.goto(f"{base}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def after_focus_settles(page: Page) -> None:
    """Waits two animation frames. An htmx swap that brings an `autofocus` field gets focused
    twice: by htmx when the swap settles, and by the browser's own autofocus at its next frame.
    Typing elsewhere between the two would land in the autofocus field."""
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )
