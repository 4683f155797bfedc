"""The graded identification case: one case per trainee, keys only at autograde time.

* ``build_identification`` writes the nbgrader source notebook. Its solution region holds the
  key of the public *preview* case only (what an instructor sees running the source).
* ``write_case_variants`` writes ``variants/cases.json`` beside it: each trainee's case as
  prose and options, no key, no seed. nbgrader copies it into the release.
* ``show_my_case`` runs in the trainee's kernel and shows their own case.
* ``identification_points`` is the hidden test: it re-derives the graded trainee's case from
  the course secret and scores the answer with the same rule as the self-paced widget.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simsuite.activities.identification import IdentificationExercise, PublicCase
from simsuite.course.variants import (
    PREVIEW_SECRET,
    PREVIEW_TRAINEE,
    VARIANTS_DIR,
    current_trainee,
    grading_context,
    in_autograde,
    variant_seed,
)
from simsuite.errors import ContentError
from simsuite.i18n import _, language

if TYPE_CHECKING:  # nbformat drags in jsonschema (seconds): not in a grading kernel
    import nbformat

CASES_FILE = "cases.json"
#: A variant must show at least this many indicators unless the course file says otherwise,
#: so that trainees' cases are comparable in difficulty.
DEFAULT_MIN_INDICATORS = 2
MAX_ATTEMPTS = 200


def variant_exercise(
    secret: bytes,
    assignment: str,
    trainee: str,
    params: Mapping[str, Any],
    lang: str,
    min_indicators: int = DEFAULT_MIN_INDICATORS,
) -> IdentificationExercise:
    """The trainee's case: the first HMAC-seeded candidate that meets the constraint."""
    for attempt in range(MAX_ATTEMPTS):
        seed = variant_seed(secret, assignment, trainee, attempt)
        exercise = IdentificationExercise.generate(seed, lang=lang, **dict(params))
        if len(exercise.key.present) >= min_indicators:
            return exercise
    raise ContentError(
        _("No case with {n} indicators in {m} attempts: lower min_indicators.").format(
            n=min_indicators, m=MAX_ATTEMPTS
        ),
        where=f"assignment {assignment}",
    )


