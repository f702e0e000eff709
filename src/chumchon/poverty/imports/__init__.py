"""Survey import (นำเข้าข้อมูลสำรวจ จปฐ.): upload → preview and column mapping → confirm → background job.

The services (upload, confirm) are in ``poverty.services.survey_imports``; this package holds the
columns (``columns``), the row checks (``validation``), the store writes (``store_writes``) and the
job (``job``).

A household file and a person file (CSV in UTF-8 or TIS-620, Excel .xlsx, or Parquet) are checked
row by row — national ID check digit, unknown subdistrict or village code, missing required column,
duplicate household id or person, bad numbers or dates, a person whose household is not in the
household file, a subdistrict outside the import's area. The import is ALL OR NOTHING: with any error
nothing is written and a row-by-row report (Thai and English) is kept for download. Otherwise the
subdistricts in the file replace their data in the round's store and the engine recomputes them.
The same files imported again (same content hash as the last successful import) change nothing.
"""
