"""The review flag: what a native legal editor still has to check, per catalogue."""

from __future__ import annotations

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from simsuite.i18n.review import FLAG, catalogues, counts, mark


def test_an_entry_counts_as_reviewed_only_once_signed(tmp_path):
    catalog = Catalog(locale="ky")
    catalog.add("Check", "Текшерүү", auto_comments=[FLAG])
    catalog.add("Next", "Кийинки", user_comments=["reviewed: AB 2026-12-01"])
    catalog.add("Previous", "Мурунку")
    path = tmp_path / "ky.po"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    assert counts(path) == (3, 2)
    assert mark(path) == 1  # "Previous" gets its flag back; the signed entry keeps its state
    with path.open("rb") as handle:
        flagged = {m.id for m in read_po(handle) if FLAG in m.auto_comments}
    assert flagged == {"Check", "Previous"}


def test_every_kyrgyz_entry_is_flagged_or_signed():
    """A translation nobody has reviewed must say so (see docs/translations.md)."""
    paths = catalogues(lang="ky")
    assert paths, "no Kyrgyz catalogue"
    for path in paths:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id:
                signed = any(c.startswith("reviewed:") for c in message.user_comments)
                assert FLAG in message.auto_comments or signed, (path.name, message.id)
