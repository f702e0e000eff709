"""Public portal (ระบบเปิดเผยข้อมูลสาธารณะ): aggregates only, small counts suppressed."""
