"""How a figure is named wherever plans, actuals and pages meet: a node or KPI is its
``metric`` (or custom ``id``), with ``@platform`` when it names one — ``reach@instagram``,
``ec_cvr``. Made and taken apart here only."""

from __future__ import annotations


def node_key(metric: str, platform: str | None = None) -> str:
    return f"{metric}@{platform}" if platform else metric


def split_key(key: str) -> tuple[str, str | None]:
    """``reach@instagram`` → (``reach``, ``instagram``); ``ec_cvr`` → (``ec_cvr``, None)."""
    metric, _, platform = key.partition("@")
    return metric, platform or None
