"""Digital extracts: web events, form submissions, email events, intent signals, AI answers.

Volumes follow the world's interest matrix (accounts x weeks): an account in a buying episode
visits more (and the pricing page more often), fills in demo requests, opens and clicks more
emails, and surges on intent topics a few weeks before. The high-intent moments (demo requests,
contact-sales forms, pricing-page views, intent surges) are returned as `Signal`s so that the
CRM activity builder can respond to them like a sales team would.

Builders work on whole numpy arrays (one element per session, send or signal) so that large
scales stay fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import vocabulary as voc
from .contract import EXTRACTS, boolean_text
from .ids import prefixed_id
from .timeline import (
    DAY,
    END_S,
    HOUR,
    N_WEEKS,
    START_S,
    WEEK,
    fmt_date_array,
    fmt_ts_array,
    week_start_s,
)
from .world import World, pick

WEB_SESSIONS_PER_INTEREST = 0.18
FORMS_PER_INTEREST = 0.025
INTENT_NOISE_FLOOR = 1.05
INTENT_REPORTING_FLOOR = 30
WEEKDAY_WEIGHTS = np.array([0.19, 0.21, 0.21, 0.2, 0.15, 0.02, 0.02])


@dataclass(frozen=True, slots=True)
class Signal:
    """A high-intent moment sales should respond to."""

    account: int
    at_s: int
    kind: str  # demo_request | contact_sales | pricing_page_view | intent_surge
    person_id: str | None


@dataclass
class People:
    """Everyone with an email address, as parallel arrays (contacts first, then leads)."""

    email: np.ndarray
    account: np.ndarray  # -1 when the person's company is not a CRM account
    created_s: np.ndarray
    propensity: np.ndarray
    crm_id: np.ndarray
    is_contact: np.ndarray

    @classmethod
    def of(cls, world: World) -> People:
        contacts = world.contacts
        leads = [lead for lead in world.leads if lead.email and lead.converted_s is None]
        return cls(
            email=np.array([c.email for c in contacts] + [lead.email for lead in leads], dtype=object),
            account=np.array([c.account for c in contacts]
                             + [-1 if lead.account is None else lead.account for lead in leads]),
            created_s=np.array([c.created_s for c in contacts] + [lead.created_s for lead in leads],
                               dtype=np.int64),
            propensity=np.array([c.propensity for c in contacts] + [lead.propensity for lead in leads]),
            crm_id=np.array([c.id for c in contacts] + [lead.id for lead in leads], dtype=object),
            is_contact=np.array([True] * len(contacts) + [False] * len(leads)),
        )

    def pick_at_accounts(self, rng: np.random.Generator, accounts: np.ndarray,
                         contacts_only: bool = False) -> np.ndarray:
        """One random person index per element of `accounts` (-1 when the account has none)."""
        mask = self.is_contact if contacts_only else np.ones(len(self.email), dtype=bool)
        candidates = np.flatnonzero(mask & (self.account >= 0))
        order = candidates[np.argsort(self.account[candidates], kind="stable")]
        sorted_accounts = self.account[order]
        first = np.searchsorted(sorted_accounts, accounts, side="left")
        count = np.searchsorted(sorted_accounts, accounts, side="right") - first
        offset = np.floor(rng.random(len(accounts)) * np.maximum(count, 1)).astype(np.int64)
        if not len(order):
            return np.full(len(accounts), -1)
        chosen = order[np.minimum(first + offset, len(order) - 1)]
        return np.where(count > 0, chosen, -1)


def _times_in_weeks(rng: np.random.Generator, weeks: np.ndarray, night_share: float = 0.1) -> np.ndarray:
    """Instants inside the given weeks: weekdays and working hours mostly."""
    days = rng.choice(7, size=len(weeks), p=WEEKDAY_WEIGHTS)
    hours = np.where(rng.random(len(weeks)) < night_share, rng.integers(0, 24, len(weeks)),
                     np.clip(np.round(rng.normal(13, 3.2, len(weeks))), 6, 21))
    seconds = rng.integers(0, HOUR, len(weeks))
    return week_start_s(0) + weeks.astype(np.int64) * WEEK + days * DAY + hours.astype(np.int64) * HOUR + seconds


def _account_draws(rng: np.random.Generator, rate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Poisson counts per account-week expanded to (account, week) arrays, one per draw."""
    counts = rng.poisson(rate)
    accounts, weeks = np.nonzero(counts)
    reps = counts[accounts, weeks]
    return np.repeat(accounts, reps), np.repeat(weeks, reps)


