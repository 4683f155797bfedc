"""Test items (pre-test, post-test, knowledge checks): the item bank and the scoring rule."""
