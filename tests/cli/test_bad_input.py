"""Every command and option of ``simsuite``, given bad input: exit code 2, no traceback, and one
line that names the input, says what was wrong and (for values) what is allowed.

The commands and options are discovered from the argparse parser, so a new command or option is
never missed: :data:`KINDS` must say what kind of input each option takes (a test fails for an
option it does not know), and the table gets that kind's bad values: a missing file, a folder, a
binary file, invalid and deeply nested JSON/YAML, a file of the wrong shape, negative, NaN,
infinite and huge numbers, path-like ids, an unwritable output. Rows of the ``case`` and
``event`` commands that still fail are expected failures naming the engineer's issue that owns
them (strict: they turn into errors the moment they are fixed, and the mark comes off).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import pytest
from harness import run_cli

from simsuite.cli import build_parser

REPO = Path(__file__).resolve().parents[2]

#: The kind of input of every option (and positional), by (command, dest).
KINDS = {
    ("case generate", "jurisdiction"): "code",
    ("case generate", "seed"): "number",
    ("case generate", "format"): "choice",
    ("case generate", "lang"): "code",
    ("case generate", "age_band"): "code",
    ("case generate", "difficulty"): "code",
    ("case generate", "non_trafficking_share"): "number",
    ("case generate", "forms"): "code",
    ("case generate", "near_misses"): "code",
    ("case qualify", "file"): "json",
    ("case generate", "open_share"): "number",
    ("case generate", "output"): "output_file",
    ("case qualify", "output"): "output_file",
    ("case qualify", "jurisdiction"): "code",
    ("case qualify", "lang"): "code",
    **{
        (f"event {command}", dest): kind
        for command in ("capacity", "simulate")
        for dest, kind in {
            "venue": "code",
            "venue_file": "yaml",
            "scenario": "yaml",
            "generate": "number",
            "attendance": "number",
            "kind": "choice",
            "threat_level": "choice",
            "weather": "choice",
            "alcohol": "choice",
        }.items()
    },
    ("event simulate", "mitigate"): "code",
    ("event simulate", "agents"): "number",
    ("event simulate", "seed"): "number",
    ("event simulate", "plot"): "writable_folder",
    ("event validate", "only"): "code",
    ("event validate", "seed"): "number",
    ("event plan", "file"): "yaml",
    ("course build", "course"): "yaml",
    ("course build", "exercises"): "writable_folder",
    ("course variants", "roster"): "roster",
    ("course variants", "course"): "yaml",
    ("course variants", "grading_dir"): "grading_dir",
    ("course trainee-config", "exchange"): "folder_text",
    ("course trainee-config", "out"): "output_file",
    ("course trainee-config", "course"): "yaml",
    ("course trainee-config", "grading_dir"): "grading_dir",
    ("course autograde", "assignment"): "name",
    ("course autograde", "grading_dir"): "grading_dir",
    ("course autograde", "student"): "name",
    ("course autograde", "timeout"): "number",
    ("course autograde", "workers"): "number",
    ("course autograde", "memory_mb"): "number",
    ("course feedback", "assignment"): "name",
    ("course feedback", "grading_dir"): "grading_dir",
    ("course report", "grading_dir"): "grading_dir",
    ("course report", "gradebook"): "database",
    ("course report", "course"): "yaml",
    ("course report", "course_root"): "course_root",
    ("course report", "out"): "output_folder",
    ("course report", "pre"): "name",
    ("course report", "post"): "name",
    ("course simulate-cohort", "trainees"): "number",
    ("course simulate-cohort", "out"): "output_folder",
    ("course simulate-cohort", "seed"): "number",
    ("course simulate-cohort", "workers"): "number",
    ("course simulate-cohort", "sloppy"): "number",
    ("course simulate-cohort", "malicious"): "number",
    ("course simulate-cohort", "course"): "yaml",
    **{
        (f"classroom {command}", dest): kind
        for command in ("add-instructor", "add-trainees")
        for dest, kind in {"names": "name", "roster": "roster"}.items()
    },
    ("classroom roster", "out"): "output_file",
    **{
        (f"classroom {command}", dest): kind
        for command in ("add-instructor", "add-trainees", "roster")
        for dest, kind in {"hub_url": "url", "token_file": "token_file"}.items()
    },
}

#: Nothing listens on the discard port: the address of a hub that is not there.
NO_HUB = "http://127.0.0.1:9/hub"

#: A valid command line for each command, which a row changes in one place only.
BASE = {
    "case generate": ["--seed", "1"],
    "case qualify": ["{facts}", "--jurisdiction", "KG"],
    "event capacity": ["--venue", "tinchsoy-arena", "--attendance", "1000"],
    "event simulate": ["--venue", "tinchsoy-arena", "--attendance", "1000"],
    "event validate": ["--only", "{geometry}"],
    "event plan": ["{plan}"],
    "course build": ["--exercises", "{new}"],
    "course variants": ["--roster", "roster.txt"],
    "course trainee-config": [],
    "course autograde": ["pretest"],
    "course feedback": ["pretest"],
    "course report": [],
    "course simulate-cohort": ["--trainees", "1", "--out", "{new}"],
    # a hub that is not there: every bad input is refused before the hub is asked
    **{
        f"classroom {command}": [*names, "--hub-url", NO_HUB, "--token-file", "{token}"]
        for command, names in {
            "add-instructor": ["alice"],
            "add-trainees": ["alice"],
            "roster": [],
        }.items()
    },
}

BAD_NUMBERS = ["abc", "-1", "nan", "inf", "-inf", "1e400", "123456789012345678901234567890"]
BAD_NAMES = ["../../etc", ".", "..", "a/b", "", "x" * 300]
BAD_CODES = ["zz-unknown", "../../etc", ""]
BAD_URLS = ["not a url", "ftp://x", "http://", "", "http://127.0.0.1:99999"]
BAD_TOKEN_FILES = {
    "missing": None,
    "a folder": "<folder>",
    "empty": "",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "two words": "a token\n",
}
NESTED_JSON = "[" * 100_000 + "]" * 100_000
NESTED_YAML = "a: " + "[" * 100_000
BAD_FILES = {
    "missing": None,
    "a folder": "<folder>",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "invalid": '{"venue": [1, 2',
    "deeply nested": NESTED_JSON,
    "a list": "[1, 2, 3]\n",
    "a number": "42\n",
}


@dataclass(frozen=True)
class Row:
    command: str
    option: str  # the option string, or the positional's dest
    dest: str
    kind: str
    label: str  # which bad value
    value: object  # the bad value (or a file's content for file kinds)


def _commands(parser: argparse.ArgumentParser, prefix=()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*prefix, name))
    if prefix and not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
        yield " ".join(prefix), parser


def _inputs(parser: argparse.ArgumentParser):
    """The options and positionals that take a value (flags and --help take none)."""
    for action in parser._actions:
        if action.nargs == 0 or isinstance(action, argparse._HelpAction):
            continue
        yield action


def discovered() -> dict[str, list[argparse.Action]]:
    return {name: list(_inputs(parser)) for name, parser in _commands(build_parser())}


def _values(kind: str):
    if kind == "number":
        return [(v, v) for v in BAD_NUMBERS]
    if kind in ("name",):
        return [(repr(v)[:20], v) for v in BAD_NAMES]
    if kind in ("code", "folder_text"):
        return [(repr(v)[:20], v) for v in BAD_CODES]
    if kind == "choice":
        return [("not a choice", "not-a-choice")]
    if kind == "url":
        return [(repr(v)[:30], v) for v in BAD_URLS]
    if kind == "token_file":
        return list(BAD_TOKEN_FILES.items())
    if kind in ("json", "yaml", "roster", "database"):
        files = dict(BAD_FILES)
        if kind == "yaml":
            files["deeply nested"] = NESTED_YAML
        if kind == "roster":
            del files["a number"]  # "42" is a valid user name
            files.update(
                {
                    "empty": "\n# nobody\n",
                    "path-like id": "alice\n../../etc\n",
                    "dot id": ".\n",
                    "twice": "alice\nalice\n",
                }
            )
        if kind == "database":
            files["not sqlite"] = "SQLite format 3\x00" + "garbage" * 100
        return list(files.items())
    if kind in ("output_folder", "output_file", "writable_folder"):
        values = [
            ("unwritable", "/proc/simsuite-cannot-write-here"),
            ("through a file", "<file>/inside"),
        ]
        if kind == "output_folder":  # must be new or empty
            values.append(("non-empty folder", "<busy>"))
        if kind == "output_file":
            values.append(("a folder", "<busy>"))
        return values
    if kind == "grading_dir":
        return [
            ("missing", "<missing>"),
            ("a file", "<file>"),
            ("no nbgrader_config.py", "<folder>"),
            ("config that fails", "<failing config>"),
        ]
    if kind == "course_root":
        return [("missing", "<missing>"), ("no course secret", "<folder>")]
    raise AssertionError(f"no bad values for kind {kind!r}")


def rows() -> list[Row]:
    found = []
    for command, actions in discovered().items():
        for action in actions:
            kind = KINDS.get((command, action.dest))
            if kind is None:
                continue  # test_every_option_has_a_kind names it
            option = action.option_strings[-1] if action.option_strings else action.dest
            for label, value in _values(kind):
                found.append(Row(command, option, action.dest, kind, label, value))
    found += CONTENT_ROWS + SEMANTIC_ROWS
    return found


# --- content of the course's own files, through the commands that read them ---------------------


def _course(assignments: str, extra: str = "") -> str:
    return f"course_id: test-course\nlang: en\n{extra}assignments:\n{assignments}"


IDENT = "  - {name: case1, kind: identification, title: Case, params: {jurisdiction: KG}"
CONTENT_ROWS = [
    Row("course build", "--course", "course", "course file", label, text)
    for label, text in {
        "assignments is a mapping": _course("  name: x\n"),
        "assignments is a number": "course_id: c\nassignments: 5\n",
        "assignment without name": _course("  - {kind: quiz, title: T}\n"),
        "assignment without title": _course("  - {name: t, kind: quiz}\n"),
        "assignment named ../../..": _course("  - {name: ../../.., kind: quiz, title: T}\n"),
        "assignment named .": _course("  - {name: ., kind: quiz, title: T}\n"),
        "kind is a list": _course("  - {name: t, kind: [quiz], title: T}\n"),
        "points: lots": _course(IDENT + ", points: lots}\n"),
        "points: -1": _course(IDENT + ", points: -1}\n"),
        "points: .nan": _course(IDENT + ", points: .nan}\n"),
        "points: 1e400": _course(IDENT + ", points: 1e400}\n"),
        "min_indicators: many": _course(IDENT + ", constraints: {min_indicators: many}}\n"),
        "params is a list": _course("  - {name: t, kind: quiz, title: T, params: [1]}\n"),
        "unknown param": _course("  - {name: t, kind: quiz, title: T, params: {colour: red}}\n"),
        "jurisdiction is a number": _course(
            "  - {name: t, kind: identification, title: T, params: {jurisdiction: 5}}\n"
        ),
        "unknown language": "course_id: c\nlang: xx\nassignments:\n  - {name: t, kind: quiz, "
        "title: T}\n",
        "course id ../x": _course("  - {name: t, kind: quiz, title: T}\n").replace(
            "test-course", "../x"
        ),
    }.items()
]

def _bank_item(**changes) -> dict:
    item = {
        "id": "A1",
        "form": "A",
        "parallel": "P1",
        "competency": "identification",
        "kind": "single",
        "stem": {"en": "Which?"},
        "options": {"a": {"en": "yes"}, "b": {"en": "no"}},
        "key": "a",
        "source": "004b",
        "feedback": {"en": "Because."},
    }
    item.update(changes)
    return item


def _bank(**changes) -> str:
    import yaml

    first = _bank_item(**changes)
    second = {**first, "id": "B1", "form": "B"}
    return yaml.safe_dump(
        {"competencies": {"identification": "Identification"}, "items": [first, second]}
    )


#: Item-bank rows: the bank is read by the quiz type (simsuite/activities/quiz/bank.py).
BANK_TEXTS = {
    "items is a number": "competencies: {identification: x}\nitems: 5\n",
    "items is a mapping": "competencies: {identification: x}\nitems: {a: 1}\n",
    "stem is a number": _bank(stem=5),
    "options is a list": _bank(options=["a", "b"]),
    "tolerance: abc": _bank(kind="numeric", key=3, options={}, tolerance="abc"),
    "key not an option": _bank(key="z"),
    "deeply nested": "items: " + "[" * 100_000,
}
CONTENT_ROWS += [
    Row("course build", "--course", "course", "item bank", f"item bank {label}", text)
    for label, text in BANK_TEXTS.items()
]

#: Bad inputs that are not a bad value of one kind: the issue's own examples among them.
SEMANTIC_ROWS = [
    Row("course feedback", "assignment", "assignment", "semantic", "not graded yet", "pretest"),
    Row("course autograde", "assignment", "assignment", "semantic", "no submission", "posttest"),
    Row("course autograde", "--memory-mb", "memory_mb", "number", "100 MiB", "100"),
    Row("course autograde", "--memory-mb", "memory_mb", "number", "a petabyte", str(2**30)),
    Row("course autograde", "--timeout", "timeout", "number", "zero", "0"),
    Row("course autograde", "--workers", "workers", "number", "zero", "0"),
    Row("course simulate-cohort", "--trainees", "trainees", "number", "1e11", "1e11"),
    Row("course simulate-cohort", "--trainees", "trainees", "number", "10**11", str(10**11)),
    Row("course simulate-cohort", "--sloppy", "sloppy", "number", "more than 1", "1.5"),
    Row("course simulate-cohort", "--out", "out", "semantic", "the repository", str(REPO)),
    Row(
        "course simulate-cohort", "--out", "out", "semantic", "in the repository",
        str(REPO / "grading" / "simulated"),
    ),
    Row("course simulate-cohort", "--out", "out", "semantic", "current folder", "."),
    Row("course trainee-config", "--exchange", "exchange", "semantic", "missing", "<missing>"),
    # the whole command line is valid, but no hub is there
    *(
        Row(f"classroom {command}", "--hub-url", "hub_url", "semantic", "no hub there", NO_HUB)
        for command in ("add-instructor", "add-trainees", "roster")
    ),
    Row("classroom add-trainees", "names", "names", "name", "upper case", "Alice"),
    Row("classroom add-trainees", "names", "names", "name", "one letter", "a"),
]  # fmt: skip

#: Rows owned elsewhere that still fail: (command, label or kind) -> who fixes them.
CASE_OWNER = "owned by the law issue's engineer: simsuite case must exit 2 on this input"
EVENT_OWNER = "owned by the mass-event issue's engineer: simsuite event must exit 2 on this input"
BANK_OWNER = (
    "simsuite/activities/quiz/bank.py (activities): load_item_bank/_validate_item must check "
    "the types of items, stem, options and tolerance and raise ContentError"
)
EXPECTED_FAILURES: dict[str, str] = {}


def _prepare(row: Row, workspace: Path, tmp: Path) -> tuple[list[str], str]:
    """The command line of a row, with its files written, and the bad value as given."""
    facts = workspace / "facts.json"
    if not facts.exists():
        code, out, _err = run_cli(["case", "generate", "--seed", "1"], workspace)
        facts.write_text(out)
        (workspace / "plan.yaml").write_text(
            "venue: tinchsoy-arena\nplan:\n  agency_tasks:\n    internal_affairs:\n"
            "      preparation: [risk analysis]\n"
        )
        (workspace / "hub-token").write_text("0123456789abcdef\n")
    new = tmp / "new-output"
    base = [
        part.format(
            facts=facts,
            plan=workspace / "plan.yaml",
            geometry="room-one-exit",
            new=new,
            token=workspace / "hub-token",
        )
        for part in BASE[row.command]
    ]
    value = row.value
    if row.kind in ("json", "yaml", "roster", "database", "course file", "item bank", "token_file"):
        path = tmp / f"input.{'json' if row.kind == 'json' else 'txt'}"
        if value is None:
            path = tmp / "missing.yaml"
        elif value == "<folder>":
            path = tmp / "a-folder"
            path.mkdir()
        elif isinstance(value, bytes):
            path.write_bytes(value)
        elif row.kind == "item bank":
            bank = tmp / "bank.yaml"
            bank.write_text(value)
            path.write_text(
                _course(
                    f"  - {{name: pretest, kind: quiz, title: T, params: "
                    f"{{phase: pre, item_bank: {bank}}}}}\n"
                )
            )
        else:
            path.write_text(value)
        value = str(path)
    elif isinstance(value, str) and value.startswith("<"):
        if value == "<file>/inside":
            (tmp / "a-file").write_text("x")
            value = str(tmp / "a-file" / "inside")
        elif value == "<busy>":
            (tmp / "busy").mkdir()
            (tmp / "busy" / "keep.txt").write_text("someone's work")
            value = str(tmp / "busy")
        elif value == "<missing>":
            value = str(tmp / "missing")
        elif value == "<file>":
            (tmp / "a-file").write_text("x")
            value = str(tmp / "a-file")
        elif value == "<folder>":
            (tmp / "a-folder").mkdir()
            value = str(tmp / "a-folder")
        elif value == "<failing config>":
            (tmp / "failing").mkdir()
            (tmp / "failing" / "nbgrader_config.py").write_text("raise SystemExit(3)\n")
            value = str(tmp / "failing")
    argv = row.command.split() + base
    if row.option.startswith("-"):
        if row.option in argv:
            argv[argv.index(row.option) + 1] = value
        else:
            argv += [row.option, value]
    else:  # a positional: the base's first value after the command
        positional = len(row.command.split())
        if len(argv) > positional and not argv[positional].startswith("-"):
            argv[positional] = value
        else:
            argv.insert(positional, value)
    return [str(part) for part in argv], str(value)


def _expected_failure(row: Row) -> str | None:
    return EXPECTED_FAILURES.get(f"{row.command} {row.option} {row.label}")


ROWS = rows()


def test_every_option_has_a_kind():
    """A new command or option must be added to KINDS (and so gets its rows)."""
    unknown = [
        f"{command} {action.dest}"
        for command, actions in discovered().items()
        for action in actions
        if (command, action.dest) not in KINDS
    ]
    assert unknown == []
    stale = {key for key in KINDS} - {
        (command, a.dest) for command, actions in discovered().items() for a in actions
    }
    assert stale == set()
    assert {command for command, _ in KINDS} == set(BASE)


def _params():
    for row in ROWS:
        marks = []
        reason = _expected_failure(row)
        if reason:
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        yield pytest.param(row, id=f"{row.command} {row.option} {row.label}", marks=marks)


@pytest.mark.parametrize("row", list(_params()))
def test_bad_input_exits_2_with_one_clear_line(row, workspace, tmp_path, monkeypatch):
    for name in ("SIMSUITE_COURSE_ROOT", "SIMSUITE_EXCHANGE_ROOT", "SIMSUITE_COURSE_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SIMSUITE_GRADING_DIR", str(workspace / "grading"))
    argv, value = _prepare(row, workspace, tmp_path)
    code, _out, err = run_cli(argv, workspace)
    assert code == 2, (argv, code, err[-500:])
    assert "Traceback" not in err
    message = err.strip().splitlines()[-1]
    named = [row.option, row.dest, row.dest.replace("_", "-")]
    if row.kind == "item bank":  # the bad input is the bank the course file names
        named.append(str(tmp_path / "bank.yaml"))
    assert any(name in message for name in named) or (value and value in message), message
    if row.kind in ("number", "name", "code", "choice"):
        hints = (
            "llowed",
            "choose from",
            "invalid int value",
            "invalid float value",
            "expected one argument",  # argparse reads "-inf" as an option: --timeout=-inf works
            "must be",
        )
        assert any(hint in message for hint in hints), message


def test_the_table_covers_every_command():
    covered = {row.command for row in ROWS}
    assert covered == set(discovered())
    assert len(ROWS) > 300
