"""Checks every app page must pass, for any app's browser test to call.

* :func:`open_app` opens a page and waits until its first usable widget is there;
* :func:`serious_violations`: axe-core (``axe-playwright-python``, pinned) with zero serious
  or critical violations as the bar;
* :func:`cut_off_text`: text that does not fit (an ellipsis, a label wider than its box,
  anything past the right edge of the screen);
* :func:`page_shell`: ``<html lang>``, the title, no request leaving the machine.
"""

from __future__ import annotations

from urllib.parse import urlparse

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = ("serious", "critical")
_AXE = Axe()


def open_app(page, url: str, ready: str):
    """Go to ``url`` and wait for the selector of its first usable widget, visible.

    Returns the list of every address the page asked for (to check none leaves the machine).
    """
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url, wait_until="commit")
    page.locator(ready).first.wait_for(state="visible")
    page.locator("#loading").wait_for(state="detached")
    return requested


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    results = _AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING_IMPACTS:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
            )
    return found


_CUT_OFF_JS = """
() => {
  const found = [];
  const width = document.documentElement.clientWidth;
  const describe = el => {
    const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
    const text = (el.innerText || el.value || '').trim().slice(0, 60);
    return [el.tagName.toLowerCase(), ...classes.slice(0, 3)].join('.') + ' “' + text + '”';
  };
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    if (el.closest('.simsuite-sr-only')) continue;
    const text = (el.innerText || '').trim();
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (ownText && style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      found.push('ellipsis: ' + describe(el));
    } else if (ownText && ['hidden', 'clip'].includes(style.overflowX)
               && el.scrollWidth > el.clientWidth + 1) {
      found.push('clipped: ' + describe(el));
    } else if (el.tagName === 'SELECT' && rect.right > width + 1) {
      found.push('past the screen edge: ' + describe(el));
    } else if (ownText && text && rect.right > width + 1) {
      found.push('past the screen edge: ' + describe(el));
    }
  }
  if (document.documentElement.scrollWidth > width + 1) {
    found.push('the page scrolls sideways: ' + document.documentElement.scrollWidth
               + ' > ' + width);
  }
  return found;
}
"""


def cut_off_text(page) -> list[str]:
    """Every element whose text is cut off or runs off the screen (empty when all fits)."""
    return page.evaluate(_CUT_OFF_JS)


def page_shell(page, requested: list[str]) -> dict[str, object]:
    """What the shell set: language, title, and any address that is not this server."""
    server = urlparse(page.url).netloc
    foreign = sorted(
        {url for url in requested if urlparse(url).scheme in ("http", "https", "ws", "wss")
         and urlparse(url).netloc != server}
    )
    return {
        "lang": page.evaluate("document.documentElement.lang"),
        "title": page.title(),
        "foreign": foreign,
    }
