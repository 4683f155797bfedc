"""Assess the response: a country's counter-trafficking coordination rated against the IOM needs
assessment's framework and operational indicators, and its recommendations ranked."""

from simsuite.activities.needs_assessment.activity import TYPE  # noqa: F401 - the registry's entry
