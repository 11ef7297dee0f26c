"""Helpers for real-browser tests: axe-core, reflow, screenshots, TOTP codes.

Import them in a test module: ``from tests.browser.helpers import axe_check``. The fixtures
that launch the browser live in ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import base64
import importlib.util
import re
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[2]
# Gitignored (see .gitignore: test-results/).
SCREENSHOT_DIR = REPO_DIR / "test-results" / "browser"

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")


def _axe_js_path() -> Path:
    # axe-playwright-python ships axe.min.js next to its modules; find it without importing
    # the package (its import pulls in nothing we need).
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("axe-playwright-python is not installed: pip install -e '.[dev]'")
    return Path(next(iter(spec.submodule_search_locations))) / "axe.min.js"


AXE_JS = _axe_js_path()


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"axe-core found {len(violations)} violation(s) on {url}:"]
    for v in violations:
        lines.append(f"  [{v.get('impact')}] {v['id']}: {v['help']}")
        lines.append(f"      {v.get('helpUrl', '')}")
        for node in v.get("nodes", [])[:8]:
            target = " ".join(str(t) for t in node.get("target", []))
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"      - {target}")
            if summary:
                lines.append(f"          {summary}")
            html = " ".join((node.get("html") or "").split())
            if html:
                lines.append(f"          {html[:200]}")
        if len(v.get("nodes", [])) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more element(s)")
    return "\n".join(lines)


def axe_check(page, *, context: str | None = None, disable_rules: tuple[str, ...] = ()) -> list[dict]:
    """Run axe-core (WCAG 2.0 A/AA + 2.1 AA rules) on the page as it is now.

    Fails the test on any violation of impact "serious" or "critical", listing each rule,
    the elements and axe's explanation. Returns every violation (minor and moderate
    included) so a test can look at them; those are printed, not failed.

    The page's context must have been created with ``bypass_csp=True`` (the ``new_page``
    fixture does): the site's CSP forbids the injected script, as it should.
    ``context`` is an optional CSS selector to check only part of the page.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            raise RuntimeError(
                "axe-core could not be injected: create the browser context with bypass_csp=True "
                "(the new_page fixture does unless told otherwise)"
            )
    options: dict = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}, "resultTypes": ["violations"]}
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    results = page.evaluate(
        "([ctx, opts]) => axe.run(ctx ? document.querySelector(ctx) : document, opts)",
        [context, options],
    )
    violations = results["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        pytest.fail(format_violations(blocking, page.url), pytrace=False)
    if violations:
        print(format_violations(violations, page.url))  # minor/moderate: shown with -rA / on failure
    return violations


_OVERFLOW_JS = """() => {
  const root = document.scrollingElement;
  const limit = root.clientWidth + 1;
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > limit || r.left < -1) {
      const style = getComputedStyle(el);
      if (style.position === 'absolute' && r.right < 0) continue;  // parked off-screen (skip link)
      offenders.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
        + `${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''}`
        + ` right=${Math.round(r.right)} "${(el.textContent || '').trim().slice(0, 30)}"`);
      if (offenders.length >= 10) break;
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, offenders};
}"""


def assert_no_horizontal_overflow(page) -> None:
    """The page must not scroll sideways (WCAG 1.4.10 Reflow): the scrolling element is no
    wider than the viewport. On failure, names the elements that stick out."""
    info = page.evaluate(_OVERFLOW_JS)
    if info["scrollWidth"] > info["clientWidth"] + 1:
        pytest.fail(
            f"{page.url} scrolls horizontally: scrollWidth {info['scrollWidth']} > "
            f"clientWidth {info['clientWidth']}.\nElements past the right edge:\n  "
            + "\n  ".join(info["offenders"] or ["(none found; check pseudo-elements)"]),
            pytrace=False,
        )


def root_font_size(page) -> float:
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def screenshot_path(module: str, label: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR / f"{module}--{safe}.png"


def totp_code(device) -> str:
    """The current 6-digit code of a django_otp TOTPDevice, as an authenticator app shows it."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def totp_code_from_secret(secret: str, digits: int = 6, step: int = 30) -> str:
    """The current code for a base32 secret as shown on the enrollment page (spaces allowed)."""
    from django_otp.oath import totp

    compact = re.sub(r"\s+", "", secret).upper()
    key = base64.b32decode(compact + "=" * (-len(compact) % 8))
    return f"{totp(key, step=step, digits=digits):0{digits}d}"
