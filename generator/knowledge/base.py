"""The building blocks of the knowledge models: frozen data, and a sentence in both languages."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)  # built when first used


class Bilingual(_Data):
    """The same sentence in both output languages."""

    ja: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, language: str) -> str:
        return self.ja if language == "ja" else self.en


def _both(raw: object) -> object:
    """A proper name written once stands for both languages (``Rival IQ``)."""
    return {"ja": raw, "en": raw} if isinstance(raw, str) else raw
