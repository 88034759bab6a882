"""Print: the proposal's A4 PDF and the monthly report, typeset with WeasyPrint."""
