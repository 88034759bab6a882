"""Static files the generator adds to every site, and sharing Material's assets across sites."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

STYLESHEET = "assets/proposals/proposals.css"

_ASSET_REF = re.compile(r"""(?P<lead>["'(])(?P<up>(?:\.\./)*)assets/""")


@cache
def stylesheet() -> str:
    return resources.files("generator").joinpath("static/proposals.css").read_text(encoding="utf-8")


def is_shared(src_uri: str) -> bool:
    """Theme and plugin assets, identical in every site of a workspace."""
    return src_uri.startswith("assets/")


def share(html: str, prefix: str) -> str:
    """Point relative ``assets/`` references at the shared copy ``prefix`` levels up."""
    up = prefix.rstrip("/") + "/"
    return _ASSET_REF.sub(lambda m: f"{m.group('lead')}{up}{m.group('up')}assets/", html)
