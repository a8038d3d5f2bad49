"""The demo world: users, companies, CRM accounts, the target list, people and interest.

`build_world` decides *who* exists and *how interested* each account is week by week; the
other modules turn that into extract rows. Interest is one matrix, accounts x weeks:

- a base level per account (higher for ICP-fit accounts, almost doubled while the account is
  on the target list: ABM programs make the account engage more);
- buying episodes: bumps of a few weeks around a peak week. Target accounts have more of them,
  mostly while on the list. An episode may lead to an opportunity created near its peak (the
  sales simulation decides the outcome). Intent research leads an episode by about 3 weeks.

All randomness comes from named numpy streams (`Streams`), so one part of the story can change
without reshuffling the others.
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

import numpy as np

from . import vocabulary as voc
from .config_seeds import ICP_CRITERIA, TIER_PROGRAMS
from .ids import salesforce_id
from .timeline import (
    DAY,
    END_S,
    HOUR,
    FIRST_WEEK,
    N_WEEKS,
    START_S,
    WEEK,
    WINDOW_END,
    WINDOW_START,
    to_date,
    to_seconds,
    week_start_s,
)

BASE_ACCOUNTS = 400
BASE_OTHER_COMPANIES = 150
BASE_LEADS = 1200
SHARED_DOMAIN_SHARE = 0.02
TARGET_SHARE = 0.4
LATENT_FIT_SHARE = 0.4
EPISODE_RATE = 0.6
"""Buying episodes per account over the two years, before the ICP-fit and target multipliers."""
LIST_REVIEW_DATES = tuple(
    date.fromisoformat(d)
    for d in ("2025-01-06", "2025-04-07", "2025-07-07", "2025-10-06", "2026-01-05",
              "2026-04-06", "2026-07-06")
)


class Streams:
    """Independent, reproducible random streams named by purpose."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def __call__(self, name: str) -> np.random.Generator:
        """A fresh generator for `name` (same seed and name: same numbers)."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode("utf-8"))])


@dataclass(slots=True)
class User:
    id: str
    name: str
    role: str
    is_active: bool


@dataclass(slots=True)
class Company:
    """A company in the market; CRM accounts and non-CRM companies both have one."""

    name: str
    domain: str
    industry: str
    country: str
    org_number: int


@dataclass(slots=True)
class Contact:
    id: str
    account: int
    has_account_id: bool
    email: str
    first_name: str
    last_name: str
    title: str | None
    department: str | None
    buying_role: str | None
    lead_source: str | None
    created_s: int
    modified_s: int
    propensity: float
    mql_s: int | None = None
    sql_s: int | None = None


@dataclass(slots=True)
class Lead:
    id: str
    email: str | None
    company: str | None
    website: str | None
    title: str | None
    status: str
    lead_source: str | None
    created_s: int
    account: int | None
    """CRM account the lead works at (by email or website), None for unknown companies."""
    propensity: float
    converted_s: int | None = None
    converted_contact: Contact | None = None
    converted_opportunity_id: str | None = None
    mql_s: int | None = None
    sql_s: int | None = None


@dataclass(slots=True)
class Account:
    index: int
    id: str
    company: Company
    name: str
    website: str | None
    industry: str | None
    employees: int | None
    revenue: float | None
    country: str | None
    currency: str
    owner_id: str | None
    created_s: int
    modified_s: int
    icp_fit: bool
    is_secondary: bool
    """A second CRM record for a company that already has one (shares its domain)."""
    base_interest: float
    contacts: list[Contact] = field(default_factory=list)
    account_type: str = "Prospect"

    @property
    def domain(self) -> str:
        return self.company.domain


@dataclass(slots=True)
class Stay:
    account: int
    tier: int
    added: date
    removed: date | None

    @property
    def program(self) -> str:
        return TIER_PROGRAMS[self.tier]


@dataclass(slots=True)
class Episode:
    account: int
    peak_week: int
    amplitude: float
    creates_opportunity: bool


@dataclass(slots=True)
class Campaign:
    id: str
    name: str
    type: str
    status: str
    start: date
    end: date
    budgeted_cost: float
    actual_cost: float | None
    is_abm: bool


@dataclass
class World:
    """Everything the extract builders render."""

    seed: int
    scale: float
    streams: Streams
    users: list[User]
    accounts: list[Account]
    other_companies: list[Company]
    stays: list[Stay]
    episodes: list[Episode]
    tier: np.ndarray
    """accounts x weeks: target tier on the week's Monday, 0 when not on the list."""
    interest: np.ndarray
    """accounts x weeks: expected engagement level."""
    episode_interest: np.ndarray
    """accounts x weeks: the part of `interest` that comes from buying episodes."""
    research: np.ndarray
    """accounts x weeks: intent research level (leads the episodes)."""
    contacts: list[Contact]
    leads: list[Lead]
    campaigns: list[Campaign]
    shared_domains: dict[str, list[int]]
    """domain -> account indexes sharing it; the first one must win identity resolution."""

    def users_with_role(self, *roles: str) -> list[User]:
        """Active users having one of `roles`."""
        return [u for u in self.users if u.role in roles and u.is_active]

    def __post_init__(self) -> None:
        self._stays_by_account: dict[int, list[Stay]] = {}
        for stay in self.stays:
            self._stays_by_account.setdefault(stay.account, []).append(stay)

    def tier_on(self, account: int, day: date) -> int:
        """Target tier of `account` on `day` (0 when not on the list)."""
        for stay in self._stays_by_account.get(account, []):
            if stay.added <= day and (
                stay.removed is None or stay.removed > day
            ):
                return stay.tier
        return 0


