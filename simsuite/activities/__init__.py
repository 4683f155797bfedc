"""Exercise types: one package per type, each with the same shape (see docs/architecture.md)."""
