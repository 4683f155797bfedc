"""YAML parsing: libyaml's C parser for the files shipped inside the package.

Cases, law packs and name pools are YAML; parsing them with the pure-Python parser was most of
the wait before the qualification app appeared (2.4 s of 3.4 s). The C parser builds the same
data with the same safe constructors, about ten times faster.

It is kept to the package's own files: on a deeply nested document the C parser recurses
without limit and crashes the process, where the pure-Python one raises ``RecursionError``,
which the loaders of files a user gives turn into a clear error. So anything from outside the
package goes through :func:`load_given`.
"""

from __future__ import annotations

from typing import Any

import yaml

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_shipped(text: str) -> Any:
    """A data file shipped inside simsuite (shallow by construction, read on every page)."""
    return yaml.load(text, Loader=_FAST)  # noqa: S506 - a safe loader


def load_given(text: str) -> Any:
    """A file a user, an academy or an instructor gives: errors, never a crash."""
    return yaml.safe_load(text)