def _account_domains(world: World, accounts: np.ndarray, rng: np.random.Generator, messy_share: float) -> np.ndarray:
    """The account's domain as a tool would report it, now and then in a messy form."""
    domains = np.array([a.domain for a in world.accounts], dtype=object)[accounts]
    messy = rng.random(len(accounts)) < messy_share
    domains[messy] = ["www." + d.capitalize() if k % 2 else d.upper()
                      for k, d in enumerate(domains[messy])]
    return domains


def _episode_share(world: World, accounts: np.ndarray, weeks: np.ndarray) -> np.ndarray:
    return world.episode_interest[accounts, weeks] / np.maximum(world.interest[accounts, weeks], 1e-9)


# --- Web -------------------------------------------------------------------------------------
WEB_TRAFFIC_MIX = {"unresolved": 0.52, "isp": 0.16, "bot": 0.08, "outside_crm": 0.24}
"""Sessions that are not account visitors, per account-visitor session: 0.7 in all."""
OTHER_SESSIONS_PER_ACCOUNT_SESSION = 0.7
CHANNELS = ("direct", "organic", "linkedin", "google", "email", "referral")
CHANNEL_SHARES = (0.38, 0.24, 0.14, 0.08, 0.11, 0.05)
KIND_CODES = {"account": 0, "unresolved": 1, "isp": 2, "bot": 3, "outside_crm": 4}


@dataclass
class _Sessions:
    """Web sessions as parallel arrays (one element per session)."""

    account: np.ndarray  # -1 for traffic not from a CRM account
    week: np.ndarray
    kind: np.ndarray  # KIND_CODES
    start_s: np.ndarray

    @property
    def is_account(self) -> np.ndarray:
        return self.kind == KIND_CODES["account"]

    def __len__(self) -> int:
        return len(self.account)


def _web_sessions(world: World, rng: np.random.Generator, accounts: slice) -> _Sessions:
    """Account visitors follow interest; the rest is a fixed mix of other traffic.

    Only the accounts in `accounts` (a slice of the world's accounts) visit; the other traffic
    is in proportion to their sessions.
    """
    account, week = _account_draws(
        rng, world.interest[accounts] * WEB_SESSIONS_PER_INTEREST * _weekly_visit_rhythm())
    account = account + (accounts.start or 0)
    n_other = int(len(account) * OTHER_SESSIONS_PER_ACCOUNT_SESSION)
    other_kinds = np.array([KIND_CODES[k] for k in WEB_TRAFFIC_MIX])
    kind = np.concatenate([np.zeros(len(account), dtype=np.int64),
                           rng.choice(other_kinds, size=n_other, p=list(WEB_TRAFFIC_MIX.values()))])
    account = np.concatenate([account, np.full(n_other, -1)])
    week = np.concatenate([week, rng.integers(0, N_WEEKS, n_other)])
    start = _times_in_weeks(rng, week, night_share=0.15)
    keep = (start >= START_S) & (start <= END_S - 600)
    return _Sessions(account[keep], week[keep], kind[keep], start[keep])


