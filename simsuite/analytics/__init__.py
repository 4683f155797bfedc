"""Learning analytics and reports: gains, item analysis, cohort reports, simulated cohorts."""