def scaled(base: float, scale: float, minimum: int = 1) -> int:
    """`base` x `scale`, rounded, at least `minimum`."""
    return max(minimum, int(round(base * scale)))


def pick(rng: np.random.Generator, options: tuple | list, weights: tuple | list | None = None):
    """One element of `options` (optionally weighted); plain Python for speed on small lists."""
    if weights is None:
        return options[int(rng.random() * len(options))]
    cumulative = list(accumulate(weights))
    return options[min(bisect_right(cumulative, rng.random() * cumulative[-1]), len(options) - 1)]


# --- Users -----------------------------------------------------------------------------------
def build_users(streams: Streams, scale: float) -> list[User]:
    """Sales and marketing users; one former AE is inactive but still owns accounts."""
    rng = streams("users")
    per_role = max(1.0, scale**0.5)
    users: list[User] = []
    for role, count in voc.USER_ROLES:
        for _ in range(max(1, int(round(count * per_role)))):
            name = f"{pick(rng, voc.FIRST_NAMES)} {pick(rng, voc.LAST_NAMES)}"
            users.append(User(salesforce_id("user", len(users)), name, role, True))
    name = f"{pick(rng, voc.FIRST_NAMES)} {pick(rng, voc.LAST_NAMES)}"
    users.append(User(salesforce_id("user", len(users)), name, "AE", False))
    return users


# --- Companies and accounts ------------------------------------------------------------------
def _company_names(rng: np.random.Generator, industries: list[str], countries: list[str]) -> list[Company]:
    """Unique company names and domains that fit each industry and country."""
    used: set[str] = set()
    org_numbers = np.unique(rng.integers(10_000, 99_999_999, size=2 * len(industries) + 10))
    org_numbers = rng.permutation(org_numbers)[: len(industries)]
    companies = []
    for industry, country, org in zip(industries, countries, org_numbers):
        for attempt in range(1000):
            part = pick(rng, voc.INDUSTRY_NAME_PARTS[industry])
            base = f"{pick(rng, voc.NAME_PREFIXES)} {part}"
            if attempt >= 20:
                base = f"{base} {attempt - 18}"
            slug = base.lower().replace(" ", "")
            if slug not in used:
                break
        used.add(slug)
        tld = voc.COUNTRY_TLD[country] if rng.random() < 0.5 else ".com"
        companies.append(Company(base, slug + tld, industry, country, int(org)))
    return companies


