"""The `proposals` plugin's options as MkDocs (or ProperDocs) reads them: generated from the
engine-free :class:`generator.settings.Settings`, so there is one list of options, one set of
defaults and one check for each, whoever reads mkdocs.yml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.exceptions import PluginError

from generator.analysis.report import PlanReport, site_reports
from generator.analysis.settings import DoctorSettings
from generator.errors import UserError
from generator.inputs.snapshot import Inputs
from generator.render.renderset import RenderOptions
from generator.settings import WHERE, Settings


class _Checked(base.BaseConfigOption[Any]):
    """One option, checked as :meth:`Settings.check` checks it (the doctor's thresholds too)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = Settings.default(name)

    def run_validation(self, value: object) -> Any:
        if value is None:
            return Settings.default(self.name)
        try:
            checked = Settings.check(self.name, value)
            if self.name == "doctor":
                DoctorSettings.from_options({"doctor": checked})
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None
        except UserError as exc:
            raise base.ValidationError(str(exc).removeprefix(f"{WHERE}.doctor.")) from None
        return checked


class _Options(base.Config):
    def settings(self) -> Settings:
        """The checked options as the engine-free model."""
        return Settings(**{name: self[name] for name in Settings.names()})

    def render_options(self, site: Any, standalone: bool, pdf_link: bool) -> RenderOptions:
        """What the core needs to know of this site (the engine's config ``site``): its access
        level, folders and links."""
        settings = self.settings()
        root = Path(site.config_file_path or ".").resolve().parent
        theme_dir = Path(site.theme.custom_dir) if site.theme.custom_dir else root / "theme"
        site_url = site.site_url or ""
        paths = settings.paths(root)
        return RenderOptions(
            internal=settings.access == "internal",
            public=settings.access == "public",
            theme_dir=theme_dir,
            cache_dir=paths.diagrams,
            today=settings.today or dt.date.today(),
            home_language=settings.home_language,
            standalone=standalone,
            pdf_link=pdf_link,
            inputs=Inputs.of(paths, settings.date_order, actuals=settings.access != "public"),
            site_url=site_url,
            directory_urls=bool(site.use_directory_urls),
            sent_copy=bool(settings.version_stamp),
            palette=settings.palette(),
        )


def site_plans(s: Settings, proposals_dir: Path, warn: Callable[..., None]) -> list[PlanReport]:
    """The site's plans, read and checked once; a plan that cannot be read stops the build."""
    standalone = s.standalone or None
    # Checked when read; the one clock of the build (the `today` option, else the machine's).
    doctor = DoctorSettings.from_options({"utm": s.utm, "doctor": s.doctor, "today": s.today})
    scope = list(s.scope) if s.scope is not None else None
    reports, unknown = site_reports(proposals_dir, standalone, scope, doctor)
    for missing in unknown:
        warn("scope names '%s', but there is no %s/%s.yaml", missing, s.proposals_dir, missing)
    broken = [line for r in reports if r.error for line in r.error.lines()]
    if broken:
        raise PluginError("proposals: cannot read plans:\n" + "\n".join(broken))
    if standalone and (not reports or reports[0].loaded is None):
        raise PluginError(f"proposals: no plan named '{standalone}' in {s.proposals_dir}/")
    return reports


ProposalsConfig = type("ProposalsConfig", (_Options,), {name: _Checked(name) for name in Settings.names()})
"""The plugin's config class: one option per field of :class:`Settings`."""
