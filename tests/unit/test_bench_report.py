"""`make bench` rewrites its own table and keeps the sections measured another way."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "benchmarks" / "report.py"


def _report_module():
    spec = importlib.util.spec_from_file_location("bench_report", REPORT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_rewrite_keeps_hand_measured_sections_and_replaces_its_own(tmp_path):
    source = tmp_path / "latest.json"
    source.write_text(
        json.dumps(
            {
                "machine_info": {"cpu": {"brand_raw": "test cpu", "count": 2}},
                "benchmarks": [
                    {
                        "name": "test_fast",
                        "fullname": "tests/benchmarks/x.py::test_fast",
                        "stats": {"median": 0.001},
                        "extra_info": {"metric": "m", "value": 2.0, "note": "new note"},
                    }
                ],
            }
        )
    )
    target = tmp_path / "benchmarks.md"
    target.write_text(
        "# Benchmarks\n\n| old table |\n\n## Notes\n\n- old note\n\n"
        "## Lighter install\n\nsize 2.1 GB before\n\n## Another team's section\n\nkept too\n"
    )
    assert _report_module().main(str(source), str(target)) == 0
    text = target.read_text()
    assert "old table" not in text and "old note" not in text and "new note" in text
    assert "## Lighter install\n\nsize 2.1 GB before" in text
    assert "## Another team's section\n\nkept too" in text
    assert text.count("## Notes") == 1


def test_a_rewrite_keeps_the_marked_section_of_the_load_test_with_its_markers(tmp_path):
    """`make load-test` finds its section by its marker lines: a rewrite keeps them, so the
    next load test replaces its section instead of adding a second one."""
    source = tmp_path / "latest.json"
    source.write_text(json.dumps({"benchmarks": []}))
    target = tmp_path / "benchmarks.md"
    marked = "<!-- classroom:begin -->\n## The classroom\n\np95 9 s\n<!-- classroom:end -->"
    target.write_text(f"# Benchmarks\n\n## Notes\n\n- old note\n\n{marked}\n\n## Later\n\nx\n")
    assert _report_module().main(str(source), str(target)) == 0
    text = target.read_text()
    assert marked in text and text.count("## The classroom") == 1
    assert "## Later\n\nx" in text
