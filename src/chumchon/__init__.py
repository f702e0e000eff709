"""Chumchon (ชุมชน): community-led, area-based development information system."""

__version__ = "0.1.0"
