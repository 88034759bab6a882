"""The site's files: each proposal's pages, the home page, the guide, the progress page, the
review calendar and the stylesheet, as a plain set of files for any engine."""
