import pytest

from simsuite.errors import UserInputError
from simsuite.i18n import _, available_languages, language, localized


def test_english_is_the_source_and_russian_has_a_catalogue():
    assert available_languages()[:2] == ("en", "ru")
    assert _("Allowed: {allowed}.") == "Allowed: {allowed}."
    with language("ru"):
        assert _("Allowed: {allowed}.") == "Допустимо: {allowed}."
    # back to English after the block
    assert _("Allowed: {allowed}.") == "Allowed: {allowed}."


def test_untranslated_text_falls_back_to_english():
    with language("ru"):
        assert _("a sentence nobody translated") == "a sentence nobody translated"
        assert localized({"en": "Check"}) == "Check"
        assert localized({"en": "Check", "ru": "Проверить"}) == "Проверить"


def test_unknown_language_is_a_clear_error():
    with pytest.raises(UserInputError) as error:
        with language("xx"):
            pass
    assert "xx" in str(error.value) and "en" in str(error.value)


def test_every_catalogue_keeps_the_placeholders_of_its_messages():
    """A translation that drops or renames a {placeholder} would crash .format() at run time."""
    import re
    from importlib import resources

    from babel.messages.pofile import read_po

    placeholder = re.compile(r"\{[^{}]*\}")
    folder = resources.files("simsuite.i18n").joinpath("locales")
    for entry in folder.iterdir():
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not (message.id and message.string):
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = sorted(placeholder.findall(ids[-1]))
            for string in strings:  # every plural form keeps the placeholders
                if string:
                    assert sorted(placeholder.findall(string)) == wanted, (entry.name, ids[0])


def test_the_template_lists_every_interface_string(tmp_path):
    """`make messages` was run after the last interface change (no string left untranslatable)."""
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    repo = Path(__file__).resolve().parents[2]
    fresh = tmp_path / "fresh.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-k",
            "_",
            "-k",
            "N_",
            "-k",
            "ngettext:1,2",
            "--no-location",
            "-o",
            str(fresh),
            str(repo / "simsuite"),
        ],
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (repo / "simsuite" / "i18n" / "simsuite.pot").open("rb") as handle:
        listed = {m.id for m in read_po(handle) if m.id}
    missing = wanted - listed
    assert not missing, f"run `make messages`: {sorted(missing)[:5]}"


def test_the_apps_speak_russian():
    from simsuite.activities.identification.widget import SpotTheIndicators

    app = SpotTheIndicators(seed=5, lang="ru")
    assert app.check_button.description == "Проверить"
    assert "Кыргызстан" in app.case_view.value
    first = next(iter(app.checkboxes.values()))
    assert any("а" <= ch <= "я" for ch in first.description.lower())



def test_the_content_template_lists_every_content_text(repo):
    """`make messages` was run after content changed: translators see every content text."""
    from babel.messages.pofile import read_po

    from simsuite.i18n.content import TEMPLATE, content_texts

    wanted = {text["en"] for _file, _path, text in content_texts(repo)}
    with TEMPLATE.open("rb") as handle:
        listed = {m.id for m in read_po(handle) if m.id}
    missing = wanted - listed
    assert not missing, f"run `make messages`: {sorted(missing)[:5]}"


def test_a_content_text_falls_back_to_the_content_catalogue_then_english(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    import simsuite.i18n as i18n

    catalog = Catalog(locale="ru")
    catalog.add("Only in the catalogue", "Только в каталоге")
    folder = tmp_path / "locales" / "content"
    folder.mkdir(parents=True)
    with (folder / "ru.po").open("wb") as handle:
        write_po(handle, catalog)

    class Files:
        def joinpath(self, *parts):
            return tmp_path.joinpath(*parts)

    monkeypatch.setattr(i18n.resources, "files", lambda _package: Files())
    i18n._content_translations.cache_clear()
    try:
        assert i18n.localized({"en": "Only in the catalogue"}, "ru") == "Только в каталоге"
        assert i18n.localized({"en": "x", "ru": "в данных"}, "ru") == "в данных"
        assert i18n.localized({"en": "Nowhere translated"}, "ru") == "Nowhere translated"
    finally:
        i18n._content_translations.cache_clear()


def test_no_translated_string_hides_inside_an_f_string(repo):
    """pybabel does not look inside f-strings: a `_("…")` there would never be translated."""
    import ast

    hidden = []
    for path in sorted((repo / "simsuite").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in {"_", "N_", "gettext"}
                    and inner.args
                    and isinstance(inner.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.relative_to(repo)}:{inner.lineno}: {inner.args[0].value}")
    assert not hidden, "move these out of f-strings:\n" + "\n".join(hidden)
