"""The `proposals` plugin's options in mkdocs.yml — names, defaults, checks and the folders
they lead to — in one engine-free model.

`proposals` commands read mkdocs.yml through :class:`Settings`; the engine's config class
(``generator/engine/config.py``) is generated from the same fields, so `mkdocs build`,
`properdocs build` and `proposals build` agree on every option by construction. A value
that cannot be used is one line naming it, wherever it is read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ConfigError

WHERE = "mkdocs.yml: plugins.proposals"


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _choice(*allowed: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in allowed:
            raise ValueError(f"'{str(value)[:30]}' is not one of: {', '.join(allowed)}")
        return str(value)

    return check


def _optional_choice(*allowed: str) -> Callable[[object], str | None]:
    inner = _choice(*allowed)
    return lambda value: None if value is None else inner(value)


def _mapping(value: object) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError("expected a mapping of keys and values")
    return dict(value)


def _slugs(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of plan names")
    return tuple(value)


def _day(value: object) -> dt.date | None:
    """A day, quoted or not: YAML reads an unquoted 2027-04-01 as a date, not as text."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"'{str(value)[:40]}' is not a day like 2027-04-01") from None


BRAND = "#3f51b5"
"""The brand colour when the workspace names none (Material's indigo, the site's own primary)."""


def _colour(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value.strip()):
        raise ValueError(f"'{str(value)[:30]}' is not a colour: write six hex digits, like '#3F51B5'")
    return value.strip().lower()


@dataclass(frozen=True)
class Palette:
    """The workspace's colours, said once: the CSS of the print and lock pages, the charts,
    the diagrams and the slides all take them from here."""

    brand: str = BRAND
    """Cover, key figures, table heads, the KGI box, the plan's line in a chart, own bars."""

    @property
    def deep(self) -> str:
        """The brand colour darkened (the far end of the cover's gradient)."""
        red, green, blue = (int(self.brand[i : i + 2], 16) for i in (1, 3, 5))
        return "#{:02x}{:02x}{:02x}".format(*(round(c * 0.48) for c in (red, green, blue)))

    def css(self) -> str:
        """Custom properties for a stylesheet that writes ``var(--proposal-brand)``."""
        return f":root {{ --proposal-brand: {self.brand}; --proposal-brand-deep: {self.deep}; }}\n"


DEFAULT_PALETTE = Palette()


def _meta(check: Callable[[object], Any], doc: str) -> dict[str, Any]:
    return {"check": check, "doc": doc}


