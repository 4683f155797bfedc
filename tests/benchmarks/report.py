"""Turn pytest-benchmark's JSON into docs/benchmarks.md (run by `make bench`)."""

from __future__ import annotations

import json
import platform
import sys
from datetime import date
from pathlib import Path

#: The sections this script writes; any other ``## `` section of the file is measured another
#: way (by hand, or by another suite), and is kept as it is.
GENERATED_SECTIONS = {"## Notes"}


def _kept_sections(target: Path) -> list[str]:
    if not target.exists():
        return []
    kept: list[str] = []
    keep = False
    for line in target.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") or line.startswith("<!-- ") and line.endswith(":begin -->"):
            # a section another script writes opens with its marker line, kept with it
            opens_marked = kept and kept[-1].endswith(":begin -->")
            keep = line.strip() not in GENERATED_SECTIONS
            if keep and not opens_marked:
                kept.append("")
        if keep:
            kept.append(line)
    return kept


def main(source: str, target: str) -> int:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    machine = data.get("machine_info", {})
    cpu = machine.get("cpu", {})
    python = machine.get("python_version", sys.version.split()[0])
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (pytest-benchmark); targets come from the issues. "
        "Timings are medians over the rounds pytest-benchmark chose.",
        "",
        f"- Date: {date.today().isoformat()}",
        f"- Machine: {cpu.get('brand_raw', platform.processor() or '?')}, "
        f"{cpu.get('count', '?')} cores, Python {python}",
        "",
        "| benchmark | metric | value | target | met | median time per call |",
        "|---|---|---|---|---|---|",
    ]
    for bench in sorted(data.get("benchmarks", []), key=lambda b: b["fullname"]):
        info = bench.get("extra_info", {})
        value = info.get("value")
        shown = (
            f"{value:,.3g} {info.get('unit', '')}".strip()
            if isinstance(value, int | float)
            else "–"
        )
        met = {True: "yes", False: "**no**"}.get(info.get("met"), "–")
        median_ms = bench["stats"]["median"] * 1000
        lines.append(
            f"| `{bench['name']}` | {info.get('metric', '–')} | {shown} | "
            f"{info.get('target', '–')} | {met} | {median_ms:,.3f} ms |"
        )
    notes = [b for b in data.get("benchmarks", []) if b.get("extra_info", {}).get("note")]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- `{b['name']}`: {b['extra_info']['note']}" for b in notes]
    lines += _kept_sections(Path(target))
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
