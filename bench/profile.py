"""Where a build's time goes: pyinstrument over an in-process build of every site, one
worker, caches warm (as in a rebuild after a theme edit), time grouped by package.

Run alone: python -m bench.profile WORKSPACE (writes a full text profile beside the
summary when --out is given).
"""

from __future__ import annotations

import argparse
import shutil
from collections import defaultdict
from pathlib import Path

# Which part of the stack a source file belongs to; the first match wins.
_GROUPS = (
    ("/generator/", "sns-proposals (ours)"),
    ("/material/", "Material for MkDocs"),
    ("/mkdocs/", "MkDocs"),
    ("/properdocs/", "MkDocs"),
    ("/markdown/", "Python-Markdown"),
    ("/pymdownx/", "PyMdown Extensions"),
    ("/jinja2/", "Jinja"),
    ("/markupsafe/", "Jinja"),
    ("/yaml/", "PyYAML"),
    ("/pydantic", "pydantic"),
    ("html/parser.py", "html.parser (search index)"),
    ("/nh3", "nh3"),
    ("/graphviz/", "Graphviz"),
)


_STDLIB = "Python (imports, files)"


def _group(frame_path: str | None) -> str:
    if not frame_path:
        return "other"
    for needle, name in _GROUPS:
        if needle in frame_path:
            return name
    if "<frozen" in frame_path or "/lib/python3" in frame_path:
        return _STDLIB
    return "other"


def profile_build(root: Path, out: Path | None = None) -> dict[str, float]:
    """Seconds of self time per part of the stack for one full single-worker build."""
    from pyinstrument import Profiler

    from generator.pipeline.build import build
    from generator.workspace import Workspace

    shutil.rmtree(root / "site", ignore_errors=True)  # every site is built again; caches stay
    workspace = Workspace.find(root / "mkdocs.yml")
    profiler = Profiler(interval=0.002)
    profiler.start()
    build(workspace, jobs=1)
    profiler.stop()
    frame = profiler.last_session.root_frame() if profiler.last_session else None
    totals: dict[str, float] = defaultdict(float)

    def walk(node, inherited: str) -> None:  # type: ignore[no-untyped-def]
        # Built-in and standard-library calls (regex, xml.etree, I/O) and synthetic "[self]"
        # frames count for the code that made them: Markdown's etree work is Markdown's.
        path = node.file_path
        own = _group(path) if path and not node.is_synthetic and not path.startswith("<built-in") else None
        group = inherited if own is None or (own == _STDLIB and inherited != "other") else own
        totals[group] += node.total_self_time
        for child in node.children:
            walk(child, group)

    if frame is not None:
        walk(frame, "other")
    if out is not None:
        out.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--out", type=Path, help="also write the full call tree here")
    args = parser.parse_args()
    totals = profile_build(args.workspace.resolve(), args.out)
    whole = sum(totals.values())
    for name, seconds in totals.items():
        print(f"  {name:<34} {seconds:6.2f} s  {seconds / whole:5.1%}")


if __name__ == "__main__":
    main()