@dataclass(frozen=True)
class Settings:
    """Every option of the plugin, checked, with its default."""

    enabled: bool = field(default=True, metadata=_meta(_bool, "Turn the plugin off, left in mkdocs.yml."))
    proposals_dir: str = field(
        default="proposals", metadata=_meta(_text, "Folder of plan files, relative to mkdocs.yml.")
    )
    scope: tuple[str, ...] | None = field(
        default=None, metadata=_meta(_slugs, "Slugs of the plans this site contains; all plans when unset.")
    )
    access: str = field(
        default="internal",
        metadata=_meta(
            _choice("internal", "client", "public"),
            "internal: every plan with findings and internal notes; client: one plan, nothing "
            "internal; public: only `access: public` plans.",
        ),
    )
    utm: Mapping[str, Any] = field(
        default_factory=dict,
        metadata=_meta(
            _mapping, "Allowed UTM values for the doctor, e.g. {sources: [instagram, x], mediums: [social]}."
        ),
    )
    doctor: Mapping[str, Any] = field(
        default_factory=dict,
        metadata=_meta(
            _mapping,
            "The workspace's own values for the doctor's agency defaults, e.g. "
            "{max_monthly_growth: 0.25, follower_growth_ceiling: {instagram: 0.15}}.",
        ),
    )
    home: bool = field(default=True, metadata=_meta(_bool, "Add the home page of proposal cards."))
    guide: bool = field(default=True, metadata=_meta(_bool, "Add the guide made from the knowledge base."))
    proposal_pages: bool = field(
        default=True,
        metadata=_meta(_bool, "Add each plan's pages (off for the home site of a per-proposal build)."),
    )
    home_language: str = field(default="ja", metadata=_meta(_choice("ja", "en"), "The home page's language."))
    cache_dir: str = field(
        default=".cache/sns-proposals", metadata=_meta(_text, "The cache folder, relative to mkdocs.yml.")
    )
    today: dt.date | None = field(
        default=None,
        metadata=_meta(_day, "The day `expires` is judged by (default: today); set it to rebuild alike."),
    )
    standalone: str | None = field(
        default=None,
        metadata=_meta(_optional_text, "Slug of the one plan this site is about: its pages at the root."),
    )
    noindex: bool = field(
        default=False, metadata=_meta(_bool, "Ask search engines not to index any page (client builds).")
    )
    pdf: bool = field(
        default=True,
        metadata=_meta(_bool, "Write <slug>.pdf beside each proposal's pages, with a download button."),
    )
    pdf_on_serve: bool = field(
        default=False, metadata=_meta(_bool, "Also write PDFs during `mkdocs serve` (slow: off by default).")
    )
    pdf_landscape: bool = field(default=False, metadata=_meta(_bool, "A4 landscape instead of portrait."))
    deck_color: str | None = field(
        default=None,
        metadata=_meta(
            _colour, "The brand colour of the deck, the PDF, the charts and the lock page, e.g. '#3F51B5'."
        ),
    )
    deck_logo: str | None = field(
        default=None,
        metadata=_meta(_optional_text, "A PNG or JPEG logo for the deck's cover, relative to mkdocs.yml."),
    )
    deck_template: str | None = field(
        default=None,
        metadata=_meta(
            _optional_text,
            "The agency's own PowerPoint (.pptx) whose masters, title and body placeholders the deck uses, "
            "relative to mkdocs.yml.",
        ),
    )
    shared_assets: str | None = field(
        default=None,
        metadata=_meta(
            _optional_text,
            "Serve Material's assets from this relative prefix, not a copy (per-proposal builds).",
        ),
    )
    actuals_dir: str = field(
        default="actuals",
        metadata=_meta(
            _text, "Folder of each proposal's exports (actuals/<slug>/); public builds never read it."
        ),
    )
    versions_dir: str = field(
        default="versions",
        metadata=_meta(_text, "Folder of each proposal's sent versions (versions/<slug>/v<N>/)."),
    )
    version_stamp: str | None = field(
        default=None,
        metadata=_meta(_optional_text, "Set by `proposals send` for the pages of the version it sends."),
    )
    version_note: str | None = field(
        default=None,
        metadata=_meta(_optional_text, "Set by `proposals send`: the note of the version it sends."),
    )
    date_order: str | None = field(
        default=None,
        metadata=_meta(
            _optional_choice("dmy", "mdy"),
            "How to read an export's dates like 1/7/2027 when the file cannot tell: dmy (day/month) "
            "or mdy (month/day); an actuals folder's settings.yaml may say otherwise.",
        ),
    )

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def default(cls, name: str) -> Any:
        found = {f.name: f for f in dataclasses.fields(cls)}[name]
        if found.default_factory is not dataclasses.MISSING:
            return found.default_factory()
        return found.default

    @classmethod
    def doc(cls, name: str) -> str:
        return str({f.name: f for f in dataclasses.fields(cls)}[name].metadata["doc"])

    @classmethod
    def check(cls, name: str, value: object) -> Any:
        """The option's value as the model holds it; ValueError says why it cannot be used."""
        found = {f.name: f for f in dataclasses.fields(cls)}[name]
        return found.metadata["check"](value)

    @classmethod
    def read(cls, options: Mapping[str, Any]) -> Settings:
        """The plugin's options as mkdocs.yml gives them; one line for the first unusable one."""
        known = set(cls.names())
        values: dict[str, Any] = {}
        for name, raw in options.items():
            if name not in known:
                options_known = ", ".join(sorted(known))
                raise ConfigError(f"{WHERE}.{name}: not an option of the plugin (known: {options_known})")
            if raw is None:
                continue
            try:
                values[name] = cls.check(name, raw)
            except ValueError as exc:
                raise ConfigError(f"{WHERE}.{name}: {exc}") from None
        return cls(**values)

    def changed(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def palette(self) -> Palette:
        return Palette(self.deck_color or BRAND)

    def paths(self, root: Path) -> Paths:
        """The folders these options name, under the workspace at ``root``."""
        cache = root / self.cache_dir
        return Paths(
            proposals=root / self.proposals_dir,
            actuals=root / self.actuals_dir,
            versions=root / self.versions_dir,
            cache=cache,
            diagrams=cache / "diagrams",
            deck_logo=root / self.deck_logo if self.deck_logo else None,
            deck_template=root / self.deck_template if self.deck_template else None,
        )


@dataclass(frozen=True)
class Paths:
    """Where the options point, for one workspace."""

    proposals: Path
    actuals: Path
    cache: Path
    """Plan summaries, compiled templates, calendars."""
    diagrams: Path
    """Drawn diagrams and layouts (within ``cache``)."""
    deck_logo: Path | None
    deck_template: Path | None = None
    versions: Path = Path("versions")
    """Each proposal's sent versions."""
