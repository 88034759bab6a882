"""`make bench`: how `proposals build` scales, measured against plain MkDocs.

Every figure comes from running the real commands on seeded workspaces of generated
plans (bench/plans.py) on this machine. It prints a table and writes bench/results.json.
Sizes can be narrowed for a quick look: BENCH_SIZES=10,100 make bench.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.measure import Measured, run, tree_bytes
from bench.plans import PlanGenerator

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("BENCH_DIR", ROOT / ".cache" / "bench"))
BIN = Path(sys.executable).parent
SEED = int(os.environ.get("BENCH_SEED", "7"))
JOBS = os.cpu_count() or 1
PDF_PLANS = 12

ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


@dataclass
class Figure:
    key: str
    label: str
    value: float
    unit: str = ""
    target: str = ""
    ok: bool | None = None


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def value(self, key: str) -> float:
        return next(f.value for f in self.figures if f.key == key)

    def add(self, key: str, label: str, value: float, unit: str = "", target: str = "") -> None:
        ok = None
        if target:
            op, limit = target.split(" ", 1)
            ok = value <= float(limit) if op == "≤" else value >= float(limit)
        self.figures.append(Figure(key, label, value, unit, target, ok))
        print(f"  {label}: {_fmt(value)} {unit}".rstrip(), flush=True)


# ---------------------------------------------------------------------------- workspaces


def workspace(name: str, count: int, *, pdf: bool = False) -> Path:
    """A fresh workspace laid out like this repository, holding ``count`` generated plans."""
    root = WORK / name
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for folder in ("theme", "docs"):
        shutil.copytree(ROOT / folder, root / folder)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "proposals" in plugin:
            plugin["proposals"]["pdf"] = pdf
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    PlanGenerator(SEED).write(root / "proposals", count)
    return root


def forget_builds(root: Path) -> None:
    """Warm: diagram and template caches stay, every site is built again (the output
    folder's manifest is what proves a site can be reused, so the folder goes)."""
    shutil.rmtree(root / "site", ignore_errors=True)


def forget_everything(root: Path) -> None:
    for folder in ("site", ".cache"):
        shutil.rmtree(root / folder, ignore_errors=True)


def edit_one(root: Path, index: int) -> Path:
    """The everyday edit: a strategist rewrites the first sentence of one client's notes."""
    plan = sorted((root / "proposals").glob("*.yaml"))[index]
    text = plan.read_text(encoding="utf-8")
    # Generated notes are a single-quoted scalar; a previous revision mark is replaced.
    edited = re.sub(
        r"^notes: '(Revised \d+\. )?", f"notes: 'Revised {time.time_ns()}. ", text, count=1, flags=re.M
    )
    if edited == text:
        raise RuntimeError(f"{plan}: no notes to edit")
    plan.write_text(edited, encoding="utf-8")
    return plan


def proposals(*args: str) -> list[str]:
    return [str(BIN / "proposals"), *args]


def best(runs: list[Measured]) -> Measured:
    """The fastest of repeated runs: noise on a shared machine only ever adds time."""
    return min(runs, key=lambda m: m.seconds)


# ---------------------------------------------------------------------------- measurements


def measure_size(report: Report, count: int) -> dict[str, Measured]:
    print(f"\n== {count} plans", flush=True)
    root = workspace(f"ws-{count}", count)
    # This machine's timings wander by ±10 % from run to run; every figure is the best of
    # repeated runs (noise only ever adds time), fewer repeats for the long 1000-plan runs.
    repeats = 3 if count <= 100 else 2
    cold, warm = [], []
    for _ in range(repeats):
        forget_everything(root)
        cold.append(run(proposals("build"), root, env=ENV))
        forget_builds(root)
        warm.append(run(proposals("build"), root, env=ENV))
    prepared = WORK / f"floor-{count}"
    prepare = [sys.executable, "-m", "bench.floor", "prepare", str(root), str(prepared)]
    subprocess.run(prepare, check=True, env={**os.environ, **ENV})
    floor_site = WORK / f"floor-site-{count}"
    floor_build = [sys.executable, "-m", "bench.floor", "build", str(prepared), str(floor_site)]
    floor_build += ["-j", str(JOBS)]
    # The floor has no cache: its first run after writing the pages is its cold run.
    floor = [run(floor_build, ROOT, env=ENV) for _ in range(repeats)]
    result = {"cold": best(cold), "warm": best(warm), "floor_cold": floor[0], "floor_warm": best(floor[1:])}
    for name, m in result.items():
        print(f"  {name:<11} {m.seconds:7.2f} s  {m.peak_mb:6.0f} MB", flush=True)
    report.details[f"build_{count}"] = {
        name: {"seconds": m.seconds, "peak_mb": m.peak_mb} for name, m in result.items()
    }
    shutil.rmtree(floor_site, ignore_errors=True)
    return result


def add_overheads(report: Report, hundred: dict[str, Measured]) -> None:
    """Ours against the plain MkDocs floor with the same pages, at 100 plans."""
    report.add(
        "overhead_warm_100",
        "ours ÷ plain MkDocs floor, warm (100)",
        hundred["warm"].seconds / hundred["floor_warm"].seconds,
        "×",
        "≤ 0.25",
    )
    report.add(
        "overhead_cold_100",
        "ours ÷ plain MkDocs floor, cold (100)",
        hundred["cold"].seconds / hundred["floor_cold"].seconds,
        "×",
        "≤ 0.3",
    )


def measure_rebuilds(report: Report, count: int) -> None:
    print(f"\n== rebuilds in a workspace of {count}", flush=True)
    root = WORK / f"ws-{count}"
    run(proposals("build"), root, env=ENV)
    noop = best([run(proposals("build"), root, env=ENV) for _ in range(3)])
    counted = run(proposals("build"), root, env=ENV, count=True)
    report.add("noop_rebuild_seconds_100", "no-op rebuild, 100 plans", noop.seconds, "s", "≤ 0.3")
    report.add(
        "dot_processes_unchanged_rebuild",
        "dot processes in a no-op rebuild",
        counted.dot_processes or 0,
        "",
        "≤ 0",
    )
    report.details["noop_mkdocs_builds_100"] = counted.mkdocs_builds
    print(f"  MkDocs builds started in a no-op rebuild: {counted.mkdocs_builds}")
    edits = []
    for i in range(3):
        edit_one(root, count // 2 + i)
        edits.append(run(proposals("build"), root, env=ENV))
    edit = best(edits)
    edit_one(root, count // 2)
    counted = run(proposals("build"), root, env=ENV, count=True)
    report.add("edit_rebuild_seconds_100", "one plan edited in 100: rebuild", edit.seconds, "s", "≤ 0.5")
    report.details["edit_mkdocs_builds_100"] = counted.mkdocs_builds
    report.details["edit_dot_processes_100"] = counted.dot_processes
    print(
        f"  MkDocs builds started for one edited plan: {counted.mkdocs_builds}, dot: {counted.dot_processes}"
    )
    site = root / "site"
    total = tree_bytes(site, skip_suffix=".pdf")
    per_dir = [
        tree_bytes(p, skip_suffix=".pdf")
        for p in site.iterdir()
        if p.is_dir() and p.name.startswith("bench-")
    ]
    report.add(
        "bytes_per_proposal",
        "output bytes per proposal (all output ÷ plans)",
        total / count,
        "B",
        "≤ 1000000",
    )
    report.details["proposal_folder_bytes_median"] = statistics.median(per_dir)
    report.details["shared_assets_bytes"] = tree_bytes(site / "assets")


def measure_single_site(report: Report, count: int, ours: dict[str, Measured]) -> None:
    print(f"\n== one plain MkDocs site holding all {count} proposals", flush=True)
    root = WORK / f"ws-{count}"
    single = WORK / f"single-{count}"
    prepare = [sys.executable, "-m", "bench.floor", "prepare-single", str(root), str(single)]
    subprocess.run(prepare, check=True, env={**os.environ, **ENV})
    build = [str(BIN / "mkdocs"), "build", "-q", "-f", str(single / "mkdocs.yml")]
    # A single site has no cache: every run is a cold run. Best of two, as for ours.
    cold = best([run(build, ROOT, env=ENV) for _ in range(2)])
    edit_one(root, 1)
    subprocess.run(prepare, check=True, env={**os.environ, **ENV})
    # A single site has no correct incremental build: one edit means building it all again.
    edit = best([run(build, ROOT, env=ENV) for _ in range(2)])
    pages = len(list((single / "docs").rglob("*.md")))
    print(
        f"  {pages} pages; cold {cold.seconds:.2f} s {cold.peak_mb:.0f} MB;"
        f" after one edit {edit.seconds:.2f} s"
    )
    report.details["single_site_100"] = {
        "pages": pages,
        "cold_seconds": cold.seconds,
        "cold_peak_mb": cold.peak_mb,
        "edit_seconds": edit.seconds,
    }
    report.add(
        "single_site_cold_100_over_ours",
        "single site, cold ÷ ours cold (100)",
        cold.seconds / ours["cold"].seconds,
        "×",
        "≥ 2",
    )
    report.add(
        "single_site_edit_100_over_ours",
        "single site after one edit ÷ ours (100)",
        edit.seconds / report.value("edit_rebuild_seconds_100"),
        "×",
        "≥ 20",
    )
    shutil.rmtree(single / "site", ignore_errors=True)


def measure_check(report: Report, small: int, large: int) -> None:
    print("\n== proposals check", flush=True)
    timed = {}
    for count in (small, large):
        root = WORK / f"ws-{count}"
        timed[count] = best(
            [run(proposals("check", "proposals/"), root, env=ENV, ok=(0, 1)) for _ in range(3)]
        )
    per_plan = (timed[large].seconds - timed[small].seconds) / (large - small) * 1000
    report.details["check_seconds"] = {str(k): v.seconds for k, v in timed.items()}
    report.add(
        "check_ms_per_plan", f"check, per plan after start-up ({small}→{large} plans)", per_plan, "ms", "≤ 20"
    )


def _forgetting_typeset(root: Path, runs: int = 3, kinds: tuple[str, ...] = ("pdf",)) -> Iterator[int]:
    """``runs`` turns, the workspace's typeset PDFs (and written decks) forgotten before each."""
    for turn in range(runs):
        for kind in kinds:
            for kept in root.glob(f".cache/**/{kind}"):
                shutil.rmtree(kept, ignore_errors=True)
        yield turn


def measure_pdf(report: Report) -> None:
    print(f"\n== PDF ({PDF_PLANS} proposals)", flush=True)
    root = workspace("ws-pdf", PDF_PLANS, pdf=True)
    serial_out, parallel_out = WORK / "pdf-serial", WORK / "pdf-parallel"
    serial_pdf = proposals("pdf", "--out", str(serial_out), "-j", "1")
    parallel_pdf = proposals("pdf", "--out", str(parallel_out), "-j", str(JOBS))
    # Typeset PDFs are kept by what they were made from: each timed run starts without them,
    # or the figure would time the cache, not WeasyPrint.
    serial = best([run(serial_pdf, root, env=ENV, capture=True) for _ in _forgetting_typeset(root)])
    parallel = best([run(parallel_pdf, root, env=ENV) for _ in _forgetting_typeset(root)])
    each = [float(m) for m in re.findall(r": ([\d.]+) s$", serial.stdout or "", re.M)]
    pages = [_pdf_pages(p) for p in sorted(serial_out.glob("*.pdf"))]
    report.details["pdf"] = {
        "serial_seconds": serial.seconds,
        "parallel_seconds": parallel.seconds,
        "seconds_each": each,
        "pages_each": pages,
        "workers": JOBS,
    }
    print(f"  pages per PDF: {pages}; seconds each (serial): {each}")
    report.add(
        "pdf_seconds_per_proposal",
        "PDF, seconds per proposal (serial, mean)",
        statistics.mean(each),
        "s",
        "≤ 1",
    )
    report.add(
        "pdf_parallel_over_serial",
        f"PDF batch, {JOBS} workers ÷ 1 worker",
        parallel.seconds / serial.seconds,
        "×",
        "≤ 0.6",
    )
    # Unchanged proposals keep their PDFs: a rebuild after one edit renders one PDF.
    run(proposals("build"), root, env=ENV)
    before = _pdf_identities(root / "site")
    edit_one(root, 0)
    run(proposals("build"), root, env=ENV)
    after = _pdf_identities(root / "site")
    rendered = sum(1 for path, ident in after.items() if before.get(path) != ident)
    report.details["pdfs_rendered_after_one_edit"] = rendered
    report.details["pdfs_in_site"] = len(after)
    print(f"  PDFs rendered again after one edit: {rendered} of {len(after)}")


def measure_actuals(report: Report) -> None:
    """A year of daily and per-post exports from three platforms and GA4, read and set against
    one plan, in process after start-up."""
    from bench.actuals_data import write_year
    from generator.actuals.progress import progress
    from generator.actuals.read import read_folder
    from generator.actuals.summary import summary
    from generator.analysis.report import analyse
    from generator.plans.load import load_plan

    def read_actuals(plan: Any, folder: Path) -> Any:
        # Read and compared afresh each time: the per-process memo would measure a lookup.
        read = read_folder(folder, plan.plan)
        return summary(plan, read, progress(plan, read))

    print("\n== Actuals (a year of exports)", flush=True)
    folder = WORK / "actuals" / "lumiere-cosmetics"
    write_year(folder)
    plan = analyse(load_plan(ROOT / "proposals" / "lumiere-cosmetics.yaml"))
    read_actuals(plan, folder)  # start-up: imports, knowledge, first regex compiles
    runs = 20
    started = time.perf_counter()
    for _ in range(runs):
        result = read_actuals(plan, folder)
    each = (time.perf_counter() - started) / runs * 1000
    report.details["actuals"] = {
        "months": len(result.months),
        "files": [f.format for f in result.files],
    }
    report.add(
        "actuals_ms_per_plan", "Actuals, a year of exports read and compared (per plan)", each, "ms", "≤ 50"
    )


def measure_month(report: Report, count: int = 100) -> None:
    """`proposals month` for ``count`` clients, each with thirteen months of downloads: every
    report written and held, a comment drafted, the internal site rebuilt — as on the 3rd of
    a month: the proposals were built before (their pitch PDFs and decks are in the cache)
    and everything of the month is new. The run with nothing built at all is a detail."""
    from bench.month_data import month_workspace

    print(f"\n== The month ({count} clients, thirteen months of downloads each)", flush=True)
    root = WORK / f"ws-month-{count}"
    shutil.rmtree(root, ignore_errors=True)
    month_workspace(ROOT, root, count)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "proposals_dir: proposals\n", "proposals_dir: proposals\n      today: 2027-04-03\n"
        ),
        encoding="utf-8",
    )
    # Last month's state: the sites built without this year's downloads.
    shutil.move(root / "actuals", root / "actuals.away")
    run(proposals("build"), root, env=ENV)
    shutil.move(root / "actuals.away", root / "actuals")
    timed = run(proposals("month", "2027-03", "--format", "json"), root, env=ENV, capture=True)
    result = json.loads(timed.stdout or "{}")
    reports = len(list((root / "reports").glob("*-report-2027-03.pdf")))
    report.details["month"] = {
        "clients": len(result.get("clients", [])),
        "reports": reports,
        "peak_mb": timed.peak_mb,
    }
    print(f"  {reports} reports held, {timed.seconds:.1f} s, peak {timed.peak_mb:.0f} MB")
    report.add(
        f"month_seconds_{count}",
        f"proposals month, {count} clients (reports, drafts, internal site)",
        timed.seconds,
        "s",
        "≤ 60",
    )


def measure_deck(report: Report) -> None:
    """The pitch deck (PDF and PowerPoint) of each proposal, one after another."""
    print(f"\n== Deck ({PDF_PLANS} proposals)", flush=True)
    root = workspace("ws-pdf", PDF_PLANS, pdf=True)
    out = WORK / "deck"
    # Each timed run starts without the kept decks and typeset PDFs, or it would time the cache.
    deck = proposals("deck", "--out", str(out))
    timed = best([run(deck, root, env=ENV) for _ in _forgetting_typeset(root, kinds=("pdf", "pptx"))])
    decks = len(list(out.glob("*-deck.pptx")))
    report.details["deck"] = {"seconds": timed.seconds, "decks": decks}
    report.add(
        "deck_seconds_per_proposal",
        "Deck (PDF + PPTX), seconds per proposal (serial, mean)",
        timed.seconds / max(decks, 1),
        "s",
        "≤ 3",
    )
    # An unchanged plan's deck is reused: a rebuild after one edit writes one deck.
    run(proposals("build"), root, env=ENV)
    before = _pdf_identities(root / "site", "*-deck.pptx")
    edit_one(root, 1)
    run(proposals("build"), root, env=ENV)
    after = _pdf_identities(root / "site", "*-deck.pptx")
    written = sum(1 for k, v in after.items() if before.get(k) != v)
    report.details["decks_rendered_after_one_edit"] = written
    print(f"  decks written again after one edit: {written} of {len(after)}")


def measure_progress(report: Report) -> None:
    """What actuals add to one proposal's build (its progress page, the status tree and chart,
    the monthly report PDF): the same proposal built with and without a year of exports, one
    worker, diagram cache warm. Then a rebuild with nothing changed renders nothing."""
    from bench.actuals_data import write_year

    print("\n== Progress (one proposal, with and without a year of actuals)", flush=True)
    root = WORK / "ws-progress"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for part in ("theme", "docs", "mkdocs.yml"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / part)
    (root / "proposals").mkdir()
    shutil.copy(ROOT / "proposals" / "lumiere-cosmetics.yaml", root / "proposals")
    env = {**ENV, "SOURCE_DATE_EPOCH": "1798761600"}

    def timed() -> float:
        runs = []
        for _ in range(3):
            forget_builds(root)
            runs.append(run(proposals("build", "-j", "1"), root, env=env))
        return best(runs).seconds

    run(proposals("build", "-j", "1"), root, env=env)  # warm the diagram cache for the pitch pages
    without = timed()
    write_year(root / "actuals" / "lumiere-cosmetics")
    run(proposals("build", "-j", "1"), root, env=env)  # and for the status tree of the latest month
    with_actuals = timed()
    report.details["progress"] = {"without_s": without, "with_s": with_actuals}
    report.add(
        "progress_build_ratio",
        "A proposal's build with actuals ÷ without (progress page + monthly report)",
        with_actuals / without,
        "×",
        "≤ 1.15",
    )
    site = root / "site"
    before = _pdf_identities(site, "*-report-*.pdf")
    result = run(proposals("build"), root, env=env)
    after = _pdf_identities(site, "*-report-*.pdf")
    report.details["reports_rendered_on_unchanged_rebuild"] = sum(
        1 for k, v in after.items() if before.get(k) != v
    )
    print(
        f"  unchanged rebuild: {result.seconds:.2f} s, monthly reports rendered again: "
        f"{report.details['reports_rendered_on_unchanged_rebuild']} of {len(after)}"
    )


def measure_versions(report: Report) -> None:
    """`proposals send` of one proposal (PDF, deck, client pages, hashes), and the semantic
    diff of a 100-node plan against an edited copy, in process after start-up."""
    from generator.analysis.report import analyse
    from generator.plans.load import parse_plan
    from generator.versions.diff import plan_diff

    print("\n== Versions (send, and the diff of a 100-node plan)", flush=True)
    root = workspace("ws-send", 2, pdf=True)
    slug = sorted(p.stem for p in (root / "proposals").glob("*.yaml"))[0]
    runs = []
    for _ in range(2):
        edit_one(root, 0)  # each send freezes a new version of a changed plan
        runs.append(run(proposals("send", slug, "--note", "bench"), root, env=ENV))
    report.add("send_seconds", "Send one proposal (PDF, deck, client pages, hashes)", best(runs).seconds, "s")
    old = analyse(parse_plan(_hundred_nodes(0), "diff-bench"))
    new = analyse(parse_plan(_hundred_nodes(5), "diff-bench"))
    nodes = len(new.solution.nodes()) if new.solution else 0
    changes = plan_diff(old, new)  # start-up: templates, labels
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        changes = plan_diff(old, new)
        timings.append((time.perf_counter() - started) * 1000)
    report.details["diff"] = {"nodes": nodes, "changes": len(changes)}
    report.add("diff_ms_100_nodes", f"Semantic diff of a {nodes}-node plan", min(timings), "ms", "≤ 50")


def _hundred_nodes(changed: int) -> str:
    """A plan whose tree has 101 nodes (a KGI, 10 branches, 90 leaves); ``changed`` leaves
    get a higher target (and the sums above them follow)."""
    branches = []
    for b in range(10):
        leaves = [100 + b * 9 + i + (50 if b * 9 + i < changed else 0) for i in range(9)]
        rows = "\n".join(
            f"        - {{id: leaf_{b}_{i}, label: Leaf {b}.{i}, target: {v}}}" for i, v in enumerate(leaves)
        )
        branches.append(
            f"    - id: branch_{b}\n      label: Branch {b}\n      op: sum\n      children:\n{rows}"
        )
    total = sum(100 + n for n in range(90)) + 50 * changed
    head = "client: {name: Diff Bench}\nlanguage: en\nperiod: {start: 2027-01, months: 12}\n"
    kgi = f"kgi: {{id: leads_total, label: Leads, target: {total}, per: month, by: 2027-12}}\n"
    return head + kgi + "kpi_tree:\n  op: sum\n  children:\n" + "\n".join(branches) + "\n"


def _pdf_identities(site: Path, pattern: str = "*.pdf") -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(site)): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob(pattern)}


