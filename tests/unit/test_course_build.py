"""The committed nbgrader sources are exactly what the builder makes from the course data."""

from simsuite.course.build import build_course


def test_committed_exercises_are_up_to_date(repo, tmp_path):
    written = build_course(repo / "grading" / "course.yaml", tmp_path)
    assert written
    for path in written:
        committed = repo / "exercises" / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} missing: run `simsuite course build`"
        assert committed.read_text() == path.read_text(), (
            f"{committed} is stale: run `simsuite course build`"
        )
