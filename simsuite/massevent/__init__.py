"""Mass-event scenario and risk simulator: capacity, ingress, evacuation, risk, coordination.

See docs/massevent.md. Entry points: :func:`simsuite.massevent.risk.what_if`,
:func:`simsuite.massevent.capacity.capacity`, :func:`simsuite.massevent.egress.evacuate`,
:func:`simsuite.massevent.micro.run_jupedsim`, :func:`simsuite.massevent.plan.evaluate_plan`.
"""
