"""``simsuite case generate`` and ``simsuite case qualify``: output, determinism, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simsuite.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_generate_json_is_deterministic(capsys):
    first = run(capsys, "case", "generate", "--jurisdiction", "KG", "--seed", "42")
    second = run(capsys, "case", "generate", "--jurisdiction", "KG", "--seed", "42")
    assert first[0] == 0 and first[1] == second[1]
    data = json.loads(first[1])
    assert {"case_id", "facts", "verdict", "narrative", "police_indicators"} <= set(data)


def test_generate_markdown_in_russian(capsys):
    code, out, _ = run(capsys, "case", "generate", "--seed", "3", "--format", "md", "--lang", "ru")
    assert code == 0 and out.startswith("# KG-")
    assert any("а" <= ch <= "я" for ch in out)


def test_qualify_prints_verdict_and_trace(capsys, tmp_path: Path):
    _, out, _ = run(capsys, "case", "generate", "--seed", "11", "--non-trafficking-share", "0")
    facts = json.loads(out)["facts"]
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), "utf-8")
    code, out, _ = run(capsys, "case", "qualify", str(path), "--jurisdiction", "KG")
    verdict = json.loads(out)
    assert code == 0 and verdict["is_trafficking"] is True
    assert verdict["trace"] and all(step["source"] for step in verdict["trace"])


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"victim": {"age": 20, "sex": "female", "citizenship": "KG"}}), "missing"),
        (
            json.dumps(
                {
                    "victim": {"age": 20, "sex": "female", "citizenship": "KG"},
                    "acts": [],
                    "means": [],
                    "purposes": [],
                    "travel": "none",
                    "route": {"scope": "domestic", "border_crossing": "legal"},
                    "exploitation_occurred": False,
                }
            ),
            "route.border_crossing",
        ),
    ],
)
def test_bad_facts_file_exits_2_without_traceback(capsys, tmp_path: Path, content, needle):
    path = tmp_path / "facts.json"
    path.write_text(content, "utf-8")
    code, out, err = run(capsys, "case", "qualify", str(path), "--jurisdiction", "KG")
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err


def test_missing_file_and_unknown_jurisdiction_exit_2(capsys, tmp_path: Path):
    code, _, err = run(
        capsys, "case", "qualify", str(tmp_path / "nope.json"), "--jurisdiction", "KG"
    )
    assert code == 2 and "nope.json" in err
    code, _, err = run(capsys, "case", "generate", "--seed", "1", "--jurisdiction", "XX")
    assert code == 2 and "Allowed: AZ, KG, PALERMO, UZ" in err


def test_bad_generator_option_exits_2(capsys):
    code, _, err = run(capsys, "case", "generate", "--seed", "1", "--difficulty", "insane")
    assert code == 2 and "difficulty" in err


def test_same_bytes_across_processes_and_hash_seeds():
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "simsuite.cli",
                "case",
                "generate",
                "--seed",
                "77",
                "--lang",
                "ru",
            ],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and outputs[0]