def _firmographics(rng: np.random.Generator, fit: bool) -> tuple[str, int, float, str]:
    """Industry, employees, annual revenue and country, drawn to (mostly) fit the ICP or not."""
    def one_of(share: float, preferred: tuple[str, ...], others: tuple[str, ...],
               weights: tuple[int, ...] | None = None) -> str:
        return pick(rng, preferred, weights) if rng.random() < share else pick(rng, others)

    def log_uniform(low: float, high: float) -> float:
        return float(np.exp(rng.uniform(np.log(low), np.log(high))))

    if fit:
        industry = one_of(0.92, voc.ICP_INDUSTRIES, voc.NON_ICP_INDUSTRIES)
        employees = log_uniform(250, 8000) if rng.random() < 0.9 else log_uniform(20, 150)
        country = one_of(0.92, voc.ICP_COUNTRIES, voc.NON_ICP_COUNTRIES, voc.ICP_COUNTRY_WEIGHTS)
    else:
        industry = one_of(0.65, voc.NON_ICP_INDUSTRIES, voc.ICP_INDUSTRIES)
        size_draw = rng.random()
        if size_draw < 0.5:
            employees = log_uniform(8, 180)
        elif size_draw < 0.65:
            employees = log_uniform(12_000, 90_000)
        else:
            employees = log_uniform(200, 10_000)
        country = one_of(0.6, voc.ICP_COUNTRIES, voc.NON_ICP_COUNTRIES, voc.ICP_COUNTRY_WEIGHTS)
    n_employees = int(round(employees))
    revenue = float(round(n_employees * rng.lognormal(np.log(160_000), 0.45), -4))
    return industry, n_employees, revenue, country


def messy_website(rng: np.random.Generator, domain: str, name: str, valid: bool = False) -> str | None:
    """The domain the way people type it into a CRM: schemes, www., ports, paths, case.

    Now and then it is empty or no domain at all (`n/a`, the company name); `valid` rules that out.
    """
    forms = (
        (f"https://www.{domain}", 24), (f"https://{domain}/", 10), (f"www.{domain}", 15),
        (domain, 18), (f"http://{domain}:443/", 3), (f"https://www.{domain}/about", 5),
        (domain.split(".")[0].upper() + domain[len(domain.split(".")[0]):], 5),
        (f"{domain}.", 3), (f"https://{domain}/?utm_source=crm", 2),
        (f"http://www.{domain}/en-us/home", 4), (None, 8),
        (name.lower(), 1), ("n/a", 1), ("tbd", 1),
    )
    if valid:
        forms = forms[:-4]
    return pick(rng, [f for f, _ in forms], [w for _, w in forms])


def icp_fit(industry: str | None, employees: int | None, revenue: float | None,
            country: str | None) -> bool:
    """Whether the weighted share of ICP criteria met reaches 0.7 (the default threshold)."""
    values = {"industry": industry, "number_of_employees": employees,
              "annual_revenue": revenue, "billing_country": country}
    score = 0.0
    for criterion in ICP_CRITERIA:
        value = values[criterion["attribute"]]
        if value is None:
            continue
        if criterion["operator"] == "in":
            met = value in criterion["values"].split("|")
        else:
            met = float(criterion["min_value"]) <= float(value) <= float(criterion["max_value"])
        score += criterion["weight"] * met
    return score >= 0.7 - 1e-9


Firmographics = tuple[str, int, float, str]


def build_companies(streams: Streams, scale: float
                    ) -> tuple[list[Company], list[bool], list[Firmographics], list[Company]]:
    """CRM companies (latent ICP fit, firmographics) and companies that never made it to the CRM."""
    rng = streams("companies")
    n_crm = scaled(BASE_ACCOUNTS, scale, 20)
    n_other = scaled(BASE_OTHER_COMPANIES, scale, 8)
    latent_fit = [bool(f) for f in rng.random(n_crm) < LATENT_FIT_SHARE]
    firmo_rng = streams("firmographics")
    firmographics = [_firmographics(firmo_rng, fit) for fit in latent_fit + [False] * n_other]
    companies = _company_names(rng, [f[0] for f in firmographics], [f[3] for f in firmographics])
    return companies[:n_crm], latent_fit, firmographics[:n_crm], companies[n_crm:]


