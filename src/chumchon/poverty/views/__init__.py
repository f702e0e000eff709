"""Poverty pages (thin), one module per concept: permission check through ``accounts.permissions``, a
selector or a service, a template.

Out-of-scope reads answer 404; refused writes show the service's bilingual message. Every page or
export that shows personal data (target lists, households, cases) writes an audit VIEW/EXPORT row.
"""
