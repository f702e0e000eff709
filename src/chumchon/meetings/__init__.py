"""Meetings (การประชุม): committees' meetings and resolutions."""
