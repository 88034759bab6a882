"""The floor and the single-site alternative: plain MkDocs on our rendered pages.

``prepare`` writes, for every proposal of a workspace, the very Markdown and SVG that
``proposals build`` renders for its one-proposal site (and the home site's pages), each
with a ``mkdocs.yml`` that is the workspace's own minus the ``proposals`` plugin. ``build``
runs plain MkDocs on all of them with the same process pool as ``proposals build``: what
is left is the cost of MkDocs and Material alone, the floor our overhead is measured on.

``prepare-single`` writes every page of every proposal into one docs folder, as a single
Material site would hold them (``navigation.prune``, no ``navigation.sections``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from generator.analysis.report import check_files
from generator.analysis.settings import DoctorSettings
from generator.engine.localise import localise_to
from generator.engine.postprocess import nav_entry
from generator.plans.files import plan_files
from generator.render.site import assets
from generator.render.site.pages import RenderOptions, RenderSet, render_selection
from generator.workspace import Workspace


def _base_config(workspace: Workspace) -> dict[str, Any]:
    assert workspace.config_file is not None
    config = yaml.safe_load(workspace.config_file.read_text(encoding="utf-8"))
    config["plugins"] = [
        p for p in config.get("plugins", []) if not (isinstance(p, dict) and "proposals" in p)
    ]
    config["theme"]["custom_dir"] = str(workspace.theme_dir)
    config.pop("watch", None)
    # The floor measures MkDocs, not its warnings policy; a warning must not end the run.
    config["strict"] = False
    return config


def _write_site(folder: Path, rendered: RenderSet, config: dict[str, Any], meta: dict[str, str]) -> None:
    docs = folder / "docs"
    shutil.rmtree(folder, ignore_errors=True)
    for path, content in {**rendered.files, assets.STYLESHEET: assets.stylesheet()}.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    site = {
        **config,
        "docs_dir": "docs",
        "nav": [nav_entry(item) for item in rendered.nav],
        "extra_css": [*config.get("extra_css", []), assets.STYLESHEET],
    }
    (folder / "mkdocs.yml").write_text(
        yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (folder / "bench.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")


def _reports(workspace: Workspace) -> list:
    reports = check_files(
        plan_files([workspace.proposals_dir]), DoctorSettings.from_options(workspace.options)
    )
    broken = [line for r in reports if r.error for line in r.error.lines()]
    if broken:
        sys.exit("\n".join(broken))
    return reports


def _options(workspace: Workspace, *, standalone: bool) -> RenderOptions:
    return RenderOptions(
        internal=True,
        theme_dir=workspace.theme_dir,
        cache_dir=workspace.root / ".cache/sns-proposals/diagrams",
        today=dt.date.today(),
        home_language=workspace.options.get("home_language", "ja"),
        standalone=standalone,
        pdf_link=False,
    )


def prepare(workspace: Workspace, out: Path) -> None:
    """One folder per proposal plus ``_home``, laid out as `proposals build` lays out sites."""
    reports = _reports(workspace)
    config = _base_config(workspace)
    shutil.rmtree(out, ignore_errors=True)
    home = render_selection(reports, _options(workspace, standalone=False), proposal_pages=False)
    _write_site(out / "_home", home, config, {"site_dir": "", "language": "", "name": ""})
    for report in reports:
        rendered = render_selection(
            [report], _options(workspace, standalone=True), scope=[report.slug], home=False, guide=False
        )
        plan = report.loaded.plan
        meta = {"site_dir": report.slug, "language": plan.language, "name": plan.client.name}
        _write_site(out / report.slug, rendered, config, meta)


def prepare_single(workspace: Workspace, out: Path) -> None:
    """Every page of every proposal, the home and the guide in one site."""
    config = _base_config(workspace)
    features = [f for f in config["theme"].get("features", []) if f != "navigation.sections"]
    config["theme"]["features"] = (
        [*features, "navigation.prune"] if "navigation.prune" not in features else features
    )
    rendered = render_selection(_reports(workspace), _options(workspace, standalone=False))
    _write_site(out, rendered, config, {"site_dir": "", "language": "", "name": ""})


def _build_one(job: tuple[str, str]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder, site_dir = job
    meta = yaml.safe_load((Path(folder) / "bench.yml").read_text(encoding="utf-8"))
    config = load_config(str(Path(folder) / "mkdocs.yml"), site_dir=site_dir)
    if meta["language"]:
        # What the plugin does for a one-proposal site: its language in the UI and search.
        localise_to(config, meta["language"], meta["name"], meta["name"], None)
    build(config)


def build(prepared: Path, site: Path, jobs: int) -> None:
    """The home site first, then every proposal's site in a pool, as `proposals build` does."""
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    shutil.rmtree(site, ignore_errors=True)
    _build_one((str(prepared / "_home"), str(site)))
    folders = sorted(p for p in prepared.iterdir() if p.is_dir() and p.name != "_home")
    work = [(str(p), str(site / p.name)) for p in folders]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for future in [pool.submit(_build_one, job) for job in work]:
            future.result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("workspace", type=Path)
    p.add_argument("out", type=Path)
    s = sub.add_parser("prepare-single")
    s.add_argument("workspace", type=Path)
    s.add_argument("out", type=Path)
    b = sub.add_parser("build")
    b.add_argument("prepared", type=Path)
    b.add_argument("site", type=Path)
    b.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.command == "prepare":
        prepare(Workspace.find(args.workspace / "mkdocs.yml"), args.out)
    elif args.command == "prepare-single":
        prepare_single(Workspace.find(args.workspace / "mkdocs.yml"), args.out)
    else:
        build(args.prepared, args.site, args.jobs)


if __name__ == "__main__":
    main()
