"""Plans → a plain set of files (Markdown pages, SVG diagrams) plus a navigation outline.

Nothing here knows about MkDocs: :mod:`generator.engine.plugin` hands the set to MkDocs,
``proposals render`` writes it to disk for any other Markdown site engine.
Templates come from ``theme/`` first (same relative path wins), then the package.
"""

from __future__ import annotations

from html import escape as html_escape

import jinja2
from markupsafe import Markup

from generator.analysis.findings import Finding
from generator.analysis.report import PlanReport
from generator.errors import DiagramError
from generator.inputs.pictures import Picture
from generator.locale import formatting
from generator.locale.labels import labels
from generator.render.figures.chart import bar_chart
from generator.render.figures.diagram import kpi_tree_dot, render_svg, tree_id
from generator.render.figures.path import path_chart
from generator.render.renderset import NavItem, RenderOptions, RenderSet, deck_names
from generator.render.site.guide import render_guide
from generator.render.site.home import render_home
from generator.render.site.progress import REVIEWS, site_progress
from generator.render.text.escape import md
from generator.render.text.templates import environment
from generator.render.views.proposal import ProposalView, computed_badge, proposal_view

__all__ = ["NavItem", "RenderOptions", "RenderSet", "render_proposal", "render_selection"]

PAGES = (
    "index",
    "situation",
    "purpose",
    "kpi",
    "persona",
    "platforms",
    "content",
    "roadmap",
    "measurement",
    "team",
    "appendix",
)
"""In the order of a proposal that wins: where the client stands, why this purpose, the goal
and its tree, who it is for, what to do where, when, how it is measured, who does it at
what cost; the general method last."""
PAGE_TITLES = {page: f"page_{page}" for page in PAGES} | {"index": "page_overview"}
OPTIONAL = ("situation", "content", "team")
"""Pages shown only when the plan has (and the build may show) what they are about."""
DIAGRAM = "kpi-tree.svg"
CHART = "target-path.svg"


def render_proposal(
    report: PlanReport,
    options: RenderOptions,
    env: jinja2.Environment | None = None,
    view: ProposalView | None = None,
) -> RenderSet:
    """The pages of one proposal under ``<slug>/``, with its diagram and chart."""
    env = env or environment(options.theme_dir, cache=options.template_cache)
    slug = report.slug
    plan = report.plan
    t = labels(plan.language)
    base = "" if options.standalone else f"{slug}/"
    out = RenderSet()
    if plan.expired(options.today):
        out.files[f"{base}index.md"] = f"# {md(plan.client.name)}\n\n{md(t.expired_notice)}\n"
        page = NavItem(t.page_overview, f"{base}index.md")
        out.nav.append(page if options.standalone else NavItem(plan.client.name, children=[page]))
        return out
    solution = report.solution
    view = view or proposal_view(
        report, internal=options.internal, public=options.public, stamp=options.versioned(slug).stamp
    )
    diagram = Markup("")
    if solution is not None:
        prefix = tree_id(slug)
        title = view.tree.diagram_alt
        try:
            svg = render_svg(
                kpi_tree_dot(solution, plan.language, prefix, title), prefix, title, options.cache_dir
            )
        except DiagramError as exc:
            raise DiagramError(f"{report.file}: {exc}") from None
        out.files[f"{base}{DIAGRAM}"] = svg
        out.diagrams[f"{base}{DIAGRAM}"] = svg
        diagram = Markup(f"![{md(title)}]({DIAGRAM})")
    chart = Markup("")
    title = t("path_alt", kgi=view.kgi.label)
    svg = path_chart(report, title=title, prefix=f"path-{slug}", brand=options.palette.brand)
    if svg:
        out.files[f"{base}{CHART}"] = svg
        out.diagrams[f"{base}{CHART}"] = svg
        chart = Markup(f"![{md(title)}]({CHART})")
    tracked_set, progress_path = site_progress(report, options, env, base)
    out.merge(tracked_set)
    context = {
        "reviews_href": Markup(REVIEWS) if f"{base}{REVIEWS}" in out.files else "",
        "progress_href": Markup("progress.md") if progress_path else "",
        "p": view,
        "t": t,
        "badge": computed_badge(t),
        "diagram": diagram,
        "chart": chart,
        "pdf_href": f"{slug}.pdf" if options.pdf_link else "",
        "deck_hrefs": deck_names(slug),
        "posts_total": f"{round(posts):,}" if (posts := plan.posts_per_month()) else "",
        "images": {
            where: [Markup(figure_html(picture)) for picture in found]
            for where, found in options.inputs.pictures(report).items()
        },
    }
    for name, svg, title in pitch_charts(view, slug, options.palette.brand):
        out.files[f"{base}{name}.svg"] = svg
        out.diagrams[f"{base}{name}.svg"] = svg
        context[name.replace("-", "_")] = Markup(f"![{md(title)}]({name}.svg)")
    shown = report.findings if options.internal else []
    section = NavItem(view.client)
    for name in PAGES:
        if name in OPTIONAL and not getattr(view, name).present:
            continue
        path = f"{base}{name}.md"
        page_findings = [f for f in shown if page_of(f) == name]
        out.files[path] = env.get_template(f"proposal/{name}.md").render(
            context | {"findings": page_findings}
        )
        section.children.append(NavItem(t(PAGE_TITLES[name]), path))
        if name == "measurement" and progress_path:  # the PDCA loop follows how it is measured
            section.children.append(NavItem(t.page_progress, progress_path))
    history = options.versioned(slug).history
    if history and not options.public:
        # What the client was sent, version by version, and what changed in the plan each time.
        path = f"{base}changes.md"
        # A client's site holds each sent version beside its live pages (v1/, v2/ …): the page
        # links to them, from the live site (../) or from inside a sent one (../../).
        to_versions = ""
        if options.standalone and not options.internal:
            to_versions = "../../" if options.sent_copy else "../"
        out.files[path] = env.get_template("proposal/changes.md").render(
            t=t, history=history, to_versions=Markup(to_versions)
        )
        section.children.append(NavItem(t.what_changed, path))
    out.nav += section.children if options.standalone else [section]
    out.documents[f"{base}{slug}.pdf"] = report
    return out


