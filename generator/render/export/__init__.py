"""What leaves the site build: the documents beside each proposal's pages, and the
Zensical project."""
