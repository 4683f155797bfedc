"""The registry of exercise types.

Every package under ``simsuite/activities/`` that exposes ``TYPE`` (an
:class:`~simsuite.activities.base.ExerciseType`) is a registered type; adding a type is adding its
package. An academy's own types live outside simsuite: a module named in the environment variable
``SIMSUITE_ACTIVITIES`` (comma-separated module names) or an installed package's entry point in
the group ``simsuite.activities`` is imported and its ``TYPE`` registered, in every process that
looks types up (the app server, the course builder, the grading kernels). Tests can also
:func:`register` a type directly.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from functools import cache
from importlib.metadata import entry_points

from simsuite.activities.base import ExerciseType
from simsuite.errors import UserInputError
from simsuite.i18n import _

EXTRA_ENV = "SIMSUITE_ACTIVITIES"
ENTRY_POINT_GROUP = "simsuite.activities"
_extra: dict[str, ExerciseType] = {}


@cache
def _discovered() -> dict[str, ExerciseType]:
    import simsuite.activities as package

    found: dict[str, ExerciseType] = {}
    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not module.ispkg:
            continue
        exercise_type = getattr(
            importlib.import_module(f"{package.__name__}.{module.name}"), "TYPE", None
        )
        if isinstance(exercise_type, ExerciseType):
            found[exercise_type.name] = exercise_type
    modules = [m.strip() for m in os.environ.get(EXTRA_ENV, "").split(",") if m.strip()]
    loaded = [importlib.import_module(name) for name in modules]
    loaded += [point.load() for point in entry_points(group=ENTRY_POINT_GROUP)]
    for module in loaded:
        exercise_type = getattr(module, "TYPE", module)
        if not isinstance(exercise_type, ExerciseType):
            raise UserInputError(
                _("{module} does not define an exercise type (TYPE).").format(module=module),
                where=EXTRA_ENV,
            )
        found[exercise_type.name] = exercise_type
    return found


def exercise_types() -> dict[str, ExerciseType]:
    """Every registered type by name (discovered packages, then registered ones)."""
    return {**_discovered(), **_extra}


def get_type(name: str) -> ExerciseType:
    types = exercise_types()
    if name not in types:
        raise UserInputError(
            _("Unknown exercise type {name!r}.").format(name=name),
            where="kind",
            allowed=", ".join(sorted(types)),
        )
    return types[name]


def register(exercise_type: ExerciseType) -> ExerciseType:
    """Add a type defined outside ``simsuite/activities`` (an academy's own, or a test's)."""
    _extra[exercise_type.name] = exercise_type
    return exercise_type


def unregister(name: str) -> None:
    _extra.pop(name, None)