def _resolve_visitors(world: World, people: People, rng: np.random.Generator,
                      sessions: _Sessions) -> dict[str, np.ndarray]:
    """Who visited: known contacts by cookie, other visitors by IP or a company registry."""
    n = len(sessions)
    is_account, kind = sessions.is_account, sessions.kind
    person = np.full(n, -1)
    person[is_account] = people.pick_at_accounts(rng, sessions.account[is_account], contacts_only=True)
    known = is_account & (person >= 0) & (rng.random(n) < 0.28)
    known &= people.created_s[np.maximum(person, 0)] < sessions.start_s
    domain = np.full(n, None, dtype=object)
    domain[is_account] = _account_domains(world, sessions.account[is_account], rng, 0.04)
    pools = {
        "outside_crm": np.array([c.domain for c in world.other_companies], dtype=object),
        "isp": np.array(voc.ISP_DOMAINS, dtype=object),
        "bot": np.array(voc.BOT_DOMAINS + (None,), dtype=object),  # some bots stay unresolved
    }
    for name, pool in pools.items():
        rows = kind == KIND_CODES[name]
        domain[rows] = pool[rng.integers(0, len(pool), rows.sum())]
    source = np.where(known, "cookie", np.where(rng.random(n) < 0.78, "ip", "registry")).astype(object)
    source[pd.isna(domain)] = None
    visitor = np.where(known, person, rng.integers(0, 6, n) + 1_000_000 * (sessions.account + 2))
    return {
        "person": person,
        "known": known,
        "domain": domain,
        "source": source,
        "email": np.where(known, people.email[np.maximum(person, 0)], None),
        "anonymous_id": np.array([prefixed_id("anon", int(v) % (62**8), 8) for v in visitor], dtype=object),
    }


