"""How a status reads without colour: the mark every page and report draws beside it."""

MARKS = {"green": "○", "amber": "△", "red": "×", "partial": "…", "none": "—"}
"""Drawn beside every status colour, so the status reads in grey print and for colour-blind
readers too."""