def _pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(match.group(1)) if match else 0


# ---------------------------------------------------------------------------- main


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10,100,1000").split(",")]
    if 100 not in sizes:
        sys.exit("BENCH_SIZES must include 100: most ratios are taken there")
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report = Report()
    report.details["machine"] = {
        "cpus": JOBS,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "seed": SEED,
    }
    builds = {count: measure_size(report, count) for count in sizes}
    hundred = builds[100]
    add_overheads(report, hundred)
    if 1000 in builds:
        report.add(
            "scale_1000_over_100",
            "1000 plans ÷ 100 plans, cold",
            builds[1000]["cold"].seconds / hundred["cold"].seconds,
            "×",
            "≤ 10",
        )
        report.details["scale_1000_over_100_warm"] = builds[1000]["warm"].seconds / hundred["warm"].seconds
    measure_rebuilds(report, 100)
    measure_single_site(report, 100, hundred)
    measure_check(report, min(sizes), max(sizes))
    measure_pdf(report)
    measure_deck(report)
    measure_actuals(report)
    measure_progress(report)
    measure_versions(report)
    measure_month(report)
    print("\n== where the time goes: one worker, every site rebuilt, caches warm (100 plans)", flush=True)
    profile = subprocess.run(
        [sys.executable, "-m", "bench.profile", str(WORK / "ws-100")],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
    ).stdout
    print(profile.rstrip())
    report.details["profile_100"] = profile.splitlines()
    report.details["bench_seconds"] = time.monotonic() - started
    print_table(report, builds)
    write_results(report, builds)


