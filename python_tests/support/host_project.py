"""A dbt project of a user's own that installs this one as a package (`packages: - local:`),
reading extracts laid out as Fivetran lands them.

Fivetran lands each connector in a schema of its own with the object's own name, lower case
on DuckDB and PostgreSQL: Salesforce `account`, `opportunity`, `opportunity_history`, ... in
`salesforce` (a custom object such as a target-account list as `target_account_c`); LinkedIn
Ads `campaign_history` and `ad_analytics_by_campaign` in `linkedin_ads`; Google Ads
`campaign_stats`, `campaign_history`, `account_history` in `google_ads`. The other systems stay
under their extract names in `other_sources`. The host points the package at them with the
schema and identifier vars, switches the intent system off (no intent data), and passes two
columns the warehouse does not model through to the marts: Salesforce `account.account_source`
(as `account_source_name`) and `opportunity.forecast_category_name`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from abm_warehouse.contract import load_contract
from abm_warehouse.loader import load_folder
from support.clone import run, schema_fingerprint

# extract -> (schema, table) as Fivetran lands it
FIVETRAN_LAYOUT: dict[str, tuple[str, str]] = {
    **{f"crm__{table}": ("salesforce", table) for table in (
        "account", "contact", "lead", "opportunity", "opportunity_history", "opportunity_contact_role",
        "campaign", "campaign_member", "task", "event", "user")},
    "crm__target_account": ("salesforce", "target_account_c"),
    "linkedin_ads__campaign_history": ("linkedin_ads", "campaign_history"),
    "linkedin_ads__campaign_stats": ("linkedin_ads", "ad_analytics_by_campaign"),
    "linkedin_ads__member_company_stats": ("linkedin_ads", "ad_analytics_by_member_company"),
    "google_ads__campaign_stats": ("google_ads", "campaign_stats"),
    "google_ads__campaign_history": ("google_ads", "campaign_history"),
    "google_ads__account_history": ("google_ads", "account_history"),
}
OTHER_SCHEMA = "other_sources"
SOURCE_SCHEMAS = ("salesforce", "linkedin_ads", "google_ads", OTHER_SCHEMA)
SWITCHED_OFF = "intent"
# pass-through values set by hand on the landed Salesforce tables (every other row: null)
ACCOUNT_SOURCE = {"acc_01": "Trade Show", "acc_02": "  Web  "}
FORECAST_CATEGORY = {"opp_01": "Closed", "opp_02": "Commit"}


@dataclass
class HostProject:
    """The host project after `dbt deps`, `dbt seed` and `dbt build`."""

    root: Path
    database: Path
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, str]]


def host_vars() -> dict[str, object]:
    """The vars the host sets: a schema per connector, an identifier per renamed table."""
    variables: dict[str, object] = {
        "crm_schema": "salesforce",
        "linkedin_ads_schema": "linkedin_ads",
        "google_ads_schema": "google_ads",
        "raw_schema": OTHER_SCHEMA,
        f"abm__using_{SWITCHED_OFF}": False,
        "crm_account_pass_through_columns": [{"name": "account_source", "alias": "account_source_name"}],
        "crm_opportunity_pass_through_columns": ["forecast_category_name"],
    }
    for extract, (_, table) in FIVETRAN_LAYOUT.items():
        system, _, name = extract.partition("__")
        if table != extract:
            variables[f"{system}_{name}_identifier"] = table
    return variables


def _land(extracts: Path, database: Path) -> None:
    """Load the extracts, then move each table to where Fivetran would have landed it."""
    load_folder(extracts, database=database, schema="landing", echo=lambda _: None)
    with duckdb.connect(str(database)) as connection:
        for schema in SOURCE_SCHEMAS:
            connection.execute(f'create schema if not exists "{schema}"')
        for extract in load_contract():
            if extract.startswith(f"{SWITCHED_OFF}__"):
                continue
            schema, table = FIVETRAN_LAYOUT.get(extract, (OTHER_SCHEMA, extract))
            connection.execute(f'create table "{schema}"."{table}" as select * from landing."{extract}"')
        connection.execute("drop schema landing cascade")
        for table, column, values in (("account", "account_source", ACCOUNT_SOURCE),
                                      ("opportunity", "forecast_category_name", FORECAST_CATEGORY)):
            connection.execute(f'alter table salesforce."{table}" add column {column} varchar')
            for key, value in values.items():
                connection.execute(f'update salesforce."{table}" set {column} = ? where id = ?', [value, key])


def build_host_project(root: Path, package: Path, extracts: Path) -> HostProject:
    """Write the host project, land the extracts, run `dbt deps`, `dbt seed`, `dbt build`."""
    root.mkdir(parents=True, exist_ok=True)
    database = root / "host.duckdb"
    _land(extracts, database)
    (root / "models").mkdir(exist_ok=True)
    (root / "dbt_project.yml").write_text(yaml.safe_dump({
        "name": "acme_analytics", "version": "1.0.0", "config-version": 2, "profile": "acme_analytics",
        "vars": host_vars(),
    }, sort_keys=False))
    (root / "profiles.yml").write_text(yaml.safe_dump({"acme_analytics": {"target": "dev", "outputs": {"dev": {
        "type": "duckdb", "path": str(database), "schema": "main", "threads": 1}}}}))
    (root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(package)}]}))
    before = {schema: schema_fingerprint(database, schema) for schema in SOURCE_SCHEMAS}
    for command in (["dbt", "deps"], ["dbt", "seed"], ["dbt", "build"]):
        run(root, command)
    after = {schema: schema_fingerprint(database, schema) for schema in SOURCE_SCHEMAS}
    return HostProject(root=root, database=database, before=before, after=after)
