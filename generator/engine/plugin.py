"""The `proposals` MkDocs plugin: hands the core's pages to MkDocs, nothing more."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.analysis.report import check_files, plan_files
from generator.engine import htmlfix
from generator.engine.config import ProposalsConfig
from generator.plans.load import LoadedPlan, slug_for
from generator.render import assets
from generator.render.diagram import DiagramError
from generator.render.escape import html
from generator.render.i18n import labels
from generator.render.pages import NavItem, RenderOptions, RenderSet, render_selection
from generator.render.pdf import PdfError, PdfOptions, write_pdf

log = get_plugin_logger(__name__)

# An image alone in its paragraph: the figure replaces the paragraph (a figure cannot sit in a <p>).
_IMG = re.compile(r'(?P<para><p>\s*)?<img\b[^>]*\bsrc="(?P<src>[^"]+\.svg)"[^>]*>(?(para)\s*</p>)')


class ProposalsPlugin(BasePlugin[ProposalsConfig]):
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (PDFs are skipped there unless asked for)."""
        self.is_serve = command == "serve"

    # Priority 50: set the UI and search language before the search plugin reads them.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Read and validate every plan before MkDocs touches site_dir; render the page set."""
        self.rendered: RenderSet | None = None
        self.standalone = False
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        self.proposals_dir = root / self.config.proposals_dir
        if not self.proposals_dir.is_dir():
            raise PluginError(f"proposals: no plan folder at '{self.proposals_dir}' (set proposals_dir)")
        standalone = self.config.standalone or None
        if standalone:
            # A one-proposal site reads its own plan only: a workspace of N plans must not
            # list or validate all N again for each of its N sites.
            named = (self.proposals_dir / f"{standalone}{suffix}" for suffix in (".yaml", ".yml"))
            files = [f for f in named if f.is_file()]
        else:
            files = plan_files([self.proposals_dir])
            known = {slug_for(f) for f in files}
            for missing in sorted(set(self.config.scope or []) - known):
                log.warning(
                    f"scope names '{missing}', but there is no {self.config.proposals_dir}/{missing}.yaml"
                )
        reports = check_files(files, self.config.utm)
        broken = [line for r in reports if r.error for line in r.error.lines()]
        if broken:
            raise PluginError("proposals: cannot read plans:\n" + "\n".join(broken))
        today = dt.date.fromisoformat(self.config.today) if self.config.today else dt.date.today()
        scope = [standalone] if standalone else self.config.scope
        self.standalone = bool(standalone)
        if standalone:
            report = next((r for r in reports if r.slug == standalone), None)
            if report is None or report.loaded is None:
                raise PluginError(f"proposals: no plan named '{standalone}' in {self.config.proposals_dir}/")
            _localise(config, report.loaded)
        theme_dir = root / "theme"
        options = RenderOptions(
            internal=self.config.access == "internal",
            theme_dir=theme_dir,
            cache_dir=root / self.config.cache_dir / "diagrams",
            today=today,
            home_language=self.config.home_language,
            standalone=bool(standalone),
            pdf_link=self._pdf_enabled(),
        )
        try:
            self.rendered = render_selection(
                reports,
                options,
                access=self.config.access,
                scope=scope,
                home=self.config.home and not standalone,
                guide=self.config.guide and not standalone,
                proposal_pages=self.config.proposal_pages,
            )
        except DiagramError as exc:
            raise PluginError(f"proposals: {exc}") from exc
        config.nav = list(config.nav or []) + [_nav(item) for item in self.rendered.nav]
        config.extra_css = [*config.extra_css, assets.STYLESHEET]
        if self.config.noindex:
            config.extra["noindex"] = True
            config.theme.static_templates.discard("sitemap.xml")
            self.rendered.files["robots.txt"] = "User-agent: *\nDisallow: /\n"
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages, diagrams and the plugin's stylesheet as virtual files."""
        if not self.rendered:
            return None
        if self.standalone:
            # A one-proposal site (and so every client site) holds nothing from docs_dir:
            # pages or images there belong to the agency's own site, not to this client.
            for file in [
                f
                for f in files
                if f.generated_by is None and f.abs_src_path and f.abs_src_path.startswith(config.docs_dir)
            ]:
                files.remove(file)
        generated = {**self.rendered.files, assets.STYLESHEET: assets.stylesheet()}
        for src_uri, content in generated.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        if self.config.shared_assets:
            for file in [f for f in files if assets.is_shared(f.src_uri)]:
                files.remove(file)
        if self.config.noindex:
            # Without its template role the theme's sitemap.xml would be copied raw: drop it too.
            for file in [f for f in files if f.src_uri in ("sitemap.xml", "sitemap.xml.gz")]:
                files.remove(file)
        return files

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Inline diagrams after Markdown and search indexing, so the page CSS can theme them."""
        if not self.rendered:
            return None
        base = page.file.src_uri.rsplit("/", 1)[0] if "/" in page.file.src_uri else ""

        def inline(match: re.Match[str]) -> str:
            src = match.group("src")
            name = src.rsplit("/", 1)[-1]
            svg = self.rendered.diagrams.get(f"{base}/{name}" if base else name) if self.rendered else None
            return f'<figure class="proposal-diagram">{svg}</figure>' if svg else match.group(0)

        output = htmlfix.tidy(_IMG.sub(inline, output))
        if self.config.shared_assets:
            output = assets.share(output, self.config.shared_assets)
        return output

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        """Theme pages such as 404.html get the same repairs and asset sharing as content pages."""
        if not self.rendered or not template_name.endswith(".html"):
            return None
        output = htmlfix.tidy(output_content)
        if self.config.shared_assets:
            output = assets.share(output, self.config.shared_assets)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write each proposal's PDF beside its pages."""
        if not self.rendered or not self._pdf_enabled():
            return
        root = Path(config.config_file_path or ".").resolve().parent
        options = PdfOptions(
            landscape=self.config.pdf_landscape,
            theme_dir=root / "theme",
            cache_dir=root / self.config.cache_dir / "diagrams",
        )
        notes: list[str] = []
        for path, loaded in self.rendered.documents.items():
            try:
                write_pdf(loaded, Path(config.site_dir) / path, options, notes)
            except PdfError as exc:
                raise PluginError(f"proposals: PDF for '{loaded.slug}': {exc}") from exc
        for note in notes:
            log.info(note)

    def _pdf_enabled(self) -> bool:
        return self.config.pdf and (self.config.pdf_on_serve or not getattr(self, "is_serve", False))

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        """Rebuild when a plan or the theme changes."""
        if self.config.enabled:
            server.watch(str(self.proposals_dir))
        return server


def _localise(config: MkDocsConfig, loaded: LoadedPlan) -> None:
    """A one-proposal site speaks the plan's language (UI, search, the dark-mode toggle) and
    names the plan's agency, not the workspace's placeholders."""
    plan = loaded.plan
    language = plan.language
    t = labels(language)
    config.theme["language"] = language
    # Escaped once, as Markup: Material prints it raw in some places and through `| e` in
    # others, which leaves Markup as it is (a plain escaped str would be escaped twice).
    config.site_name = html(plan.client.name)
    config.site_description = html(plan.title or t("default_title", client=plan.client.name))
    agency = plan.prepared.by if plan.prepared and plan.prepared.by else None
    config.copyright = html(f"© {agency}") if agency else None
    for scheme in config.theme.get("palette") or []:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if toggle:
            toggle["name"] = t.toggle_light if scheme.get("scheme") == "slate" else t.toggle_dark
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        search.config.lang = ["ja", "en"] if language == "ja" else ["en"]


def _nav(item: NavItem) -> dict | str:
    # MkDocs themes print nav titles without escaping; plan text must arrive escaped.
    title = str(html(item.title))
    if item.children:
        return {title: [_nav(child) for child in item.children]}
    return {title: item.path}
