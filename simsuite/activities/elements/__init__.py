"""Find the elements: which act, means and purpose of trafficking the facts of a case show."""

from simsuite.activities.elements.activity import TYPE  # noqa: F401 - the registry's entry