def _traffic_sources(rng: np.random.Generator, n: int, plan_slugs: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """Referrer and UTM parameters of each session's landing page."""
    channel = np.array(CHANNELS, dtype=object)[rng.choice(len(CHANNELS), size=n, p=CHANNEL_SHARES)]
    utm = {
        "linkedin": ("linkedin", "paid_social"), "google": ("google", "cpc"), "email": ("newsletter", "email"),
    }
    source = np.array([utm.get(c, (None, None))[0] for c in channel], dtype=object)
    medium = np.array([utm.get(c, (None, None))[1] for c in channel], dtype=object)
    campaign = np.full(n, None, dtype=object)
    for name, slugs in plan_slugs.items():
        rows = channel == name
        campaign[rows] = np.array(slugs, dtype=object)[rng.integers(0, len(slugs), rows.sum())]
    referrer = np.full(n, None, dtype=object)
    organic = channel == "organic"
    referrer[organic] = np.array(voc.REFERRERS[:3], dtype=object)[rng.integers(0, 3, organic.sum())]
    referrer[channel == "linkedin"] = "https://www.linkedin.com/"
    referral = channel == "referral"
    referrer[referral] = np.array(voc.REFERRERS[3:], dtype=object)[rng.integers(0, 2, referral.sum())]
    return {"utm_source": source, "utm_medium": medium, "utm_campaign": campaign, "referrer": referrer}


WEB_CHUNK_ACCOUNTS = 1000
"""Accounts whose web sessions are generated together: one chunk up to scale 2."""


def iter_web_event_chunks(world: World, people: People, plan_slugs: dict[str, list[str]]
                          ) -> Iterator[tuple[pd.DataFrame, list[Signal]]]:
    """Web events in chunks of `WEB_CHUNK_ACCOUNTS` accounts, so memory holds one chunk.

    A world of at most one chunk is generated exactly as `build_web_events` (random stream
    `web`); a larger one draws each chunk from its own stream (`web:<chunk>`), with event and
    session numbers continuing across chunks so that ids stay unique.
    """
    n_accounts = len(world.accounts)
    if n_accounts <= WEB_CHUNK_ACCOUNTS:
        yield build_web_events(world, people, plan_slugs)
        return
    events = sessions = 0
    for chunk, first in enumerate(range(0, n_accounts, WEB_CHUNK_ACCOUNTS)):
        frame, signals, n_sessions = _web_event_chunk(
            world, people, plan_slugs, world.streams(f"web:{chunk}"),
            slice(first, min(first + WEB_CHUNK_ACCOUNTS, n_accounts)), events, sessions)
        events += len(frame)
        sessions += n_sessions
        yield frame, signals


def build_web_events(world: World, people: People, plan_slugs: dict[str, list[str]]
                     ) -> tuple[pd.DataFrame, list[Signal]]:
    """Page views: account visitors (by interest), anonymous, ISP and bot traffic.

    `plan_slugs` maps a channel (linkedin, google, email) to its utm_campaign values.
    """
    frame, signals, _ = _web_event_chunk(world, people, plan_slugs, world.streams("web"),
                                         slice(0, len(world.accounts)), 0, 0)
    return frame, signals


def _web_event_chunk(world: World, people: People, plan_slugs: dict[str, list[str]],
                     rng: np.random.Generator, accounts: slice, first_event: int,
                     first_session: int) -> tuple[pd.DataFrame, list[Signal], int]:
    """The page views of the sessions of `accounts` (and their share of other traffic);
    events and sessions are numbered from `first_event` and `first_session`."""
    sessions = _web_sessions(world, rng, accounts)
    visitors = _resolve_visitors(world, people, rng, sessions)
    sources = _traffic_sources(rng, len(sessions), plan_slugs)

    # Pages: 1-8 per session (bots crawl more), pricing pages during buying episodes.
    pages = np.minimum(rng.geometric(0.45, len(sessions)), 8)
    is_bot_session = sessions.kind == KIND_CODES["bot"]
    pages[is_bot_session] = rng.integers(5, 15, is_bot_session.sum())
    session_of = np.repeat(np.arange(len(sessions)), pages)
    position = np.arange(len(session_of)) - np.repeat(np.cumsum(pages) - pages, pages)
    landing = position == 0
    share = np.zeros(len(sessions))
    share[sessions.is_account] = _episode_share(world, sessions.account[sessions.is_account],
                                                sessions.week[sessions.is_account])
    pricing = rng.random(len(session_of)) < (0.01 + 0.22 * share[session_of])
    site_paths = np.array([p for p, _ in voc.SITE_PAGES], dtype=object)
    site_weights = np.array([w for _, w in voc.SITE_PAGES])
    path = site_paths[rng.choice(len(site_paths), size=len(session_of), p=site_weights / site_weights.sum())]
    path[pricing] = np.array(voc.PRICING_PAGES, dtype=object)[rng.choice(3, size=pricing.sum(), p=[0.7, 0.2, 0.1])]
    event_at = np.minimum(sessions.start_s[session_of] + position * rng.integers(15, 240, len(session_of)), END_S)

    query = [f"?utm_source={s}&utm_medium={m}&utm_campaign={c}" if s else ""
             for s, m, c in zip(sources["utm_source"], sources["utm_medium"], sources["utm_campaign"])]
    extract = "web__event"
    frame = pd.DataFrame({
        "event_id": [prefixed_id("ev", first_event + i, 10) for i in range(len(session_of))],
        "event_at": fmt_ts_array(event_at),
        "session_id": [prefixed_id("ses", first_session + int(s), 8) for s in session_of],
        "anonymous_id": visitors["anonymous_id"][session_of],
        "page_url": [voc.BRAND_SITE + p + (query[s] if first else "")
                     for p, s, first in zip(path, session_of, landing)],
        "page_path": path,
        **{name: np.where(landing, values[session_of], None) for name, values in sources.items()},
        "resolved_company_domain": visitors["domain"][session_of],
        "resolution_source": visitors["source"][session_of],
        "is_isp": [boolean_text(bool(v), extract) for v in sessions.kind[session_of] == KIND_CODES["isp"]],
        "is_bot": [boolean_text(bool(v), extract) for v in is_bot_session[session_of]],
        "known_contact_email": visitors["email"][session_of],
    })[list(EXTRACTS[extract].columns)]
    views = pd.DataFrame({"session": session_of, "at": event_at})[pricing & sessions.is_account[session_of]]
    first_views = views.groupby("session")["at"].min()
    person, known = visitors["person"], visitors["known"]
    signals = [Signal(int(sessions.account[s]), int(at), "pricing_page_view",
                      str(people.crm_id[person[s]]) if known[s] else None)
               for s, at in first_views.items()]
    return frame, signals, len(sessions)


def _weekly_visit_rhythm() -> np.ndarray:
    """Traffic dips over Christmas and in August (1 x weeks)."""
    rhythm = np.ones(N_WEEKS)
    for w in range(N_WEEKS):
        month_day = np.datetime64(week_start_s(w), "s").astype("datetime64[D]").astype(str)[5:10]
        if month_day >= "12-20" or month_day <= "01-03":
            rhythm[w] = 0.45
        elif "08-01" <= month_day <= "08-25":
            rhythm[w] = 0.75
    return rhythm[None, :]


# --- Forms -----------------------------------------------------------------------------------
def build_form_submissions(world: World, people: People) -> tuple[pd.DataFrame, list[Signal]]:
    """Form fills: people at accounts (more demo requests in episodes) and everyone else."""
    rng = world.streams("forms")
    acc, week = _account_draws(rng, world.interest * FORMS_PER_INTEREST)
    person = people.pick_at_accounts(rng, acc)
    keep = person >= 0
    acc, week, person = acc[keep], week[keep], person[keep]
    share = _episode_share(world, acc, week)
    n_outside = int(len(acc) * 0.45)
    outsiders = np.flatnonzero(people.account < 0)
    person = np.concatenate([person, outsiders[rng.integers(0, len(outsiders), n_outside)]])
    acc = np.concatenate([acc, np.full(n_outside, -1)])
    week = np.concatenate([week, rng.integers(0, N_WEEKS, n_outside)])
    share = np.concatenate([share, np.zeros(n_outside)])
    submitted = _times_in_weeks(rng, week, night_share=0.05)
    submitted = np.maximum(submitted, people.created_s[person])
    keep = (submitted >= START_S) & (submitted <= END_S)
    acc, person, share, submitted = acc[keep], person[keep], share[keep], submitted[keep]
    n = len(acc)
    demo_p = 0.03 + 0.3 * share
    sales_p = 0.01 + 0.08 * share
    draw = rng.random(n)
    form_type = np.select(
        [draw < demo_p, draw < demo_p + sales_p, draw < demo_p + sales_p + 0.26,
         draw < demo_p + sales_p + 0.33],
        ["demo_request", "contact_sales", "webinar_registration", "other"], "content_download",
    ).astype(object)
    asset = np.full(n, None, dtype=object)
    is_content = form_type == "content_download"
    is_webinar = form_type == "webinar_registration"
    for rows, assets in ((is_content, voc.CONTENT_ASSETS), (is_webinar, voc.WEBINAR_ASSETS)):
        asset[rows] = np.array(assets, dtype=object)[rng.integers(0, len(assets), rows.sum())]
    form_name = [voc.FORM_TYPES[t][0] + (f" - {a}" if a else "") for t, a in zip(form_type, asset)]
    page_url = [voc.BRAND_SITE + voc.FORM_TYPES[t][1] + (_slug(a) if a else "")
                for t, a in zip(form_type, asset)]
    email = people.email[person].copy()
    shout = rng.random(n) < 0.03
    email[shout] = [e.upper() for e in email[shout]]
    frame = pd.DataFrame({
        "id": [prefixed_id("fs", i, 10) for i in range(n)],
        "submitted_at": fmt_ts_array(submitted),
        "email": email,
        "form_type": form_type,
        "form_name": form_name,
        "page_url": page_url,
        "asset_name": asset,
    })
    urgent = np.flatnonzero(np.isin(form_type, ["demo_request", "contact_sales"]) & (acc >= 0))
    signals = [Signal(int(acc[i]), int(submitted[i]), str(form_type[i]), str(people.crm_id[person[i]]))
               for i in urgent]
    return frame, signals


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


# --- Email -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class EmailSend:
    campaign_id: str
    at_s: int
    audience: str  # newsletter | abm


def email_sends(world: World) -> list[EmailSend]:
    """Monthly newsletters (first Tuesday) and a fortnightly ABM nurture track."""
    sends = []
    for w in range(N_WEEKS):
        monday = week_start_s(w)
        day = np.datetime64(monday, "s").astype("datetime64[D]").astype(str)
        if int(day[8:10]) <= 7 and monday + DAY >= START_S:
            sends.append(EmailSend(f"em-{day[:7]}-newsletter", monday + DAY + 15 * HOUR, "newsletter"))
        if w % 2 == 1:
            sends.append(EmailSend(f"em-abm-nurture-w{w:03d}", monday + 2 * DAY + 9 * HOUR, "abm"))
    return sends


EMAIL_CHUNK_PERSON_SENDS = 1_000_000
"""People x sends drawn together: one chunk up to about scale 3, one send a chunk from about 250."""


def iter_email_event_chunks(world: World, people: People) -> Iterator[pd.DataFrame]:
    """Email events in chunks of sends, so memory holds one chunk.

    Up to `EMAIL_CHUNK_PERSON_SENDS` people x sends, everything is generated exactly as
    `build_email_events` (random stream `email`); above it, each chunk of sends draws from its
    own stream (`email:<chunk>`), rows are ordered within their chunk and ids continue across
    chunks.
    """
    sends = email_sends(world)
    if len(people.email) * len(sends) <= EMAIL_CHUNK_PERSON_SENDS:
        yield build_email_events(world, people)
        return
    per_chunk = max(1, EMAIL_CHUNK_PERSON_SENDS // len(people.email))
    first_id = 0
    for chunk, first in enumerate(range(0, len(sends), per_chunk)):
        frame = _email_event_chunk(world, people, world.streams(f"email:{chunk}"),
                                   sends[first:first + per_chunk], first_id)
        first_id += len(frame)
        yield frame


def build_email_events(world: World, people: People) -> pd.DataFrame:
    """sent -> delivered or bounce -> (machine) opens -> clicks -> unsubscribes, per recipient."""
    return _email_event_chunk(world, people, world.streams("email"), email_sends(world), 0)


def _email_event_chunk(world: World, people: People, rng: np.random.Generator,
                       sends: list[EmailSend], first_id: int) -> pd.DataFrame:
    """The events of `sends`, ids numbered from `first_id`."""
    extract = "marketing__email_event"
    send_campaign, send_at, recipient = [], [], []
    for send in sends:
        week = (send.at_s - week_start_s(0)) // WEEK
        exists = people.created_s < send.at_s
        if send.audience == "newsletter":
            pool = np.flatnonzero(exists & (rng.random(len(exists)) < 0.025 * people.propensity))
        else:
            on_list = world.tier[np.maximum(people.account, 0), week] > 0
            pool = np.flatnonzero(exists & people.is_contact & (people.account >= 0) & on_list
                                  & (rng.random(len(exists)) < 0.08))
        send_campaign += [send.campaign_id] * len(pool)
        send_at.append(send.at_s + np.sort(rng.integers(0, 1800, len(pool))))
        recipient.append(pool)
    send_at_s = np.concatenate(send_at)
    who = np.concatenate(recipient)
    campaign = np.array(send_campaign, dtype=object)
    n = len(who)
    week = np.clip((send_at_s - week_start_s(0)) // WEEK, 0, N_WEEKS - 1)
    interest = np.where(people.account[who] >= 0, world.interest[np.maximum(people.account[who], 0), week], 0.6)
    appeal = people.propensity[who] * np.minimum(3.0, 0.5 + 0.45 * interest)
    bounced = rng.random(n) < 0.025
    delivered_at = send_at_s + rng.integers(1, 90, n)
    opened = ~bounced & (rng.random(n) < np.clip(0.16 * appeal, 0, 0.85))
    open_at = delivered_at + np.minimum(rng.lognormal(np.log(3 * HOUR), 1.2, n).astype(np.int64), 5 * DAY)
    reopened = opened & (rng.random(n) < 0.3)
    reopen_at = open_at + rng.integers(HOUR, 2 * DAY, n)
    machine = ~bounced & (rng.random(n) < 0.1)
    machine_at = delivered_at + rng.integers(5, 180, n)
    clicked = opened & (rng.random(n) < np.clip(0.2 * appeal, 0, 0.6))
    click_at = open_at + rng.integers(10, 600, n)
    unsubscribed = ~bounced & (rng.random(n) < 0.004)
    unsubscribe_at = np.where(opened, open_at, delivered_at) + rng.integers(30, 900, n)

    parts = [
        ("sent", np.ones(n, bool), send_at_s, False),
        ("delivered", ~bounced, delivered_at, False),
        ("bounce", bounced, delivered_at + 5, False),
        ("open", machine, machine_at, True),
        ("open", opened, open_at, False),
        ("open", reopened, reopen_at, False),
        ("click", clicked, click_at, False),
        ("unsubscribe", unsubscribed, unsubscribe_at, False),
    ]
    frames = []
    for event_type, mask, at, is_machine in parts:
        idx = np.flatnonzero(mask & (at <= END_S))
        frames.append(pd.DataFrame({
            "type": event_type,
            "at": at[idx],
            "recipient": people.email[who[idx]],
            "email_campaign_id": campaign[idx],
            "is_machine_open": boolean_text(is_machine, extract) if event_type == "open" else None,
        }))
    events = pd.concat(frames, ignore_index=True).sort_values(["at", "recipient", "type"], kind="stable")
    events.insert(0, "id", [prefixed_id("ee", first_id + i, 10) for i in range(len(events))])
    events.insert(2, "created_at", fmt_ts_array(events.pop("at").to_numpy()))
    return events.reset_index(drop=True)[list(EXTRACTS[extract].columns)]


# --- Intent ----------------------------------------------------------------------------------
INTENT_CHUNK_DOMAINS = 2000
"""Company domains whose intent signals are generated together: one chunk up to scale 3."""


def build_intent_signals(world: World) -> tuple[pd.DataFrame, list[Signal]]:
    """Weekly Bombora topic surges and G2 buyer-intent events, CRM and other companies."""
    frames, signals = [], []
    for frame, chunk_signals in iter_intent_signal_chunks(world):
        frames.append(frame)
        signals += chunk_signals
    return pd.concat(frames, ignore_index=True), signals


def iter_intent_signal_chunks(world: World) -> Iterator[tuple[pd.DataFrame, list[Signal]]]:
    """Weekly Bombora topic surges and G2 buyer-intent events, CRM and other companies, in
    chunks of `INTENT_CHUNK_DOMAINS` company domains.

    Every domain draws from the one `intent` stream in turn, so the draws do not depend on the
    chunking; only the company names left out (5 %) are drawn per chunk: from the `intent`
    stream after all domains when there is one chunk, from `intent:company-name` otherwise.
    """
    rng = world.streams("intent")
    main_accounts = [a for a in world.accounts if not a.is_secondary]
    main_rows = np.array([a.index for a in main_accounts], dtype=np.int64)
    other_base = rng.lognormal(-0.6, 0.5, (len(world.other_companies), 1)) * np.ones((1, N_WEEKS))
    for row in other_base:
        for peak in rng.integers(0, N_WEEKS, rng.poisson(0.6)):
            row += 3.5 * np.exp(-0.5 * ((np.arange(N_WEEKS) - peak) / 2.5) ** 2)
    names = [a.company.name for a in main_accounts] + [c.name for c in world.other_companies]
    domains = [a.domain for a in main_accounts] + [c.domain for c in world.other_companies]
    account_of = [a.index for a in main_accounts] + [-1] * len(world.other_companies)
    n_domains = len(domains)
    name_rng = rng if n_domains <= INTENT_CHUNK_DOMAINS else world.streams("intent:company-name")
    for first in range(0, n_domains, INTENT_CHUNK_DOMAINS):
        stop = min(first + INTENT_CHUNK_DOMAINS, n_domains)
        research = np.vstack([world.research[main_rows[first:stop]],
                              other_base[max(first - len(main_rows), 0):max(stop - len(main_rows), 0)]])
        table = _intent_rows(rng, research, first)
        signal_s = week_start_s(0) + table["week"].to_numpy(np.int64) * WEEK
        frame = pd.DataFrame({
            "vendor": table["vendor"],
            "signal_date": fmt_date_array(signal_s),
            "domain": np.array(domains, dtype=object)[table["d"]],
            "company_name": np.where(name_rng.random(len(table)) < 0.95,
                                     np.array(names, dtype=object)[table["d"]], None),
            "topic": table["topic"],
            "topic_category": table["topic_category"],
            "signal_type": table["signal_type"],
            "score": table["score"].astype(str),
        })
        account = np.array(account_of)[table["d"]]
        surge = (table["score"].to_numpy() >= 60) & (account >= 0)
        yield frame, [Signal(int(a), int(s), "intent_surge", None)
                      for a, s in zip(account[surge], signal_s[surge])]


def _intent_rows(rng: np.random.Generator, research: np.ndarray, first: int) -> pd.DataFrame:
    """Signal rows of the domains whose research levels are the rows of `research` (domain
    numbers from `first`): vendor, week, domain number, topic, category, type and score."""
    weeks = np.arange(1, N_WEEKS)  # week 0 starts before the window
    rows = []
    topic_names = [t for t, _ in voc.INTENT_TOPICS]
    categories = dict(voc.INTENT_TOPICS)
    for r in range(len(research)):
        d = first + r
        topics = rng.choice(len(topic_names), size=3, replace=False)
        affinity = rng.dirichlet(np.ones(3)) * 3
        for topic, aff in zip(topics, affinity):
            latent = research[r, weeks] * aff * 0.55 - INTENT_NOISE_FLOOR + rng.normal(0, 0.3, len(weeks))
            saturation = 100 * (1 - np.exp(-np.maximum(latent, 0) / 1.5))
            score = np.clip(np.round(saturation + rng.normal(0, 6, len(weeks))), 0, 100)
            reported = score >= INTENT_REPORTING_FLOOR
            name = topic_names[topic]
            for w, s in zip(weeks[reported], score[reported]):
                rows.append(("bombora", int(w), d, name, categories[name], "surge", int(s)))
        g2_counts = rng.poisson(research[r, weeks] * 0.035)
        for w, count in zip(weeks[g2_counts > 0], g2_counts[g2_counts > 0]):
            for signal_type in rng.choice(voc.G2_SIGNAL_TYPES, size=min(count, 3), replace=False):
                score = int(np.clip(rng.normal(55 + 8 * research[r, w], 12), 20, 100))
                rows.append(("g2", int(w), d, pick(rng, voc.G2_CATEGORIES), "G2 Category", str(signal_type), score))
    return pd.DataFrame(rows, columns=["vendor", "week", "d", "topic", "topic_category", "signal_type", "score"])


# --- AI answers ------------------------------------------------------------------------------
def build_ai_answer_checks(world: World) -> pd.DataFrame:
    """Weekly checks (Wednesdays) of each prompt on each engine; brand citations grow over time."""
    rng = world.streams("ai-search")
    extract = "ai_search__answer_check"
    rows = []
    for w in range(N_WEEKS):
        checked = week_start_s(w) + 2 * DAY
        if checked < START_S or checked > END_S:
            continue
        progress = w / (N_WEEKS - 1)
        for engine, engine_factor in voc.AI_ENGINES:
            for prompt, topic, prompt_factor in voc.AI_PROMPTS:
                p_brand = min(0.9, (0.12 + 0.3 * progress) * engine_factor * prompt_factor)
                p_competitor = min(0.95, 0.55 * prompt_factor ** 0.5)
                rows.append((checked, engine, prompt, topic, rng.random() < p_brand,
                             None if rng.random() < 0.02 else bool(rng.random() < p_competitor)))
    frame = pd.DataFrame(rows, columns=["at", "engine", "prompt", "topic", "brand", "competitor"])
    return pd.DataFrame({
        "checked_date": fmt_date_array(frame["at"].to_numpy(np.int64)),
        "engine": frame["engine"],
        "prompt": frame["prompt"],
        "topic": frame["topic"],
        "is_brand_cited": [boolean_text(bool(v), extract) for v in frame["brand"]],
        "is_competitor_cited": [boolean_text(v, extract) for v in frame["competitor"]],
    })
