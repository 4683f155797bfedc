"""Who does what: the institutions of a national counter-trafficking system and their duties."""

from simsuite.activities.institutions.activity import TYPE  # noqa: F401 - the registry's entry
