"""Figures: the KPI tree through Graphviz, and the charts drawn as SVG by hand."""
