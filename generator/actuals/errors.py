"""Why one table of an export is not read."""

from __future__ import annotations


class Unreadable(ValueError):
    """Why one table is not read: ``key`` names the reason in exports.yaml, ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = {k: str(v) for k, v in values.items()}
