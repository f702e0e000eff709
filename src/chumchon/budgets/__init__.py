"""Budgets (งบประมาณ): programmes, fiscal years, fair allocation and the money ledger."""
