"""Data and invariants."""