def print_table(report: Report, builds: dict[int, dict[str, Measured]]) -> None:
    print("\n`proposals build` (wall seconds / peak MB), plain MkDocs floor with the same pages and pool:")
    print(f"  {'plans':>6} {'cold':>14} {'warm':>14} {'floor cold':>14} {'floor warm':>14}")
    for count, m in builds.items():
        cells = [
            f"{m[k].seconds:6.2f} /{m[k].peak_mb:5.0f}" for k in ("cold", "warm", "floor_cold", "floor_warm")
        ]
        print(f"  {count:>6} " + " ".join(f"{c:>14}" for c in cells))
    print()
    width = max(len(f.label) for f in report.figures)
    for f in report.figures:
        mark = "" if f.ok is None else ("ok" if f.ok else "MISSED")
        print(f"  {f.label:<{width}}  {_fmt(f.value):>10} {f.unit:<2}  target {f.target:<10} {mark}")
    missed = [f.key for f in report.figures if f.ok is False]
    print(
        f"\n{len(report.figures) - len(missed)} of {len(report.figures)} targets met"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )


def write_results(report: Report, builds: dict[int, dict[str, Measured]]) -> None:
    results: dict[str, Any] = {f.key: round(f.value, 4) for f in report.figures}
    results["targets"] = {f.key: {"target": f.target, "met": f.ok} for f in report.figures}
    results["details"] = report.details
    path = ROOT / "bench" / "results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")


def _fmt(value: float) -> str:
    if value >= 10000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}"


if __name__ == "__main__":
    main()