def build_accounts(streams: Streams, companies: list[Company], latent_fit: list[bool],
                   firmographics: list[Firmographics], users: list[User]
                   ) -> tuple[list[Account], dict[str, list[int]]]:
    """CRM accounts: one per company plus a few second records that share a company's domain.

    Firmographic fields are left empty now and then (data quality has something to find).
    """
    rng = streams("accounts")
    owners = [u.id for u in users if u.role == "AE"]
    accounts: list[Account] = []
    for company, fit, (industry, employees, revenue, country) in zip(companies, latent_fit, firmographics):
        industry = industry if rng.random() > 0.04 else None
        country = country if rng.random() > 0.03 else None
        accounts.append(_account(rng, len(accounts), company, company.name, industry,
                                 employees if rng.random() > 0.06 else None,
                                 revenue if rng.random() > 0.10 else None, country, owners,
                                 fit, is_secondary=False))
    n_shared = max(2, int(round(len(companies) * SHARED_DOMAIN_SHARE)))
    shared: dict[str, list[int]] = {}
    settled = [a.index for a in accounts if a.created_s < START_S - 400 * DAY]
    for primary in rng.choice(settled, size=min(n_shared, len(settled)), replace=False):
        first = accounts[int(primary)]
        variant = pick(rng, (" (EMEA)", " Holdings", " Group", " - Old", " UK"))
        second = _account(rng, len(accounts), first.company, first.company.name + variant,
                          first.industry, first.employees, first.revenue, first.country,
                          owners, False, is_secondary=True)
        second.base_interest *= 0.2
        for record in (first, second):  # both must name the shared domain
            record.website = messy_website(rng, first.domain, first.company.name, valid=True)
        accounts.append(second)
        shared[first.domain] = [first.index, second.index]
    return accounts, shared


def _account(rng: np.random.Generator, index: int, company: Company, name: str,
             industry: str | None, employees: int | None, revenue: float | None,
             country: str | None, owners: list[str], latent_fit: bool,
             is_secondary: bool) -> Account:
    legal = voc.COUNTRY_LEGAL_SUFFIX.get(country or "US", "Inc.")
    display = f"{name} {legal}" if rng.random() < 0.55 else name
    if rng.random() < 0.88:
        created = int(rng.integers(to_seconds(date(2016, 1, 1)), START_S - 20 * DAY))
    else:
        created = int(rng.integers(START_S, END_S - 120 * DAY))
    modified = int(created + rng.random() ** 0.6 * (END_S - created))
    fit = icp_fit(industry, employees, revenue, country)
    return Account(
        index=index,
        id=salesforce_id("account", index),
        company=company,
        name=display,
        website=messy_website(rng, company.domain, company.name),
        industry=industry,
        employees=employees,
        revenue=revenue,
        country=country,
        currency=voc.COUNTRY_CURRENCY.get(country or "", "USD"),
        owner_id=pick(rng, owners) if rng.random() > 0.05 else None,
        created_s=created,
        modified_s=modified,
        icp_fit=fit,
        is_secondary=is_secondary,
        base_interest=float(rng.lognormal(-1.2, 0.5) * (1.4 if latent_fit else 1.0)),
    )


# --- Target list -----------------------------------------------------------------------------
def build_target_list(streams: Streams, accounts: list[Account]) -> list[Stay]:
    """The target list: 40 % of the accounts ever, mostly ICP-fit ones, in tiers 1-3 (fewest
    in tier 1); about a third of the accounts are on it at any time.

    Most accounts join on day one of the program (WINDOW_START), the rest at quarterly list
    reviews; some leave at a later review, some of those come back, and a few are promoted
    (their stay ends and a new one in a better tier starts the same day).
    """
    rng = streams("target-list")
    eligible = [a for a in accounts if not a.is_secondary and a.created_s < END_S - 200 * DAY]
    weights = np.array([(10.0 if a.icp_fit else 1.0) * (1 + np.log1p(a.employees or 100) / 10)
                        for a in eligible])
    n_target = max(6, int(round(len(accounts) * TARGET_SHARE)))
    chosen_idx = rng.choice(len(eligible), size=min(n_target, len(eligible)), replace=False,
                            p=weights / weights.sum())
    chosen = sorted((eligible[i] for i in chosen_idx),
                    key=lambda a: -((a.revenue or 5e6) * rng.lognormal(0, 0.6)))
    n_tier1 = max(1, int(round(len(chosen) * 0.15)))
    n_tier2 = max(1, int(round(len(chosen) * 0.33)))
    stays: list[Stay] = []
    for rank, account in enumerate(chosen):
        tier = 1 if rank < n_tier1 else 2 if rank < n_tier1 + n_tier2 else 3
        created = to_date(account.created_s) if account.created_s > START_S else None
        if created is None and rng.random() < 0.6:
            added = WINDOW_START
        else:
            later = [d for d in LIST_REVIEW_DATES if created is None or d > created + timedelta(days=7)]
            added = pick(rng, later) if rng.random() < 0.8 else (
                later[0] + timedelta(days=int(rng.integers(3, 60))))
        removed: date | None = None
        fate = rng.random()
        reviews_after = [d for d in LIST_REVIEW_DATES if d > added + timedelta(days=90)]
        if reviews_after and fate < 0.16:
            removed = pick(rng, reviews_after)
            stays.append(Stay(account.index, tier, added, removed))
            returns = [d for d in LIST_REVIEW_DATES if d > removed + timedelta(days=60)]
            if returns and rng.random() < 0.45:
                stays.append(Stay(account.index, min(3, tier + int(rng.integers(0, 2))),
                                  pick(rng, returns), None))
        elif reviews_after and tier > 1 and fate < 0.22:
            promoted_on = pick(rng, reviews_after)
            stays.append(Stay(account.index, tier, added, promoted_on))
            stays.append(Stay(account.index, tier - 1, promoted_on, None))
        else:
            stays.append(Stay(account.index, tier, added, None))
    return stays


