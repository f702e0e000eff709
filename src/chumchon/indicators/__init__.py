"""ตัวชี้วัด — indicator definitions (formulas over the system's data or reported values), targets, values rolled up the area tree and approved level by level."""
