"""A snapshot of every file a grading run must leave alone, and what changed between two."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file and link under ``roots``: path -> content hash (or link target)."""
    found: dict[str, str] = {}
    for root in roots:
        for directory, folders, files in os.walk(root, followlinks=False):
            folders[:] = [f for f in folders if f not in (".venv", ".git", "__pycache__")]
            links = [f for f in folders if os.path.islink(os.path.join(directory, f))]
            for name in files + links:
                path = Path(directory) / name
                if path.is_symlink():
                    found[str(path)] = "link:" + os.readlink(path)
                elif path.is_file():
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    found[str(path)] = "special"
    return found


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
