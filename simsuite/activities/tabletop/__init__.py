"""The mass-event tabletop exercise: a generated brief, the trainee's plan (measures and the
six-part unified tactical-coordination plan), a verdict per target, the conduct phase (timed
injects) and the after-action review. The scoring rule is
:func:`simsuite.activities.tabletop.evaluate.evaluate_tabletop`; the crowd and capacity models
are :mod:`simsuite.massevent`'s.
"""

from simsuite.activities.tabletop.activity import TYPE  # noqa: F401 - the registry's entry
