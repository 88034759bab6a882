"""The architecture, asserted: only the engine adapter imports MkDocs or ProperDocs, data
flows one way between the subpackages, no module imports itself back through others,
and no module grows past what one person can read at once."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "generator"
ENGINES = ("mkdocs", "properdocs", "material")
LAYERS = [
    "errors",
    "safepaths",
    "cache",
    "settings",
    "workers",
    "workspace",
    "knowledge",
    "locale",
    "plans",
    "analysis",
    "actuals",
    "inputs",
    "render",
    "versions",
    "output",
    "engine",
    "pipeline",
    "cli",
]
"""Each part may import only parts before it (and itself): plan reading knows nothing of
rendering, rendering nothing of the engine, and only the command line sees everything."""
RENDER_LAYERS = ["renderset", "text", "views", "figures", "site", "print", "deck", "export"]
"""Inside render/, by job, in the order data flows: what rendering produces, text and
escaping, views as plain data, figures, the site's files, print, the deck, and what leaves
the build. Each may import only those before it."""
MAX_LINES = 400


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, name: str) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def own(name: str, known: dict[str, Path]) -> str | None:
    """The generator module an import names (``generator.x.y`` may be a name inside ``generator.x``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = {}
    for name, path in known.items():
        targets = {own(i, known) for i in imports(path, name) if i.startswith("generator")}
        edges[name] = {t for t in targets if t and t != name and t != "generator"}
    return edges


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_only_the_engine_adapter_imports_an_engine():
    offenders = {
        name: sorted(i for i in imports(path, name) if i.split(".")[0] in ENGINES)
        for name, path in modules().items()
        if not name.startswith("generator.engine")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_data_flows_one_way_between_the_parts():
    wrong = []
    for module, targets in graph().items():
        here = layer(module)
        if here not in LAYERS:
            continue
        for target in targets:
            there = layer(target)
            if there in LAYERS and LAYERS.index(there) > LAYERS.index(here):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_render_is_split_by_job_and_each_job_imports_only_those_before_it():
    known = modules()
    loose = sorted(
        name
        for name in known
        if name.startswith("generator.render.")
        and name.count(".") == 2
        and name.split(".")[2] not in RENDER_LAYERS
    )
    assert loose == [], "every render module belongs to one job"

    def job(module: str) -> str | None:
        parts = module.split(".")
        return parts[2] if len(parts) > 2 and parts[1] == "render" else None

    wrong = []
    for module, targets in graph().items():
        here = job(module)
        if here is None:
            continue
        for target in targets:
            there = job(target)
            if there is not None and RENDER_LAYERS.index(there) > RENDER_LAYERS.index(here):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_views_render_no_template_and_touch_no_file():
    offenders = {}
    for name, path in modules().items():
        if name.startswith("generator.render.views."):
            found = {
                i for i in imports(path, name) if i.split(".")[0] in ("jinja2", "pathlib", "os", "shutil")
            }
            found |= {
                i
                for i in imports(path, name)
                if i.startswith(("generator.render.text.templates", "generator.cache"))
            }
            if found:
                offenders[name] = sorted(found)
    assert offenders == {}


def test_no_import_cycles():
    edges = graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_module_is_longer_than_one_sitting():
    long = {
        str(path.relative_to(REPO)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_plugin_is_thin():
    assert len((PACKAGE / "engine" / "plugin.py").read_text(encoding="utf-8").splitlines()) <= 150


READS = {
    "open",
    "read_bytes",
    "read_text",
    "is_file",
    "is_dir",
    "exists",
    "lexists",
    "is_symlink",
    "stat",
    "lstat",
    "iterdir",
    "glob",
    "rglob",
    "scandir",
    "listdir",
}
"""What opens, lists or looks at a file."""
READERS = {
    "generator.workspace",
    "generator.actuals.read",
    "generator.actuals.report.tracked",
    "generator.actuals.state.folder_digest",
    "generator.actuals.manual",
    "generator.cache.store.read_regular",
    "generator.cache.store.file_sha256",
    "generator.plans.load",
    "generator.inputs.reader",
    "generator.inputs.pictures.read_pictures",
}
"""The readers of a workspace's files: rendering asks its Inputs instead."""
MACHINE = {
    ("generator.render.site.assets", "stylesheet"): "the generator's own stylesheet",
    ("generator.render.print.pdf", "_print_css"): "the generator's own print stylesheet",
    ("generator.render.deck.pdf_writer", "deck_html"): "the generator's own deck stylesheet",
    ("generator.render.deck.fit", "_advances"): "the machine's Noto CJK font, to measure text",
    ("generator.render.text.templates", "environment"): "the theme's own templates, through Jinja's loader",
}
"""Files of the generator or the machine that rendering may read: none is a workspace input."""


def _reads(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(function, call, line) of every call that reads a file, by the function it is in."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.Call):
                callee = child.func
                called = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                in_memory = bool(child.args) and "BytesIO" in ast.unparse(child.args[0])
                if called in READS and not in_memory:
                    found.append((name, called, child.lineno))
            visit(child, name)

    visit(tree, "")
    return found


def test_render_reads_no_file():
    """Rendering takes data, never paths: pictures, actuals, comments, the deck's logo and
    template come from the build's Inputs (generator/inputs/), read once and recorded."""
    offenders = []
    for name, path in modules().items():
        if not name.startswith("generator.render."):
            continue
        for function, called, line in _reads(ast.parse(path.read_text(encoding="utf-8"))):
            if (name, function) not in MACHINE:
                offenders.append(f"{name}:{line} {function}() calls {called}()")
        offenders += [
            f"{name} imports {i}"
            for i in imports(path, name)
            if i in READERS or any(i.startswith(f"{r}.") for r in READERS if not r.count(".") > 2)
        ]
    assert offenders == []