def tier_matrix(stays: list[Stay], n_accounts: int) -> np.ndarray:
    """accounts x weeks: tier on each week's Monday (0 = not on the list)."""
    tiers = np.zeros((n_accounts, N_WEEKS), dtype=np.int8)
    mondays = [FIRST_WEEK + timedelta(weeks=w) for w in range(N_WEEKS)]
    for stay in stays:
        for w, monday in enumerate(mondays):
            # The first week counts from WINDOW_START (a Tuesday), when the program started.
            day = max(monday, WINDOW_START)
            if stay.added <= day and (stay.removed is None or stay.removed > day):
                tiers[stay.account, w] = stay.tier
    return tiers


# --- Interest --------------------------------------------------------------------------------
def _bump(weeks: np.ndarray, peak: float, amplitude: float, rise: float, fall: float) -> np.ndarray:
    distance = weeks - peak
    width = np.where(distance <= 0, rise, fall)
    return amplitude * np.exp(-0.5 * (distance / width) ** 2)


def build_interest(streams: Streams, accounts: list[Account], tiers: np.ndarray
                   ) -> tuple[list[Episode], np.ndarray, np.ndarray, np.ndarray]:
    """Buying episodes and the weekly interest, episode-interest and research matrices."""
    rng = streams("interest")
    weeks = np.arange(N_WEEKS, dtype=float)
    on_list = tiers > 0
    ever_target = on_list.any(axis=1)
    base = np.array([a.base_interest for a in accounts])[:, None]
    episode_part = np.zeros(tiers.shape)
    research = base * (1.5 + 1.0 * on_list)
    episodes: list[Episode] = []
    for account in accounts:
        if account.is_secondary:
            continue
        a = account.index
        rate = EPISODE_RATE * (2.0 if account.icp_fit else 1.0) * (2.0 if ever_target[a] else 1.0)
        first_week = max(6, (account.created_s - week_start_s(0)) // WEEK + 3)
        if first_week >= N_WEEKS - 1:
            continue
        week_weights = 1.0 + 3.0 * on_list[a, first_week:]
        for _ in range(int(rng.poisson(rate))):
            peak = first_week + int(rng.choice(len(week_weights), p=week_weights / week_weights.sum()))
            amplitude = float(rng.uniform(5.0, 10.0))
            tier = int(tiers[a, peak])
            p_opp = 0.7 if tier else 0.5 if account.icp_fit else 0.35
            episodes.append(Episode(a, peak, amplitude, bool(rng.random() < p_opp)))
            episode_part[a] += _bump(weeks, peak, amplitude, 2.5, 1.5)
            research[a] += _bump(weeks, peak - 3, amplitude * 0.5, 3.0, 2.0)
    interest = base * (1.0 + 0.9 * on_list) + episode_part
    episodes.sort(key=lambda e: (e.account, e.peak_week))
    return episodes, interest, episode_part, research


# --- People ----------------------------------------------------------------------------------
def _email_local(rng: np.random.Generator, first: str, last: str) -> str:
    first_l, last_l = first.lower(), last.lower().replace(" ", "")
    return pick(rng, (f"{first_l}.{last_l}", f"{first_l[0]}{last_l}", f"{first_l}", f"{first_l}_{last_l}"),
                (60, 25, 5, 10))


def build_contacts(streams: Streams, accounts: list[Account], tiers: np.ndarray,
                   shared: dict[str, list[int]]) -> list[Contact]:
    """Contacts per account (more at target accounts), emails on the account's domain.

    Shared-domain pairs get contact counts that make identity resolution pick the first
    (main) record: either more contacts than the older second record, or the same number of
    contacts and an older main record.
    """
    rng = streams("contacts")
    ever_target = (tiers > 0).any(axis=1)
    counts = {a.index: (3 + int(rng.poisson(6))) if ever_target[a.index] else (2 + int(rng.poisson(3)))
              for a in accounts}
    for n, (main, second) in enumerate(shared.values()):
        if n % 2 == 0:  # contact count decides: the second record is older but smaller
            counts[second] = max(1, counts[main] - 2)
            accounts[second].created_s = accounts[main].created_s - 400 * DAY
        else:  # a tie on contacts: age decides, the main record is older
            counts[second] = counts[main]
            accounts[second].created_s = accounts[main].created_s + 300 * DAY
        accounts[second].modified_s = max(accounts[second].modified_s, accounts[second].created_s)
    protected = {i for pair in shared.values() for i in pair}
    contacts: list[Contact] = []
    for account in accounts:
        emails: set[str] = set()
        for _ in range(counts[account.index]):
            contact = _contact(rng, len(contacts), account, emails,
                               allow_no_account=account.index not in protected)
            contacts.append(contact)
            account.contacts.append(contact)
    return contacts


def _contact(rng: np.random.Generator, number: int, account: Account, emails: set[str],
             allow_no_account: bool) -> Contact:
    first, last = pick(rng, voc.FIRST_NAMES), pick(rng, voc.LAST_NAMES)
    local = _email_local(rng, first, last)
    domain = account.domain if rng.random() > 0.03 else pick(rng, voc.PERSONAL_DOMAINS_USED)
    email = f"{local}@{domain}"
    suffix = 2
    while email in emails:
        email = f"{local}{suffix}@{domain}"
        suffix += 1
    emails.add(email)
    if rng.random() < 0.04:
        email = email.capitalize()
    role = pick(rng, voc.BUYING_ROLES, voc.BUYING_ROLE_WEIGHTS) if rng.random() > 0.08 else None
    title, department = pick(rng, voc.TITLES_BY_ROLE[role or "Other"])
    earliest = max(account.created_s, to_seconds(date(2019, 1, 1)))
    if rng.random() < 0.75 and earliest < START_S:
        created = int(rng.integers(earliest, START_S))
    else:
        created = int(rng.integers(min(max(earliest, START_S), END_S - 31 * DAY), END_S - 30 * DAY))
    return Contact(
        id=salesforce_id("contact", number),
        account=account.index,
        has_account_id=not (allow_no_account and rng.random() < 0.01),
        email=email,
        first_name=first,
        last_name=last,
        title=title if rng.random() > 0.05 else None,
        department=department if rng.random() > 0.15 else None,
        buying_role=role,
        lead_source=pick(rng, [s for s, _ in voc.LEAD_SOURCES], [w for _, w in voc.LEAD_SOURCES]),
        created_s=created,
        modified_s=int(created + rng.random() ** 0.7 * (END_S - created)),
        propensity=float(rng.lognormal(0, 0.6)),
    )


def assign_mqls(streams: Streams, accounts: list[Account], episodes: list[Episode],
                tiers: np.ndarray, interest: np.ndarray) -> None:
    """Contacts become MQLs during buying episodes (and a few at random); some become SQLs.

    Episodes that lead to an opportunity turn MQLs into SQLs much more often, and target
    accounts more often than others.
    """
    rng = streams("mql")
    for episode in episodes:
        account = accounts[episode.account]
        peak_s = week_start_s(episode.peak_week)
        candidates = [c for c in account.contacts if c.mql_s is None and c.created_s < peak_s - 7 * DAY]
        if not candidates:
            continue
        weights = np.array([2.5 if c.buying_role in ("Champion", "Decision Maker", "Influencer") else 1.0
                            for c in candidates])
        n = min(len(candidates), 1 + int(rng.integers(0, 3)))
        chosen = rng.choice(len(candidates), size=n, replace=False, p=weights / weights.sum())
        target = tiers[episode.account, episode.peak_week] > 0
        p_sql = (0.75 if target else 0.5) if episode.creates_opportunity else 0.12
        for i in chosen:
            contact = candidates[int(i)]
            contact.mql_s = int(peak_s - rng.integers(7, 35) * DAY + rng.integers(0, DAY))
            contact.mql_s = max(contact.mql_s, contact.created_s + HOUR, START_S)
            if rng.random() < p_sql:
                contact.sql_s = min(contact.mql_s + int(rng.integers(2, 20)) * DAY, peak_s + 2 * DAY, END_S)
    weekly = interest.sum(axis=0)
    for account in accounts:
        for contact in account.contacts:
            if contact.mql_s is None and rng.random() < 0.06:
                week = int(rng.choice(N_WEEKS, p=weekly / weekly.sum()))
                contact.mql_s = max(week_start_s(week) + int(rng.integers(0, WEEK)), contact.created_s + HOUR)
                if contact.mql_s > END_S:
                    contact.mql_s = None
                elif rng.random() < 0.12:
                    contact.sql_s = min(contact.mql_s + int(rng.integers(3, 30)) * DAY, END_S)


def build_leads(streams: Streams, scale: float, accounts: list[Account],
                others: list[Company], interest: np.ndarray, contacts: list[Contact]) -> list[Lead]:
    """Leads: at CRM companies, at unknown companies, with personal emails, and converted ones.

    Converted leads become contacts created during the window: the lead keeps the contact's
    email and points at the contact and its account.
    """
    rng = streams("leads")
    leads: list[Lead] = []
    account_weights = interest.sum(axis=1) * np.array([0.0 if a.is_secondary else 1.0 for a in accounts])
    sources = ([s for s, _ in voc.LEAD_SOURCES], [w for _, w in voc.LEAD_SOURCES])
    n_leads = scaled(BASE_LEADS, scale, 10)
    account_draws = rng.choice(len(accounts), size=n_leads, p=account_weights / account_weights.sum())
    for n in range(n_leads):
        kind = pick(rng, ("crm", "other", "personal_with_website", "website_only", "personal_only"),
                    (50, 30, 8, 7, 5))
        first, last = pick(rng, voc.FIRST_NAMES), pick(rng, voc.LAST_NAMES)
        local = _email_local(rng, first, last)
        account: int | None = None
        if kind == "other":
            company = pick(rng, others)
            name, domain, website = company.name, company.domain, None
        else:
            a = accounts[int(account_draws[n])]
            account, name, domain = a.index, a.company.name, a.domain
            website = messy_website(rng, domain, name) if kind != "crm" or rng.random() < 0.3 else None
        if kind in ("personal_with_website", "personal_only"):
            email: str | None = f"{local}{int(rng.integers(1, 99))}@{pick(rng, voc.PERSONAL_DOMAINS_USED)}"
        elif kind == "website_only":
            email = None
        else:
            email = f"{local}@{domain}"
        if kind == "personal_only":
            account, website, name = None, None, name if rng.random() < 0.5 else None
        if website is None and kind in ("personal_with_website", "website_only"):
            website = domain
        if account is not None:
            row = interest[account]
            week = int(rng.choice(N_WEEKS, p=row / row.sum()))
        else:
            week = int(rng.integers(0, N_WEEKS))
        created = min(max(week_start_s(week) + int(rng.integers(0, WEEK)), START_S), END_S - HOUR)
        status = pick(rng, voc.LEAD_STATUSES, (30, 25, 20, 15, 10))
        lead = Lead(salesforce_id("lead", len(leads)), email, name, website,
                    pick(rng, voc.TITLES_BY_ROLE[pick(rng, voc.BUYING_ROLES)])[0], status,
                    pick(rng, *sources), created, account, float(rng.lognormal(0, 0.6)))
        if rng.random() < 0.3:
            lead.mql_s = min(created + int(rng.integers(0, 20)) * DAY, END_S)
            if rng.random() < 0.3:
                lead.sql_s = min(lead.mql_s + int(rng.integers(2, 25)) * DAY, END_S)
        leads.append(lead)
    for contact in contacts:
        account = accounts[contact.account]
        if contact.created_s <= START_S + 20 * DAY or account.is_secondary or rng.random() > 0.5:
            continue
        created = contact.created_s - int(rng.integers(1, 45)) * DAY - int(rng.integers(0, DAY))
        if created < START_S:
            continue
        lead = Lead(salesforce_id("lead", len(leads)), contact.email, account.company.name,
                    None, contact.title, voc.CONVERTED_LEAD_STATUS, contact.lead_source,
                    created, account.index, contact.propensity,
                    converted_s=contact.created_s, converted_contact=contact)
        lead.mql_s, lead.sql_s = contact.mql_s, contact.sql_s
        leads.append(lead)
    return leads


# --- Campaigns -------------------------------------------------------------------------------
CAMPAIGN_PLAN: tuple[tuple[str, int, bool, str], ...] = (
    # type, count at scale 1, is_abm, name template
    ("Webinar", 6, False, "Webinar - {topic}"),
    ("Webinar", 2, True, "ABM Webinar - {topic} (Tier 1-2 invite only)"),
    ("Event", 3, False, "Trade Show - {city}"),
    ("Event", 3, True, "ABM Executive Dinner - {city}"),
    ("Email", 6, False, "Nurture - {topic}"),
    ("Email", 2, True, "ABM Email Track - {topic}"),
    ("Content", 4, False, "Gated Content - {topic}"),
    ("Content", 2, True, "ABM Personalized Content Hub - {topic}"),
    ("Paid Social", 3, False, "LinkedIn Lead Gen - {topic}"),
    ("Paid Social", 2, True, "ABM LinkedIn Matched Audience - {topic}"),
    ("Paid Search", 3, False, "Google Search - {topic}"),
    ("Direct Mail", 4, True, "ABM Direct Mail - {topic}"),
)
CAMPAIGN_TOPICS = ("Intent to Pipeline", "Buying Committees", "ABM Metrics", "Attribution",
                   "Pipeline Velocity", "Revenue Operations", "Account Scoring")
CAMPAIGN_CITIES = ("London", "New York", "Berlin", "Paris", "Amsterdam", "Chicago", "Toronto")
CAMPAIGN_DURATION_DAYS = {"Webinar": 21, "Event": 30, "Email": 28, "Content": 75,
                          "Paid Social": 60, "Paid Search": 90, "Direct Mail": 30}


def build_campaigns(streams: Streams, scale: float) -> list[Campaign]:
    """About 40 CRM campaigns spread over the window; the ABM ones are flagged is_abm."""
    rng = streams("campaigns")
    per_type = max(1.0, scale**0.3)
    campaigns: list[Campaign] = []
    for ctype, count, is_abm, template in CAMPAIGN_PLAN:
        for _ in range(max(1, int(round(count * per_type)))):
            duration = int(CAMPAIGN_DURATION_DAYS[ctype] * rng.uniform(0.6, 1.5))
            start = WINDOW_START + timedelta(days=int(rng.integers(0, (WINDOW_END - WINDOW_START).days - 10)))
            end = min(start + timedelta(days=duration), WINDOW_END)
            name = template.format(topic=pick(rng, CAMPAIGN_TOPICS), city=pick(rng, CAMPAIGN_CITIES))
            fiscal_year = start.year % 100 + (1 if start.month >= 10 else 0)  # FY starts in October
            name = f"FY{fiscal_year} Q{((start.month - 10) % 12) // 3 + 1} {name}"
            budget = float(round(rng.lognormal(np.log(12_000 if is_abm else 8_000), 0.5), -2))
            if end < WINDOW_END:
                status = "Completed" if rng.random() > 0.05 else "Aborted"
                actual: float | None = round(budget * rng.uniform(0.7, 1.15), 2)
            else:
                status, actual = "In Progress", None
            campaigns.append(Campaign(salesforce_id("campaign", len(campaigns)), name, ctype,
                                      status, start, end, budget, actual, is_abm))
    return campaigns


# --- Assembly --------------------------------------------------------------------------------
def build_world(seed: int, scale: float) -> World:
    """Build the whole demo world for `seed` and `scale` (1.0 = about 400 CRM accounts)."""
    streams = Streams(seed)
    users = build_users(streams, scale)
    companies, latent_fit, firmographics, others = build_companies(streams, scale)
    accounts, shared = build_accounts(streams, companies, latent_fit, firmographics, users)
    stays = build_target_list(streams, accounts)
    tiers = tier_matrix(stays, len(accounts))
    episodes, interest, episode_interest, research = build_interest(streams, accounts, tiers)
    contacts = build_contacts(streams, accounts, tiers, shared)
    assign_mqls(streams, accounts, episodes, tiers, interest)
    leads = build_leads(streams, scale, accounts, others, interest, contacts)
    return World(
        seed=seed,
        scale=scale,
        streams=streams,
        users=users,
        accounts=accounts,
        other_companies=others,
        stays=stays,
        episodes=episodes,
        tier=tiers,
        interest=interest,
        episode_interest=episode_interest,
        research=research,
        contacts=contacts,
        leads=leads,
        campaigns=build_campaigns(streams, scale),
        shared_domains=shared,
    )
