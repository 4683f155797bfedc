"""Weigh the evidence: the evidence-and-proof module's exercise type."""

from simsuite.activities.evidence_review.activity import TYPE

__all__ = ["TYPE"]
