"""Views: what each page, slide and report shows, as plain data in the plan's language —
no templates, no files."""
