"""Poverty targeting (การแก้ไขปัญหาความยากจน): survey rounds, five-dimension targeting, the Logbook."""
