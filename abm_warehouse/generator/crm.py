"""CRM extracts (Salesforce objects as Fivetran lands them).

Entities (users, accounts, contacts, leads, opportunities, campaigns, target-list stays) are
rendered from the world and the sales simulation. Two kinds of rows are simulated here:

- campaign members: each campaign invites an audience (ABM campaigns: contacts at accounts on
  the list), a share of which registers, attends or responds;
- sales activities (tasks and events): responses to high-intent signals (most demo requests
  answered within hours, some late, some never), SDR prospecting at target accounts, and the
  meetings, demos, calls and emails that go with every opportunity.

CRM `created_date` / `last_modified_date` are timestamps (Salesforce datetime fields); close,
activity, MQL/SQL, conversion, campaign and target-list dates are plain dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from . import vocabulary as voc
from .contract import EXTRACTS, boolean_text
from .digital import Signal
from .ids import SALESFORCE_PREFIXES, salesforce_id
from .sales import Opportunity, Sales
from .timeline import (
    DAY,
    END_S,
    HOUR,
    START_S,
    WEEK,
    fmt_date,
    fmt_ts,
    to_seconds,
    week_start_s,
)
from .world import Account, Contact, World, pick


def _frame(extract: str, rows: Iterable[dict]) -> pd.DataFrame:
    """Rows (dicts; missing keys become empty) as a frame with exactly the contract columns.

    The rows are read one at a time into one list per column, so a generator of rows is never
    held as a list of dicts (a dict per row costs more than its values).
    """
    columns = list(EXTRACTS[extract].columns)
    blocks: list[pd.DataFrame] = []
    values: dict[str, list] = {column: [] for column in columns}

    def to_block() -> None:
        # text columns (pandas' string type): far smaller than Python strings
        blocks.append(pd.DataFrame({column: pd.Series(values[column], dtype="str") for column in columns},
                                   columns=columns))
        for column in columns:
            values[column] = []

    for number, row in enumerate(rows, start=1):
        for column in columns:
            values[column].append(row.get(column))
        if number % FRAME_BLOCK_ROWS == 0:
            to_block()
    if not blocks or values[columns[0]]:
        to_block()
    return blocks[0] if len(blocks) == 1 else pd.concat(blocks, ignore_index=True)


FRAME_BLOCK_ROWS = 50_000
"""Rows read as Python values before they are stored as text columns."""


def _money(value: float | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _number(value: float | int | None) -> str | None:
    return None if value is None else str(int(value))


# --- Entities --------------------------------------------------------------------------------
def build_users(world: World) -> pd.DataFrame:
    extract = "crm__user"
    return _frame(extract, [{"id": u.id, "name": u.name, "role": u.role,
                             "is_active": boolean_text(u.is_active, extract)} for u in world.users])


def build_accounts(world: World) -> pd.DataFrame:
    extract = "crm__account"
    return _frame(extract, [{
        "id": a.id, "name": a.name, "website": a.website, "industry": a.industry,
        "number_of_employees": _number(a.employees), "annual_revenue": _money(a.revenue),
        "billing_country": a.country, "type": a.account_type, "owner_id": a.owner_id,
        "created_date": fmt_ts(a.created_s), "last_modified_date": fmt_ts(a.modified_s),
        "is_deleted": boolean_text(False, extract),
    } for a in world.accounts])


def build_contacts(world: World) -> pd.DataFrame:
    extract = "crm__contact"
    return _frame(extract, ({
        "id": c.id, "account_id": world.accounts[c.account].id if c.has_account_id else None,
        "email": c.email, "first_name": c.first_name, "last_name": c.last_name,
        "title": c.title, "department": c.department, "buying_role": c.buying_role,
        "lead_source": c.lead_source, "mql_date": fmt_date(c.mql_s), "sql_date": fmt_date(c.sql_s),
        "created_date": fmt_ts(c.created_s), "last_modified_date": fmt_ts(c.modified_s),
        "is_deleted": boolean_text(False, extract),
    } for c in world.contacts))


def build_leads(world: World) -> pd.DataFrame:
    return _frame("crm__lead", _lead_rows(world))


def _lead_rows(world: World) -> Iterator[dict]:
    """The rows of `build_leads`, one at a time."""
    extract = "crm__lead"
    for lead in world.leads:
        converted = lead.converted_contact is not None
        yield {
            "id": lead.id, "email": lead.email, "company": lead.company, "website": lead.website,
            "title": lead.title, "status": lead.status, "lead_source": lead.lead_source,
            "is_converted": boolean_text(converted, extract),
            "converted_date": fmt_date(lead.converted_s),
            "converted_account_id": world.accounts[lead.account].id if converted else None,
            "converted_contact_id": lead.converted_contact.id if converted else None,
            "converted_opportunity_id": lead.converted_opportunity_id,
            "mql_date": fmt_date(lead.mql_s), "sql_date": fmt_date(lead.sql_s),
            "created_date": fmt_ts(lead.created_s), "is_deleted": boolean_text(False, extract),
        }


def build_target_accounts(world: World) -> pd.DataFrame:
    return _frame("crm__target_account", [{
        "account_id": world.accounts[s.account].id, "tier": str(s.tier),
        "added_date": s.added.isoformat(),
        "removed_date": s.removed.isoformat() if s.removed else None, "program": s.program,
    } for s in world.stays])


def build_campaigns(world: World) -> pd.DataFrame:
    extract = "crm__campaign"
    return _frame(extract, [{
        "id": c.id, "name": c.name, "type": c.type, "status": c.status,
        "start_date": c.start.isoformat(), "end_date": c.end.isoformat(),
        "budgeted_cost": _money(c.budgeted_cost), "actual_cost": _money(c.actual_cost),
        "is_abm": boolean_text(c.is_abm, extract), "is_deleted": boolean_text(False, extract),
    } for c in world.campaigns])


def build_opportunities(world: World, sales: Sales) -> dict[str, pd.DataFrame]:
    """Opportunities with their stage history and contact roles."""
    opps, history, roles = [], [], []
    for opp in sales.opportunities:
        opps.append({
            "id": opp.id, "account_id": world.accounts[opp.account].id, "name": opp.name,
            "type": opp.type, "stage_name": opp.stage, "amount": _money(opp.amount),
            "currency_iso_code": opp.currency,
            "probability": str(voc.STAGE_PROBABILITY[opp.stage]),
            "close_date": fmt_date(opp.close_s), "created_date": fmt_ts(opp.created_s),
            "is_closed": boolean_text(opp.is_closed, "crm__opportunity"),
            "is_won": boolean_text(opp.is_won, "crm__opportunity"),
            "lead_source": opp.lead_source, "campaign_id": opp.campaign_id,
            "owner_id": opp.owner_id, "last_modified_date": fmt_ts(opp.modified_s),
            "is_deleted": boolean_text(False, "crm__opportunity"),
        })
        for change in opp.history:
            history.append({
                "id": salesforce_id("opportunity_history", len(history)),
                "opportunity_id": opp.id, "stage_name": change.stage,
                "amount": _money(change.amount), "close_date": fmt_date(change.close_s),
                "created_date": fmt_ts(change.at_s),
                "is_deleted": boolean_text(False, "crm__opportunity_history"),
            })
        for role in opp.roles:
            roles.append({
                "id": salesforce_id("opportunity_contact_role", len(roles)),
                "opportunity_id": opp.id, "contact_id": role.contact.id, "role": role.role,
                "is_primary": boolean_text(role.is_primary, "crm__opportunity_contact_role"),
                "created_date": fmt_ts(role.created_s),
                "is_deleted": boolean_text(False, "crm__opportunity_contact_role"),
            })
    return {
        "crm__opportunity": _frame("crm__opportunity", opps),
        "crm__opportunity_history": _frame("crm__opportunity_history", history),
        "crm__opportunity_contact_role": _frame("crm__opportunity_contact_role", roles),
    }


# --- Campaign members ------------------------------------------------------------------------
AUDIENCE_SIZE = {"Email": 200, "Webinar": 70, "Event": 30, "Content": 55, "Paid Social": 30,
                 "Paid Search": 25, "Direct Mail": 20}
"""Campaign members per campaign at scale 1, by campaign type."""
RESPONSE_FLOW = {
    # type: (status when invited, status when responded, base response probability)
    "Email": ("Sent", "Responded", 0.08),
    "Webinar": ("Registered", "Attended", 0.45),
    "Event": ("Registered", "Attended", 0.6),
    "Content": ("Responded", "Responded", 1.0),
    "Paid Social": ("Responded", "Responded", 1.0),
    "Paid Search": ("Responded", "Responded", 1.0),
    "Direct Mail": ("Sent", "Responded", 0.15),
}


CAMPAIGN_MEMBER_CHUNK_PEOPLE = 50_000
"""Above this many people (about scale 12), campaign members are written one campaign at a time."""


def build_campaign_members(world: World) -> pd.DataFrame:
    """Members of each campaign: invited people, some of whom respond."""
    return pd.concat(list(iter_campaign_member_chunks(world)), ignore_index=True)


def iter_campaign_member_chunks(world: World) -> Iterator[pd.DataFrame]:
    """Members of each campaign, as one frame or, for a large world, one frame per campaign.

    The rows are drawn from one random stream in the same order either way: chunking changes
    only how the caller plants dirt and orders rows (per chunk).
    """
    extract = "crm__campaign_member"
    rng = world.streams("campaign-members")
    persons = [(c, c.account, c.created_s, c.propensity, True) for c in world.contacts]
    persons += [(lead, lead.account, lead.created_s, lead.propensity, False)
                for lead in world.leads if lead.converted_s is None]
    if len(persons) <= CAMPAIGN_MEMBER_CHUNK_PEOPLE:
        yield _frame(extract, _campaign_member_rows(world, extract, rng, persons, world.campaigns))
        return
    first_member = 0
    for campaign in world.campaigns:
        frame = _frame(extract, _campaign_member_rows(world, extract, rng, persons, [campaign], first_member))
        first_member += len(frame)
        yield frame


def _campaign_member_rows(world: World, extract: str, rng: np.random.Generator,
                          persons: list[tuple], campaigns: list, first_member: int = 0) -> Iterator[dict]:
    """The rows of the members of `campaigns`, one at a time, numbered from `first_member`."""
    members = first_member
    for campaign in campaigns:
        start_s, end_s = to_seconds(campaign.start), min(to_seconds(campaign.end) + DAY - 1, END_S)
        week = max(0, (start_s - week_start_s(0)) // WEEK)
        pool, weights = [], []
        for person, account, created_s, propensity, is_contact in persons:
            if created_s >= start_s:
                continue
            on_list = account is not None and world.tier[account, week] > 0
            if campaign.is_abm and not (is_contact and on_list):
                continue
            interest = world.interest[account, week] if account is not None else 0.6
            pool.append((person, is_contact, interest))
            weights.append(propensity * (0.5 + interest))
        if not pool:
            continue
        size = min(len(pool), max(3, int(round(AUDIENCE_SIZE[campaign.type] * world.scale * rng.uniform(0.6, 1.4)))))
        p = np.array(weights) / sum(weights)
        invited_status, responded_status, base_rate = RESPONSE_FLOW[campaign.type]
        for i in rng.choice(len(pool), size=size, replace=False, p=p):
            person, is_contact, interest = pool[int(i)]
            responded = rng.random() < min(1.0, base_rate * (0.6 + 0.3 * interest))
            if invited_status == "Responded":
                created = int(rng.integers(start_s, end_s + 1))
                responded_s: int | None = created
            else:
                created = max(START_S, start_s - int(rng.integers(0, 20 * DAY)))
                responded_s = int(rng.integers(start_s, end_s + 1)) if responded else None
            yield {
                "id": salesforce_id("campaign_member", members), "campaign_id": campaign.id,
                "contact_id": person.id if is_contact else None,
                "lead_id": None if is_contact else person.id,
                "status": responded_status if responded else invited_status,
                "has_responded": boolean_text(responded, extract),
                "first_responded_date": fmt_date(responded_s), "created_date": fmt_ts(created),
                "is_deleted": boolean_text(False, extract),
            }
            members += 1


# --- Sales activities ------------------------------------------------------------------------
class _Activities:
    """Collects tasks and events; owners, subjects and ids are filled in consistently."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.streams("activities")
        # rows as tuples in the order of TASK_FIELDS / EVENT_FIELDS (a dict per row costs more)
        self.tasks: list[tuple] = []
        self.events: list[tuple] = []
        self.sdrs = [u.id for u in world.users_with_role("SDR", "BDR")]
        self.aes = [u.id for u in world.users_with_role("AE")]
        self.csms = [u.id for u in world.users_with_role("CSM")] or self.aes

    def contact_at(self, account: Account, before_s: int, prefer_senior: bool = False) -> Contact | None:
        candidates = [c for c in account.contacts if c.created_s < before_s]
        if not candidates:
            return None
        if prefer_senior:
            senior = [c for c in candidates if c.buying_role in ("Decision Maker", "Economic Buyer", "Champion")]
            candidates = senior or candidates
        return pick(self.rng, candidates)

    def task(self, at_s: int, account: Account | None, who_id: str | None, what_id: str | None,
             owner: str, task_type: str, subject: str) -> None:
        if at_s > END_S or at_s < START_S:
            return
        due_s = at_s + (int(self.rng.integers(1, 4)) * DAY if self.rng.random() < 0.1 else 0)
        self.tasks.append((
            at_s, owner, f"{task_type}: {subject}", who_id, what_id or (account.id if account else None),
            account.id if account else None, task_type, fmt_date(min(due_s, END_S)), fmt_ts(at_s),
        ))

    def event(self, booked_s: int, start_s: int, account: Account, who_id: str | None,
              what_id: str | None, owner: str, event_type: str, subject: str) -> None:
        if start_s > END_S or booked_s < START_S:
            return
        self.events.append((
            start_s, owner, subject, who_id, what_id or account.id, account.id, event_type,
            fmt_ts(start_s), fmt_ts(min(booked_s, start_s)),
        ))

    # --- the three sources of activity -----------------------------------------------------
    def respond_to_signals(self, signals: list[Signal]) -> None:
        """Sales follows up signals: every hand-raiser (demo request, contact sales; one per
        account and week), and the first pricing-page visit or intent surge of a 30-day episode."""
        rng = self.rng
        by_account_kind: dict[tuple[int, str], list[Signal]] = {}
        for signal in sorted(signals, key=lambda s: (s.account, s.kind, s.at_s)):
            by_account_kind.setdefault((signal.account, signal.kind), []).append(signal)
        respond_p = {  # kind: (probability at a target account, elsewhere)
            "demo_request": (0.95, 0.95), "contact_sales": (0.92, 0.9),
            "pricing_page_view": (0.75, 0.2), "intent_surge": (0.8, 0.12),
        }
        for (account_index, kind), kind_signals in sorted(by_account_kind.items()):
            account = self.world.accounts[account_index]
            quiet_days = 7 if kind in ("demo_request", "contact_sales") else 30
            episode_start = None
            for signal in kind_signals:
                if episode_start is not None and signal.at_s < episode_start + quiet_days * DAY:
                    continue
                episode_start = signal.at_s
                week = min(max(0, (signal.at_s - week_start_s(0)) // WEEK), self.world.tier.shape[1] - 1)
                target = self.world.tier[account_index, week] > 0
                if rng.random() > respond_p[signal.kind][0 if target else 1]:
                    continue
                delay = self._response_delay(signal.kind, target)
                who = signal.person_id or getattr(self.contact_at(account, signal.at_s, True), "id", None)
                is_lead = who is not None and who.startswith(SALESFORCE_PREFIXES["lead"])
                subject = {"demo_request": "demo request follow-up", "contact_sales": "inbound sales inquiry",
                           "pricing_page_view": "pricing page visit follow-up",
                           "intent_surge": "intent surge outreach"}[signal.kind]
                owner = pick(rng, self.sdrs)
                at_s = signal.at_s + delay
                self.task(at_s, None if is_lead else account, who, None if is_lead else account.id,
                          owner, pick(rng, ("Call", "Email", "LinkedIn"), (50, 35, 15)), subject)
                if signal.kind in ("demo_request", "contact_sales") and rng.random() < 0.45 and not is_lead:
                    start = at_s + int(rng.integers(2, 10)) * DAY
                    start = start - start % DAY + int(rng.integers(9, 17)) * HOUR
                    self.event(at_s + HOUR, start, account, who, None, pick(rng, self.aes),
                               "Demo", f"{voc.BRAND_NAME} demo for {account.company.name}")

    def _response_delay(self, kind: str, target: bool) -> int:
        """Seconds from signal to response: mostly within hours, a tail of days."""
        rng = self.rng
        if kind == "intent_surge":  # surges arrive Monday 00:00; SDRs work them Monday or later
            if rng.random() < 0.75:
                return int(rng.integers(8 * HOUR, 17 * HOUR))
            return int(rng.integers(26 * HOUR, 6 * DAY))
        draw = rng.random()
        fast_share = 0.72 if target else 0.5
        if draw < fast_share:
            return int(min(rng.lognormal(np.log(2.5 * HOUR), 0.8), 23 * HOUR))
        if draw < fast_share + 0.18:
            return int(rng.integers(20 * HOUR, 60 * HOUR))
        return int(rng.integers(3 * DAY, 14 * DAY))

    def prospect(self) -> None:
        """SDR outbound touches: target accounts every few weeks, a few ICP-fit others."""
        rng = self.rng
        tiers = self.world.tier
        for account in self.world.accounts:
            if account.is_secondary:
                continue
            rate = np.where(tiers[account.index] > 0, 0.17, 0.03 if account.icp_fit else 0.0)
            for week in np.flatnonzero(rng.poisson(rate)):
                at_s = int(week_start_s(int(week)) + int(rng.integers(0, 5)) * DAY
                           + int(rng.integers(8, 18)) * HOUR + int(rng.integers(0, HOUR)))
                contact = self.contact_at(account, at_s)
                task_type = pick(rng, ("LinkedIn", "Email", "Call"), (35, 40, 25))
                self.task(at_s, account, contact.id if contact else None, None, pick(rng, self.sdrs),
                          task_type, "outbound prospecting")

    def work_opportunity(self, opp: Opportunity) -> None:
        """Meetings, demos, calls and emails from before creation to close (or today)."""
        rng = self.rng
        account = self.world.accounts[opp.account]
        owner = opp.owner_id or pick(rng, self.aes)
        people = [r.contact for r in opp.roles] or account.contacts[:1]

        def who() -> str | None:
            return pick(rng, people).id if people else None

        last_s = min(opp.close_s + 12 * HOUR, END_S)
        if opp.type == "Renewal":
            owner = pick(rng, self.csms)
            for _ in range(int(rng.integers(2, 5))):
                self.task(int(rng.integers(opp.created_s, last_s + 1)), account, who(), opp.id,
                          owner, pick(rng, ("Call", "Email")), "renewal check-in")
            meeting = int(rng.integers(opp.created_s, last_s + 1))
            self.event(meeting - 3 * DAY, meeting, account, who(), opp.id, owner, "Meeting",
                       "Renewal review")
            return
        discovery = opp.created_s - int(rng.integers(0, 6 * DAY))
        self.event(discovery - int(rng.integers(1, 6)) * DAY, discovery, account, who(), opp.id,
                   owner, "Meeting", "Discovery call")
        demo_stage = next((h for h in opp.history if h.stage == "Demo"), None)
        if demo_stage is not None:
            self.event(demo_stage.at_s - 2 * DAY, demo_stage.at_s, account, who(), opp.id, owner,
                       "Demo", f"{voc.BRAND_NAME} platform demo")
        for _ in range(int(rng.integers(0, 3))):
            at = int(rng.integers(opp.created_s, last_s + 1))
            self.event(at - 4 * DAY, at, account, who(), opp.id, owner,
                       pick(rng, ("Meeting", "Meeting", "Other")), "Stakeholder meeting")
        at = opp.created_s - int(rng.integers(3, 10)) * DAY
        while at < last_s:
            self.task(at, account, who(), opp.id, owner, pick(rng, ("Call", "Email", "Other"), (45, 45, 10)),
                      "deal follow-up")
            at += int(rng.integers(5, 13)) * DAY + int(rng.integers(0, 8 * HOUR))

    def frames(self) -> dict[str, pd.DataFrame]:
        tasks = sorted(self.tasks, key=lambda r: (r[0], r[1] or "", r[2]))
        events = sorted(self.events, key=lambda r: (r[0], r[1] or "", r[2]))
        self.tasks, self.events = [], []
        return {"crm__task": _frame("crm__task", _activity_rows(tasks, "task", TASK_FIELDS)),
                "crm__event": _frame("crm__event", _activity_rows(events, "event", EVENT_FIELDS))}


TASK_FIELDS = ("_at", "owner_id", "subject", "who_id", "what_id", "account_id", "type", "activity_date",
               "created_date")
EVENT_FIELDS = ("_at", "owner_id", "subject", "who_id", "what_id", "account_id", "type", "start_date_time",
                "created_date")


def _activity_rows(rows: list[tuple], kind: str, fields: tuple[str, ...]) -> Iterator[dict]:
    """Sorted activity tuples as rows with their ids, each tuple let go as soon as it is read."""
    extract = f"crm__{kind}"
    for n in range(len(rows)):
        row, rows[n] = dict(zip(fields, rows[n])), None
        row["id"] = salesforce_id(kind, n)
        row["is_deleted"] = boolean_text(False, extract)
        yield row




def build_activities(world: World, sales: Sales, signals: list[Signal]) -> dict[str, pd.DataFrame]:
    """crm__task and crm__event: signal responses, prospecting and opportunity work."""
    activities = _Activities(world)
    activities.respond_to_signals(signals)
    activities.prospect()
    for opp in sales.opportunities:
        activities.work_opportunity(opp)
    return activities.frames()

