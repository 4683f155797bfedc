"""The review flag: what a native legal editor still has to check, per catalogue."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from simsuite.i18n.review import FLAG, catalogues, counts, mark


def test_an_entry_counts_as_reviewed_only_once_signed(tmp_path):
    catalog = Catalog(locale="ky")
    catalog.add("Check", "Текшерүү", user_comments=[FLAG])
    catalog.add("Next", "Кийинки", user_comments=["reviewed: AB 2026-12-01"])
    catalog.add("Previous", "Мурунку")
    path = tmp_path / "ky.po"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    assert counts(path) == (3, 2)
    assert mark(path) == 1  # "Previous" gets its flag back; the signed entry keeps its state
    with path.open("rb") as handle:
        flagged = {m.id for m in read_po(handle) if FLAG in m.user_comments}
    assert flagged == {"Check", "Previous"}


@pytest.mark.parametrize("lang", ["ky", "az", "uz"])
def test_every_entry_is_flagged_or_signed(lang):
    """A translation nobody has reviewed must say so (see docs/translations.md)."""
    paths = catalogues(lang=lang)
    if not paths:
        pytest.skip(f"no {lang} catalogue")
    for path in paths:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id:
                signed = any(c.startswith("reviewed:") for c in message.user_comments)
                assert signed, (path.name, message.id)  # "reviewed: false" or a signature
