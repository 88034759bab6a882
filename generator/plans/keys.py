"""How a figure is named wherever plans, actuals and pages meet: a node or KPI is its
``metric`` (or custom ``id``), with ``@platform`` when it names one — ``reach@instagram``,
``ec_cvr`` — and, where two tree nodes would share that, its parent's key and a ``/`` first
(``store_reservations@google_business_profile/reservation_cvr``). Made and taken apart here only."""

from __future__ import annotations


def node_key(metric: str, platform: str | None = None) -> str:
    return f"{metric}@{platform}" if platform else metric


def split_key(key: str) -> tuple[str, str | None]:
    """``reach@instagram`` → (``reach``, ``instagram``); ``ec_cvr`` → (``ec_cvr``, None); a
    place key by its last part (``a@x/ec_cvr`` → (``ec_cvr``, None))."""
    last = key.rsplit("/", 1)[-1].split("#", 1)[0]
    metric, _, platform = last.partition("@")
    return metric, platform or None
