"""Writes for poverty targeting, one module per concept: field additions, the Logbook, survey imports.

Every entry point checks the permission over the record's subdistrict, validates, writes in one durable
transaction and leaves an audit row. Business-rule refusals raise ``PovertyError`` (a
``ValidationError``) with a bilingual message and a ``PovertyErrorCode``, and change nothing.
"""
