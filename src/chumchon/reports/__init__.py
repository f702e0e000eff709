"""รายงาน — reports generated from the data as HTML and PDF (the people's provincial development report, KPI, project, proposal and agreement)."""
