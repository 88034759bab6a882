"""The `proposals` plugin: hands the core's pages to MkDocs (or ProperDocs), nothing more."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from generator.engine.config import ProposalsConfig, _Options, site_plans
from generator.engine.localise import localise
from generator.engine.pagecache import PageCache
from generator.engine.postprocess import dropped, finish, inline_diagrams, nav_entry, not_found, without_pages
from generator.errors import UserError
from generator.output.hosting import ROBOTS
from generator.render.site import assets
from generator.render.site.pages import RenderSet, render_selection
from generator.render.text.markdown import MarkdownConfig
from generator.versions.site import sending, site_versions

log = get_plugin_logger(__name__)


class ProposalsPlugin(BasePlugin[_Options]):
    config_class = ProposalsConfig

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `serve` (PDFs are skipped there unless asked for)."""
        self.is_serve = command == "serve"

    # Priority 50: set the UI and search language before the search plugin reads them.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Read and check the plans before the engine touches site_dir; render the page set."""
        self.rendered: RenderSet | None = None
        self.settings = s = self.config.settings()
        if not s.enabled:
            return None
        paths = s.paths(Path(config.config_file_path or ".").resolve().parent)
        self.proposals_dir = paths.proposals
        if not self.proposals_dir.is_dir():
            raise PluginError(f"proposals: no plan folder at '{self.proposals_dir}' (set proposals_dir)")
        standalone = s.standalone or None
        reports = site_plans(s, self.proposals_dir, log.warning)
        if standalone:
            localise(config, reports[0].plan)
        options = self.config.render_options(config, bool(standalone), self._pdf_enabled())
        try:
            found = site_versions(paths.versions, reports, standalone, sending(s), s.access)
            self.options = options = dataclasses.replace(options, versions=found)
            self.read = options.inputs.reader.record  # every file read besides plans: the site's key
            self.pages = PageCache(
                options.template_cache, f"{config.config_file_path}|{standalone}|{s.access}"
            )
            self.rendered = render_selection(
                reports,
                options,
                access=s.access,
                scope=[standalone] if standalone else (list(s.scope) if s.scope is not None else None),
                home=s.home and not standalone,
                guide=s.guide and not standalone,
                proposal_pages=s.proposal_pages,
            )
        except UserError as exc:
            raise PluginError(f"proposals: {exc}") from None
        if standalone:
            config.theme.static_templates.discard("404.html")  # its own, written after the build
        own = list(config.nav or [])  # the agency's pages are only in its internal home (see _dropped)
        own = own if s.access == "internal" and not standalone else without_pages(own)
        config.nav = own + [nav_entry(item) for item in self.rendered.nav]
        config.extra_css = [*config.extra_css, assets.STYLESHEET]
        if s.version_stamp:  # a sent version: Material's selector reads ../versions.json
            config.extra["version"] = {"provider": "mike", "default": "latest"}
        if s.noindex:
            config.extra["noindex"] = True  # its sitemap stays: instant navigation reads it
            self.rendered.files["robots.txt"] = ROBOTS
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages, diagrams and the plugin's stylesheet as virtual files."""
        if not self.rendered:
            return None
        s = self.settings
        for file in [
            f for f in files if dropped(f, bool(s.standalone), s.access, bool(s.shared_assets), config)
        ]:
            files.remove(file)
        for src_uri, content in {**self.rendered.files, assets.STYLESHEET: assets.stylesheet()}.items():
            if s.shared_assets and assets.is_shared(src_uri):
                continue  # served from the home site's one copy
            if (existing := files.get_file_from_path(src_uri)) is not None:
                files.remove(existing)
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
        if self.rendered:  # a page converted in an earlier build, unchanged since, is not converted again
            self.pages.attach(page, files, config)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.rendered:
            return None
        output = inline_diagrams(output, page.file.src_uri, self.rendered.diagrams)
        return finish(output, self.settings.shared_assets, page.file.src_uri)

    def on_post_template(self, output: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        """Theme pages get the same repairs as content pages."""
        if not self.rendered or not template_name.endswith(".html"):
            return None
        return finish(output, self.settings.shared_assets)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write each proposal's PDF and deck beside its pages, with the site's own Markdown setup."""
        if self.rendered:
            self.pages.save()
            if self.settings.standalone:  # stands alone: the theme's 404 page is not rendered at all
                write_file(not_found(str(config.theme["language"])).encode(), f"{config.site_dir}/404.html")
        if not self.rendered or not self._pdf_enabled():
            return
        # Imported here: WeasyPrint, pikepdf and python-pptx take a fifth of a second to load.
        from generator.render.export.documents import write_documents_for_site as write

        markdown = MarkdownConfig.from_engine(config.markdown_extensions, config.mdx_configs)
        root = Path(config.config_file_path or ".").parent
        try:
            notes = write(self.rendered, Path(config.site_dir), markdown, self.settings, root, self.options)
            list(map(log.info, notes))
        except UserError as exc:
            raise PluginError(f"proposals: {exc}") from None

    def _pdf_enabled(self) -> bool:
        return (s := self.config.settings()).pdf and (s.pdf_on_serve or not getattr(self, "is_serve", False))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a plan or the theme changes."""
        watched = [self.proposals_dir, self.options.inputs.actuals] if self.settings.enabled else []
        for folder in [f for f in watched if f is not None and f.is_dir()]:
            server.watch(str(folder))
        return server
