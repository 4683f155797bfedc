"""First contact: a branching conversation with a presumed victim, scored per principle."""

from simsuite.activities.first_contact.activity import TYPE  # noqa: E402, F401 - the registry's entry
