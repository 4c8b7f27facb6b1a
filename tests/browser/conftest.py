"""Browser fixtures: Debian's chromium driven by Python Playwright (never `playwright install`).

Tests here are marked ``browser`` and skipped, with the reason, when ``/usr/bin/chromium`` is absent
(CI installs it with apt). ``open_page`` opens a page from the file system and records every request
that is not a ``file:`` URL (and aborts it), console errors, page errors and dialogs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watched:
    page: object
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


def open_page(browser, path: Path, *, width: int = 1400, height: int = 900, timeout: float = 60.0) -> Watched:
    """Open ``path`` via file:// and wait for the graph's first draw.

    (The page's Content-Security-Policy forbids eval, so Playwright's wait_for_function, which
    evaluates a string, cannot be used: poll with evaluate instead.)
    """
    page = browser.new_page(viewport={"width": width, "height": height})
    w = Watched(page)

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        else:
            w.outside_requests.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda req: None if req.url.startswith(("file:", "data:")) or req.url in w.outside_requests
            else w.outside_requests.append(req.url))
    page.on("console", lambda m: w.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: w.page_errors.append(str(e)))

    def dialog(d):
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(Path(path).resolve().as_uri())
    deadline = time.monotonic() + timeout
    while page.evaluate("() => window.kgFirstDraw === undefined"):
        if w.page_errors or time.monotonic() > deadline:
            raise AssertionError(f"the graph was not drawn: {w.page_errors or 'timeout'}")
        time.sleep(0.02)
    return w
