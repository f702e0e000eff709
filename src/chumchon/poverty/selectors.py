"""Reads and aggregates."""
