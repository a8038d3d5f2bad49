"""Generate the demo extracts (and optionally the configuration seeds).

    python -m abm_warehouse.generator.demo --out seeds/demo --scale 1 --format csv
    python -m abm_warehouse.generator.demo --out /tmp/big --scale 10 --format parquet
    python -m abm_warehouse.generator.demo --out seeds/demo --config-out seeds/config

The story (two years, 2024-10-01 to 2026-09-30, about 400 CRM accounts at scale 1, a third of
them on the ABM target list) is described in the modules' docstrings: `world` (who exists and
how interested they are), `sales` (deals and subscriptions), `digital`, `ads`, `crm`,
`billing`, and `dirt` (the planted defects, also counted in `_planted_dirt.json`). The same
seed and scale always give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from . import billing, crm, digital
from .ads import AdsPlan, build_google, build_linkedin
from .config_seeds import write_config_seeds
from .contract import EXTRACTS
from .dirt import Ledger, plant_dirt
from .output import (
    FORMATS,
    SEED_PROPERTIES_FILE,
    ExtractWriter,
    demo_seed_properties,
    sort_rows,
    write_extract,
)
from .sales import simulate_sales
from .timeline import WINDOW_END, WINDOW_START
from .world import World, build_world

DEFAULT_SEED = 20261123
PLANTED_DIRT_FILE = "_planted_dirt.json"


class _Progress:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"[demo +{time.monotonic() - self.started:6.1f}s {_peak_rss_mib():6.0f} MiB peak] {message}",
                  flush=True)


def _peak_rss_mib() -> float:
    """The process's peak resident memory so far (Linux reports KiB, macOS bytes; 0 elsewhere)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 1024)


class Chunks:
    """An extract delivered as a sequence of frames; the signals of each chunk are collected
    in `signals` as the chunks are read."""

    def __init__(self, extract: str, chunks: Iterator[tuple[pd.DataFrame, list[digital.Signal]]]) -> None:
        self.extract = extract
        self._chunks = chunks
        self.signals: list[digital.Signal] = []
        self.consumed = False

    def __iter__(self) -> Iterator[pd.DataFrame]:
        for frame, signals in self._chunks:
            self.signals += signals
            yield frame
        self.consumed = True

    def collected_signals(self) -> list[digital.Signal]:
        """The signals of every chunk; an error when the chunks have not all been read."""
        if not self.consumed:
            raise RuntimeError(f"{self.extract}: its chunks must be written before later extracts are built")
        return self.signals


def iter_extracts(world: World, plan: AdsPlan,
                  progress: _Progress | None = None) -> Iterator[tuple[str, pd.DataFrame | Chunks]]:
    """Every extract of the contract as a frame of text values, before dirt is planted, one at
    a time: the caller writes each and lets it go before the next is built, so memory holds
    the world and one extract. The largest (web events, email events, intent signals) come
    as `Chunks`, a sequence of frames the caller must write in turn before asking for the
    next extract; at scale 1 each is a single chunk.

    Every extract draws from its own named random stream, so the order they are built in does
    not change a byte.
    """
    progress = progress or _Progress(False)
    sales = simulate_sales(world)
    progress(f"sales simulated: {len(sales.opportunities)} opportunities")
    people = digital.People.of(world)
    yield "crm__user", crm.build_users(world)
    yield "crm__account", crm.build_accounts(world)
    yield "crm__contact", crm.build_contacts(world)
    yield "crm__lead", crm.build_leads(world)
    yield "crm__target_account", crm.build_target_accounts(world)
    yield "crm__campaign", crm.build_campaigns(world)
    yield from crm.build_opportunities(world, sales).items()
    yield "billing__subscription", billing.build_subscriptions(world, sales)
    web = Chunks("web__event", digital.iter_web_event_chunks(world, people, plan.utm_slugs()))
    yield "web__event", web
    web_signals = web.collected_signals()
    progress(f"web events: {len(web_signals)} pricing-page signals")
    del web
    forms, form_signals = digital.build_form_submissions(world, people)
    yield "marketing__form_submission", forms
    del forms
    intent = Chunks("intent__signal", digital.iter_intent_signal_chunks(world))
    yield "intent__signal", intent
    intent_signals = intent.collected_signals()
    del intent
    yield "marketing__email_event", Chunks(
        "marketing__email_event", ((frame, []) for frame in digital.iter_email_event_chunks(world, people)))
    yield "ai_search__answer_check", digital.build_ai_answer_checks(world)
    progress("digital extracts built")
    yield "crm__campaign_member", Chunks(
        "crm__campaign_member", ((frame, []) for frame in crm.iter_campaign_member_chunks(world)))
    yield from crm.build_activities(world, sales, web_signals + form_signals + intent_signals).items()
    progress("CRM activities built")
    yield from build_linkedin(world, plan).items()
    yield from build_google(world, plan).items()


def build_extracts(world: World, progress: _Progress | None = None) -> tuple[dict[str, pd.DataFrame], AdsPlan]:
    """Every extract at once, chunks put together (see `iter_extracts`, which `generate` uses
    to bound memory); for small scales only."""
    plan = AdsPlan(world)
    extracts = {}
    for extract, value in iter_extracts(world, plan, progress):
        extracts[extract] = value if isinstance(value, pd.DataFrame) else pd.concat(list(value), ignore_index=True)
    return extracts, plan


