"""Reports (รายงาน): reports generated from the data, Excel and PDF."""
