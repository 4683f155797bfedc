"""Content files of the first-response types: YAML validated by a JSON Schema at load."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simsuite.content import package_yaml, schema_checked


def validated_yaml(package: str, data_file: str, schema_file: str) -> Mapping[str, Any]:
    """``<package>/data/<data_file>``, checked against ``<package>/data/<schema_file>``; the
    first problem is reported with its place in the file."""
    data = package_yaml(package, "data", data_file)
    validate(data, package, schema_file, where=f"{package}/data/{data_file}")
    return data


def validate(data: Any, package: str, schema_file: str, where: str) -> None:
    """Check ``data`` against the JSON Schema ``<package>/data/<schema_file>``."""
    schema_checked(data, package, f"data/{schema_file}", None, where)
