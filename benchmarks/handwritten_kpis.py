"""The headline KPIs, written by hand in DuckDB against the raw extracts.

    .venv/bin/python benchmarks/handwritten_kpis.py --extracts DIR [--config seeds/config]
        [--as-of-date YYYY-MM-DD] [--first-event-date YYYY-MM-DD] [--event-horizon YYYY-MM-DD]
        [--out results.json]

This is the yardstick the dbt build is timed against: what an analyst fluent in SQL would
write in one script, straight from the extract files (CSV or Parquet, every column text) and
the configuration seeds, following the KPI catalogue's rules: the quarantine rules of the
extracts it reads (parsing, rejects, de-duplication: the last-modified row wins, ties to the
greatest content hash), amounts in the reporting currency at the month's rate (carried forward
to months without one), segments point in time from the target list. It computes:

- pipeline created, per month and segment: New Business opportunities created, their amount;
- win rate, per month and segment: New Business opportunities won and lost, their amounts;
- ABM ROI, per month: ABM cost (program costs and the ad spend of ABM-mapped LinkedIn and
  Google campaigns, converted), ABM-sourced revenue and ABM pipeline, ROI and pipeline to cost;
- the account engagement score, per account and week (touches of six sources resolved to
  accounts through people and domains, exclusions, points decayed over 13 weeks and capped per
  channel), hot accounts and newly hot accounts, and per week and segment of the population
  (target tiers, ICP-fit accounts off the list) the engaged and hot accounts and the scores.

Three dates are inputs, because the warehouse derives them from eleven event extracts, which
the script does not all read: the as-of date (default: the latest opportunity creation date),
the first event date (the calendar's start; default: none for costs, the first touch's week for
engagement) and the event-date horizon (later ad stats and touches are quarantined; default:
as-of date + 31 days). Its numbers are compared value for value with the marts by
python_tests/test_handwritten_kpis.py; benchmarks/RESULTS.md has the timings.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb

REPORTING_CURRENCY = "USD"
# The project's defaults of the vars the engagement score reads.
ENGAGEMENT_VARS = {"surge_threshold": 60, "engagement_half_life_weeks": 4, "hot_account_threshold": 65,
                   "icp_fit_threshold": 0.7}
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


def _read(con: duckdb.DuckDBPyConnection, extracts: Path, extract: str, optional: tuple[str, ...] = ()) -> str:
    """A view `<extract>` over the extract file, every column text, with a content hash; the
    `optional` columns the file lacks (deletion flags a loader may not deliver) read as null."""
    parquet, csv = extracts / f"{extract}.parquet", extracts / f"{extract}.csv"
    if parquet.exists():
        source = f"read_parquet('{parquet}')"
    elif csv.exists():
        source = f"read_csv('{csv}', all_varchar = true, header = true)"
    else:
        raise FileNotFoundError(f"{extract}: no {extract}.parquet or {extract}.csv in {extracts}")
    columns = [row[0] for row in con.execute(f"describe select * from {source}").fetchall()]
    hashed = " || '|' || ".join(f"coalesce(cast({c} as varchar), '<null>')" for c in columns)
    missing = "".join(f", cast(null as varchar) as {c}" for c in optional if c not in columns)
    con.execute(f"create or replace view {extract} as select *{missing}, md5({hashed}) as _row_hash from {source}")
    return extract


def compute(extracts: Path, config: Path = DEFAULT_CONFIG, as_of_date: str | None = None,
            con: duckdb.DuckDBPyConnection | None = None,
            event_horizon: str | None = None, first_event_date: str | None = None) -> dict[str, list[dict]]:
    """Every KPI row (non-zero months and segments) computed from the raw extracts.

    `event_horizon`: the latest plausible stat date of the ad extracts (later rows are
    quarantined); by default as-of date + 31 days. `first_event_date`: the calendar starts with its
    month (no ABM cost before it); by default the calendar has no start.
    Returns {"pipeline_created": [...], "win_rate": [...], "abm_roi": [...]}: rows as dicts
    (abm_roi: months up to the as-of date's with any cost, revenue or pipeline).
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

    if event_horizon is None:
        event_horizon = str(con.execute(f"select date '{as_of_date}' + 31").fetchone()[0])
    _abm_costs(con, extracts, config, as_of_date, event_horizon, first_event_date)
    _engagement(con, extracts, config, as_of_date, event_horizon, first_event_date, ENGAGEMENT_VARS)

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
            ),
            monthly as (
                select month_start_date,
                    coalesce(abm_cost_amount, 0) as abm_cost_amount,
                    coalesce(abm_sourced_revenue_amount, 0) as abm_sourced_revenue_amount,
                    coalesce(abm_pipeline_created_amount, 0) as abm_pipeline_created_amount
                from abm_costs full join revenue using (month_start_date) full join pipeline using (month_start_date)
            )
            select month_start_date, abm_cost_amount, abm_sourced_revenue_amount,
                cast((abm_sourced_revenue_amount - abm_cost_amount) / nullif(abm_cost_amount, 0) * 100 as double)
                    as roi_pct,
                abm_pipeline_created_amount,
                cast(abm_pipeline_created_amount / nullif(abm_cost_amount, 0) as double) as pipeline_to_cost_ratio
            from monthly
            order by all""",
        "engagement_weeks": """
            select account_id, week_start_date, segment, engagement_score, is_hot, became_hot
            from engagement_weeks order by all""",
        "account_engagement": "select * from account_engagement order by all",
    }
    results: dict[str, list[dict]] = {}
    for name, sql in queries.items():
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        results[name] = [dict(zip(names, row)) for row in cursor.fetchall()]
    return results


def _abm_costs(con: duckdb.DuckDBPyConnection, extracts: Path, config: Path, as_of_date: str,
               event_horizon: str, first_event_date: str | None) -> None:
    """Temp table `abm_costs`: ABM cost per month (program costs + ad spend of ABM-mapped
    campaigns) in the reporting currency, months of the calendar (first event's month, when
    given, to the as-of date's).

    Ad stats pass the extracts' quarantine (required and parseable key, date not after the
    event horizon, numbers parse and are not negative, one row per key: the greatest content
    hash); campaign names and the Google account currency come from the current (latest kept)
    version. A campaign is ABM when the mapping seed names its id, else when its name matches
    the longest LIKE pattern of the platform (ties: the first program by name). A line whose
    currency has no rate for its month (carried forward; after the rate calendar, the last
    month's rate) is left out.
    """
    flags = ("is_deleted", "_fivetran_deleted")
    li_stats = _read(con, extracts, "linkedin_ads__campaign_stats", flags)
    li_history = _read(con, extracts, "linkedin_ads__campaign_history", flags)
    g_stats = _read(con, extracts, "google_ads__campaign_stats", flags)
    g_history = _read(con, extracts, "google_ads__campaign_history", flags)
    g_accounts = _read(con, extracts, "google_ads__account_history", flags)
    deleted = f"coalesce({_bool('is_deleted')}, false) or coalesce({_bool('_fivetran_deleted')}, false)"
    flags_valid = " and ".join(f"not ({_blank(c)} is not null and {_bool(c)} is null)" for c in flags)

    def number_ok(column: str, required: bool = False) -> str:
        """The column parses (when required, or when it holds text) and is not negative."""
        check = f"{_number(column)} is null" if required else f"{_blank(column)} is not null and {_number(column)} is null"
        return f"not ({check}) and coalesce({_number(column)} >= 0, true)"

    def integer_ok(column: str) -> str:
        """An optional whole number: parses when it holds text, not negative."""
        return f"not ({_blank(column)} is not null and {_integer(column)} is null) and coalesce({_integer(column)} >= 0, true)"

    con.execute(f"""
        create or replace temp table ad_spend as
        with li_parsed as (
            select {_blank('campaign_id')} as campaign_id, {_date('day')} as stat_date,
                case when {_number('cost_in_usd')} is not null then 'USD'
                    when {_number('cost_in_local_currency')} is not null then '{REPORTING_CURRENCY}' end as currency_code,
                cast(coalesce({_number('cost_in_usd')}, {_number('cost_in_local_currency')}) as decimal(28, 6)) as cost_local,
                {deleted} as is_deleted_row,
                {_blank('day')} is not null and {_date('day')} is not null and {_date('day')} <= date '{event_horizon}'
                    and {integer_ok('impressions')} and {integer_ok('clicks')}
                    and {number_ok('cost_in_local_currency')} and {number_ok('cost_in_usd')} and {flags_valid} as is_valid,
                _row_hash
            from {li_stats}
        ),
        li_kept as (
            select * from (
                select * from li_parsed where not is_deleted_row and campaign_id is not null
                qualify row_number() over (partition by campaign_id, stat_date order by _row_hash desc) = 1
            )
            where is_valid
        ),
        li_versions as (
            select {_blank('id')} as campaign_id, {_blank('name')} as campaign_name,
                {_ts('last_modified_time')} as modified_at, _row_hash
            from {li_history}
            where not ({deleted}) and {flags_valid}
        ),
        li_names as (
            select campaign_id, campaign_name from (
                select * from li_versions where campaign_id is not null and modified_at is not null
                qualify row_number() over (partition by campaign_id, modified_at order by _row_hash desc) = 1
            )
            where campaign_name is not null
            qualify row_number() over (partition by campaign_id order by modified_at desc, _row_hash desc) = 1
        ),
        li_spend as (
            select 'linkedin' as platform, s.campaign_id, n.campaign_name, s.stat_date, s.currency_code,
                sum(s.cost_local) as cost_local
            from li_kept as s left join li_names as n using (campaign_id)
            group by all
        ),
        g_parsed as (
            select {_blank('customer_id')} as customer_id, {_blank('id')} as campaign_id, {_date('date')} as stat_date,
                coalesce(upper({_blank('device')}), '') as device, coalesce(upper({_blank('ad_network_type')}), '') as network,
                cast(cast({_number('cost_micros')} as decimal(28, 6)) / 1000000 as decimal(28, 6)) as cost_local,
                {deleted} as is_deleted_row,
                {_date('date')} is not null and {_date('date')} <= date '{event_horizon}'
                    and {integer_ok('impressions')} and {integer_ok('clicks')}
                    and {number_ok('cost_micros', required=True)} and {flags_valid} as is_valid,
                _row_hash
            from {g_stats}
        ),
        g_kept as (
            select * from (
                select * from g_parsed where not is_deleted_row and customer_id is not null and campaign_id is not null
                qualify row_number() over (partition by customer_id, stat_date, campaign_id, device, network
                                           order by _row_hash desc) = 1
            )
            where is_valid
        ),
        g_campaign_versions as (
            select {_blank('id')} as campaign_id, {_blank('customer_id')} as customer_id,
                {_blank('name')} as campaign_name, {_ts('updated_at')} as updated_at, _row_hash
            from {g_history}
            where not ({deleted}) and {flags_valid}
        ),
        g_campaigns as (
            select campaign_id, customer_id, campaign_name from (
                select * from g_campaign_versions where campaign_id is not null and updated_at is not null
                qualify row_number() over (partition by campaign_id, updated_at order by _row_hash desc) = 1
            )
            where customer_id is not null and campaign_name is not null
            qualify row_number() over (partition by campaign_id order by updated_at desc, _row_hash desc) = 1
        ),
        g_account_versions as (
            select {_blank('id')} as customer_id, upper({_blank('currency_code')}) as currency_code,
                {_ts('updated_at')} as updated_at, _row_hash
            from {g_accounts}
            where not ({deleted}) and {flags_valid}
        ),
        g_currencies as (
            select customer_id, currency_code from (
                select * from g_account_versions where customer_id is not null and updated_at is not null
                qualify row_number() over (partition by customer_id, updated_at order by _row_hash desc) = 1
            )
            where currency_code = '{REPORTING_CURRENCY}'
                or currency_code in (select upper(trim(currency_code)) from fx_rates)
            qualify row_number() over (partition by customer_id order by updated_at desc, _row_hash desc) = 1
        ),
        g_spend as (
            select 'google' as platform, s.campaign_id, c.campaign_name, s.stat_date, a.currency_code,
                sum(s.cost_local) as cost_local
            from g_kept as s
            left join g_campaigns as c on s.campaign_id = c.campaign_id and s.customer_id = c.customer_id
            left join g_currencies as a on s.customer_id = a.customer_id
            group by all
        )
        select * from li_spend union all select * from g_spend
    """)

    # Program mapping by id, else by the longest name pattern; then the month's rate.
    con.execute(f"""
        create or replace temp table abm_costs as
        with programs as (
            select platform, nullif(campaign_id, '') as campaign_id, nullif(campaign_name_pattern, '') as pattern,
                program, cast(is_abm as boolean) as is_abm
            from read_csv('{config / 'ad_campaign_programs.csv'}', all_varchar = true)
        ),
        ad_spend_abm as (
            select ad_spend.*, coalesce(
                (select any_value(p.is_abm) from programs as p
                    where p.platform = ad_spend.platform and p.campaign_id = ad_spend.campaign_id),
                (select arg_max(p.is_abm, [length(p.pattern), -rank_by_name]) from (
                    select *, dense_rank() over (order by program) as rank_by_name from programs) as p
                    where p.platform = ad_spend.platform and p.campaign_id is null
                        and ad_spend.campaign_name like p.pattern),
                false) as is_abm
            from ad_spend
        ),
        cost_lines as (
            select 'program_cost' as cost_source, cast(month_start_date as date) as cost_date, currency_code,
                cast(cast(amount as decimal(18, 2)) as decimal(38, 8)) as cost_local
            from read_csv('{config / 'program_costs.csv'}', all_varchar = true)
            union all
            select 'ad_spend', stat_date, currency_code, cast(cost_local as decimal(38, 8))
            from ad_spend_abm where is_abm
        ),
        rates as (
            select upper(trim(currency_code)) as currency_code,
                cast(date_trunc('month', cast(month_start_date as date)) as date) as month_start_date,
                cast(rate_to_reporting as decimal(18, 8)) as rate
            from fx_rates where upper(trim(currency_code)) <> '{REPORTING_CURRENCY}'
        ),
        horizon as (
            select greatest(max(month_start_date), cast(date_trunc('month', date '{as_of_date}') as date)) as last_month
            from rates
        ),
        converted as (
            select cast(date_trunc('month', cost_date) as date) as month_start_date, cost_source,
                cast(cast(cost_local as decimal(20, 6)) * cast(case when currency_code = '{REPORTING_CURRENCY}' then 1 else (
                    select arg_max(rates.rate, rates.month_start_date) from rates
                    where rates.currency_code = cost_lines.currency_code
                        and rates.month_start_date <= least(cast(date_trunc('month', cost_date) as date), horizon.last_month))
                    end as decimal(18, 8)) as decimal(38, 8)) as cost_amount
            from cost_lines cross join horizon
        )
        select month_start_date,
            cast(coalesce(sum(cost_amount) filter (where cost_source = 'program_cost'), 0)
                + coalesce(sum(cost_amount) filter (where cost_source = 'ad_spend'), 0) as decimal(38, 8)) as abm_cost_amount
        from converted
        where cost_amount is not null and month_start_date <= date '{as_of_date}'
            and month_start_date >= {f"date_trunc('month', date '{first_event_date}')" if first_event_date else "date '0001-01-01'"}
        group by all
    """)


# ---------------------------------------------------------------------------------------------
# Account engagement: the quarantine of the touch extracts, identity, decayed capped points.

def _domain(expr: str) -> str:
    """A website, URL, bare domain (or the part of an email after '@') → its domain, else null."""
    stripped = (f"regexp_replace(regexp_replace(regexp_replace(regexp_replace(lower(trim({expr})), "
                f"'^[a-z][a-z0-9+.-]*://', ''), '[/:?#].*$', ''), '^www[.]', ''), '[.]+$', '')")
    return f"case when regexp_matches({stripped}, '^[a-z0-9-]+([.][a-z0-9-]+)+$') then {stripped} end"


def _email(column: str) -> str:
    """Text → a lowercased email address, else null."""
    text = f"lower(trim({column}))"
    return f"case when regexp_matches({text}, '^[^@ ]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z0-9-]+[.]?$') then {text} end"


def _kept(con: duckdb.DuckDBPyConnection, extracts: Path, extract: str, key: list[str],
          columns: list[tuple], horizon: str, modified_at: str | None = None,
          extras: dict[str, str] | None = None) -> str:
    """Temp table `kept_<extract>`: the rows of an extract that pass its quarantine, typed.

    columns: (raw name, name, type, required[, allowed values or pattern]); types: text, lower,
    upper, code, pattern, email, domain, integer, score (integer 0-100), money, date, month,
    timestamp, event_date, event_timestamp, boolean. A required column must parse; an optional
    one must parse when it holds text (an email or domain that does not is kept as null); numbers
    must not be negative; event dates must not pass the horizon. Among the live rows of a key the
    latest `modified_at`, then the greatest content hash, is kept; rows of a deleted copy go.
    extras: more columns, {name: SQL over the raw columns}.
    """
    flags = ("is_deleted", "_fivetran_deleted")
    source = _read(con, extracts, extract, flags)
    selects, checks = [], []
    for raw, name, kind, required, *allowed in columns:
        blank = _blank(raw)
        if kind in ("date", "event_date"):
            parsed = _date(raw)
        elif kind == "month":
            as_date = f"case when regexp_matches(trim({raw}), '^[0-9]{{4}}-[0-9]{{2}}$') then trim({raw}) || '-01' else {raw} end"
            parsed = f"cast(date_trunc('month', {_date(as_date)}) as date)"
        elif kind in ("timestamp", "event_timestamp"):
            parsed = _ts(raw)
        elif kind in ("integer", "score"):
            parsed = _integer(raw)
        elif kind == "money":
            parsed = f"cast({_number(raw)} as decimal(28, 6))"
        elif kind == "boolean":
            parsed = _bool(raw)
        elif kind == "email":
            parsed = _email(raw)
        elif kind == "domain":
            parsed = _domain(raw)
        elif kind == "code":
            parsed = "case lower(trim(" + raw + "))" + "".join(
                f" when '{v.lower()}' then '{v}'" for v in allowed[0]) + " end"
        elif kind in ("lower", "pattern"):
            parsed = f"lower({blank})"
        elif kind == "upper":
            parsed = f"upper({blank})"
        else:
            parsed = blank
        selects.append(f"{parsed} as {name}")
        selects.append(f"{blank} as raw__{raw}")
        blank = f"raw__{raw}"
        if kind == "pattern":
            unknown = f"not regexp_matches({name}, '{allowed[0]}')"
            checks.append(f"not ({name} is null or {unknown})" if required else f"not ({name} is not null and {unknown})")
        elif kind in ("email", "domain", "text", "lower", "upper"):
            if required:
                checks.append(f"{name} is not null")
        elif required:
            checks.append(f"{name} is not null")
        else:
            checks.append(f"not ({blank} is not null and {name} is null)")
        if kind in ("integer", "money"):
            checks.append(f"coalesce({name} >= 0, true)")
        if kind == "score":
            checks.append(f"coalesce({name} between 0 and 100, false)" if required else f"coalesce({name} between 0 and 100, true)")
        if kind in ("event_date", "event_timestamp"):
            checks.append(f"coalesce(cast({name} as date) <= date '{horizon}', true)")
    selects += [f"{sql} as {name}" for name, sql in (extras or {}).items()]
    for flag in flags:
        selects.append(f"{_bool(flag)} as flag__{flag}, {_blank(flag)} as raw__{flag}")
        checks.append(f"not (raw__{flag} is not null and flag__{flag} is null)")
    by_name = {c[0]: c for c in columns}
    key_sql = " || '|' || ".join(
        (f"cast({by_name[k][1]} as varchar)" if by_name[k][3] else f"coalesce(cast({by_name[k][1]} as varchar), '')")
        for k in key)
    order = (f"{by_name[modified_at][1]} desc nulls last, " if modified_at else "") + "_row_hash desc"
    scratch_columns = ["is_deleted_row", "is_valid"] + [f"raw__{c[0]}" for c in columns] + [
        f"{kind}__{flag}" for flag in flags for kind in ("raw", "flag")]
    table = f"kept_{extract}"
    con.execute(f"""
        create or replace temp table {table} as
        with typed as (
            select {', '.join(selects)}, _row_hash from {source}
        ),
        parsed as (
            select *, coalesce(flag__is_deleted, false) or coalesce(flag___fivetran_deleted, false) as is_deleted_row,
                {' and '.join(f'({c})' for c in checks)} as is_valid
            from typed
        ),
        ranked as (
            select *, {key_sql} as record_key
            from parsed
            where not is_deleted_row and {' and '.join(f'{by_name[k][1]} is not null' for k in key if by_name[k][3])}
            qualify row_number() over (partition by {key_sql} order by {order}) = 1
        )
        select * exclude ({', '.join(scratch_columns)}) from ranked where is_valid
    """)
    return table


def _email_domain(column: str) -> str:
    """The domain of an email address, else null."""
    return _domain(f"split_part({_email(column)}, '@', 2)")


def _engagement(con: duckdb.DuckDBPyConnection, extracts: Path, config: Path, as_of_date: str, horizon: str,
                first_event_date: str | None, vars_: dict[str, float]) -> None:
    """Temp tables `engagement_weeks` (one row per account and week with a touch in the 13 weeks
    ending that week or on the target list that week: score, hot, became hot, segment) and
    `account_engagement` (per week and segment of the population: target tiers on the list
    that week, ICP-fit accounts off it as non_target from their creation week).

    Touches: web page views (not bot, not ISP), email opens (not machine opens) and clicks, form
    submissions, campaign responses, LinkedIn member-company impressions and clicks (organization
    → domain seed), intent surges (score >= surge threshold, the best per account, topic and
    week). A touch's person: its contact or lead id, else its email (a contact before a lead,
    then the earliest created, then the smallest id); a converted lead is its contact's person.
    Its account: the person's (contact's account, converted account, email domain, the merged
    lead's email domain, website), else its own domain's (the account with that website with the
    most contacts, then the oldest, then the smallest id; never a personal email domain).
    Per channel: min(cap, Σ points × 0.5 ^ (age in weeks / half-life)) over the 13 weeks.
    """
    # The extracts, through their quarantine.
    accounts = _kept(con, extracts, "crm__account", ["id"], [
        ("id", "account_id", "text", True), ("name", "account_name", "text", True),
        ("website", "website", "text", False), ("industry", "industry", "text", False),
        ("number_of_employees", "number_of_employees", "integer", False),
        ("annual_revenue", "annual_revenue", "money", False), ("billing_country", "billing_country", "upper", False),
        ("type", "account_type", "text", False), ("created_date", "created_at", "timestamp", True),
        ("last_modified_date", "last_modified_at", "timestamp", False),
    ], horizon, modified_at="last_modified_date", extras={"website_domain": _domain("website")})
    contacts = _kept(con, extracts, "crm__contact", ["id"], [
        ("id", "contact_id", "text", True), ("account_id", "account_id", "text", False),
        ("email", "email", "email", False),
        ("buying_role", "buying_role", "code", False,
         ["Decision Maker", "Economic Buyer", "Influencer", "Champion", "User", "Other"]),
        ("mql_date", "mql_date", "date", False), ("sql_date", "sql_date", "date", False),
        ("created_date", "created_at", "timestamp", True), ("last_modified_date", "last_modified_at", "timestamp", False),
    ], horizon, modified_at="last_modified_date", extras={"email_domain": _email_domain("email")})
    leads = _kept(con, extracts, "crm__lead", ["id"], [
        ("id", "lead_id", "text", True), ("email", "email", "email", False),
        ("website", "website_domain", "domain", False), ("is_converted", "is_converted_flag", "boolean", False),
        ("converted_date", "converted_date", "date", False),
        ("converted_account_id", "converted_account_id", "text", False),
        ("converted_contact_id", "converted_contact_id", "text", False),
        ("converted_opportunity_id", "converted_opportunity_id", "text", False),
        ("mql_date", "mql_date", "date", False), ("sql_date", "sql_date", "date", False),
        ("created_date", "created_at", "timestamp", True),
    ], horizon, extras={"email_domain": _email_domain("email")})
    members = _kept(con, extracts, "crm__campaign_member", ["id"], [
        ("id", "campaign_member_id", "text", True), ("campaign_id", "campaign_id", "text", True),
        ("contact_id", "contact_id", "text", False), ("lead_id", "lead_id", "text", False),
        ("status", "member_status", "text", False), ("has_responded", "has_responded_flag", "boolean", False),
        ("first_responded_date", "first_responded_date", "date", False),
        ("created_date", "created_at", "event_timestamp", True),
    ], horizon)
    web = _kept(con, extracts, "web__event", ["event_id"], [
        ("event_id", "web_event_id", "text", True), ("event_at", "event_at", "event_timestamp", True),
        ("resolved_company_domain", "company_domain", "domain", False),
        ("resolution_source", "resolution_source", "code", False, ["cookie", "ip", "registry"]),
        ("is_isp", "is_isp", "boolean", False), ("is_bot", "is_bot", "boolean", False),
        ("known_contact_email", "contact_email", "email", False),
    ], horizon)
    emails = _kept(con, extracts, "marketing__email_event", ["id"], [
        ("id", "email_event_id", "text", True),
        ("type", "event_type", "code", True, ["sent", "delivered", "open", "click", "bounce", "unsubscribe"]),
        ("created_at", "event_at", "event_timestamp", True), ("recipient", "recipient_email", "email", True),
        ("is_machine_open", "is_machine_open", "boolean", False),
    ], horizon, extras={"recipient_domain": _email_domain("recipient")})
    forms = _kept(con, extracts, "marketing__form_submission", ["id"], [
        ("id", "form_submission_id", "text", True), ("submitted_at", "submitted_at", "event_timestamp", True),
        ("email", "email", "email", True),
        ("form_type", "form_type", "code", False,
         ["demo_request", "contact_sales", "content_download", "webinar_registration", "other"]),
    ], horizon, extras={"email_domain": _email_domain("email")})
    linkedin = _kept(con, extracts, "linkedin_ads__member_company_stats", ["campaign_id", "month", "member_company"], [
        ("campaign_id", "campaign_id", "text", True), ("month", "month_start_date", "month", True),
        ("member_company", "organization_urn", "pattern", True, "^urn:li:organization:[0-9]+$"),
        ("impressions", "impressions", "integer", False), ("clicks", "clicks", "integer", False),
    ], horizon)
    intent = _kept(con, extracts, "intent__signal", ["vendor", "signal_date", "domain", "topic", "signal_type"], [
        ("vendor", "vendor", "lower", True), ("signal_date", "signal_date", "event_date", True),
        ("domain", "company_domain", "domain", True), ("topic", "topic", "text", True),
        ("signal_type", "signal_type", "code", False,
         ["surge", "category_view", "competitor_comparison", "profile_view"]),
        ("score", "score", "score", True),
    ], horizon)
    weights = f"read_csv('{config / 'engagement_weights.csv'}', all_varchar = true)"
    personal = f"read_csv('{config / 'personal_email_domains.csv'}', all_varchar = true)"
    organizations = f"read_csv('{config / 'linkedin_organization_domains.csv'}', all_varchar = true)"
    icp = f"read_csv('{config / 'icp_criteria.csv'}', all_varchar = true)"

    # Identity: the account of a domain; people (a converted lead merged into its contact);
    # the person of each contact id, lead id and email address; the account of each person.
    con.execute(f"""
        create or replace temp table domain_accounts as
        select a.website_domain as domain, a.account_id
        from {accounts} as a
        left join (select account_id, count(*) as contacts from {contacts} where account_id is not null group by all) as c
            using (account_id)
        where a.website_domain is not null and a.website_domain not in (select domain from {personal})
        qualify row_number() over (partition by a.website_domain
                                   order by coalesce(c.contacts, 0) desc, a.created_at, a.account_id) = 1
    """)
    con.execute(f"""
        create or replace temp table people as
        with leads as (
            select *, coalesce(is_converted_flag, converted_date is not null or converted_account_id is not null
                or converted_contact_id is not null or converted_opportunity_id is not null) as is_converted
            from {leads}
        ),
        merged as (
            select leads.* from leads
            where is_converted and converted_contact_id in (select contact_id from {contacts})
            qualify row_number() over (partition by converted_contact_id
                                       order by converted_date, created_at, lead_id) = 1
        ),
        contact_people as (
            select c.contact_id as person_id, coalesce(
                (select a.account_id from {accounts} as a where a.account_id = c.account_id),
                (select a.account_id from {accounts} as a where a.account_id = m.converted_account_id),
                (select d.account_id from domain_accounts as d where d.domain = c.email_domain),
                (select d.account_id from domain_accounts as d where d.domain = m.email_domain),
                (select d.account_id from domain_accounts as d where d.domain = m.website_domain)) as account_id
            from {contacts} as c left join merged as m on m.converted_contact_id = c.contact_id
        ),
        lead_people as (
            select l.lead_id as person_id, coalesce(
                (select a.account_id from {accounts} as a where a.account_id = l.converted_account_id),
                (select d.account_id from domain_accounts as d where d.domain = l.email_domain),
                (select d.account_id from domain_accounts as d where d.domain = l.website_domain)) as account_id
            from leads as l
            where l.lead_id not in (select lead_id from leads where is_converted
                                    and converted_contact_id in (select contact_id from {contacts}))
        )
        select * from contact_people union all select * from lead_people
    """)
    con.execute(f"""
        create or replace temp table person_keys as
        with lead_people as (
            select l.lead_id, l.email, l.created_at,
                case when coalesce(l.is_converted_flag, l.converted_date is not null or l.converted_account_id is not null
                        or l.converted_contact_id is not null or l.converted_opportunity_id is not null)
                    and l.converted_contact_id in (select contact_id from {contacts})
                    then l.converted_contact_id else l.lead_id end as person_id
            from {leads} as l
        ),
        emails as (
            select email, person_id from (
                select email, contact_id as person_id, 0 as priority, created_at from {contacts} where email is not null
                union all
                select email, person_id, 1, created_at from lead_people where email is not null
            )
            qualify row_number() over (partition by email order by priority, created_at, person_id) = 1
        )
        select 'id' as key_type, contact_id as identifier, contact_id as person_id from {contacts}
        union all select 'id', lead_id, person_id from lead_people
        union all select 'email', email, person_id from emails
    """)

    # The touches, resolved to accounts and weighted; the exclusions of the catalogue.
    con.execute(f"""
        create or replace temp table touches as
        with records as (
            select 'web' as source, web_event_id as record_id, 'web_page_view' as activity_type, 1 as occurrences,
                event_at as touched_at, contact_email as person_email, null as person_key,
                company_domain as account_domain, null as topic, null::integer as intent_score,
                coalesce(is_bot, false) or coalesce(is_isp, false) as is_excluded
            from {web}
            union all
            select 'email', email_event_id, 'email_' || event_type, 1, event_at, recipient_email, null,
                recipient_domain, null, null, event_type = 'open' and coalesce(is_machine_open, false)
            from {emails} where event_type in ('open', 'click')
            union all
            select 'form', form_submission_id, 'form_submission', 1, submitted_at, email, null, email_domain, null, null, false
            from {forms}
            union all
            select 'campaign', campaign_member_id, 'campaign_response', 1,
                coalesce(cast(first_responded_date as timestamp), created_at), null, coalesce(contact_id, lead_id),
                null, null, null, false
            from {members}
            where coalesce(has_responded_flag, first_responded_date is not null) or member_status in ('Attended', 'Responded')
            union all
            select 'linkedin', record_key, unnest(['linkedin_ad_impression', 'linkedin_ad_click']),
                unnest([impressions, clicks]), cast(month_start_date as timestamp), null, null,
                (select o.domain from {organizations} as o where o.organization_urn = l.organization_urn), null, null, false
            from {linkedin} as l
            union all
            select 'intent', record_key, 'intent_surge', 1, cast(signal_date as timestamp), null, null,
                company_domain, topic, score, score < {vars_['surge_threshold']}
            from {intent}
        ),
        resolved as (
            select records.*, cast(touched_at as date) as touch_date,
                cast(date_trunc('week', touched_at) as date) as week_start_date,
                coalesce(people.account_id, domain_accounts.account_id) as account_id
            from records
            left join person_keys as by_key on by_key.key_type = 'id' and by_key.identifier = records.person_key
            left join person_keys as by_email on by_email.key_type = 'email' and by_email.identifier = records.person_email
            left join people on people.person_id = coalesce(by_key.person_id, by_email.person_id)
            left join domain_accounts on domain_accounts.domain = records.account_domain
            where occurrences > 0
        )
        select resolved.account_id, resolved.week_start_date, weights.channel,
            resolved.occurrences * cast(weights.points as decimal(9, 4)) as points
        from resolved
        inner join {weights} as weights using (activity_type)
        where not is_excluded and account_id is not null and touch_date <= date '{as_of_date}'
        qualify source <> 'intent' or row_number() over (
            partition by source = 'intent', account_id, topic, week_start_date
            order by intent_score desc, touched_at, record_id) = 1
    """)

    # Calendar weeks; decayed capped points per account, channel and week; the score.
    first_week = (f"date_trunc('week', date '{first_event_date}')" if first_event_date
                  else "(select min(week_start_date) from touches)")
    con.execute(f"""
        create or replace temp table weeks as
        select cast(week_start_date as date) as week_start_date
        from range(cast({first_week} as timestamp), cast(date '{as_of_date}' as timestamp) + interval 1 day,
                   interval 7 day) as t(week_start_date)
    """)
    con.execute(f"""
        create or replace temp table engagement_weeks as
        with caps as (
            select channel, max(cast(cast(channel_cap as decimal(9, 4)) as double)) as cap
            from {weights} group by channel
        ),
        touch_weeks as (
            select account_id, channel, week_start_date as touch_week, sum(points) as points
            from touches group by all
        ),
        decayed as (
            select t.account_id, t.channel, w.week_start_date,
                cast(sum(cast(t.points * power(0.5, cast(datediff('day', t.touch_week, w.week_start_date) / 7 as double)
                    / {vars_['engagement_half_life_weeks']}) as decimal(38, 18))) as double) as points
            from touch_weeks as t
            inner join weeks as w on w.week_start_date between t.touch_week and t.touch_week + 84
            group by all
        ),
        scored as (
            select account_id, week_start_date,
                cast(sum(cast(cast(case when decayed.points > caps.cap then caps.cap else decayed.points end as double)
                    as decimal(38, 18))) as double) as engagement_score
            from decayed inner join caps using (channel)
            group by all
        ),
        target_weeks as (
            select stays.account_id, weeks.week_start_date, stays.segment
            from weeks
            inner join stays on stays.added_date <= least(weeks.week_start_date + 6, date '{as_of_date}')
                and (stays.removed_date is null or stays.removed_date > least(weeks.week_start_date + 6, date '{as_of_date}'))
            qualify row_number() over (partition by stays.account_id, weeks.week_start_date
                                       order by stays.segment, stays.added_date desc) = 1
        ),
        account_weeks as (
            select account_id, week_start_date from scored
            union
            select account_id, week_start_date from target_weeks
        ),
        flagged as (
            select a.account_id, a.week_start_date, coalesce(t.segment, 'non_target') as segment,
                coalesce(s.engagement_score, 0) as engagement_score,
                coalesce(s.engagement_score, 0) >= {vars_['hot_account_threshold']} as is_hot
            from account_weeks as a
            left join scored as s using (account_id, week_start_date)
            left join target_weeks as t using (account_id, week_start_date)
        )
        select this.*, this.is_hot and not coalesce(previous.is_hot, false) as became_hot
        from flagged as this
        left join flagged as previous
            on previous.account_id = this.account_id and previous.week_start_date = this.week_start_date - 7
    """)

    # The population by week and segment: the list's tiers, and ICP-fit accounts off the list.
    con.execute(f"""
        create or replace temp table account_engagement as
        with criteria as (
            select attribute, operator, lower("values") as criterion_values, cast(weight as decimal(18, 6)) as weight,
                cast(nullif(min_value, '') as double) as min_value, cast(nullif(max_value, '') as double) as max_value
            from {icp}
        ),
        met as (
            select a.account_id, sum(case when case
                    when c.operator in ('in', 'not_in') then (
                        case c.attribute when 'industry' then lower(a.industry) when 'billing_country' then lower(a.billing_country)
                            when 'account_type' then lower(a.account_type) when 'website_domain' then lower(a.website_domain) end
                    ) is not null and (('|' || c.criterion_values || '|') like ('%|' || (
                        case c.attribute when 'industry' then lower(a.industry) when 'billing_country' then lower(a.billing_country)
                            when 'account_type' then lower(a.account_type) when 'website_domain' then lower(a.website_domain) end
                    ) || '|%')) = (c.operator = 'in')
                    when c.operator = 'between' then (
                        case c.attribute when 'number_of_employees' then cast(a.number_of_employees as double)
                            when 'annual_revenue' then cast(a.annual_revenue as double) end
                    ) between coalesce(c.min_value, '-infinity'::double) and coalesce(c.max_value, 'infinity'::double)
                    else false end then c.weight else 0 end) as weight_met
            from {accounts} as a cross join criteria as c
            group by all
        ),
        icp_fit as (
            select account_id from met
            where (select sum(weight) from criteria) > 0
                and weight_met >= {vars_['icp_fit_threshold']} * (select sum(weight) from criteria)
        ),
        population as (
            select account_id, week_start_date, segment from engagement_weeks where segment <> 'non_target'
            union all
            select a.account_id, w.week_start_date, 'non_target'
            from {accounts} as a
            inner join weeks as w on cast(date_trunc('week', a.created_at) as date) <= w.week_start_date
            where a.account_id in (select account_id from icp_fit)
                and not exists (select 1 from engagement_weeks as e where e.account_id = a.account_id
                                and e.week_start_date = w.week_start_date and e.segment <> 'non_target')
        ),
        scored as (
            select p.week_start_date, p.segment, count(*) as accounts,
                count(*) filter (where coalesce(e.engagement_score, 0) > 0) as engaged_accounts,
                cast(sum(cast(coalesce(e.engagement_score, 0) as decimal(38, 18))) as double) as total_engagement_score,
                count(*) filter (where e.is_hot) as hot_accounts,
                count(*) filter (where e.became_hot) as new_hot_accounts
            from population as p
            left join engagement_weeks as e using (account_id, week_start_date)
            group by all
        )
        select w.week_start_date, s.segment, coalesce(accounts, 0) as accounts,
            coalesce(engaged_accounts, 0) as engaged_accounts,
            cast(engaged_accounts as double) / nullif(accounts, 0) as engaged_account_rate,
            coalesce(total_engagement_score, 0) as total_engagement_score,
            total_engagement_score / nullif(accounts, 0) as avg_engagement_score,
            coalesce(hot_accounts, 0) as hot_accounts,
            cast(hot_accounts as double) / nullif(accounts, 0) as hot_account_rate,
            coalesce(new_hot_accounts, 0) as new_hot_accounts
        from weeks as w
        cross join (values ('tier_1'), ('tier_2'), ('tier_3'), ('non_target')) as s(segment)
        left join scored using (week_start_date, segment)
    """)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point: compute, print a summary, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extracts", type=Path, required=True, help="folder of extract files (CSV or Parquet)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="folder of the configuration seeds")
    parser.add_argument("--as-of-date", default=None)
    parser.add_argument("--first-event-date", default=None, help="the calendar starts with its week and month")
    parser.add_argument("--event-horizon", default=None, help="ad stats and touches dated later are quarantined")
    parser.add_argument("--out", type=Path, default=None, help="write every row as JSON here")
    args = parser.parse_args(argv)
    started = time.monotonic()
    results = compute(args.extracts, args.config, args.as_of_date, event_horizon=args.event_horizon,
                      first_event_date=args.first_event_date)
    elapsed = time.monotonic() - started
    for name, rows in results.items():
        print(f"{name}: {len(rows)} rows")
    print(f"computed in {elapsed:.1f} s")
    if args.out:
        args.out.write_text(json.dumps(results, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
