"""`simsuite classroom` and the classroom settings: bad input gets a clear message, exit 2."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from simsuite.classroom.api import HubClient, HubError
from simsuite.classroom.settings import parse_size
from simsuite.cli import main
from simsuite.errors import UserInputError


def test_memory_sizes():
    assert parse_size("2G", "x") == 2 * 1024**3
    assert parse_size("512M", "x") == 512 * 1024**2
    assert parse_size("1.5GiB", "x") == int(1.5 * 1024**3)
    assert parse_size("0", "x") == 0
    with pytest.raises(UserInputError, match="Not a memory size"):
        parse_size("lots", "SIMSUITE_HUB_MEM_LIMIT")


def test_a_user_name_that_cannot_be_an_account_is_refused(tmp_path, capsys):
    token = tmp_path / "token"
    token.write_text("not-used\n")
    code = main(["classroom", "add-trainees", "Ann Lee", "--token-file", str(token)])
    assert code == 2
    error = capsys.readouterr().err
    assert "Not a valid classroom user name: 'Ann Lee'" in error and "Traceback" not in error


def test_without_the_administration_token_the_message_says_where_to_run(tmp_path, capsys):
    code = main(["classroom", "roster", "--token-file", str(tmp_path / "missing")])
    assert code == 2
    assert "administration token" in capsys.readouterr().err


def test_a_hub_that_is_not_there_is_reported_not_raised():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(HubError, match="Cannot reach the hub at"):
        HubClient(f"http://127.0.0.1:{port}", "token", timeout=5).users()


def test_a_copied_course_folder_holds_everything_the_course_reads(tmp_path):
    """An instructor's course folder on the hub (and the guide's dry run) is a copy of grading/:
    every part the course needs is copied (a new folder in grading/ must be added to the list or
    named here as not part of a course), and the copy builds the variants' course."""
    from simsuite.course.course import load_course
    from simsuite.course.paths import COURSE_FOLDER_PARTS, copy_course_files

    grading = Path(__file__).parents[2] / "grading"
    not_course = {"classroom", "course", "roster.txt", "__pycache__"}
    tracked = {path.name for path in grading.iterdir()} - not_course
    assert tracked <= set(COURSE_FOLDER_PARTS), tracked - set(COURSE_FOLDER_PARTS)

    copy = tmp_path / "grading"
    copy.mkdir()
    copy_course_files(grading, copy)
    course = load_course(copy / "course.yaml")
    assert course.case_templates is not None and course.case_templates.templates("en")["slots"]
    assert course.item_bank.items
