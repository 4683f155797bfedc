"""Kyrgyz case suffixes: vowel harmony and the last sound of the word."""

import pytest

from simsuite.trafficking.morph_ky import inflect, suffix


@pytest.mark.parametrize(
    ("word", "case", "expected"),
    [
        ("Айзада Касымова", "gen", "Айзада Касымованын"),
        ("Айзада Касымова", "dat", "Айзада Касымовага"),
        ("Айзада Касымова", "acc", "Айзада Касымованы"),
        ("Айзада Касымова", "loc", "Айзада Касымовада"),
        ("Бакыт", "gen", "Бакыттын"),
        ("Бакыт", "dat", "Бакытка"),
        ("Бакыт", "acc", "Бакытты"),
        ("Асан", "gen", "Асандын"),
        ("Асан", "dat", "Асанга"),
        ("Бишкек", "dat", "Бишкекке"),
        ("Бишкек", "loc", "Бишкекте"),
        ("Ош", "dat", "Ошко"),
        ("Ош", "loc", "Ошто"),
        ("Айгүл", "gen", "Айгүлдүн"),
        ("Ысык-Көл", "dat", "Ысык-Көлгө"),
        ("Ак-Тал-Суу", "dat", "Ак-Тал-Сууга"),
        ("Ак-Тал-Суу", "gen", "Ак-Тал-Суунун"),
        ("Токмок", "dat", "Токмокко"),
        ("Нурлан Эсенов", "acc", "Нурлан Эсеновду"),
        ("Эрлан", "abl", "Эрландан"),
        ("Талас", "abl", "Таластан"),
        ("Айзада", "nom", "Айзада"),
        ("Айзада", "ins", "Айзада менен"),
    ],
)
def test_case_forms(word, case, expected):
    assert inflect(word, case) == expected


def test_unknown_case_is_an_error():
    with pytest.raises(ValueError):
        suffix("Айзада", "voc")
