"""Test items (pre-test, post-test, knowledge checks): the item bank and the scoring rule."""

from simsuite.activities.quiz.activity import TYPE  # noqa: E402, F401 - the registry's entry
