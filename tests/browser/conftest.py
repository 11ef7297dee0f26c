"""Real-browser tests: Playwright's sync API driving Debian's Chromium (/usr/bin/chromium)
against pytest-django's ``live_server``.

Fixtures for test modules in this folder:

``new_page(width=1280, height=900, *, zoom=100, **context_options)``
    A fresh browser context (own cookies and localStorage) and page, ``base_url`` set to the
    live server, so ``page.goto("/org/1/")`` works. ``zoom=200`` reproduces the browser's
    200 % zoom of a window ``width`` device pixels wide (see ``_zoomed``). Contexts bypass
    the site's CSP so axe-core can be injected; pass ``bypass_csp=False`` to test the CSP.
``page``
    ``new_page()`` at 1280×900.
``screenshot(page, label)``
    Full-page PNG in test-results/browser/<module>--<label>.png (gitignored).
``browser``
    The launched Chromium, one per test package run (per xdist worker).

Every test here uses ``live_server``, so it runs with ``transactional_db`` semantics: the
data a test creates is committed (the server thread must see it) and the tables are flushed
afterwards. Build data with tests.factories as usual, before or between page loads.

If /usr/bin/chromium is missing the tests are skipped, unless GONGKAI_REQUIRE_BROWSER=1
(CI), which makes them fail instead. Every test in this folder gets the ``browser`` marker,
so ``pytest -m "not browser"`` leaves them out.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tests.browser.helpers import screenshot_path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so fixtures can screenshot failed tests.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _unavailable(reason: str):
    if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (GONGKAI_REQUIRE_BROWSER=1 requires the browser tests to run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def _playwright():
    """Playwright's sync API runs an asyncio event loop in this thread for as long as it is
    started; Django refuses ORM calls from a thread with a running loop unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. The calls are in fact synchronous (the loop only
    drives the browser), so it is set for exactly the lifetime of Playwright: the browser
    tests of this package, then restored before any other test runs in this process."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} not found: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extra not installed
        _unavailable("playwright is not installed: pip install -e '.[dev]'")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        pw.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_playwright):
    # Not `playwright install`'s browser: Debian's Chromium, launched directly.
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _zoomed(width: int, height: int, zoom: int) -> dict:
    """Browser zoom, reproduced exactly: at 200 % a window 1280 device pixels wide lays the
    page out in a 640 CSS-pixel viewport and paints each CSS pixel with 2 device pixels
    (devicePixelRatio 2). Media queries, rem sizes and wrapping then behave as they do for a
    reader who pressed Ctrl+= (which Playwright cannot press reliably in headless mode).
    CSS ``zoom`` on <html> is not equivalent: it leaves the viewport and media queries as
    they were."""
    return {
        "viewport": {"width": round(width * 100 / zoom), "height": round(height * 100 / zoom)},
        "device_scale_factor": zoom / 100,
    }


@pytest.fixture
def new_page(browser, live_server, request):
    contexts = []
    page_errors: list[str] = []
    module = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    for stale in screenshot_path(module, f"FAILED-{request.node.name}").parent.glob(
        screenshot_path(module, f"FAILED-{request.node.name}").stem + "-*.png"
    ):
        stale.unlink(missing_ok=True)  # from an earlier failed run of this test

    def make(width: int = 1280, height: int = 900, *, zoom: int = 100, **options):
        settings = {
            "base_url": live_server.url,
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
            "bypass_csp": True,
            **_zoomed(width, height, zoom),
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: page_errors.append(f"{page.url}: {exc}"))
        return page

    yield make

    report = getattr(request.node, "rep_call", None)
    failed = report is not None and report.failed
    for i, context in enumerate(contexts):
        for j, page in enumerate(context.pages):
            if failed:
                with contextlib.suppress(Exception):  # best effort: the test has already failed
                    page.screenshot(
                        path=screenshot_path(module, f"FAILED-{request.node.name}-{i}-{j}"), full_page=True
                    )
        context.close()
    if page_errors and not failed:
        pytest.fail("JavaScript errors on the page:\n  " + "\n  ".join(page_errors), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot(request):
    module = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")

    def take(page, label: str, *, full_page: bool = True) -> Path:
        path = screenshot_path(module, label)
        page.screenshot(path=path, full_page=full_page)
        return path

    return take
