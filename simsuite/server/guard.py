"""An IPython extension for app kernels: no traceback or server path reaches a visitor.

Any error the kernel reports (a cell, a widget callback, an invalid widget state sent over
the websocket) is logged in full to the server's log and replaced, in what goes to the
browser, by one sentence in the page's language. Loaded by :mod:`simsuite.server.kernel`.
"""

from __future__ import annotations

import os
import sys
import traceback
from urllib.parse import parse_qs


def visitor_message() -> str:
    # imported here, not at kernel start: the guard must not slow every page down
    from simsuite.i18n import gettext
    from simsuite.server.page import page_language

    query = parse_qs(os.environ.get("QUERY_STRING", ""), errors="replace")
    lang = page_language((query.get("lang") or [""])[0])
    return gettext(
        "Something went wrong in this app. Reload the page to start again; if it happens "
        "again, tell your instructor.",
        lang,
    )


def load_ipython_extension(shell) -> None:
    original = shell._showtraceback

    def safe_showtraceback(etype, evalue, stb):
        # the full story goes to the server's log, where the people who run it can read it
        print("".join(traceback.format_exception(etype, evalue, evalue.__traceback__)),
              file=sys.__stderr__, flush=True)
        message = visitor_message()
        original(type("Error", (Exception,), {}), message, [message])
        shell._last_traceback = [message]

    shell._showtraceback = safe_showtraceback
