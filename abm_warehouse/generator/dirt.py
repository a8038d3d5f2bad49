"""Planted dirt: the defects real extracts have, a few percent per extract, counted exactly.

`DIRT_PLAN` lists, per extract, each kind of defect and the share of clean rows that gets it
(at least one row each). Kinds, named after the reject reason the staging layer should give:

- `duplicate_key`: an exact copy of a row is appended (the last one read wins).
- `duplicate_key_newer`: a copy with a later `last_modified_date` is appended (the copy wins,
  the original is the rejected duplicate). Counted as `duplicate_key`.
- `null_key:<column>`: the key column is empty.
- `invalid_date:<column>`: an unparseable date or timestamp (`31/02/2025`, `not a date`,
  `2025-02-30`, `44/03/2025`, ...), invalid in every day/month order. Counted as
  `invalid_timestamp:<column>` when the column holds timestamps.
- `negative_amount:<column>`: a negative amount, MRR or cost.
- `unknown_stage_name`, `unknown_currency`: a code no configuration knows (`Verbal Commit`,
  `XYZ`).
- `invalid_email`: an email without `@` where the email identifies the row (email events,
  form submissions): the row is rejected.
- `flagged:invalid_email`: the same on a CRM contact or lead, where the email is optional: the
  row is kept (its data-quality validity suffers), so it is altered in place, not copied.
- `deleted`: `is_deleted` true (not a reject: excluded and counted apart).
- `normalized:<column>`: not a defect but a messy spelling the staging layer must normalize
  (`WWW.Acme.com/`); counted apart, the row is kept.

Entities that other extracts reference (`ExtractSpec.is_entity`) get their dirt as extra rows
(copies of real rows under a fresh id), so the clean story stays intact; facts get it by
altering existing rows. Rows of protected entities (the shared-domain accounts and their
contacts, which identity-resolution tests count on) are never touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pandas as pd

from . import vocabulary as voc
from .contract import EXTRACTS, boolean_text
from .ids import prefixed_id, salesforce_id
from .world import Streams

DIRT_PLAN: dict[str, dict[str, float]] = {
    "crm__account": {"duplicate_key_newer": 0.01, "duplicate_key": 0.005, "null_key:id": 0.005,
                     "invalid_date:created_date": 0.005, "deleted": 0.015},
    "crm__contact": {"duplicate_key_newer": 0.008, "null_key:id": 0.004,
                     "invalid_date:created_date": 0.004, "flagged:invalid_email": 0.006,
                     "deleted": 0.012},
    "crm__lead": {"duplicate_key": 0.008, "null_key:id": 0.004, "invalid_date:created_date": 0.004,
                  "flagged:invalid_email": 0.006, "deleted": 0.015},
    "crm__opportunity": {"duplicate_key_newer": 0.015, "null_key:id": 0.006,
                         "invalid_date:close_date": 0.006, "negative_amount:amount": 0.008,
                         "unknown_stage_name": 0.01, "unknown_currency": 0.008, "deleted": 0.015},
    "crm__opportunity_history": {"duplicate_key": 0.008, "unknown_stage_name": 0.006,
                                 "invalid_date:created_date": 0.004, "deleted": 0.005},
    "crm__opportunity_contact_role": {"duplicate_key": 0.01, "null_key:id": 0.005, "deleted": 0.01},
    "crm__campaign": {"duplicate_key": 0.03, "negative_amount:actual_cost": 0.03, "deleted": 0.03},
    "crm__campaign_member": {"duplicate_key": 0.008, "null_key:id": 0.004,
                             "invalid_date:created_date": 0.004, "deleted": 0.01},
    "crm__task": {"duplicate_key": 0.006, "null_key:id": 0.003, "invalid_date:activity_date": 0.004,
                  "deleted": 0.01},
    "crm__event": {"duplicate_key": 0.008, "invalid_date:start_date_time": 0.005, "deleted": 0.01},
    "crm__user": {"duplicate_key": 0.01},
    "crm__target_account": {"duplicate_key": 0.01},
    "linkedin_ads__campaign_stats": {"duplicate_key": 0.005, "null_key:campaign_id": 0.003,
                                     "invalid_date:day": 0.003, "negative_amount:cost_in_usd": 0.003},
    "linkedin_ads__campaign_history": {"duplicate_key": 0.02},
    "linkedin_ads__member_company_stats": {"duplicate_key": 0.004, "null_key:member_company": 0.003},
    "google_ads__campaign_stats": {"duplicate_key": 0.004, "invalid_date:date": 0.002,
                                   "negative_amount:cost_micros": 0.003},
    "google_ads__campaign_history": {"duplicate_key": 0.02},
    "google_ads__account_history": {"duplicate_key": 0.02},
    "intent__signal": {"duplicate_key": 0.006, "null_key:domain": 0.003,
                       "invalid_date:signal_date": 0.002, "normalized:domain": 0.02},
    "web__event": {"duplicate_key": 0.004, "null_key:event_id": 0.002, "invalid_date:event_at": 0.002},
    "marketing__email_event": {"duplicate_key": 0.004, "null_key:id": 0.002,
                               "invalid_date:created_at": 0.002, "invalid_email": 0.004},
    "marketing__form_submission": {"duplicate_key": 0.01, "invalid_date:submitted_at": 0.006,
                                   "invalid_email": 0.01},
    "ai_search__answer_check": {"duplicate_key": 0.005, "invalid_date:checked_date": 0.003},
    "billing__subscription": {"duplicate_key": 0.015, "null_key:id": 0.01,
                              "invalid_date:start_date": 0.01, "negative_amount:mrr": 0.015,
                              "unknown_currency": 0.015},
}

EMAIL_COLUMNS = {"crm__contact": "email", "crm__lead": "email",
                 "marketing__email_event": "recipient", "marketing__form_submission": "email"}
CURRENCY_COLUMNS = {"crm__opportunity": "currency_iso_code", "billing__subscription": "currency"}
MODIFIED_COLUMNS = {"crm__account": "last_modified_date", "crm__contact": "last_modified_date",
                    "crm__opportunity": "last_modified_date"}
UNKNOWN_CURRENCIES = ("XYZ", "ZZZ")
BAD_DATES = ("31/02/{y}", "not a date", "{y}-02-30", "{d2}/{m}/{y}", "{y}-{m}-{d2}", "0000-00-00")
BAD_TIMESTAMPS = ("31/02/{y} 10:15", "not a timestamp", "{y}-02-30T{t}Z", "{y}-{m}-{d2}T{t}Z")
BAD_KEY_DATES = ("{y}-{m}-{d2}", "{d2}/{m}/{y}")
"""Bad dates for date columns that are part of the key: they keep the row's key unique."""

