"""A one-proposal site in its plan's language, naming the plan's agency."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from generator.locale.labels import labels
from generator.plans.model import Plan
from generator.render.text.escape import html


def localise(config: MkDocsConfig, plan: Plan) -> None:
    """UI, search and the dark-mode toggle speak the plan's language; the footer and the
    description are the plan's own, never the workspace's placeholders."""
    t = labels(plan.language)
    agency = plan.prepared.by if plan.prepared and plan.prepared.by else None
    localise_to(
        config,
        plan.language,
        plan.client.name,
        plan.title or t("default_title", client=plan.client.name),
        f"© {agency}" if agency else None,
    )


def localise_to(
    config: MkDocsConfig, language: str, name: str, description: str, copyright: str | None
) -> None:
    t = labels(language)
    config.theme["language"] = language
    # Escaped once, as Markup: Material prints it raw in some places and through `| e` in
    # others, which leaves Markup as it is (a plain escaped str would be escaped twice).
    config.site_name = html(name)
    config.site_description = html(description)
    config.copyright = html(copyright) if copyright else None
    for scheme in config.theme.get("palette") or []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if toggle:
            toggle["name"] = t.toggle_light if scheme.get("scheme") == "slate" else t.toggle_dark
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        search.config.lang = ["ja", "en"] if language == "ja" else ["en"]
