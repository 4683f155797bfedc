"""Assessment: item bank, item scoring, exercise builders and learning reports."""
