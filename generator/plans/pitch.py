"""The sections that turn a KPI design into a proposal a client signs: where the accounts
stand today against competitors, the content pillars, the team, the fees and what happens
next (plan format 1 additions, all optional)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from generator.knowledge import vocab
from generator.plans.values import (
    Amount,
    Currency,
    DateField,
    Ident,
    Label,
    MarkdownText,
    MonthField,
    PhaseMonths,
    Strict,
    Text,
    TextList,
    most,
)

Format = Literal[vocab.CADENCE_FORMATS]  # type: ignore[valid-type]


class AccountFigures(Strict):
    platform: vocab.PlatformId | None = None
    handle: Label | None = Field(None, description="Shown as text, never as a link.")
    followers: Amount | None = None
    posts_per_week: Amount | None = None
    engagement_rate: Amount | None = None
    variant: Ident | None = Field(None, description="The base of engagement_rate: er_reach, er_followers…")


class OwnAccount(AccountFigures):
    """One of the client's own accounts as it is today."""

    platform: vocab.PlatformId


class Competitor(AccountFigures):
    name: Label
    note: Text | None = None


class Situation(Strict):
    summary: MarkdownText | None = Field(None, description="Where the client stands today, in a few lines.")
    accounts: Annotated[list[OwnAccount], most("accounts")] = Field(default_factory=list)
    competitors: Annotated[list[Competitor], most("competitors")] = Field(default_factory=list)
    issues: TextList | None = None


class Pillar(Strict):
    name: Label
    share: Amount | None = Field(None, description="Share of all posts, e.g. 40%.")
    formats: Annotated[list[Format], most("formats")] = Field(default_factory=list)
    examples: TextList | None = None
    note: Text | None = None


class CalendarEntry(Strict):
    """What is posted in one month or one week."""

    month: MonthField | None = Field(None, description="YYYY-MM.")
    week: Annotated[str, Field(pattern=r"^\d{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$")] | None = Field(
        None, description="An ISO week, YYYY-Www (2027-W06)."
    )
    posts: TextList = Field(description="What goes out: campaigns, series, single posts.")

    @model_validator(mode="after")
    def _month_or_week(self) -> CalendarEntry:
        if (self.month is None) == (self.week is None):
            raise ValueError("give month (YYYY-MM) or week (YYYY-Www), one of the two")
        return self

    @property
    def when(self) -> str:
        return str(self.month) if self.month is not None else str(self.week)


class Content(Strict):
    summary: MarkdownText | None = None
    pillars: Annotated[list[Pillar], most("pillars")] = Field(default_factory=list)
    calendar: Annotated[list[CalendarEntry], most("calendar")] = Field(
        default_factory=list, description="The content calendar: month or week → posts."
    )


class Phase(Strict):
    """One phase of the roadmap, in the plan's own words."""

    name: Label
    months: PhaseMonths = Field(
        description="How many months (3, the phases following each other from the period's start) "
        "or which (2027-01..2027-03)."
    )
    aims: TextList | None = Field(None, description="What the phase is for.")
    campaigns: TextList | None = Field(None, description="Campaigns run in it.")


class Roadmap(Strict):
    phases: Annotated[list[Phase], most("phases")] = Field(default_factory=list)


class Image(Strict):
    """A picture placed on a page and its slide (PNG, JPEG, GIF or WebP)."""

    path: Label = Field(description="Relative to the plan's folder.")
    alt: Label = Field(description="What the picture shows, for those who cannot see it.")
    where: Literal["cover", "persona", "content", "situation"] = "cover"


class Member(Strict):
    role: Label
    name: Label | None = None
    allocation: Amount | None = Field(None, description="Share of a full-time person, e.g. 20%.")
    note: Text | None = None


class BudgetItem(Strict):
    item: Label
    monthly: Amount | None = None
    one_off: Amount | None = None
    note: Text | None = None
    billed: Literal["agency", "direct"] = Field(
        "agency",
        description="direct: paid by the client to the platform (ad spend), shown apart and never "
        "added to the agency's invoice or totals.",
    )


class Budget(Strict):
    currency: Currency | None = Field(None, description="Defaults to the KGI's currency, else JPY or USD.")
    tax: Literal["excluded", "included"] | None = None
    items: Annotated[list[BudgetItem], most("budget")] = Field(default_factory=list)
    total_monthly: Amount | None = Field(None, description="A stated monthly total; the doctor checks it.")
    total: Amount | None = Field(
        None, description="A stated total for the whole period; the doctor checks it."
    )

    def monthly_sum(self) -> float:
        """What the agency invoices each month (spend paid directly to a platform is not)."""
        return sum(i.monthly.value for i in self.items if i.monthly and i.billed == "agency")

    def one_off_sum(self) -> float:
        return sum(i.one_off.value for i in self.items if i.one_off and i.billed == "agency")

    def direct_monthly_sum(self) -> float:
        """What the client pays the platforms directly each month (media spend)."""
        return sum(i.monthly.value for i in self.items if i.monthly and i.billed == "direct")

    def period_sum(self, months: int) -> float:
        """What the whole period costs: every monthly item each month, one-off items once."""
        return self.monthly_sum() * months + self.one_off_sum()


class NextStep(Strict):
    date: DateField | None = None
    what: Label
    who: Label | None = None