def _settings(assignment: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
    return dict(assignment.get("params", {})), int(
        assignment.get("min_indicators", DEFAULT_MIN_INDICATORS)
    )


def build_identification(course, assignment: Mapping[str, Any]) -> nbformat.NotebookNode:
    from simsuite.course.build import CONTENT_NOTE, _code, _markdown, _new_notebook

    lang = course.lang
    params, min_indicators = _settings(assignment)
    preview = variant_exercise(
        PREVIEW_SECRET, assignment["name"], PREVIEW_TRAINEE, params, lang, min_indicators
    )
    intro = "\n\n".join(
        [
            f"# {assignment['title']}",
            _(CONTENT_NOTE),
            _(
                "Every trainee has their own case. Run the cell below to see yours. Decide "
                "which indicators of the Kyrgyz police manual it shows, and whether the person "
                "is a presumed victim of trafficking. Then write your answer in the cell after "
                "it and run the check."
            ),
        ]
    )
    show = "from simsuite.course.casework import show_my_case\n\nshow_my_case()"
    key = preview.key
    # written out sorted: a set's repr follows the hash seed, and the source must not churn
    ticked = "{" + ", ".join(map(repr, sorted(key.present))) + "}" if key.present else "set()"
    answer = "\n".join(
        [
            "indicators_seen = set()  # " + _("the ids of the indicators the case shows"),
            "presumed_victim = None  # " + _("True or False"),
            "### BEGIN SOLUTION",
            f"indicators_seen = {ticked}",
            f"presumed_victim = {key.presumed_victim!r}",
            "### END SOLUTION",
        ]
    )
    points = assignment.get("points", 5)
    test = "\n".join(
        [
            "### BEGIN HIDDEN TESTS",
            "from simsuite.course.casework import identification_points",
            "identification_points(",
            f"    assignment={assignment['name']!r}, params={params!r}, lang={lang!r},",
            f"    min_indicators={min_indicators}, ticked=indicators_seen,",
            f"    presumed_victim=presumed_victim, max_points={points},",
            ")",
            "### END HIDDEN TESTS",
        ]
    )
    check = (
        "from simsuite.course.format_check import check_identification\n\n"
        f"check_identification(indicators_seen, presumed_victim, age_band={key.age_band!r})"
    )
    return _new_notebook(
        [
            _markdown(intro, "intro"),
            _code(show, "show_case", locked=True),
            _code(answer, "answer", solution=True),
            _code(check, "format_check", locked=True),
            _code(test, "score", grade=True, locked=True, points=points),
        ]
    )


def write_case_variants(
    course,
    assignment: Mapping[str, Any],
    roster: Sequence[str],
    secret: bytes,
    folder: str | Path,
) -> list[Path]:
    """Write every rostered trainee's public case (prose and options only)."""
    params, min_indicators = _settings(assignment)
    cases = {}
    with language(course.lang):
        for trainee in roster:
            exercise = variant_exercise(
                secret, assignment["name"], trainee, params, course.lang, min_indicators
            )
            public = exercise.public
            cases[trainee] = {
                "lang": public.lang,
                "age_band": public.age_band,
                "narrative": public.narrative,
            }
    target = Path(folder) / assignment["name"] / VARIANTS_DIR / CASES_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    document = {"assignment": assignment["name"], "cases": cases}
    target.write_text(
        json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return [target]


def _show(text: str, display: bool) -> str:
    if display:
        try:
            from IPython.display import Markdown
            from IPython.display import display as show
        except ImportError:  # outside Jupyter
            print(text)
        else:
            show(Markdown(text))
    return text


def _case_markdown(public: PublicCase, note: str = "") -> str:
    options = "\n".join(f"- `{option_id}`: {label}" for option_id, label in public.options())
    parts = [f"## {_('Your case')}"]
    if note:
        parts.append(f"*{note}*")
    parts += [
        public.narrative,
        f"## {_('Indicators ({band} list)').format(band=public.age_band)}",
        options,
    ]
    return "\n\n".join(parts)


def show_my_case(folder: str | Path | None = None, trainee: str | None = None) -> None:
    """Show the trainee their own case; in the instructor's source copy, the preview case."""
    my_case_text(folder, trainee, display=True)


def my_case_text(
    folder: str | Path | None = None, trainee: str | None = None, display: bool = False
) -> str:
    """The Markdown of the trainee's case (shown too, with ``display``)."""
    folder = Path(folder) if folder is not None else Path.cwd()
    cases_path = folder / VARIANTS_DIR / CASES_FILE
    try:
        cases = json.loads(cases_path.read_text(encoding="utf-8"))["cases"]
    except (OSError, ValueError, KeyError):
        text = _("This assignment's cases ({path}) are missing. Ask your instructor.").format(
            path=cases_path
        )
        return _show(text, display)
    trainee = trainee or (grading_context()[0] if in_autograde() else current_trainee())
    note = ""
    if trainee not in cases and set(cases) == {PREVIEW_TRAINEE}:
        trainee, note = PREVIEW_TRAINEE, _("Instructor preview: not a trainee's case.")
    case = cases.get(trainee)
    if case is None:
        text = _(
            "There is no case for you ({trainee}) in this assignment. Ask your instructor to "
            "add you to the roster and release it again."
        ).format(trainee=trainee)
        return _show(text, display)
    public = PublicCase(
        case_id="", lang=case["lang"], age_band=case["age_band"], narrative=case["narrative"]
    )
    return _show(_case_markdown(public, note), display)


def identification_points(
    *,
    assignment: str,
    params: Mapping[str, Any],
    lang: str,
    min_indicators: int,
    ticked: object,
    presumed_victim: object,
    max_points: float,
) -> float:
    """The hidden test: the graded trainee's own case, the widget's scoring rule."""
    with warnings.catch_warnings():
        # nbgrader scores any stderr output in a test cell as zero
        warnings.simplefilter("ignore")
        trainee, secret = grading_context()
        with language(lang):
            exercise = variant_exercise(secret, assignment, trainee, params, lang, min_indicators)
            evaluation = exercise.check(ticked, presumed_victim)
    return evaluation.points(max_points)
