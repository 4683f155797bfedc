"""Content files of the first-response types: YAML validated by a JSON Schema at load."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

from simsuite.content import package_yaml
from simsuite.errors import ContentError
from simsuite.i18n import _


def validated_yaml(package: str, data_file: str, schema_file: str) -> Mapping[str, Any]:
    """``<package>/data/<data_file>``, checked against ``<package>/data/<schema_file>``; the
    first problem is reported with its place in the file."""
    data = package_yaml(package, "data", data_file)
    validate(data, package, schema_file, where=f"{package}/data/{data_file}")
    return data


def validate(data: Any, package: str, schema_file: str, where: str) -> None:
    """Check ``data`` against the JSON Schema ``<package>/data/<schema_file>``."""
    import jsonschema

    schema = json.loads(resources.files(package).joinpath("data", schema_file).read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        path = "/".join(str(p) for p in error.absolute_path) or _("(top level)")
        raise ContentError(
            _("{path}: {message}").format(path=path, message=error.message), where=where
        )
