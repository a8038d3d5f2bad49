"""Advertising extracts: LinkedIn Ads and Google Ads, as their ELT connectors land them.

LinkedIn: daily campaign stats (cost in the ad account's currency and in USD), a versioned
campaign history, and monthly member-company stats (impressions and clicks per company
organization, values under 3 suppressed: a row with fewer than 3 impressions is absent, fewer
than 3 clicks is written as 0). ABM campaigns serve the target accounts on the list that month.

Google: daily stats per campaign x device x network in the customer's (ad account's) currency
as micros, with a USD and a EUR customer, plus versioned campaign and account histories.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .config_seeds import TIER_PROGRAMS, fx_rates, usd_per_unit
from .timeline import (
    DAY,
    HOUR,
    WINDOW_END,
    WINDOW_START,
    fmt_ts,
    month_starts,
    to_seconds,
)
from .world import World


@dataclass(frozen=True)
class AdCampaign:
    platform: str  # linkedin | google
    id: int
    name: str
    group_or_customer: int
    start: date
    end: date
    daily_budget_usd: float
    program: str
    is_abm: bool
    currency: str
    tiers_served: tuple[int, ...] = ()
    networks: tuple[str, ...] = ()
    mapped_by_pattern: bool = False
    name_pattern: str | None = None


LINKEDIN_GROUPS = {"ABM Programs": 508_123_401, "Demand Generation": 508_123_402,
                   "Brand": 508_123_403}
GOOGLE_CUSTOMERS = {"USD": 1_234_567_890, "EUR": 2_045_198_763}
"""Google Ads customer ids (kept below 2**31: agate loads integer columns as int32)."""

_LINKEDIN_PLAN = (
    # name, group, start offset days, length days, daily budget USD, program, abm tiers, currency
    ("ABM | Tier 1 | Executive Thought Leadership", "ABM Programs", 0, 700, 95, TIER_PROGRAMS[1], (1,), "USD"),
    ("ABM | Tier 2 | Intent Surge Retargeting", "ABM Programs", 40, 640, 120, TIER_PROGRAMS[2], (2,), "USD"),
    ("ABM | Tier 3 | Matched Audience Always-On", "ABM Programs", 10, 720, 150, TIER_PROGRAMS[3], (3,), "USD"),
    ("ABM | EMEA | Tier 1-2 Case Studies", "ABM Programs", 120, 420, 80, TIER_PROGRAMS[2], (1, 2), "EUR"),
    ("DG | Lead Gen Forms | Benchmark Report", "Demand Generation", 30, 210, 110, "demand_gen", (), "USD"),
    ("DG | Webinar Promotion | ABM Metrics", "Demand Generation", 300, 90, 90, "demand_gen", (), "USD"),
    ("DG | EMEA | Conversation Ads", "Demand Generation", 380, 200, 70, "demand_gen", (), "EUR"),
    ("Brand | Awareness | Video", "Brand", 200, 500, 60, "brand", (), "USD"),
)
_GOOGLE_PLAN = (
    # name, customer currency, start offset, length, daily budget USD, program, abm, networks, by pattern
    ("Brand - Search - US", "USD", 0, 730, 120, "brand", False, ("SEARCH", "SEARCH_PARTNERS"), False),
    ("ABM - Competitor Terms - US", "USD", 60, 600, 90, TIER_PROGRAMS[3], True, ("SEARCH",), True),
    ("Generic - Attribution Software - US", "USD", 20, 400, 100, "demand_gen", False, ("SEARCH",), False),
    ("ABM - Retargeting Display - EMEA", "EUR", 150, 520, 60, TIER_PROGRAMS[2], True, ("CONTENT",), True),
    ("Generic - Intent Data - EMEA", "EUR", 250, 300, 70, "demand_gen", False, ("SEARCH",), False),
)
DEVICES = (("DESKTOP", 0.62), ("MOBILE", 0.3), ("TABLET", 0.08))


class AdsPlan:
    """The ad campaigns of both platforms; also feeds the ad_campaign_programs seed."""

    def __init__(self, world: World) -> None:
        self.world = world
        rng = world.streams("ads-plan")
        self.linkedin: list[AdCampaign] = []
        for n, (name, group, offset, length, budget, program, tiers, currency) in enumerate(_LINKEDIN_PLAN):
            start = WINDOW_START + timedelta(days=offset)
            end = min(start + timedelta(days=length), WINDOW_END)
            campaign_id = 612_400_000 + n * 7_919 + int(rng.integers(0, 7_000))
            self.linkedin.append(AdCampaign("linkedin", campaign_id, name, LINKEDIN_GROUPS[group], start,
                                            end, budget * world.scale ** 0.5, program, bool(tiers),
                                            currency, tiers))
        self.google: list[AdCampaign] = []
        for n, plan in enumerate(_GOOGLE_PLAN):
            name, currency, offset, length, budget, program, abm, networks, by_pattern = plan
            start = WINDOW_START + timedelta(days=offset)
            end = min(start + timedelta(days=length), WINDOW_END)
            campaign_id = 1_700_000_000 + n * 104_729 + int(rng.integers(0, 100_000))
            self.google.append(AdCampaign(
                "google", campaign_id, name, GOOGLE_CUSTOMERS[currency], start, end,
                budget * world.scale ** 0.5, program, abm, currency, networks=networks,
                mapped_by_pattern=by_pattern,
                name_pattern=" - ".join(name.split(" - ")[:2]) + "%" if by_pattern else None))

    def utm_slugs(self) -> dict[str, list[str]]:
        """utm_campaign values per channel: ad campaign names as marketers slug them."""
        def slug(name: str) -> str:
            return name.lower().replace(" | ", "_").replace(" - ", "_").replace(" ", "-")
        return {"linkedin": [slug(c.name) for c in self.linkedin],
                "google": [slug(c.name) for c in self.google],
                "email": ["monthly-newsletter", "abm-nurture"]}

    def program_table(self) -> pd.DataFrame:
        """Rows of the ad_campaign_programs seed: by id, or by a name pattern for some Google ABM."""
        rows = [(c.platform, None if c.mapped_by_pattern else str(c.id), c.name_pattern,
                 c.program, c.is_abm) for c in self.linkedin + self.google]
        return pd.DataFrame(rows, columns=["platform", "campaign_id", "campaign_name_pattern",
                                           "program", "is_abm"])


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


# --- LinkedIn --------------------------------------------------------------------------------
def build_linkedin(world: World, plan: AdsPlan) -> dict[str, pd.DataFrame]:
    """The three LinkedIn Ads extracts."""
    rng = world.streams("linkedin")
    rates = fx_rates()
    stats, history, members = [], [], []
    for campaign in plan.linkedin:
        cpm = rng.uniform(45, 85)
        ctr = rng.uniform(0.004, 0.009)
        for day in _days(campaign.start, campaign.end):
            weekday_factor = 0.45 if day.weekday() >= 5 else 1.0
            cost_usd = campaign.daily_budget_usd * weekday_factor * rng.uniform(0.7, 1.1)
            impressions = int(cost_usd / cpm * 1000)
            clicks = int(rng.binomial(impressions, ctr))
            local = cost_usd / usd_per_unit(campaign.currency, day, rates)
            stats.append((str(campaign.id), day.isoformat(), str(impressions), str(clicks),
                          f"{local:.2f}", f"{cost_usd:.2f}"))
        history += _linkedin_history(rng, campaign)
        members += _member_company_rows(world, rng, campaign)
    columns = {
        "linkedin_ads__campaign_stats": ["campaign_id", "day", "impressions", "clicks",
                                         "cost_in_local_currency", "cost_in_usd"],
        "linkedin_ads__campaign_history": ["id", "name", "campaign_group_id", "status",
                                           "last_modified_time"],
        "linkedin_ads__member_company_stats": ["campaign_id", "month", "member_company",
                                               "impressions", "clicks"],
    }
    tables = dict(zip(columns, (stats, history, members)))
    return {name: pd.DataFrame(tables[name], columns=cols) for name, cols in columns.items()}


def _linkedin_history(rng: np.random.Generator, campaign: AdCampaign) -> list[tuple]:
    """Draft, activation, a rename, a pause or two, completion: each a new version row."""
    start_s = to_seconds(campaign.start)
    end_s = to_seconds(campaign.end)
    group = str(campaign.group_or_customer)
    working_name = campaign.name.replace(" | ", " - ") + " (draft)"
    versions = [(working_name, "DRAFT", start_s - int(rng.integers(2, 10)) * DAY),
                (working_name, "ACTIVE", start_s + 8 * HOUR)]
    renamed_at = start_s + int(rng.integers(3, 20)) * DAY
    versions.append((campaign.name, "ACTIVE", renamed_at))
    if rng.random() < 0.6 and end_s - renamed_at > 60 * DAY:
        paused_at = renamed_at + int(rng.integers(20, (end_s - renamed_at) // DAY - 20)) * DAY
        versions += [(campaign.name, "PAUSED", paused_at),
                     (campaign.name, "ACTIVE", paused_at + int(rng.integers(3, 15)) * DAY)]
    if campaign.end < WINDOW_END:
        versions.append((campaign.name, "COMPLETED", end_s + 20 * HOUR))
    return [(str(campaign.id), name, group, status, fmt_ts(at + int(rng.integers(0, 3600))))
            for name, status, at in versions]


def _member_company_rows(world: World, rng: np.random.Generator, campaign: AdCampaign) -> list[tuple]:
    """Monthly impressions and clicks per company; ABM campaigns serve their tiers' accounts."""
    rows = []
    main_accounts = [a for a in world.accounts if not a.is_secondary]
    others = world.other_companies
    for month in month_starts(campaign.start, campaign.end):
        week = max(0, min(world.tier.shape[1] - 1, ((month - WINDOW_START).days + 1) // 7))
        served: list[tuple[int, float]] = []  # (org number, weight)
        if campaign.is_abm:
            for account in main_accounts:
                if world.tier[account.index, week] in campaign.tiers_served and rng.random() < 0.85:
                    served.append((account.company.org_number, 1.0 + world.interest[account.index, week]))
        else:
            for account in main_accounts:
                if rng.random() < 0.08:
                    served.append((account.company.org_number, 0.6 + 0.3 * world.interest[account.index, week]))
        for company in others:
            if rng.random() < (0.05 if campaign.is_abm else 0.12):
                served.append((company.org_number, 0.5))
        for org, weight in served:
            impressions = int(rng.poisson(35 * weight * campaign.daily_budget_usd / 100))
            if impressions < 3:
                continue  # suppressed by the platform
            clicks = int(rng.binomial(impressions, min(0.05, 0.006 * weight)))
            rows.append((str(campaign.id), month.isoformat(), f"urn:li:organization:{org}",
                         str(impressions), str(clicks if clicks >= 3 else 0)))
    return rows


# --- Google ----------------------------------------------------------------------------------
def build_google(world: World, plan: AdsPlan) -> dict[str, pd.DataFrame]:
    """The three Google Ads extracts."""
    rng = world.streams("google")
    rates = fx_rates()
    stats, history = [], []
    for campaign in plan.google:
        cpc = rng.uniform(2.5, 7.0)
        ctr = rng.uniform(0.02, 0.06) if "CONTENT" not in campaign.networks else 0.004
        for day in _days(campaign.start, campaign.end):
            weekday_factor = 0.5 if day.weekday() >= 5 else 1.0
            for network in campaign.networks:
                network_share = 0.8 if network == "SEARCH" and len(campaign.networks) > 1 else 1.0
                if network == "SEARCH_PARTNERS":
                    network_share = 0.2
                for device, device_share in DEVICES:
                    cost_usd = (campaign.daily_budget_usd * weekday_factor * network_share * device_share
                                * rng.uniform(0.6, 1.3))
                    clicks = int(rng.poisson(cost_usd / cpc))
                    impressions = int(clicks / ctr * rng.uniform(0.8, 1.2))
                    if impressions == 0:
                        continue
                    local = cost_usd / usd_per_unit(campaign.currency, day, rates)
                    stats.append((str(campaign.group_or_customer), day.isoformat(), str(campaign.id),
                                  network, device, str(impressions), str(clicks),
                                  str(int(round(local * 1_000_000, -4)))))
        history += _google_campaign_history(rng, campaign)
    accounts = []
    for currency, customer in GOOGLE_CUSTOMERS.items():
        created = to_seconds(WINDOW_START) - int(rng.integers(200, 900)) * DAY
        for version in range(int(rng.integers(2, 4))):
            accounts.append((str(customer), currency, fmt_ts(created + version * int(rng.integers(60, 300)) * DAY)))
    return {
        "google_ads__campaign_stats": pd.DataFrame(stats, columns=[
            "customer_id", "date", "id", "ad_network_type", "device", "impressions", "clicks",
            "cost_micros"]),
        "google_ads__campaign_history": pd.DataFrame(history, columns=[
            "id", "customer_id", "name", "status", "updated_at"]),
        "google_ads__account_history": pd.DataFrame(accounts, columns=[
            "id", "currency_code", "updated_at"]),
    }


def _google_campaign_history(rng: np.random.Generator, campaign: AdCampaign) -> list[tuple]:
    start_s = to_seconds(campaign.start)
    versions = [(campaign.name.replace(" - ", " "), "PAUSED", start_s - 3 * DAY),
                (campaign.name, "ENABLED", start_s + 7 * HOUR)]
    if campaign.end < WINDOW_END:
        versions.append((campaign.name, "REMOVED" if rng.random() < 0.5 else "PAUSED",
                         to_seconds(campaign.end) + 22 * HOUR))
    return [(str(campaign.id), str(campaign.group_or_customer), name, status,
             fmt_ts(at + int(rng.integers(0, 3600)))) for name, status, at in versions]
