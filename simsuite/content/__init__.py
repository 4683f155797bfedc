"""Loading content data files (YAML) shipped inside the package, with clear errors."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from simsuite.errors import ContentError
from simsuite.i18n import _


def load_yaml_file(path: str | Path) -> Any:
    """Read a YAML file given by a user or an academy; errors name the file and the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(_("File not found."), where=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(
            _("Cannot read the file ({reason}).").format(reason=error), where=str(path)
        ) from None
    return parse_yaml(text, str(path))


def parse_yaml(text: str, where: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        location = f"{where}:{mark.line + 1}" if mark is not None else where
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(
            _("Not valid YAML: {problem}.").format(problem=problem), where=location
        ) from None


@cache
def package_yaml(package: str, *parts: str) -> Any:
    """Load a YAML data file shipped in ``package`` (cached: content is read-only)."""
    resource = resources.files(package).joinpath(*parts)
    return parse_yaml(resource.read_text(encoding="utf-8"), f"{package}/{'/'.join(parts)}")
