"""Organizations (องค์กรชุมชน): community councils, welfare funds, committees and other bodies."""
