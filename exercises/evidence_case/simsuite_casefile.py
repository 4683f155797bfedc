"""Your case, and a check that your answer is in the right form.

This file is part of the assignment and runs in your own notebook. It reads only
``variants/cases.json`` (the public part of every trainee's case: text and answer options, never
an answer key) and uses nothing but the Python standard library.
"""

import json
import os
from pathlib import Path

CASES = Path("variants") / "cases.json"


def _folder() -> Path:
    return Path.cwd()


def _trainee(document: dict) -> str:
    here = _folder().resolve()
    if here.parent.parent.name == "autograded":  # nbgrader grading this trainee's copy
        return here.parent.name
    for variable in ("JUPYTERHUB_USER", "SIMSUITE_TRAINEE"):
        if os.environ.get(variable):
            return os.environ[variable]
    import getpass

    return getpass.getuser()


def _load() -> dict:
    return json.loads((_folder() / CASES).read_text(encoding="utf-8"))


def _show(text: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:  # not in a notebook: plain text
        print(text)
    else:
        display(Markdown(text))


def _my_case() -> tuple[dict, dict, str]:
    """(the document, my case or {}, a message when there is no case for me)."""
    try:
        document = _load()
    except (OSError, ValueError):
        return {}, {}, "The cases of this assignment (variants/cases.json) are missing."
    messages = document.get("messages", {})
    cases = document.get("cases", {})
    trainee = _trainee(document)
    if trainee in cases:
        return document, cases[trainee], ""
    if set(cases) == {document.get("preview", "preview")}:
        case = dict(cases[document.get("preview", "preview")])
        case["markdown"] = "*" + messages.get("preview", "") + "*\n\n" + case["markdown"]
        return document, case, ""
    return document, {}, messages.get("no_case", "No case for {trainee}.").format(trainee=trainee)


def show_my_case() -> None:
    """Show your own case (or, in the instructor's copy, the preview case)."""
    _document, case, problem = _my_case()
    _show(problem or case["markdown"])


def _problem(field: dict, value, messages: dict):
    kind = field["kind"]
    options = [option for option, _label in field.get("options", [])]
    name = field["name"]
    if value is None or (kind in ("choices",) and not value and not field.get("required")):
        if field.get("required") and value is None:
            return messages["missing"].format(name=name, hint=field["hint"])
        return None
    if kind == "bool" and not isinstance(value, bool):
        return messages["wrong_form"].format(name=name, hint=field["hint"])
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return messages["wrong_form"].format(name=name, hint=field["hint"])
    if kind == "text" and not isinstance(value, str):
        return messages["wrong_form"].format(name=name, hint=field["hint"])
    if kind == "choice":
        if not isinstance(value, str):
            return messages["wrong_form"].format(name=name, hint=field["hint"])
        if options and value not in options:
            return messages["not_an_option"].format(name=name, value=value)
    if kind in ("choices", "order", "sequence"):
        if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
            return messages["wrong_form"].format(name=name, hint=field["hint"])
        if kind == "sequence" and not isinstance(value, (list, tuple)):  # order matters
            return messages["wrong_form"].format(name=name, hint=field["hint"])
        unknown = [v for v in value if not isinstance(v, str) or (options and v not in options)]
        if unknown:
            return messages["not_an_option"].format(name=name, value=", ".join(map(repr, unknown)))
        if kind == "order" and sorted(value) != sorted(options):
            return messages["order"].format(name=name)
    return None


def check_my_answer(**answers) -> None:
    """Say which answers are missing or not in the right form; never whether they are right."""
    document, case, problem = _my_case()
    if problem:
        print(problem)
        return
    messages = document.get("messages", {})
    problems = [
        text
        for field in case.get("fields", [])
        for text in [_problem(field, answers.get(field["name"]), messages)]
        if text
    ]
    print("\n".join(problems) if problems else messages.get("ok", "OK"))
