"""Static files the generator adds to every site, and sharing Material's assets across sites."""

from __future__ import annotations

from functools import cache
from importlib import resources

STYLESHEET = "assets/proposals/proposals.css"

_LEADS = frozenset("\"'(")
"""What an asset reference starts after: an attribute's quote or CSS's url(."""


@cache
def stylesheet() -> str:
    return resources.files("generator").joinpath("static/proposals.css").read_text(encoding="utf-8")


def is_shared(src_uri: str) -> bool:
    """Theme and plugin assets, identical in every site of a workspace."""
    return src_uri.startswith("assets/")


def share(html: str, prefix: str) -> str:
    """Point relative ``assets/`` references at the shared copy ``prefix`` levels up: each
    ``assets/`` that follows a quote or ``(`` and any number of ``../``."""
    up = prefix.rstrip("/") + "/"
    # Found by the literal and checked backwards: a pattern starting at every quote of a
    # page cost a tenth of a millisecond a page.
    out: list[str] = []
    done = 0
    at = html.find("assets/")
    while at != -1:
        start = at
        while start - 3 >= done and html.startswith("../", start - 3):
            start -= 3
        if start - 1 >= done and html[start - 1] in _LEADS:
            out += [html[done:start], up]
            done = start
        at = html.find("assets/", at + 7)
    out.append(html[done:])
    return "".join(out)
