"""Audit (บันทึกการตรวจสอบ): who changed or viewed what, with before/after values."""
