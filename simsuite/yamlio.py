"""YAML parsing for every content file: libyaml's C parser where PyYAML has it.

Cases, law packs and name pools are YAML; parsing them with the pure-Python parser was most of
the wait before the qualification app appeared (2.4 s of 3.4 s). The C parser builds the same
data with the same safe constructors, about ten times faster. Errors are ``yaml.YAMLError``
either way, with the line in ``problem_mark``.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
