"""A learner's progress, kept where the learner is and not on the server.

* In the browser (every Voilà page): the browser's own storage (``localStorage`` of the site),
  through a small custom widget. Nothing personal is sent anywhere: the record is a score per
  page, written by the page the learner works on and read by the learning path. It survives a
  reload and a closed browser, is per browser profile, and a learner clears it with the
  browser's site data (or the path's "Forget my progress").
* On JupyterHub (``JUPYTERHUB_USER`` is set, the kernel runs as the learner): also a file in the
  learner's home (``~/.simsuite/progress.json``), so progress follows them to another computer.

A record: ``{page: {"best": 0..1, "last": 0..1, "attempts": n, "at": "YYYY-MM-DD"}}`` for practice
pages and lessons (lessons record 1.0 when opened), and ``tests: {"pre": {...}, "post": {...}}``
for the self-check, with the score per competency.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import anywidget
import traitlets

STORAGE_KEY = "simsuite-progress-v1"
HOME_FILE = Path("~/.simsuite/progress.json")

_ESM = """
const KEY = "__KEY__";
function read() {
  try { return JSON.parse(window.localStorage.getItem(KEY) || "{}"); } catch (e) { return {}; }
}
function render({ model, el }) {
  el.classList.add("simsuite-progress-store");
  el.setAttribute("aria-hidden", "true");
  model.set("stored", read());
  model.set("ready", true);
  model.save_changes();
  model.on("change:records", () => {
    try { window.localStorage.setItem(KEY, JSON.stringify(model.get("records"))); } catch (e) {}
  });
  model.on("msg:custom", (msg) => {
    if (msg && msg.action === "print") { window.print(); }
    if (msg && msg.action === "forget") {
      try { window.localStorage.removeItem(KEY); } catch (e) {}
    }
  });
}
export default { render };
""".replace("__KEY__", STORAGE_KEY)


def _merge(first: Mapping[str, Any], second: Mapping[str, Any]) -> dict[str, Any]:
    """Two progress records as one: the best score and the most attempts of each page."""
    merged: dict[str, Any] = json.loads(json.dumps(dict(first)))
    for page, entry in second.items():
        if page == "tests":
            tests = merged.setdefault("tests", {})
            for phase, result in (entry or {}).items():
                tests.setdefault(phase, result)
            continue
        if not isinstance(entry, Mapping):
            continue
        mine = merged.get(page)
        if not isinstance(mine, Mapping):
            merged[page] = dict(entry)
            continue
        merged[page] = {
            "best": max(float(mine.get("best", 0)), float(entry.get("best", 0))),
            "last": entry.get("last", mine.get("last", 0)),
            "attempts": max(int(mine.get("attempts", 0)), int(entry.get("attempts", 0))),
            "at": max(str(mine.get("at", "")), str(entry.get("at", ""))),
        }
    return merged


class ProgressStore(anywidget.AnyWidget):
    """The progress record of this browser (and of this hub user), as a widget."""

    _esm = _ESM
    stored = traitlets.Dict().tag(sync=True)
    records = traitlets.Dict().tag(sync=True)
    ready = traitlets.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.layout.height = "0px"
        self.layout.overflow = "hidden"
        self._listeners: list[Callable[[dict[str, Any]], None]] = []
        self.records = self._home_records()
        self.observe(self._on_stored, names="stored")
        # "ready" always changes once (False -> True), even when the browser has nothing
        # stored yet: it is what tells the page that the browser has answered
        self.observe(self._on_ready, names="ready")

    # --- where records live ------------------------------------------------------------------

    @staticmethod
    def _home_path() -> Path | None:
        if not os.environ.get("JUPYTERHUB_USER"):
            return None
        return HOME_FILE.expanduser()

    def _home_records(self) -> dict[str, Any]:
        path = self._home_path()
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save_home(self) -> None:
        path = self._home_path()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.records, indent=1, sort_keys=True), "utf-8")
        temporary.replace(path)

    def _on_stored(self, change: Mapping[str, Any]) -> None:
        stored = change["new"] if isinstance(change["new"], dict) else {}
        self.records = _merge(self.records, stored)
        if self.ready:
            self._notify()

    def _on_ready(self, change: Mapping[str, Any]) -> None:
        if change["new"]:
            self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener(self.records)

    # --- the interface pages use -------------------------------------------------------------

    def on_ready(self, listener: Callable[[dict[str, Any]], None]) -> None:
        """Call ``listener`` with the records once the browser has sent them (and at once if
        it already has)."""
        self._listeners.append(listener)
        if self.ready:
            listener(self.records)

    def record(self, page: str, score: float) -> dict[str, Any]:
        """Record a score (0..1) for a page; keeps the best, the last and the attempts."""
        entry = dict(self.records.get(page) or {})
        entry["best"] = round(max(float(entry.get("best", 0)), float(score)), 4)
        entry["last"] = round(float(score), 4)
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["at"] = datetime.date.today().isoformat()
        self.records = {**self.records, page: entry}
        self._save_home()
        return entry

    def record_test(self, phase: str, result: Mapping[str, Any]) -> None:
        tests = dict(self.records.get("tests") or {})
        tests[phase] = {**result, "at": datetime.date.today().isoformat()}
        self.records = {**self.records, "tests": tests}
        self._save_home()

    def test(self, phase: str) -> Mapping[str, Any] | None:
        return (self.records.get("tests") or {}).get(phase)

    def forget(self) -> None:
        self.records = {}
        self._save_home()
        self.send({"action": "forget"})

    def print_page(self) -> None:
        self.send({"action": "print"})
