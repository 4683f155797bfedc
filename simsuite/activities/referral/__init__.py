"""Referral: who must be notified, by whom, in which order and by when (the referral rule of
simsuite, :func:`who_must_be_notified`), and the exercise type that practises it."""

from simsuite.activities.referral.person import Person, person_from_case
from simsuite.activities.referral.rules import Notification, referral_plan, who_must_be_notified

__all__ = ["Notification", "Person", "person_from_case", "referral_plan", "who_must_be_notified"]

from simsuite.activities.referral.activity import TYPE  # noqa: E402, F401 - the registry's entry
