"""The pitch deck: one slide model (a message per slide, built from the plan's numbers),
written as a 16:9 PDF and as an editable PowerPoint."""
