"""The typed policy: what every part of cs reads after validation.

Frozen dataclasses with every default filled in, so nothing downstream looks
at raw YAML again. ``where`` fields hold the path of the object in the source
document (for findings); they never take part in equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from cs.model.timefmt import Window

Path = tuple[str | int, ...]
DayHours = tuple[Window, ...]
"""A day's open windows; empty means closed."""

ORDER_STATUSES = ("none", "unpaid", "paid_not_shipped", "shipped", "after_sale", "completed")
ENTRY_POINTS = ("product_detail", "order_detail", "member_centre")
MESSAGE_KINDS = (
    "welcome",
    "off_hours",
    "queue",
    "offline",
    "survey",
    "customer_timeout_warning",
    "agent_timeout_warning",
)


@dataclass(frozen=True)
class WeeklyHours:
    days: tuple[DayHours, ...]
    """Seven entries, Monday first."""


@dataclass(frozen=True)
class CalendarException:
    """An exception rule (CAL-4): a date, a date range, or a recurring cron rule."""

    id: str
    hours: DayHours
    first: date | None = None
    last: date | None = None
    cron: str | None = None
    note: str = ""
    where: Path = field(default=(), compare=False)

    @property
    def recurring(self) -> bool:
        return self.cron is not None


@dataclass(frozen=True)
class HolidayRule:
    """A holiday calendar (CAL-5) and what its days do."""

    calendar: str
    holiday_hours: DayHours | None
    """Windows on a holiday; None: the calendar's own weekly hours (agent schedules
    when the service has holiday hours)."""
    workday_hours: DayHours | int
    """Windows, or the weekday index (0 = Monday) whose weekly hours apply."""


@dataclass(frozen=True)
class Calendar:
    """Weekly hours + holiday calendar + exceptions: the shape shared by the
    service's work hours and every agent schedule."""

    weekly: WeeklyHours
    exceptions: tuple[CalendarException, ...] = ()
    holidays: HolidayRule | None = None

    def __hash__(self) -> int:
        """Computed once per calendar: calendars key the per-day caches that every
        instant ``explain`` and the simulator look at reads (a deep hash each time
        was most of an instant's cost). Not kept by pickling: string hashes differ
        between processes."""
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.weekly, self.exceptions, self.holidays))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "_hash"}


@dataclass(frozen=True)
class Agent:
    id: str
    name: str
    role: str
    teams: tuple[str, ...]
    languages: tuple[str, ...]
    max_chats: int
    routable: bool
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class Schedule:
    """Automatic online/offline (AG-2..AG-5)."""

    id: str
    agents: tuple[str, ...]
    teams: tuple[str, ...]
    calendar: Calendar
    reminder: timedelta
    auto_accept: bool
    idle_offline: timedelta | None
    where: Path = field(default=(), compare=False)

    @cached_property
    def named(self) -> frozenset[str]:
        """The agent ids it lists, for lookups by id: a schedule of 100 ids asked about
        each of 10,000 agents is not scanned each time."""
        return frozenset(self.agents)


@dataclass(frozen=True)
class ManualOffline:
    start: datetime
    end: datetime
    """Aware datetimes in the policy's time zone; ``end`` is exclusive."""
    reason: str
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class OfflineCategory:
    id: str
    keywords: tuple[str, ...]
    priority: int


@dataclass(frozen=True)
class OfflineTriggers:
    outside_hours: bool = True
    all_agents_busy: bool = False


@dataclass(frozen=True)
class Offline:
    triggers: OfflineTriggers
    manual: tuple[ManualOffline, ...]
    ends_when: str
    delay: timedelta | None
    destination: str
    forward_on_agent_offline: bool
    when_nobody_online: str
    """OFF-8: ``leave_message`` (offline mode, messages to ``destination``), ``wait_in_queue``
    or ``routing_list`` (chats assigned over ``routing_list``)."""
    routing_list: tuple[str, ...]
    sort: str
    categories: tuple[OfflineCategory, ...]


@dataclass(frozen=True)
class RecentContact:
    enabled: bool
    window: timedelta
    bypass_capacity: bool


@dataclass(frozen=True)
class Groups:
    enabled: bool
    by_order_status: tuple[tuple[str, str], ...]
    """(order status, team id) pairs in ORDER_STATUSES order."""

    def team_for(self, status: str) -> str | None:
        """The team an order status goes to (RT-4), or None when it maps to none."""
        for mapped, team in self.by_order_status:
            if mapped == status:
                return team
        return None


@dataclass(frozen=True)
class Queue:
    order: str
    max_length: int | None
    max_wait: timedelta | None


@dataclass(frozen=True)
class Routing:
    mode: str
    recent_contact: RecentContact
    groups: Groups
    queue: Queue
    priority_new_customers: bool
    priority_returning_customers: bool
    seat_release_delay: timedelta
    bot_enabled: bool
    bot_handover_share: float


@dataclass(frozen=True)
class Message:
    enabled: bool
    texts: tuple[tuple[str, str], ...]
    """(language tag, template) pairs: the policy's own, or the built-in zh/en texts when it gives none."""
    in_offline: bool = False
    where: Path = field(default=(), compare=False)

    def text_map(self) -> dict[str, str]:
        return dict(self.texts)


@dataclass(frozen=True)
class Messages:
    default_language: str
    languages: tuple[str, ...]
    max_length: int
    kinds: tuple[tuple[str, Message], ...]
    """(kind, message) for every kind in MESSAGE_KINDS order."""

    def __getitem__(self, kind: str) -> Message:
        return dict(self.kinds)[kind]


@dataclass(frozen=True)
class QuickReply:
    id: str
    group: str
    keywords: tuple[str, ...]
    texts: tuple[tuple[str, str], ...]
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class Timeout:
    enabled: bool
    after: timedelta
    warn_before: timedelta
    action: str = "end"


@dataclass(frozen=True)
class Policy:
    version: int
    name: str
    timezone: str
    calendar: Calendar
    agents: tuple[Agent, ...]
    teams: tuple[Team, ...]
    schedules: tuple[Schedule, ...]
    offline: Offline
    routing: Routing
    messages: Messages
    quick_replies: tuple[QuickReply, ...]
    customer_timeout: Timeout
    agent_timeout: Timeout
    entry_points: tuple[str, ...]
    system_enabled: bool
    member_orders_window: timedelta
    source: str = field(default="", compare=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def agent(self, agent_id: str) -> Agent:
        for agent in self.agents:
            if agent.id == agent_id:
                return agent
        raise KeyError(agent_id)