NEW_ID_BASE = 50_000_000


def _bad_date(original: str, variant: int, is_key: bool) -> str:
    """An unparseable version of a `YYYY-MM-DD[THH:MM:SSZ]` value (invalid in any day order)."""
    y, m, d = original[:4], original[5:7], original[8:10]
    fields = {"y": y, "m": m, "d2": str(int(d) + 40), "t": original[11:19] or "10:15:00"}
    if is_key:
        templates = BAD_KEY_DATES
    elif len(original) > 10:
        templates = BAD_TIMESTAMPS
    else:
        templates = BAD_DATES
    return templates[variant % len(templates)].format(**fields)


def _break_email(email: str, variant: int) -> str:
    local, _, domain = email.partition("@")
    return (f"{local}.{domain}", f"{local}(at){domain}", f"{local} {domain}", local)[variant % 4]


def _later(timestamp: str, variant: int) -> str:
    """The same ISO timestamp a few hours later (text arithmetic through pandas)."""
    moved = pd.Timestamp(timestamp) + pd.Timedelta(hours=3 + variant % 40)
    return moved.strftime("%Y-%m-%dT%H:%M:%SZ")


def _earlier(timestamp: str) -> str:
    return (pd.Timestamp(timestamp) - pd.Timedelta(days=730)).strftime("%Y-%m-%dT%H:%M:%SZ")


class Ledger:
    """Counts of planted dirt per extract: rejects by reason, deleted rows, and kept rows that
    need normalizing (`normalized`) or fail a validity check (`flagged`)."""

    def __init__(self) -> None:
        self.rejects: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.deleted: dict[str, int] = defaultdict(int)
        self.normalized: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.flagged: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def as_dict(self, rows: dict[str, int]) -> dict:
        """JSON-ready summary; `expected_kept` = rows - rejects - deleted."""
        summary = {}
        for extract in sorted(rows):
            rejects = dict(sorted(self.rejects[extract].items()))
            summary[extract] = {
                "rows": rows[extract],
                "deleted": self.deleted[extract],
                "rejects": rejects,
                "rejected_total": sum(rejects.values()),
                "expected_kept": rows[extract] - sum(rejects.values()) - self.deleted[extract],
                "normalized": dict(sorted(self.normalized[extract].items())),
                "flagged": dict(sorted(self.flagged[extract].items())),
            }
        return summary


def _new_id_factory(extract: str) -> Callable[[int], str]:
    kinds = {"crm__account": "account", "crm__contact": "contact", "crm__lead": "lead",
             "crm__opportunity": "opportunity", "crm__campaign": "campaign", "crm__user": "user"}
    if extract in kinds:
        return lambda n: salesforce_id(kinds[extract], NEW_ID_BASE + n)
    return lambda n: prefixed_id("sub", 10**9 + n, 12)


def _column_needing_a_value(extract: str, reason: str, column: str) -> str | None:
    """The column a source row must have filled for the defect to be planted on it."""
    if reason in ("invalid_email", "flagged"):
        return EMAIL_COLUMNS[extract]
    if reason == "duplicate_key_newer":
        return MODIFIED_COLUMNS[extract]
    if reason in ("invalid_date", "negative_amount", "normalized", "null_key"):
        return column
    return None


