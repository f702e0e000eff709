"""Writes: validation, transactions, audit."""
