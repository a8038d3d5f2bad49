"""The headline opportunity KPIs, written by hand in DuckDB against the raw extracts.

    .venv/bin/python benchmarks/handwritten_kpis.py --extracts DIR [--config seeds/config]
        [--as-of-date YYYY-MM-DD] [--out results.json]

This is the yardstick the dbt build is timed against: what an analyst fluent in SQL would
write in one script, straight from the extract files (CSV or Parquet, every column text) and
the configuration seeds, following the KPI catalogue's rules: the quarantine rules of the
extracts it reads (parsing, rejects, de-duplication: the last-modified row wins, ties to the
greatest content hash), amounts in the reporting currency at the month's rate (carried forward
to months without one), segments point in time from the target list. It computes, per month
and segment:

- pipeline created: New Business opportunities created, their pipeline amount;
- win rate: New Business opportunities won and lost closing in the month, their amounts;
- ABM-sourced revenue and ABM pipeline created (the revenue side of ABM ROI).

The as-of date is an input (by default the latest opportunity creation or stage-change date
that parses): the warehouse derives it from eleven event extracts, which this script does not
read. What the script does not cover, and why, is in benchmarks/RESULTS.md. Its numbers are
compared value for value with the marts by python_tests/test_handwritten_kpis.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb

REPORTING_CURRENCY = "USD"
DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "seeds" / "config"

ISO_TS = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?)? ?(Z|z|UTC|[+-]00(:?00)?)?$"
OFFSET_TS = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})? ?[+-][0-9]{2}(:?[0-9]{2})?$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T].*)?$"
NUMBER = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"
INTEGER = r"^[+-]?[0-9]+([.]0*)?$"
TRUE_WORDS = "('true', 't', '1', '1.0', 'yes', 'y')"
FALSE_WORDS = "('false', 'f', '0', '0.0', 'no', 'n')"


def _ts(column: str) -> str:
    """Text to a UTC timestamp (ISO 8601, an offset converted to UTC), else null."""
    text = f"trim({column})"
    local = f"try_cast(replace(substr({text}, 1, 19), 'T', ' ') as timestamp)"
    zone = f"regexp_replace({text}, '^.*[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}([.][0-9]{{1,9}})? ?', '')"
    digits = f"replace(substr({zone}, 2), ':', '')"
    minutes = (f"(case when substr({zone}, 1, 1) = '-' then -1 else 1 end) * (cast(substr({digits}, 1, 2) as integer)"
               f" * 60 + coalesce(cast(nullif(substr({digits}, 3, 2), '') as integer), 0))")
    return (f"case when regexp_matches({text}, '{ISO_TS}') then {local} "
            f"when regexp_matches({text}, '{OFFSET_TS}') then {local} - to_minutes(cast({minutes} as bigint)) end")


def _date(column: str) -> str:
    text = f"trim({column})"
    return f"case when regexp_matches({text}, '{ISO_DATE}') then try_cast(substr({text}, 1, 10) as date) end"


def _number(column: str) -> str:
    text = f"trim({column})"
    return f"case when regexp_matches({text}, '{NUMBER}') then cast({text} as decimal(38, 8)) end"


def _integer(column: str) -> str:
    text = f"trim({column})"
    return f"case when regexp_matches({text}, '{INTEGER}') then cast(cast({text} as decimal(38, 8)) as bigint) end"


def _bool(column: str) -> str:
    text = f"lower(trim({column}))"
    return f"case when {text} in {TRUE_WORDS} then true when {text} in {FALSE_WORDS} then false end"


def _blank(column: str) -> str:
    return f"nullif(trim({column}), '')"


def _read(con: duckdb.DuckDBPyConnection, extracts: Path, extract: str) -> str:
    """A view `<extract>` over the extract file, every column text, with a content hash."""
    parquet, csv = extracts / f"{extract}.parquet", extracts / f"{extract}.csv"
    if parquet.exists():
        source = f"read_parquet('{parquet}')"
    elif csv.exists():
        source = f"read_csv('{csv}', all_varchar = true, header = true)"
    else:
        raise FileNotFoundError(f"{extract}: no {extract}.parquet or {extract}.csv in {extracts}")
    columns = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    hashed = " || '|' || ".join(f"coalesce(cast({c} as varchar), '<null>')" for c in columns)
    con.execute(f"create or replace view {extract} as select *, md5({hashed}) as _row_hash from {source}")
    return extract


def compute(extracts: Path, config: Path = DEFAULT_CONFIG, as_of_date: str | None = None,
            con: duckdb.DuckDBPyConnection | None = None) -> dict[str, list[dict]]:
    """Every KPI row (non-zero months and segments) computed from the raw extracts.

    Returns {"pipeline_created": [...], "win_rate": [...], "abm_roi": [...]}: rows as dicts.
    """
    con = con or duckdb.connect()
    opportunity = _read(con, extracts, "crm__opportunity")
    targets = _read(con, extracts, "crm__target_account")
    con.execute(f"create or replace view fx_rates as select * from read_csv('{config / 'fx_rates.csv'}', all_varchar = true)")
    con.execute(f"create or replace view stage_mapping as select * from read_csv('{config / 'stage_mapping.csv'}', all_varchar = true)")

    # Opportunities that pass the quarantine: the live row with the latest modification wins.
    con.execute(f"""
        create or replace temp table opportunities as
        with parsed as (
            select
                {_blank('id')} as opportunity_id,
                {_blank('account_id')} as account_id,
                case lower(trim(type)) when 'new business' then 'New Business'
                    when 'expansion' then 'Expansion' when 'renewal' then 'Renewal' end as opportunity_type,
                {_blank('type')} as raw_type,
                lower(trim(stage_name)) as stage_key,
                {_number('amount')} as amount_local, {_blank('amount')} as raw_amount,
                coalesce(upper({_blank('currency_iso_code')}), '{REPORTING_CURRENCY}') as currency_code,
                {_number('probability')} as probability, {_blank('probability')} as raw_probability,
                {_date('close_date')} as close_date,
                {_ts('created_date')} as created_at,
                {_bool('is_closed')} as is_closed,
                {_bool('is_won')} as is_won,
                {_ts('last_modified_date')} as last_modified_at, {_blank('last_modified_date')} as raw_modified,
                {_bool('is_deleted')} as is_deleted, {_blank('is_deleted')} as raw_deleted,
                {_bool('_fivetran_deleted')} as is_fivetran_deleted, {_blank('_fivetran_deleted')} as raw_fivetran,
                coalesce({_bool('is_deleted')}, false) or coalesce({_bool('_fivetran_deleted')}, false) as is_deleted_row,
                _row_hash
            from {opportunity}
        ),
        ranked as (
            select *, row_number() over (partition by opportunity_id, is_deleted_row
                                         order by last_modified_at desc nulls last, _row_hash desc) as key_rank
            from parsed
        )
        select ranked.*, cast(created_at as date) as created_date
        from ranked
        where not is_deleted_row and opportunity_id is not null and key_rank = 1 and account_id is not null
            and stage_key in (select lower(trim(stage_name)) from stage_mapping)
            and close_date is not null and created_at is not null
            and is_closed is not null and is_won is not null
            and not (raw_amount is not null and amount_local is null) and coalesce(amount_local, 0) >= 0
            and (currency_code = '{REPORTING_CURRENCY}'
                 or currency_code in (select upper(trim(currency_code)) from fx_rates))
            and not (raw_probability is not null and probability is null) and coalesce(probability, 0) >= 0
            and not (raw_type is not null and opportunity_type is null)
            and not (raw_modified is not null and last_modified_at is null)
            and not (raw_deleted is not null and is_deleted is null)
            and not (raw_fivetran is not null and is_fivetran_deleted is null)
    """)
    if as_of_date is None:
        as_of_date = str(con.execute("select max(created_date) from opportunities").fetchone()[0])

    # Target-list stays that pass the quarantine (one per account and day added).
    con.execute(f"""
        create or replace temp table stays as
        with parsed as (
            select {_blank('account_id')} as account_id, {_integer('tier')} as tier,
                {_date('added_date')} as added_date, {_blank('added_date')} as raw_added,
                {_date('removed_date')} as removed_date, {_blank('removed_date')} as raw_removed,
                {_bool('_fivetran_deleted')} as is_fivetran_deleted, {_blank('_fivetran_deleted')} as raw_fivetran,
                coalesce({_bool('_fivetran_deleted')}, false) as is_deleted_row, _row_hash
            from {targets}
        ),
        ranked as (
            select *, row_number() over (partition by account_id || '|' || cast(added_date as varchar), is_deleted_row
                                         order by _row_hash desc) as key_rank
            from parsed
        )
        select account_id, 'tier_' || cast(tier as varchar) as segment, added_date, removed_date
        from ranked
        where not is_deleted_row and account_id is not null and raw_added is not null and added_date is not null
            and key_rank = 1 and tier in (1, 2, 3)
            and not (raw_removed is not null and removed_date is null)
            and not coalesce(removed_date < added_date, false)
            and not (raw_fivetran is not null and is_fivetran_deleted is null)
    """)

    # Monthly rates: a month without one takes the latest earlier month's; after the last
    # month of the rate calendar, that last month's rate. The reporting currency is 1.
    con.execute(f"""
        create or replace temp table opportunities_converted as
        with rates as (
            select upper(trim(currency_code)) as currency_code,
                cast(date_trunc('month', cast(month_start_date as date)) as date) as month_start_date,
                cast(rate_to_reporting as decimal(18, 8)) as rate
            from fx_rates where upper(trim(currency_code)) <> '{REPORTING_CURRENCY}'
        ),
        horizon as (
            select greatest(max(month_start_date), cast(date_trunc('month', date '{as_of_date}') as date)) as last_month
            from rates
        ),
        months as (
            select o.*,
                least(cast(date_trunc('month', o.created_date) as date), horizon.last_month) as created_rate_month,
                least(cast(date_trunc('month', o.close_date) as date), horizon.last_month) as close_rate_month
            from opportunities as o cross join horizon
        ),
        with_rates as (
            select months.*,
                case when currency_code = '{REPORTING_CURRENCY}' then 1 else (
                    select arg_max(rates.rate, rates.month_start_date) from rates
                    where rates.currency_code = months.currency_code and rates.month_start_date <= months.created_rate_month)
                end as created_rate,
                case when currency_code = '{REPORTING_CURRENCY}' then 1 else (
                    select arg_max(rates.rate, rates.month_start_date) from rates
                    where rates.currency_code = months.currency_code and rates.month_start_date <= months.close_rate_month)
                end as close_rate
            from months
        ),
        segmented as (
            select with_rates.*,
                (select min(stays.segment) from stays where stays.account_id = with_rates.account_id
                    and stays.added_date <= with_rates.created_date
                    and (stays.removed_date is null or stays.removed_date > with_rates.created_date)) as target_segment
            from with_rates
        )
        select
            opportunity_id, opportunity_type, is_closed, is_won, created_date, close_date,
            cast(date_trunc('month', created_date) as date) as created_month,
            cast(date_trunc('month', close_date) as date) as close_month,
            coalesce(target_segment, 'non_target') as segment, target_segment is not null as is_abm,
            cast(cast(amount_local as decimal(20, 6)) * cast(created_rate as decimal(18, 8)) as decimal(38, 8)) as pipeline_amount,
            cast(cast(amount_local as decimal(20, 6)) * cast(close_rate as decimal(18, 8)) as decimal(38, 8)) as closed_amount
        from segmented
        where created_date <= date '{as_of_date}'
            and not (amount_local is not null and (created_rate is null or (is_closed and close_rate is null)))
    """)

    queries = {
        "pipeline_created": """
            select created_month as month_start_date, segment, count(*) as opportunities_created,
                sum(coalesce(pipeline_amount, 0)) as pipeline_created_amount
            from opportunities_converted where opportunity_type = 'New Business'
            group by all order by all""",
        "win_rate": f"""
            select close_month as month_start_date, segment,
                count(*) filter (where is_won) as won_opportunities,
                count(*) filter (where not is_won) as lost_opportunities,
                coalesce(sum(closed_amount) filter (where is_won), 0) as won_amount,
                coalesce(sum(closed_amount) filter (where not is_won), 0) as lost_amount,
                count(*) filter (where is_won) / count(*) as win_rate
            from opportunities_converted
            where opportunity_type = 'New Business' and is_closed and close_date <= date '{as_of_date}'
            group by all order by all""",
        "abm_roi": f"""
            with revenue as (
                select close_month as month_start_date, sum(closed_amount) as abm_sourced_revenue_amount
                from opportunities_converted
                where is_abm and is_closed and is_won and opportunity_type in ('New Business', 'Expansion')
                    and close_date <= date '{as_of_date}'
                group by all
            ),
            pipeline as (
                select created_month as month_start_date, sum(coalesce(pipeline_amount, 0)) as abm_pipeline_created_amount
                from opportunities_converted where is_abm and opportunity_type = 'New Business'
                group by all
            )
            select month_start_date, coalesce(abm_sourced_revenue_amount, 0) as abm_sourced_revenue_amount,
                coalesce(abm_pipeline_created_amount, 0) as abm_pipeline_created_amount
            from revenue full join pipeline using (month_start_date)
            order by all""",
    }
    results: dict[str, list[dict]] = {}
    for name, sql in queries.items():
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        results[name] = [dict(zip(names, row)) for row in cursor.fetchall()]
    return results


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: compute, print a summary, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extracts", type=Path, required=True, help="folder of extract files (CSV or Parquet)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="folder of the configuration seeds")
    parser.add_argument("--as-of-date", default=None)
    parser.add_argument("--out", type=Path, default=None, help="write every row as JSON here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    results = compute(args.extracts, args.config, args.as_of_date)
    elapsed = time.monotonic() - started
    for name, rows in results.items():
        print(f"{name}: {len(rows)} rows")
    print(f"computed in {elapsed:.1f} s")
    if args.out:
        args.out.write_text(json.dumps(results, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
