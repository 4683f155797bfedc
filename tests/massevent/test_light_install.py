"""JuPedSim is installed without its desktop viewer's PySide6 and VTK (docs/benchmarks.md).

`make setup` installs it with `--no-deps`; simsuite's own requirements carry what it imports
at run time. These tests fail if the viewer's 1.2 GB come back, or if JuPedSim's runtime
needs something simsuite does not declare.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from importlib.util import find_spec

#: JuPedSim's requirements that only its viewer (jupedsim_visualizer) imports.
VIEWER_ONLY = {"pyside6", "vtk"}


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_viewers_qt_and_vtk_are_not_installed():
    assert find_spec("jupedsim") is not None
    assert find_spec("PySide6") is None and find_spec("vtkmodules") is None


def test_jupedsim_imports_nothing_of_the_viewer():
    probe = (
        "import sys, jupedsim\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'vtk', 'vtkmodules'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_simsuite_declares_what_jupedsim_needs_at_run_time():
    needed = {_name(r) for r in metadata.requires("jupedsim") or []} - VIEWER_ONLY
    declared = {_name(r) for r in metadata.requires("simsuite") or [] if "extra ==" not in r}
    assert needed <= declared, needed - declared
