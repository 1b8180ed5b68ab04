"""Screenshots of the main pages for a visual check: python scripts/screenshots.py [base URL].

Needs a running server with the demo data (make run) and Debian's /usr/bin/chromium.
Writes PNGs to screenshots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path("screenshots")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def login(page, email: str) -> None:
    page.goto(f"{BASE}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", "hireplan-demo")
    page.click("main button[type=submit]")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for name, viewport in [
            ("desktop", {"width": 1280, "height": 900}),
            ("phone", {"width": 390, "height": 844}),
        ]:
            page = browser.new_page(viewport=viewport)
            page.goto(f"{BASE}/login/")
            page.screenshot(path=OUT / f"{name}-login.png", full_page=True)
            login(page, "manager@acme.example")
            page.screenshot(path=OUT / f"{name}-home-manager.png", full_page=True)
            page.goto(f"{BASE}/engagements/new/")
            page.screenshot(path=OUT / f"{name}-new.png", full_page=True)
            page.click("#step button[type=submit]")
            page.wait_for_selector(".alert-error")
            page.screenshot(path=OUT / f"{name}-new-errors.png", full_page=True)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        login(page, "recruiter@staffing.example")
        page.screenshot(path=OUT / "desktop-home-recruiter.png", full_page=True)
        page.click("text=Senior ML Engineer, Ranking")
        page.screenshot(path=OUT / "desktop-step-recruiter.png", full_page=True)
        page.goto(page.url.rsplit("/", 2)[0] + "/context/")
        page.screenshot(path=OUT / "desktop-context-recruiter.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