def figure_html(picture: Picture) -> str:
    """A plan's picture, inline, with its size (no layout shift) and its alt text, escaped."""
    alt = html_escape(picture.alt, quote=True)
    return (
        f'<figure class="proposal-picture"><img src="{picture.data_url}" alt="{alt}" '
        f'width="{picture.width}" height="{picture.height}" loading="lazy"></figure>'
    )


def pitch_charts(view: ProposalView, slug: str, brand: str) -> list[tuple[str, str, str]]:
    """(file stem, SVG, title) of the bar charts on the current-state and content pages."""
    t = view.t
    charts = []
    for stem, key, attr, shown in (
        (
            "followers-chart",
            "followers_chart",
            "followers_value",
            # Every bar in one style (4,200 and 52,000), never 4,200 beside 5.2万.
            lambda v: f"{v:,.0f}",
        ),
        ("posts-chart", "posts_chart", "posts_value", lambda v: t("posts_per_week_n", n=f"{v:g}")),
    ):
        # One group, and one scale, per platform: the handle says which account.
        groups: dict[str, list[tuple[str, float, bool]]] = {}
        for a in view.situation.accounts:
            if getattr(a, attr) is not None:
                groups.setdefault(a.platform, []).append((a.handle or a.name, getattr(a, attr), a.own))
        if sum(len(bars) for bars in groups.values()) >= 2:
            title = t(key)
            chart = bar_chart(
                list(groups.items()), title=title, prefix=f"{stem}-{slug}", value_label=shown, brand=brand
            )
            charts.append((stem, chart, title))
    shares = [(p.name, p.share_value, True) for p in view.content.pillars if p.share_value]
    if shares:
        charts.append(
            (
                "pillar-chart",
                bar_chart(
                    [("", shares)],
                    title=t.pillar_chart,
                    prefix=f"pillar-chart-{slug}",
                    value_label=formatting.rate,
                    brand=brand,
                ),
                t.pillar_chart,
            )
        )
    return charts


SECTION_PAGES = {
    "title": "index",
    "client": "index",
    "prepared": "index",
    "notes": "index",
    "next_steps": "index",
    "situation": "situation",
    "purpose": "purpose",
    "purpose_reason": "purpose",
    "kgi": "kpi",
    "kpi_tree": "kpi",
    "persona": "persona",
    "platforms": "platforms",
    "content": "content",
    "period": "roadmap",
    "roadmap": "roadmap",
    "measurement": "measurement",
    "team": "team",
    "budget": "team",
}
"""Which page shows each part of a plan, said once: the findings on a part appear there, and
`proposals diff` names the page a reworded part is read on."""


def page_of(finding: Finding) -> str:
    """The page a finding belongs on: where the part of the plan it is about is shown."""
    if finding.rule in ("no-deadline", "unrealistic-target") and finding.path.startswith("kgi"):
        return "index"
    head = finding.path.split(".", 1)[0].split("[", 1)[0]
    return SECTION_PAGES.get(head, "index")


def render_selection(
    reports: list[PlanReport],
    options: RenderOptions,
    *,
    access: str = "internal",
    scope: list[str] | None = None,
    home: bool = True,
    guide: bool = True,
    proposal_pages: bool = True,
) -> RenderSet:
    """The page set for one site: which plans, and which parts, the build asked for."""
    chosen = [r for r in reports if r.loaded is not None and (scope is None or r.slug in scope)]
    if access == "public":
        chosen = [r for r in chosen if r.plan.access == "public"]
    env = environment(options.theme_dir, cache=options.template_cache)
    out = RenderSet()
    if home:
        out.merge(render_home(chosen, options, env))
    if proposal_pages:
        for report in chosen:
            out.merge(render_proposal(report, options, env))
    if guide:
        out.merge(render_guide(env))
    return out
