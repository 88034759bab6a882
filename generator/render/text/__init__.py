"""Text as every output needs it: escaping plan text for Markdown, HTML and DOT, the notes'
sanitised Markdown, the one Markdown configuration and the one Jinja environment."""
