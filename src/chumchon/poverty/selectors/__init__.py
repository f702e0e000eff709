"""Reads for poverty targeting, one module per concept (results, targets, additions, Logbook, loop, imports).

Pages read the materialised ``AreaPovertyResult`` rows; only a tambon's target list and the
closing-the-loop comparison read the survey store (one tambon, or the households concerned).
"""
