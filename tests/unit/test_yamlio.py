"""Shipped files go through the fast parser; a file someone gives, however deeply nested,
gets a clear error and never crashes the process (libyaml's parser recurses without limit)."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest

from simsuite.content import load_yaml_file
from simsuite.errors import ContentError
from simsuite.yamlio import load_given, load_shipped

DEEP = "a: " + "[" * 20000 + "]" * 20000 + "\n"
DEEP_BLOCK = "- " * 20000 + "x\n"


def test_both_parsers_read_a_shipped_file_alike():
    text = resources.files("simsuite.law").joinpath("vocabulary.yaml").read_text("utf-8")
    assert load_shipped(text) == load_given(text)


@pytest.mark.parametrize("text", [DEEP, DEEP_BLOCK], ids=["flow", "block"])
def test_a_deeply_nested_file_gets_an_error_not_a_crash(tmp_path, text):
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    # in a child process: if the parser crashed, it would take pytest's worker with it
    probe = (
        "import sys\n"
        "from simsuite.content import load_yaml_file\n"
        "from simsuite.errors import ContentError\n"
        "try:\n"
        f"    load_yaml_file({str(path)!r})\n"
        "except ContentError as error:\n"
        "    print(error.render())\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-500:]
    assert "nested too deeply" in result.stdout
    with pytest.raises(ContentError):
        load_yaml_file(path)