def _protected_keys(world: World) -> dict[str, set[str]]:
    """Rows dirt must not touch: the shared-domain accounts and their contacts."""
    accounts = [world.accounts[i] for pair in world.shared_domains.values() for i in pair]
    return {"crm__account": {a.id for a in accounts},
            "crm__contact": {c.id for a in accounts for c in a.contacts}}


def _shared_domain_expectations(world: World) -> dict[str, dict]:
    result = {}
    for domain, (main, second) in sorted(world.shared_domains.items()):
        a, b = world.accounts[main], world.accounts[second]
        result[domain] = {
            "winner_account_id": a.id,
            "other_account_ids": [b.id],
            "decided_by": "contact_count" if len(a.contacts) != len(b.contacts) else "created_date",
        }
    return result


def _write_chunks(extract: str, chunks: Chunks, world: World, ledger: Ledger,
                  protected: set[str] | None, out_dir: Path, fmt: str) -> int:
    """Plant dirt in each chunk, order its rows by key and append it to the extract's file;
    return the rows written. One chunk gives the same bytes as a whole frame; with more, rows
    are ordered by key within their chunk."""
    with ExtractWriter(extract, out_dir, fmt) as writer:
        for number, clean in enumerate(chunks):
            frame = plant_dirt(extract, clean, world.streams, ledger, protected, chunk=number)
            del clean
            writer.write(sort_rows(extract, frame))
            del frame
    return writer.rows


def generate(out_dir: Path, scale: float = 1.0, fmt: str = "csv", seed: int = DEFAULT_SEED,
             config_out: Path | None = None, verbose: bool | None = None) -> dict[str, int]:
    """Write one file per extract into `out_dir`; return rows written per extract.

    Args:
        out_dir: folder for `<extract>.csv|parquet` and `_planted_dirt.json`.
        scale: 1.0 = about 400 CRM accounts and 100k rows; volumes scale linearly.
        fmt: "csv" or "parquet".
        seed: the random seed; the same seed and scale give identical files.
        config_out: when given, also write the configuration seeds there.
        verbose: print progress lines (default: only for scale >= 5).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
    if scale <= 0:
        raise ValueError("scale must be positive")
    progress = _Progress(scale >= 5 if verbose is None else verbose)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = build_world(seed, scale)
    progress(f"world built: {len(world.accounts)} accounts, {len(world.contacts)} contacts")
    plan = AdsPlan(world)

    ledger = Ledger()
    protected = _protected_keys(world)
    counts: dict[str, int] = {}
    for extract, clean in iter_extracts(world, plan, progress):
        if isinstance(clean, pd.DataFrame):
            frame = plant_dirt(extract, clean, world.streams, ledger, protected.get(extract))
            del clean
            write_extract(extract, sort_rows(extract, frame), out_dir, fmt)
            counts[extract] = len(frame)
            del frame
        else:
            counts[extract] = _write_chunks(extract, clean, world, ledger, protected.get(extract), out_dir, fmt)
        progress(f"wrote {extract}: {counts[extract]} rows")
    missing = sorted(set(EXTRACTS) - set(counts))
    if missing:
        raise RuntimeError(f"the generator built no frame for {', '.join(missing)}")
    counts = {extract: counts[extract] for extract in EXTRACTS}

    planted = {
        "seed": seed,
        "scale": scale,
        "window": {"start": WINDOW_START.isoformat(), "end": WINDOW_END.isoformat()},
        "extracts": ledger.as_dict(counts),
        "shared_domains": _shared_domain_expectations(world),
    }
    (out_dir / PLANTED_DIRT_FILE).write_text(json.dumps(planted, indent=2) + "\n", encoding="utf-8")
    if fmt == "csv":
        (out_dir / SEED_PROPERTIES_FILE).write_text(demo_seed_properties(), encoding="utf-8")
    if config_out is not None:
        seeds = write_config_seeds(world, plan, Path(config_out))
        progress(f"wrote {len(seeds)} configuration seeds to {config_out}")
    progress(f"done: {sum(counts.values())} rows")
    return counts


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m abm_warehouse.generator.demo",
                                     description="Generate the ABM warehouse demo extracts.")
    parser.add_argument("--out", type=Path, required=True, help="output folder for the extracts")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = ~400 accounts (default)")
    parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--config-out", type=Path, default=None,
                        help="also write the configuration seeds to this folder")
    parser.add_argument("--quiet", action="store_true", help="no progress lines, no summary")
    parser.add_argument("--verbose", action="store_true", help="progress lines at any scale")
    args = parser.parse_args(argv)
    counts = generate(args.out, args.scale, args.fmt, args.seed, args.config_out,
                      verbose=False if args.quiet else (True if args.verbose else None))
    if not args.quiet:
        width = max(len(name) for name in counts)
        for name, rows in counts.items():
            print(f"{name:<{width}}  {rows:>9}")
        print(f"{'total':<{width}}  {sum(counts.values()):>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
