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
