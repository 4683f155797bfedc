"""The victim-file audit: the seven items of the recognition-as-victim materials."""

from simsuite.activities.victim_file.activity import TYPE  # noqa: F401 - the registry's entry
