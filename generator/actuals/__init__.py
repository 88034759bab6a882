"""Actuals: what happened, read from the files an agency downloads, month by month, for
the nodes of the plan's KPI tree (the PDCA half of the tool)."""
