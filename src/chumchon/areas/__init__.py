"""Areas (พื้นที่): the national area hierarchy, CODI regions and provincial clusters."""
