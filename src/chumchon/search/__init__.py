"""การค้นหา — Thai full-text search over organisations, plans, plan items and projects."""
