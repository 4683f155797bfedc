"""Grading on top of nbgrader: the answer-cell guard, parallel autograde and leak-free feedback."""
