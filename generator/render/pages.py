"""Plans → a plain set of files (Markdown pages, SVG diagrams) plus a navigation outline.

Nothing here knows about MkDocs: :mod:`generator.engine.plugin` hands the set to MkDocs,
``proposals render`` writes it to disk for any other Markdown site engine.
Templates come from ``theme/`` first (same relative path wins), then the package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.analysis.findings import Finding
from generator.analysis.kpitree import solve
from generator.analysis.targetpath import target_path
from generator.engine.jinjacache import SharedBytecodeCache
from generator.knowledge import knowledge
from generator.plans.load import LoadedPlan
from generator.render import formatting
from generator.render.chart import line_chart
from generator.render.diagram import kpi_tree_dot, render_svg
from generator.render.escape import md
from generator.render.i18n import labels
from generator.render.views import computed_badge, proposal_view

PAGES = ("index", "kpi", "purpose", "persona", "platforms", "roadmap", "measurement")
PAGE_TITLES = {
    "index": "page_overview",
    "kpi": "page_kpi",
    "purpose": "page_purpose",
    "persona": "page_persona",
    "platforms": "page_platforms",
    "roadmap": "page_roadmap",
    "measurement": "page_measurement",
}
DIAGRAM = "kpi-tree.svg"
CHART = "target-path.svg"


def _short_month(month, language: str) -> str:  # type: ignore[no-untyped-def]
    if month.month == 1 or language != "ja":
        return f"{month.year}/{month.month}" if language == "ja" else f"{month.month}/{str(month.year)[2:]}"
    return f"{month.month}月"


@dataclass
class NavItem:
    """A nav entry: a page (``path``) or a section (``children``). Titles are plain text."""

    title: str
    path: str | None = None
    children: list[NavItem] = field(default_factory=list)


@dataclass
class RenderOptions:
    internal: bool = True
    """Internal builds show doctor findings and internal notes."""
    theme_dir: Path | None = None
    cache_dir: Path | None = None
    today: dt.date | None = None
    """Plans past their ``expires`` date render as a notice; ``None`` never expires."""
    home_language: str = "ja"
    standalone: bool = False
    """One proposal per site: its pages at the site root and a flat nav."""
    pdf_link: bool = False
    """Show a "Download PDF" button linking to <slug>.pdf beside the overview."""


@dataclass
class RenderSet:
    files: dict[str, str] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    diagrams: dict[str, str] = field(default_factory=dict)
    """Page-relative diagram files by path, for inlining after Markdown."""
    documents: dict[str, LoadedPlan] = field(default_factory=dict)
    """Proposals shown in full (not expired), by the path of their PDF."""

    def merge(self, other: RenderSet) -> None:
        self.files.update(other.files)
        self.nav += other.nav
        self.diagrams.update(other.diagrams)
        self.documents.update(other.documents)


def environment(theme_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if theme_dir and theme_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(theme_dir)))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        # Escape-by-default for Markdown: every value is inert text unless it is Markup.
        finalize=lambda value: value if isinstance(value, Markup) else md(value),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=SharedBytecodeCache(),
    )
    env.filters["code"] = lambda text: Markup(f"<code>{md(text)}</code>")
    env.filters["join"] = lambda items, sep="": Markup(md(sep, strip=False).join(md(i) for i in items))
    env.globals["indent"] = lambda depth: Markup("&emsp;" * depth + ("└ " if depth else ""))
    return env


def render_proposal(
    loaded: LoadedPlan,
    options: RenderOptions,
    findings: list[Finding] | None = None,
    env: jinja2.Environment | None = None,
) -> RenderSet:
    """The pages of one proposal under ``<slug>/``, with its diagram."""
    env = env or environment(options.theme_dir)
    slug = loaded.slug
    plan = loaded.plan
    t = labels(plan.language)
    base = "" if options.standalone else f"{slug}/"
    out = RenderSet()
    if plan.expired(options.today):
        out.files[f"{base}index.md"] = f"# {md(plan.client.name)}\n\n{md(t.expired_notice)}\n"
        page = NavItem(t.page_overview, f"{base}index.md")
        out.nav.append(page if options.standalone else NavItem(plan.client.name, children=[page]))
        return out
    solution = solve(plan)
    view = proposal_view(
        loaded, internal=options.internal, findings=findings if options.internal else None, solution=solution
    )
    diagram = Markup("")
    if solution is not None:
        prefix = f"kpi-{slug}"
        title = view.diagram_alt
        svg = render_svg(
            kpi_tree_dot(solution, plan.language, prefix, title), prefix, title, options.cache_dir
        )
        out.files[f"{base}{DIAGRAM}"] = svg
        out.diagrams[f"{base}{DIAGRAM}"] = svg
        diagram = Markup(f"![{md(title)}]({DIAGRAM})")
    chart = Markup("")
    path = target_path(plan)
    if path and solution is not None:
        root = solution.root
        title = t("path_alt", kgi=view.kgi_label)
        svg = line_chart(
            [(_short_month(pt.month, plan.language), pt.value) for pt in path],
            title=title,
            prefix=f"path-{slug}",
            y_label=lambda v, r=root: formatting.value(v, r.kind, r.unit, plan.language, compact=True),
            baseline=plan.kgi.baseline.value if plan.kgi and plan.kgi.baseline else None,
        )
        out.files[f"{base}{CHART}"] = svg
        out.diagrams[f"{base}{CHART}"] = svg
        chart = Markup(f"![{md(title)}]({CHART})")
    context = {
        "p": view,
        "t": t,
        "badge": computed_badge(t),
        "diagram": diagram,
        "chart": chart,
        "pdf_href": f"{slug}.pdf" if options.pdf_link else "",
    }
    shown = findings if options.internal else []
    section = NavItem(view.client)
    for page in PAGES:
        path = f"{base}{page}.md"
        page_findings = [f for f in shown or [] if page_of(f) == page]
        out.files[path] = env.get_template(f"proposal/{page}.md").render(
            context | {"findings": page_findings}
        )
        section.children.append(NavItem(getattr(t, PAGE_TITLES[page]), path))
    out.nav += section.children if options.standalone else [section]
    out.documents[f"{base}{slug}.pdf"] = loaded
    return out


FINDING_PAGES = {
    "kgi": "kpi",
    "kpi_tree": "kpi",
    "purpose": "purpose",
    "persona": "persona",
    "platforms": "platforms",
    "measurement": "measurement",
    "period": "roadmap",
}


def page_of(finding: Finding) -> str:
    """The page a finding belongs on: where the part of the plan it is about is shown."""
    if finding.rule in ("no-deadline", "unrealistic-target") and finding.path.startswith("kgi"):
        return "index"
    head = finding.path.split(".", 1)[0].split("[", 1)[0]
    return FINDING_PAGES.get(head, "index")


def proposal_card(loaded: LoadedPlan, href: str, *, internal: bool) -> dict[str, object]:
    plan = loaded.plan
    kb = knowledge()
    lang = plan.language
    t = labels(lang)
    solution = solve(plan)
    kgi = ""
    if solution is not None:
        root = solution.root
        kgi = f"{root.label} {formatting.value(root.value, root.kind, root.unit, lang, compact=True)}"
        kgi += formatting.per(plan.kgi.per if plan.kgi else None, lang)
    purpose = kb.purposes.get(plan.primary_purpose or "")
    return {
        "href": href,
        "language": lang,
        "language_name": "日本語" if lang == "ja" else "English",
        "client": plan.client.name,
        "title": plan.title or t("default_title", client=plan.client.name),
        "purpose": purpose.name(lang) if purpose else t.not_set,
        "kgi_caption": t.kgi_short,
        "kgi": kgi or t.not_set,
        "platforms": [kb.platforms[p.id].name(lang) for p in plan.platforms],
        "access": getattr(t, f"access_{plan.access}") if internal else "",
    }


def expired_card(loaded: LoadedPlan, href: str) -> dict[str, object]:
    """A card that says only that the proposal has expired, and when."""
    plan = loaded.plan
    t = labels(plan.language)
    return {
        "href": href,
        "language": plan.language,
        "language_name": "日本語" if plan.language == "ja" else "English",
        "client": plan.client.name,
        "title": t.expired_notice,
        "purpose": t("expired_on", date=formatting.date(plan.expires, plan.language)) if plan.expires else "",
        "kgi_caption": "",
        "kgi": "",
        "platforms": [],
        "access": "",
    }


def render_home(
    plans: list[LoadedPlan], options: RenderOptions, env: jinja2.Environment | None = None
) -> RenderSet:
    env = env or environment(options.theme_dir)
    t = labels(options.home_language)
    cards = []
    for plan in plans:
        if not plan.plan.expired(options.today):
            cards.append(proposal_card(plan, f"{plan.slug}/", internal=options.internal))
        elif options.internal:  # the agency still finds it, as the notice its client sees
            cards.append(expired_card(plan, f"{plan.slug}/"))
    out = RenderSet()
    out.files["index.md"] = env.get_template("home.md").render({"t": t, "cards": cards})
    out.nav.append(NavItem(t.proposals, "index.md"))
    return out


def render_selection(
    reports: list,  # list[PlanReport]; typed loosely to keep check → pages one-way
    options: RenderOptions,
    *,
    access: str = "internal",
    scope: list[str] | None = None,
    home: bool = True,
    guide: bool = True,
    proposal_pages: bool = True,
) -> RenderSet:
    """The page set for one site: which plans, and which parts, the build asked for."""
    from generator.render.guide import render_guide

    chosen = [r for r in reports if r.loaded is not None and (scope is None or r.slug in scope)]
    if access == "public":
        chosen = [r for r in chosen if r.loaded.plan.access == "public"]
    env = environment(options.theme_dir)
    out = RenderSet()
    plans = [r.loaded for r in chosen]
    if home:
        out.merge(render_home(plans, options, env))
    if proposal_pages:
        for report in chosen:
            out.merge(render_proposal(report.loaded, options, report.findings, env))
    if guide:
        out.merge(render_guide(env))
    return out
