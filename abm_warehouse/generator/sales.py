"""The revenue story: opportunities, their stage history and contact roles, subscriptions.

Each account is simulated on its own, in time order:

- a buying episode that `creates_opportunity` opens a New Business opportunity near its peak
  (an Expansion one when the account is a paying customer), unless one is still open;
- target accounts (on the list the day the opportunity is created) win more often (35 % vs
  18 %) and buy bigger deals (1.5x, tier 1 another 1.3x); referrals win more often;
- a won New Business deal starts a platform subscription (a reactivation when the account had
  churned), a won Expansion deal an add-on subscription;
- every contract anniversary brings a Renewal opportunity 90 days ahead: lost means churn (all
  subscriptions end), won may raise or lower the platform price (the old subscription ends
  the day the new one starts).

Deals close after the window stay open at the stage they reached by WINDOW_END, with their
planned close date (in the future).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from . import vocabulary as voc
from .config_seeds import fx_rates, usd_per_unit
from .ids import prefixed_id, salesforce_id
from .timeline import (
    DAY,
    END_S,
    HOUR,
    START_S,
    WINDOW_END,
    WINDOW_START,
    add_years,
    business_time,
    to_date,
    to_seconds,
    week_start_s,
)
from .world import Account, Contact, Episode, World, pick

NEW_BUSINESS_WIN_RATE = {"target": 0.35, "non_target": 0.18}
REFERRAL_WIN_LIFT = 0.15
EXPANSION_WIN_RATE = 0.55
TARGET_DEAL_SIZE_FACTOR = 1.5
TIER_DEAL_SIZE_FACTOR = {1: 1.5, 2: 1.1, 3: 0.85}
RENEWAL_CHURN_RATE = {"target": 0.06, "non_target": 0.11}
PRE_WINDOW_CUSTOMER_SHARE = 0.14
FORMER_CUSTOMER_SHARE = 0.03


@dataclass(slots=True)
class StageChange:
    stage: str
    at_s: int
    amount: float
    close_s: int


@dataclass(slots=True)
class ContactRole:
    contact: Contact
    role: str
    is_primary: bool
    created_s: int


@dataclass(slots=True)
class Opportunity:
    id: str
    account: int
    name: str
    type: str
    amount: float
    currency: str
    created_s: int
    close_s: int
    stage: str
    is_closed: bool
    is_won: bool
    lead_source: str | None
    campaign_id: str | None
    owner_id: str | None
    modified_s: int
    tier_at_creation: int
    history: list[StageChange] = field(default_factory=list)
    roles: list[ContactRole] = field(default_factory=list)


@dataclass(slots=True)
class Subscription:
    id: str
    account: int
    product: str
    start: date
    end: date | None
    mrr: float
    currency: str

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)


@dataclass(slots=True)
class Sales:
    opportunities: list[Opportunity]
    subscriptions: list[Subscription]


class _Simulation:
    """Shared state of the sales simulation (random streams, counters, fx)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.streams("sales")
        self.timing = world.streams("sales-timing")
        self.rates = fx_rates()
        self.opportunities: list[Opportunity] = []
        self.subscriptions: list[Subscription] = []
        self.subs_by_account: dict[int, list[Subscription]] = {}
        self.aes = [u.id for u in world.users_with_role("AE")]
        self.outcomes: dict[str, list[float]] = {}
        self.active_users = {u.id for u in world.users if u.is_active}

    # --- helpers ---------------------------------------------------------------------------
    def decide(self, group: str, probability: float) -> bool:
        """A random outcome nudged towards `probability` within `group`.

        Small samples of pure coin flips can land far from the intended rate (the demo has a
        few dozen deals per segment); steering each draw by half the running gap keeps every
        group's realized rate close to its design while individual outcomes stay random.
        """
        expected, realized = self.outcomes.setdefault(group, [0.0, 0.0])
        steered = min(1.0, max(0.0, probability + 0.5 * (expected - realized)))
        outcome = bool(self.rng.random() < steered)
        self.outcomes[group] = [expected + probability, realized + outcome]
        return outcome

    def local_amount(self, usd: float, currency: str, day: date) -> float:
        return round(usd / usd_per_unit(currency, day, self.rates), -2)

    def new_subscription(self, account: Account, product: str, start: date, mrr: float) -> Subscription:
        sub = Subscription(prefixed_id("sub", len(self.subscriptions), 12), account.index,
                           product, start, None, round(mrr, 2), account.currency)
        self.subscriptions.append(sub)
        self.subs_by_account.setdefault(account.index, []).append(sub)
        return sub

    def active_subscriptions(self, account: Account, day: date) -> list[Subscription]:
        return [s for s in self.subs_by_account.get(account.index, []) if s.active_on(day)]

    def campaign_for(self, created: date, tier: int) -> str | None:
        abm_first = tier > 0 and self.rng.random() < 0.6
        if not abm_first and self.rng.random() > 0.3:
            return None
        live = [c for c in self.world.campaigns
                if c.start - timedelta(days=30) <= created <= c.end + timedelta(days=30)
                and c.is_abm == abm_first]
        return pick(self.rng, live).id if live else None

    # --- pre-window customers ----------------------------------------------------------------
    def seed_existing_customers(self) -> None:
        """Customers (and a few former customers) from before the window."""
        rng = self.world.streams("existing-customers")
        for account in self.world.accounts:
            if account.is_secondary or account.created_s > START_S - 200 * DAY:
                continue
            draw = rng.random()
            weight = 1.4 if account.icp_fit else 0.7
            size_usd = 22_000 * ((account.employees or 400) / 500) ** 0.35 * rng.lognormal(0, 0.3)
            if draw < PRE_WINDOW_CUSTOMER_SHARE * weight:
                start = date(2021, 1, 1) + timedelta(days=int(rng.integers(0, 1300)))
                mrr = self.local_amount(size_usd, account.currency, WINDOW_START) / 12
                self.new_subscription(account, voc.PRODUCTS["platform"], start, mrr)
                if rng.random() < 0.4:
                    addon = pick(rng, ("intent", "ads", "analytics"))
                    self.new_subscription(account, voc.PRODUCTS[addon],
                                          start + timedelta(days=int(rng.integers(60, 300))),
                                          mrr * rng.uniform(0.15, 0.35))
            elif draw < (PRE_WINDOW_CUSTOMER_SHARE + FORMER_CUSTOMER_SHARE) * weight:
                start = date(2020, 6, 1) + timedelta(days=int(rng.integers(0, 700)))
                mrr = self.local_amount(size_usd, account.currency, WINDOW_START) / 12
                sub = self.new_subscription(account, voc.PRODUCTS["platform"], start, mrr)
                sub.end = add_years(start, int(rng.integers(1, 3)))
                if sub.end >= WINDOW_START:
                    sub.end = WINDOW_START - timedelta(days=int(rng.integers(30, 200)))

    # --- opportunities ---------------------------------------------------------------------
    def open_opportunity(self, account: Account, opp_type: str, created_s: int, amount: float,
                         won: bool, cycle_days: float, lead_source: str | None) -> Opportunity:
        """Create an opportunity and walk it through its stages up to WINDOW_END."""
        created = to_date(created_s)
        tier = self.world.tier_on(account.index, created)
        owner = account.owner_id if account.owner_id in self.active_users else pick(self.rng, self.aes)
        planned_close_s = to_seconds(created + timedelta(days=max(7, int(cycle_days))))
        path = list(voc.STAGE_PATHS[opp_type])
        if not won:
            path = path[: 1 + int(self.rng.choice(len(path), p=_loss_stage_weights(len(path))))]
        opp = Opportunity(
            id=salesforce_id("opportunity", len(self.opportunities)),
            account=account.index,
            name=f"{account.company.name} - {opp_type} - {created:%b %Y}",
            type=opp_type, amount=amount, currency=account.currency, created_s=created_s,
            close_s=planned_close_s, stage=path[0], is_closed=False, is_won=False,
            lead_source=lead_source, campaign_id=self.campaign_for(created, tier),
            owner_id=owner, modified_s=created_s, tier_at_creation=tier,
        )
        self.opportunities.append(opp)
        self._walk_stages(opp, path, won)
        self._add_contact_roles(opp, account)
        return opp

    def _walk_stages(self, opp: Opportunity, path: list[str], won: bool) -> None:
        rng = self.timing
        span = opp.close_s - opp.created_s
        cut_points = np.sort(rng.uniform(0.05, 0.9, size=len(path) - 1))
        entered = [opp.created_s] + [int(opp.created_s + f * span) for f in cut_points]
        entered = [min(max(t, opp.created_s), opp.close_s - HOUR) for t in entered]
        first_amount = round(opp.amount * rng.uniform(0.8, 1.2), -2)
        for n, (stage, at_s) in enumerate(zip(path, entered)):
            if at_s > END_S:
                break
            slip = int(rng.normal(0, 12)) * DAY if n < len(path) - 1 else 0
            amount = first_amount if n < 2 else opp.amount
            opp.history.append(StageChange(stage, at_s, amount, opp.close_s + slip))
            opp.stage = stage
            opp.modified_s = at_s
        if opp.close_s <= END_S:
            close_at = opp.close_s + int(rng.integers(9, 19)) * HOUR
            opp.stage = voc.WON_STAGE if won else voc.LOST_STAGE
            opp.is_closed, opp.is_won = True, won
            opp.history.append(StageChange(opp.stage, min(close_at, END_S), opp.amount, opp.close_s))
            opp.modified_s = min(close_at + int(rng.integers(0, 20)) * DAY, END_S)
        else:
            opp.modified_s = int(rng.integers(opp.modified_s, END_S + 1))

    def _add_contact_roles(self, opp: Opportunity, account: Account) -> None:
        rng = self.rng
        candidates = [c for c in account.contacts if c.created_s < opp.created_s + 14 * DAY]
        if not candidates:
            return
        n_roles = {"New Business": (2, 5), "Expansion": (1, 4), "Renewal": (1, 3)}[opp.type]
        n = min(len(candidates), int(rng.integers(*n_roles)))
        weights = np.array([3.0 if c.buying_role in ("Decision Maker", "Economic Buyer", "Champion")
                            else 1.0 for c in candidates])
        chosen = rng.choice(len(candidates), size=n, replace=False, p=weights / weights.sum())
        for k, i in enumerate(chosen):
            contact = candidates[int(i)]
            role = pick(rng, voc.CONTACT_ROLES_BY_BUYING_ROLE[contact.buying_role or "Other"])
            created = min(opp.created_s + int(rng.integers(0, 7 * DAY)), END_S)
            opp.roles.append(ContactRole(contact, role, k == 0, created))

    # --- account timeline ------------------------------------------------------------------
    def simulate_account(self, account: Account, episodes: list[Episode]) -> None:
        """Play the account's episodes and renewals in time order."""
        rng = self.rng
        subs = self.subs_by_account.get(account.index, [])
        anchor = min((s.start for s in subs if s.end is None), default=None)
        next_renewal = _first_renewal_after(anchor, WINDOW_START) if anchor else None
        busy_until = 0
        queue = list(episodes)
        while True:
            episode_at = (week_start_s(queue[0].peak_week) + int(rng.integers(0, 10)) * DAY
                          if queue else None)
            renewal_at = (max(to_seconds(next_renewal) - 90 * DAY, START_S + int(rng.integers(0, 20)) * DAY)
                          if next_renewal else None)
            if episode_at is None and renewal_at is None:
                break
            if renewal_at is not None and (episode_at is None or renewal_at <= episode_at):
                if renewal_at > END_S:
                    next_renewal = None
                    continue
                self._renew(account, next_renewal, renewal_at)
                still_customer = bool(self.active_subscriptions(account, next_renewal))
                next_renewal = add_years(next_renewal, 1) if still_customer else None
                continue
            episode = queue.pop(0)
            if episode_at is None or episode_at > END_S - DAY or busy_until > episode_at:
                continue
            if not episode.creates_opportunity:
                continue
            created_s = int(business_time(self.timing, np.array([episode_at - episode_at % DAY]))[0])
            opp = self._episode_opportunity(account, created_s)
            if opp is None:
                continue
            busy_until = opp.close_s
            if opp.is_won:
                close_day = to_date(opp.close_s)
                if opp.type == "New Business":
                    self.new_subscription(account, voc.PRODUCTS["platform"], close_day, opp.amount / 12)
                    if next_renewal is None:
                        next_renewal = add_years(close_day, 1)
                else:
                    owned = {s.product for s in self.active_subscriptions(account, close_day)}
                    addons = [p for k, p in voc.PRODUCTS.items() if k != "platform" and p not in owned]
                    self.new_subscription(account, pick(rng, addons) if addons else voc.PRODUCTS["analytics"],
                                          close_day, opp.amount / 12)

    def _episode_opportunity(self, account: Account, created_s: int) -> Opportunity | None:
        rng = self.rng
        created = to_date(created_s)
        active = self.active_subscriptions(account, created)
        tier = self.world.tier_on(account.index, created)
        segment = "target" if tier else "non_target"
        lead_source = pick(rng, [s for s, _ in voc.LEAD_SOURCES], [w for _, w in voc.LEAD_SOURCES])
        if active:
            if rng.random() > 0.6:
                return None
            arr_usd = 12 * sum(s.mrr for s in active) * usd_per_unit(account.currency, created, self.rates)
            amount_usd = 0.3 * arr_usd * rng.lognormal(0, 0.3)
            won = self.decide("expansion", EXPANSION_WIN_RATE)
            opp_type = "Expansion"
        else:
            size = (account.employees or 400) / 500
            amount_usd = 26_000 * size**0.15 * rng.lognormal(0, 0.3)
            if tier:
                amount_usd *= TARGET_DEAL_SIZE_FACTOR * TIER_DEAL_SIZE_FACTOR[tier]
            p_win = NEW_BUSINESS_WIN_RATE[segment] + (REFERRAL_WIN_LIFT if lead_source in voc.REFERRAL_SOURCES else 0)
            won = self.decide(f"new_business:{segment}", p_win)
            opp_type = "New Business"
        median_days = (65 if tier else 80) if won else 50
        cycle = float(np.clip(self.timing.lognormal(np.log(median_days), 0.4), 14, 240))
        amount = max(1_000.0, self.local_amount(amount_usd, account.currency, created))
        return self.open_opportunity(account, opp_type, created_s, amount, won, cycle, lead_source)

    def _renew(self, account: Account, renewal_day: date, created_s: int) -> None:
        rng = self.rng
        created_s = int(business_time(self.timing, np.array([created_s - created_s % DAY]))[0])
        check_day = to_date(created_s)
        active = self.active_subscriptions(account, check_day)
        if not active:
            return
        arr = 12 * sum(s.mrr for s in active)
        tier = self.world.tier_on(account.index, check_day)
        segment = "target" if tier else "non_target"
        churn = self.decide(f"churn:{segment}", RENEWAL_CHURN_RATE[segment])
        change = rng.random()
        new_arr = arr
        if to_seconds(renewal_day) <= END_S and not churn:
            platform = next((s for s in active if s.product == voc.PRODUCTS["platform"]), active[0])
            addons = [s for s in active if s is not platform]
            if change < 0.3:  # price uplift: expansion
                replacement = self.new_subscription(account, platform.product, renewal_day,
                                                    platform.mrr * rng.uniform(1.05, 1.2))
                platform.end = renewal_day
                new_arr += 12 * (replacement.mrr - platform.mrr)
            elif change < 0.42:  # downgrade: contraction
                if addons:
                    dropped = pick(rng, addons)
                    dropped.end = renewal_day
                    new_arr -= 12 * dropped.mrr
                else:
                    replacement = self.new_subscription(account, platform.product, renewal_day,
                                                        platform.mrr * rng.uniform(0.7, 0.9))
                    platform.end = renewal_day
                    new_arr += 12 * (replacement.mrr - platform.mrr)
        elif to_seconds(renewal_day) <= END_S:
            for sub in active:
                sub.end = renewal_day
        cycle = (renewal_day - check_day).days
        self.open_opportunity(account, "Renewal", created_s, round(new_arr, 2), not churn, cycle,
                              "Web" if rng.random() < 0.1 else None)

    def link_converted_leads(self) -> None:
        """A converted lead points at the New Business opportunity its conversion started."""
        by_account: dict[int, list[Opportunity]] = {}
        for opp in self.opportunities:
            if opp.type == "New Business":
                by_account.setdefault(opp.account, []).append(opp)
        for lead in self.world.leads:
            if lead.converted_s is None or lead.account is None:
                continue
            for opp in by_account.get(lead.account, []):
                if lead.converted_s - DAY <= opp.created_s <= lead.converted_s + 21 * DAY:
                    lead.converted_opportunity_id = opp.id
                    break

    def set_account_types(self) -> None:
        rng = self.world.streams("account-types")
        for account in self.world.accounts:
            subs = self.subs_by_account.get(account.index, [])
            if any(s.active_on(WINDOW_END) for s in subs):
                account.account_type = "Customer"
            elif subs:
                account.account_type = "Former Customer"
            else:
                account.account_type = "Partner" if rng.random() < 0.03 else "Prospect"


def _loss_stage_weights(n_stages: int) -> np.ndarray:
    """Where lost deals stall: mostly early."""
    weights = np.array([1.0 / (k + 1) for k in range(n_stages)])
    return weights / weights.sum()


def _first_renewal_after(anchor: date, day: date) -> date:
    renewal = add_years(anchor, 1)
    while renewal < day:
        renewal = add_years(renewal, 1)
    return renewal


def simulate_sales(world: World) -> Sales:
    """Run the sales simulation over every account; deterministic for a given world."""
    sim = _Simulation(world)
    sim.seed_existing_customers()
    episodes_by_account: dict[int, list[Episode]] = {}
    for episode in world.episodes:
        episodes_by_account.setdefault(episode.account, []).append(episode)
    for account in world.accounts:
        sim.simulate_account(account, episodes_by_account.get(account.index, []))
    sim.link_converted_leads()
    sim.set_account_types()
    opportunities = sorted(sim.opportunities, key=lambda o: o.created_s)
    return Sales(opportunities, sim.subscriptions)