def _apply_defect(extract: str, row: dict, reason: str, column: str, variant: int) -> str:
    """Give `row` (a dict of text values, changed in place) one defect; return its ledger name."""
    spec = EXTRACTS[extract]
    if reason == "duplicate_key":
        return "duplicate_key"
    if reason == "duplicate_key_newer":
        modified = MODIFIED_COLUMNS[extract]
        row[modified] = _later(row[modified], variant)
        return "duplicate_key"
    if reason == "null_key":
        row[column] = None
        return "null_key"
    if reason == "invalid_date":
        kind = "invalid_timestamp" if len(row[column]) > 10 else "invalid_date"
        row[column] = _bad_date(row[column], variant, column in spec.key)
        return f"{kind}:{column}"
    if reason == "negative_amount":
        row[column] = "-" + row[column].lstrip("-")
        return f"negative_amount:{column}"
    if reason == "unknown_stage_name":
        row["stage_name"] = voc.UNKNOWN_STAGES[variant % len(voc.UNKNOWN_STAGES)]
        return "unknown_stage_name"
    if reason == "unknown_currency":
        row[CURRENCY_COLUMNS[extract]] = UNKNOWN_CURRENCIES[variant % len(UNKNOWN_CURRENCIES)]
        return "unknown_currency"
    if reason in ("invalid_email", "flagged"):
        email_column = EMAIL_COLUMNS[extract]
        row[email_column] = _break_email(row[email_column], variant)
        return "invalid_email" if reason == "invalid_email" else f"flagged:invalid_email:{email_column}"
    if reason == "deleted":
        row["is_deleted"] = boolean_text(True, extract)
        if extract == "crm__account":  # an older, deleted twin: must not win identity resolution
            row["created_date"] = _earlier(row["created_date"])
        return "deleted"
    if reason == "normalized":
        row[column] = ("WWW." if variant % 2 else "https://www.") + row[column].capitalize() + "/"
        return f"normalized:{column}"
    raise ValueError(f"unknown dirt kind {reason!r} for {extract}")


def plant_dirt(extract: str, frame: pd.DataFrame, streams: Streams, ledger: Ledger,
               protected: set[str] | None = None, chunk: int = 0) -> pd.DataFrame:
    """Return `frame` with the extract's planted dirt (text cells, None when empty).

    Each planted row starts from a different clean row. Counts go to `ledger`; `protected`
    holds values of the first key column whose rows must stay untouched. An extract written
    in chunks gets its dirt per chunk: chunk `n` > 0 draws from the stream `dirt:<extract>:<n>`.
    """
    spec = EXTRACTS[extract]
    plan = DIRT_PLAN.get(extract, {})
    n_rows = len(frame)
    if not plan or n_rows == 0:
        return frame.reset_index(drop=True)
    # Only the planted rows are read as Python values and changed: the frame's columns stay as
    # they are (a copy of every cell as a Python object would cost more than the extract).
    frame = frame.reset_index(drop=True)
    rng = streams(f"dirt:{extract}" + (f":{chunk}" if chunk else ""))
    key = spec.key[0]
    protected_rows = frame[key].isin(protected).to_numpy(dtype=bool) if protected else np.zeros(n_rows, dtype=bool)
    order = rng.permutation(np.flatnonzero(~protected_rows))
    used = np.zeros(n_rows, dtype=bool)
    new_id = _new_id_factory(extract)
    appended: list[dict] = []
    changed: dict[str, dict[int, object]] = defaultdict(dict)

    def row_at(i: int) -> dict:
        return {c: (None if pd.isna(value) else value) for c, value in zip(frame.columns, frame.iloc[i].tolist())}

    for kind, share in plan.items():
        reason, _, column = kind.partition(":")
        needed = _column_needing_a_value(extract, reason, column)
        # rows picked by an earlier kind are `used`, so the other rows still hold their values
        usable = ~used[order] & (frame[needed].notna().to_numpy(dtype=bool)[order] if needed else True)
        picked = order[usable][: max(1, int(round(share * n_rows)))]
        used[picked] = True
        for variant, i in enumerate(picked):
            row = row_at(int(i))
            copies_row = reason in ("duplicate_key", "duplicate_key_newer") or (
                spec.is_entity and reason != "flagged")
            if copies_row and reason not in ("duplicate_key", "duplicate_key_newer", "null_key"):
                row[key] = new_id(len(appended))
            original = dict(row)
            name = _apply_defect(extract, row, reason, column, variant)
            if name == "deleted":
                ledger.deleted[extract] += 1
            elif name.startswith("normalized:"):
                ledger.normalized[extract][column] += 1
            elif name.startswith("flagged:"):
                ledger.flagged[extract][name.removeprefix("flagged:")] += 1
            else:
                ledger.rejects[extract][name] += 1
            if copies_row:
                appended.append(row)
            else:
                for c, value in row.items():
                    if value != original[c]:
                        changed[c][int(i)] = value
    table = frame
    if changed:
        table = frame.copy()
        for c, values in changed.items():
            column_values = table[c].to_numpy(dtype=object, na_value=None).copy()
            column_values[list(values)] = list(values.values())
            table[c] = pd.Series(column_values, dtype="str")
    if appended:
        # text columns like the frame's: mixing in Python objects would turn every column into them
        table = pd.concat([table.astype("str"), pd.DataFrame(appended, columns=list(frame.columns), dtype="str")],
                          ignore_index=True)
    return table
