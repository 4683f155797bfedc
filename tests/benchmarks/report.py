"""Turn pytest-benchmark's JSON into docs/benchmarks.md (run by `make bench`)."""

from __future__ import annotations

import json
import platform
import sys
from datetime import date
from pathlib import Path

KEPT_SECTIONS = (("<!-- classroom:begin -->", "<!-- classroom:end -->"),)


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
        # a benchmark that times something other than its own call reports it as median_s
        median_ms = info.get("median_s", bench["stats"]["median"]) * 1000
        lines.append(
            f"| `{bench['name']}` | {info.get('metric', '–')} | {shown} | "
            f"{info.get('target', '–')} | {met} | {median_ms:,.3f} ms |"
        )
    notes = [b for b in data.get("benchmarks", []) if b.get("extra_info", {}).get("note")]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- `{b['name']}`: {b['extra_info']['note']}" for b in notes]
    # sections written by other tools (the classroom load test) are kept between runs
    old = Path(target).read_text(encoding="utf-8") if Path(target).exists() else ""
    for begin, end in KEPT_SECTIONS:
        if begin in old and end in old:
            kept = begin + old.split(begin, 1)[1].split(end, 1)[0] + end
            lines += ["", kept]
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
