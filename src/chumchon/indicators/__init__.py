"""Indicators (ตัวชี้วัด): indicator definitions as formulas and their values by area."""
