"""``simsuite case generate`` and ``simsuite case qualify``: output, determinism, bad input."""

from __future__ import annotations

import json
import os
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


# --- every bad input: exit 2, one line naming the input, what was wrong and what is allowed ---

VALID = {
    "victim": {"age": 22, "sex": "female", "citizenship": "KG"},
    "acts": ["recruitment"],
    "means": ["deception"],
    "purposes": ["forced_labour"],
    "travel": "none",
    "route": {"scope": "none", "border_crossing": "none"},
    "exploitation_occurred": False,
}


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a text file"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (json.dumps({**VALID, "victim": {**VALID["victim"], "age": "22"}}).encode(), "victim.age"),
        (json.dumps({**VALID, "acts": "recruitment"}).encode(), "acts"),
        (json.dumps(VALID).replace('"age": 22', '"age": NaN').encode(), "NaN"),
        (json.dumps(VALID).replace('"age": 22', '"age": Infinity').encode(), "Infinity"),
        (json.dumps(VALID).replace('"age": 22', '"age": 1e400').encode(), "victim.age"),
        (json.dumps(VALID).replace('"age": 22', '"age": ' + "9" * 5000).encode(), "too large"),
        (json.dumps(VALID).replace('"age": 22', '"age": 99999999999').encode(), "maximum"),
        (json.dumps({**VALID, "open": ["means:flying"]}).encode(), "open"),
        (json.dumps({**VALID, "victim_count": 0}).encode(), "victim_count"),
        (b" " * 2_000_000, "larger than"),
        (b"", "not valid JSON"),
    ],
)
def test_every_bad_facts_file_exits_2_with_one_line(capsys, tmp_path: Path, payload, needle):
    path = tmp_path / "facts.json"
    path.write_bytes(payload)
    code, out, err = run(capsys, "case", "qualify", str(path), "--jurisdiction", "KG")
    assert code == 2 and out == "", err
    assert needle in err and "Traceback" not in err
    assert err.count("\n") == 1 and str(path) in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--seed", "-3"], "--seed"),
        (["--seed", "12.5"], "--seed"),
        (["--seed", "9" * 40], "--seed"),
        (["--seed", "1", "--non-trafficking-share", "nan"], "--non-trafficking-share"),
        (["--seed", "1", "--non-trafficking-share", "inf"], "--non-trafficking-share"),
        (["--seed", "1", "--open-share", "1.5"], "--open-share"),
        (["--seed", "1", "--open-share", "lots"], "--open-share"),
        (["--seed", "1", "--lang", "de"], "--lang"),
        (["--seed", "1", "--form", "juggling"], "forms"),
    ],
)
def test_every_bad_generator_option_exits_2_with_one_line(capsys, argv, needle):
    code, out, err = run(capsys, "case", "generate", *argv)
    assert code == 2 and out == ""
    assert needle in err and "Allowed" in err and err.count("\n") == 1, err


def test_unwritable_output_exits_2_and_keeps_what_was_there(capsys, tmp_path: Path):
    missing = tmp_path / "no-such-folder" / "case.json"
    code, _, err = run(capsys, "case", "generate", "--seed", "1", "--output", str(missing))
    assert code == 2 and "--output" in err and "Traceback" not in err
    code, _, err = run(capsys, "case", "generate", "--seed", "1", "--output", str(tmp_path))
    assert code == 2 and "folder" in err
    locked = tmp_path / "locked"
    locked.mkdir()
    kept = locked / "case.json"
    kept.write_text("earlier work", "utf-8")
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        code, _, err = run(capsys, "case", "generate", "--seed", "1", "--output", str(kept))
        assert code == 2 and "--output" in err
        assert kept.read_text("utf-8") == "earlier work"
    finally:
        locked.chmod(0o700)


def test_output_file_is_written_whole(capsys, tmp_path: Path):
    target = tmp_path / "case.md"
    code, out, _ = run(
        capsys, "case", "generate", "--seed", "4", "--format", "md", "--lang", "ru",
        "--output", str(target),
    )  # fmt: skip
    assert code == 0 and out == ""
    text = target.read_text("utf-8")
    assert text.startswith("# KG-") and "## Ключ ответа" in text
    assert not list(tmp_path.glob(".case.md.*"))  # no temporary file left behind
