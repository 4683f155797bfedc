"""What awaits review by a native legal editor, per language and catalogue.

A translated entry carries the translator comment ``# reviewed: false`` until an editor has
checked it. The editor replaces it by ``# reviewed: <initials> <date>``. Translator comments
survive ``make messages`` (extracted ``#.`` comments are rewritten from the template, so a flag
there would be lost). An entry counts as reviewed when it is signed and not flagged.

``python -m simsuite.i18n.review`` prints the counts; ``--mark`` (after new entries arrived
with ``make messages``) puts ``# reviewed: false`` on every entry that no editor has signed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

FLAG = "reviewed: false"
LOCALES = Path(__file__).with_name("locales")


def _flagged_message(message) -> bool:
    return FLAG in (c.strip() for c in message.user_comments)


def _signed(message) -> bool:
    return any(
        c.strip().startswith("reviewed:") and c.strip() != FLAG for c in message.user_comments
    )


def is_reviewed(message) -> bool:
    return _signed(message) and not _flagged_message(message)


def counts(path: Path) -> tuple[int, int]:
    """(entries, entries awaiting review) of one catalogue."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    entries = [m for m in catalog if m.id]
    return len(entries), sum(1 for m in entries if not is_reviewed(m))


def _flagged(path: Path) -> int:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return sum(1 for m in catalog if m.id and _flagged_message(m))


def mark(path: Path) -> int:
    """Flag every unsigned entry of a catalogue; the number of flags added."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    added = 0
    for message in catalog:
        if message.id and not _signed(message) and not _flagged_message(message):
            message.user_comments.append(FLAG)
            added += 1
    if added:
        with path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, sort_output=True, width=76)
    return added


def catalogues(root: Path = LOCALES, lang: str | None = None) -> list[Path]:
    """Interface and content catalogues, loaded and drafts (English needs none)."""
    found = [
        p
        for pattern in ("*.po", "content/*.po", "drafts/*.po", "drafts/content/*.po")
        for p in sorted(root.glob(pattern))
    ]
    return [p for p in found if lang is None or p.stem == lang]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang", nargs="?", help="one language (default: all)")
    parser.add_argument("--mark", action="store_true", help="flag every unsigned entry")
    args = parser.parse_args(argv)
    for path in catalogues(lang=args.lang):
        if args.mark:
            mark(path)
        total, waiting = counts(path)
        flagged = _flagged(path)
        print(
            f"{path.relative_to(LOCALES)}: {waiting} of {total} entries await review "
            f"({flagged} flagged '{FLAG}', {waiting - flagged} with no flag and no signature)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
