"""What a workspace tells the plan doctor: the UTM values it allows, and its own values for
the thresholds the knowledge base labels as agency defaults (``doctor:`` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.errors import ConfigError
from generator.knowledge import vocab
from generator.knowledge.quantity import parse_quantity

if TYPE_CHECKING:
    from generator.knowledge import Rules

_WHERE = "mkdocs.yml: plugins.proposals.doctor"


@dataclass(frozen=True)
class DoctorSettings:
    utm: Mapping[str, list[str]] = field(default_factory=dict)
    thresholds: Mapping[str, float | Mapping[str, float]] = field(default_factory=dict)
    today: dt.date | None = None
    """The day findings that depend on the date are judged by (the plugin's ``today``); None:
    the machine's clock, read when the settings are made."""

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> DoctorSettings:
        """Read the plugin options; a value the doctor cannot use is one line naming it."""
        given = options.get("doctor") or {}
        if not isinstance(given, Mapping):
            raise ConfigError(f"{_WHERE}: expected a mapping of threshold ids to values")
        # The knowledge base is read only to check thresholds the user set.
        known = _thresholds() if given else {}
        thresholds: dict[str, float | dict[str, float]] = {}
        for key, raw in given.items():
            if key not in known:
                raise ConfigError(f"{_WHERE}.{key}: not a threshold (known: {', '.join(known)})")
            if isinstance(raw, Mapping):
                kind = known[key].keyed_by
                ids = vocab.PLATFORM_IDS if kind == "platform" else vocab.FORMAT_KEYS
                unknown = sorted(set(map(str, raw)) - set(ids))
                if unknown:
                    raise ConfigError(f"{_WHERE}.{key}.{unknown[0]}: not a {kind} (known: {', '.join(ids)})")
                thresholds[key] = {str(p): _positive(f"{key}.{p}", v) for p, v in raw.items()}
            else:
                thresholds[key] = _positive(key, raw)
        today = options.get("today")
        return cls(dict(options.get("utm") or {}), thresholds, today if isinstance(today, dt.date) else None)

    @property
    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def rules(self) -> Rules:
        from generator.knowledge import knowledge

        base = knowledge().rules
        return base.overridden(dict(self.thresholds)) if self.thresholds else base  # type: ignore[arg-type]

    def key(self) -> str:
        """What makes two settings give the same findings (for the per-process memo)."""
        # The day is part of it: a next step whose date has passed is a finding from that day on.
        return repr(
            (
                sorted(self.utm.items()),
                sorted((k, repr(v)) for k, v in self.thresholds.items()),
                self.day.isoformat(),
            )
        )


def _positive(key: str, raw: object) -> float:
    try:
        value = parse_quantity(raw).value
    except ValueError as exc:
        raise ConfigError(f"{_WHERE}.{key}: {exc}") from None
    if value <= 0:
        raise ConfigError(f"{_WHERE}.{key}: must be above 0")
    return value


def _thresholds() -> Mapping[str, Any]:
    from generator.knowledge import knowledge

    return knowledge().rules.thresholds
