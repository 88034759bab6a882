"""`proposals render --format zensical`: a ready project for Zensical, Material's successor.

Zensical reads mkdocs.yml but runs no MkDocs plugins, so the export carries everything the
plugin would have added: the generated pages, the navigation, the stylesheet, the theme
overrides and the agency's own pages. Diagrams are inlined as ``<figure>`` SVG, because an
``<img>`` loses the dark-mode colours that the page's CSS gives an inline SVG.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.render.renderset import NavItem, RenderSet
from generator.render.site import assets
from generator.render.text.escape import html
from generator.workspace import Workspace

_ALONE = re.compile(r"^!\[[^\]\n]*\]\((?P<src>[^)\s]+\.svg)\)[ \t]*$", re.M)
ENGINE_ONLY_KEYS = ("plugins", "watch", "docs_dir", "site_dir", "nav")


def project_files(workspace: Workspace, rendered: RenderSet) -> dict[str, bytes]:
    """The project's files (config, docs, overrides) by their path in it."""
    files: dict[str, bytes] = {}
    files |= _tree(workspace.docs_dir, "docs")
    for path, content in sorted(rendered.files.items()):
        if path.endswith(".md"):
            content = _inline(content, path, rendered.diagrams)
        files[f"docs/{path}"] = content.encode("utf-8")
    files[f"docs/{assets.STYLESHEET}"] = assets.stylesheet().encode("utf-8")
    files |= _tree(workspace.theme_dir, "overrides")
    config = yaml.safe_dump(_config(workspace, rendered), allow_unicode=True, sort_keys=False)
    files["mkdocs.yml"] = config.encode("utf-8")
    return files


def _tree(root: Path, under: str) -> dict[str, bytes]:
    """Every regular file under ``root`` (links are not followed), keyed below ``under``."""
    found: dict[str, bytes] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not any(p.is_symlink() for p in path.parents):
            found[f"{under}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    return found


def _config(workspace: Workspace, rendered: RenderSet) -> dict[str, Any]:
    config = {k: v for k, v in workspace.settings.items() if k not in ENGINE_ONLY_KEYS}
    theme = dict(config.get("theme") or {"name": "material"})
    if workspace.theme_dir.is_dir():
        theme["custom_dir"] = "overrides"
    config["theme"] = theme
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["extra_css"] = [*list(config.get("extra_css") or []), assets.STYLESHEET]
    config["nav"] = [_nav(item) for item in rendered.nav]
    config["plugins"] = ["search"]
    return config


def _nav(item: NavItem) -> dict[str, Any]:
    # Like the MkDocs theme, Zensical prints nav titles as they are: plan text goes in escaped.
    title = str(html(item.title))
    if item.children:
        return {title: [_nav(child) for child in item.children]}
    return {title: item.path or ""}


def _inline(page: str, path: str, diagrams: dict[str, str]) -> str:
    base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""

    def figure(match: re.Match[str]) -> str:
        svg = diagrams.get(base + match.group("src"))
        if svg is None:
            return match.group(0)
        # A raw HTML block ends at the first blank line: the SVG must have none.
        body = "\n".join(line for line in svg.splitlines() if line.strip())
        return f'<figure class="proposal-diagram">\n{body}\n</figure>'

    return _ALONE.sub(figure, page)
