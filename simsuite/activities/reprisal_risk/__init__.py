"""Plan protection from reprisals: the ISHR reprisal-risk method applied to a witness in a
trafficking case (threats, vulnerabilities, capacities, likelihood and impact, measures and an
emergency plan)."""

from simsuite.activities.reprisal_risk.activity import TYPE  # noqa: F401 - the registry's entry
