"""Django's PostgreSQL backend with the per-request health check spared while a connection is busy."""
