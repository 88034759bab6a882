"""Plan files → validated :class:`~generator.plans.model.Plan` objects, or one-line errors.

Reading is in three passes, each stopping the file at its first failure: safe YAML
with positions (:mod:`generator.plans.yamldoc`), the shape of plan format 1 (pydantic),
and references into the knowledge base (:mod:`generator.plans.references`).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Location, PlanError, Problem, Said, say
from generator.plans.files import MAX_FILE_BYTES, links_out, slug_for
from generator.plans.messages import in_language, stated_language
from generator.plans.model import Plan
from generator.plans.references import check_references
from generator.plans.reserved import reserved_problem
from generator.plans.yamldoc import Document, read_document

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")


@dataclass(frozen=True)
class LoadedPlan:
    """A plan that passed every check, with the positions of its keys and values."""

    file: str
    slug: str
    plan: Plan
    document: Document

    def line(self, path: tuple[str | int, ...], *, key: bool = True) -> int:
        return self.document.where(path, key=key).line


def load_plan(path: Path, display: str | None = None) -> LoadedPlan:
    """Read one plan file; raise :class:`PlanError` naming the file on any problem."""
    name = display or str(path)
    try:
        return _load(path, name)
    except PlanError as exc:
        raise exc.for_file(name) from None


def _load(path: Path, name: str) -> LoadedPlan:
    top = Location(1, 1)
    slug = slug_for(path)
    if not SLUG.match(slug):
        raise PlanError(
            [
                Problem(
                    top,
                    (),
                    say("the file name '{name}' cannot be used as a page address", name=path.name),
                    say("rename it with lowercase letters, digits, '-' or '_', e.g. acme-2027.yaml"),
                )
            ]
        )
    reserved = reserved_problem(slug)
    if reserved is not None:
        raise PlanError([reserved])
    if links_out(path):
        # Say nothing of what the link points at: it may be any file on the machine.
        raise PlanError(
            [
                Problem(
                    top,
                    (),
                    say("the plan is a link to a file outside the workspace"),
                    say("copy the plan here instead"),
                )
            ]
        )
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanError(
                [
                    Problem(
                        top,
                        (),
                        say(
                            "the file is {size:,} bytes; plans are limited to {limit:,}",
                            size=size,
                            limit=MAX_FILE_BYTES,
                        ),
                        say("move long notes out of the plan"),
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(
            [Problem(top, (), say("cannot read the file: {why}", why=exc.strerror or exc))]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(
            [
                Problem(
                    Location(line, 1),
                    (),
                    say("the file is not UTF-8 text"),
                    say("save it as UTF-8 in your editor"),
                )
            ]
        ) from None
    return parse_plan(text, slug, name)


def parse_plan(text: str, slug: str, name: str = "<plan>") -> LoadedPlan:
    """Validate plan text; the pure core of :func:`load_plan`. Problems are said in the
    language the plan states (Japanese for ``language: ja``)."""
    try:
        return _parse(text, slug, name)
    except PlanError as exc:
        raise in_language(exc, stated_language(text)) from None


def _parse(text: str, slug: str, name: str) -> LoadedPlan:
    doc = read_document(text)
    if not isinstance(doc.data, dict):
        raise PlanError(
            [
                Problem(
                    Location(1, 1),
                    (),
                    say("a plan is a mapping of keys such as client:, kgi:, kpi_tree:"),
                    say("start from `proposals new`"),
                )
            ]
        )
    try:
        plan = Plan.model_validate(doc.data)
    except ValidationError as exc:
        raise PlanError(_translate(exc, doc)) from None
    problems = check_references(plan, doc)
    if problems:
        raise PlanError(problems)
    return LoadedPlan(name, slug, plan, doc)


# ---------------------------------------------------------------------------- pydantic → Problem


def _translate(exc: ValidationError, doc: Document) -> list[Problem]:
    seen: dict[tuple[object, ...], Problem] = {}
    for error in exc.errors(include_url=False):
        path, extra = _data_path(error["loc"], doc.data)
        problem = _problem(error, path, extra, doc)
        # Union members each report the same value; keep the first, most specific one.
        seen.setdefault((problem.path, problem.message if not extra else ""), problem)
    unique: dict[tuple[str | int, ...], Problem] = {}
    for problem in seen.values():
        unique.setdefault(problem.path, problem)
    # A misspelt required key shows up twice (unknown + missing); the 'did you mean' says it all.
    suggested = {
        (*p.path[:-1], p.hint.removeprefix("did you mean '").removesuffix("'?"))
        for p in unique.values()
        if p.hint.startswith("did you mean")
    }
    return [p for p in unique.values() if not (p.message.startswith("missing") and p.path in suggested)]


def _data_path(loc: tuple[str | int, ...], data: Any) -> tuple[tuple[str | int, ...], tuple[str | int, ...]]:
    """Split a pydantic location into the part that exists in the data and the rest."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        is_key = isinstance(node, dict) and isinstance(part, str) and part in node
        is_index = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (is_key or is_index):
            return tuple(path), tuple(loc[i:])
        node = node[part] if is_key else node[int(part)]
        path.append(part)
    return tuple(path), ()


