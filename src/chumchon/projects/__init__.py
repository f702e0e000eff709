"""Projects (โครงการ): proposal to closure, approval by the right body, progress."""
