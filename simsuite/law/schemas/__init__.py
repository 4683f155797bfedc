"""Data files (package data): kept as a package so wheels include them."""