def _problem(error: Any, path: tuple[str | int, ...], rest: tuple[str | int, ...], doc: Document) -> Problem:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        key = str(rest[0]) if rest else str(path[-1])
        parent = path if rest else path[:-1]
        allowed = _allowed_keys(parent)
        # `{note: 月5,000通まで}`: inside braces a comma ends the value, and what follows it
        # becomes a key of its own with no value.
        split = value is None and re.match(r"\d", key) is not None
        return Problem(
            doc.where((*parent, key), key=True),
            (*parent, key),
            say("unknown key '{key}'", key=key),
            say(
                "a comma inside {{ }} ends the value, so '{key}' after it became a key of its own: "
                'put the whole value in quotes (note: "…,{key}")',
                key=key,
            )
            if split
            else _suggest(key, allowed, "allowed here: {choices}"),
        )
    if kind == "missing":
        key = str(rest[0]) if rest else str(path[-1])
        return Problem(
            doc.where(path, key=True),
            (*path, key),
            say("missing required key '{key}'", key=key),
            _missing_hint(key),
        )
    location = doc.where(path) if path else Location(1, 1)
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        return Problem(
            location,
            path,
            say("'{value}' is not one of: {choices}", value=value, choices=", ".join(expected)),
            _suggest(str(value), expected, ""),
        )
    message = _MESSAGES.get(kind)
    if message:
        hint = _HINTS.get(kind)
        return Problem(
            location, path, say(message, **error.get("ctx", {}), value=value), say(hint) if hint else ""
        )
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Said):
        return Problem(location, path, cause.args[0])  # our own validators say why, translatably
    text = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return Problem(location, path, text[:1].lower() + text[1:])


_MESSAGES = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys and values",
    "model_type": "expected a mapping of keys and values",
    "model_attributes_type": "expected a mapping of keys and values",
    "string_too_short": "must not be empty",
    "string_too_long": "is longer than {max_length} characters",
    "too_short": "needs at least {min_length} item(s)",
    "too_long": "holds {actual_length:,} items; a plan may hold at most {max_length} here",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "string_pattern_mismatch": "'{value}' is not a valid id",
}
_HINTS = {
    "string_pattern_mismatch": "use lowercase letters, digits and '_', starting with a letter",
    "dict_type": "indent the keys under this one",
    "model_type": "indent the keys under this one",
    "list_type": "write items as '- item' lines or [a, b]",
    "too_long": "no proposal needs more; keep the ones the client should read",
}


def _missing_hint(key: str) -> str:
    template = {
        "name": "every plan names its client: client: {{name: …}}",
        "client": "add client: {{name: …}}",
        "start": "write start: YYYY-MM",
        "id": "name the platform: id: instagram",
    }.get(key, "add '{key}:'")
    return say(template, key=key)


def _suggest(word: str, choices: list[str], label: str) -> str:
    """'did you mean …?' for a near miss; else the choices under ``label`` ("… {choices}")."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return say("did you mean '{word}'?", word=close[0])
    return say(label, choices=", ".join(choices)) if choices and label else ""


def _allowed_keys(path: tuple[str | int, ...]) -> list[str]:
    """The keys the model at ``path`` accepts (for 'did you mean')."""
    model: Any = Plan
    for part in path:
        if isinstance(part, int):
            continue  # list items share the model that _unwrap already reached
        fields = _fields(model)
        if part not in fields:
            return []
        model = _unwrap(fields[part])
    return sorted(_fields(model))


def _fields(model: Any) -> dict[str, Any]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return {(f.alias or name): f.annotation for name, f in model.model_fields.items()}
    return {}


def _unwrap(tp: Any) -> Any:
    """Strip Optional, Annotated and list until a model (or a leaf type) remains."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated or origin is list:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        members = [_unwrap(a) for a in typing.get_args(tp) if a is not type(None)]
        models = [m for m in members if _fields(m)]
        return models[0] if models else members[0]
    return tp
