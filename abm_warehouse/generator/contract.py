"""The extract contract as data: columns, natural keys and raw formats of every extract.

Mirrors the shared spec `extracts.md`. The generator writes exactly these columns (required and
optional) in this order, so the demo exercises every column the warehouse can read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractSpec:
    """One extract of the contract.

    Attributes:
        columns: all columns, required and optional, in file order.
        required: the columns marked required in the contract.
        key: the columns that identify a row (the natural grain); duplicates are planted on it.
        boolean_format: how booleans are spelled in this extract's raw file ("true/false",
            "1/0" or "t/f"); the formats vary across extracts on purpose.
        is_entity: True when other extracts reference the rows by id. Dirt for entities is
            planted as extra rows (the clean rows stay), for facts by altering existing rows.
    """

    columns: tuple[str, ...]
    required: tuple[str, ...]
    key: tuple[str, ...]
    boolean_format: str = "true/false"
    is_entity: bool = False


def _spec(
    columns: str,
    required: str,
    key: str,
    boolean_format: str = "true/false",
    is_entity: bool = False,
) -> ExtractSpec:
    return ExtractSpec(
        columns=tuple(columns.split()),
        required=tuple(required.split()),
        key=tuple(key.split()),
        boolean_format=boolean_format,
        is_entity=is_entity,
    )


EXTRACTS: dict[str, ExtractSpec] = {
    "crm__account": _spec(
        "id name website industry number_of_employees annual_revenue billing_country type "
        "owner_id created_date last_modified_date is_deleted",
        "id name created_date",
        "id",
        is_entity=True,
    ),
    "crm__contact": _spec(
        "id account_id email first_name last_name title department buying_role lead_source "
        "mql_date sql_date created_date last_modified_date is_deleted",
        "id created_date",
        "id",
        is_entity=True,
    ),
    "crm__lead": _spec(
        "id email company website title status lead_source is_converted converted_date "
        "converted_account_id converted_contact_id converted_opportunity_id mql_date sql_date "
        "created_date is_deleted",
        "id created_date",
        "id",
        is_entity=True,
    ),
    "crm__opportunity": _spec(
        "id account_id name type stage_name amount currency_iso_code probability close_date "
        "created_date is_closed is_won lead_source campaign_id owner_id last_modified_date "
        "is_deleted",
        "id account_id stage_name close_date created_date is_closed is_won",
        "id",
        is_entity=True,
    ),
    "crm__opportunity_history": _spec(
        "id opportunity_id stage_name amount close_date created_date is_deleted",
        "id opportunity_id stage_name created_date",
        "id",
    ),
    "crm__opportunity_contact_role": _spec(
        "id opportunity_id contact_id role is_primary created_date is_deleted",
        "id opportunity_id contact_id",
        "id",
    ),
    "crm__campaign": _spec(
        "id name type status start_date end_date budgeted_cost actual_cost is_abm is_deleted",
        "id name",
        "id",
        is_entity=True,
    ),
    "crm__campaign_member": _spec(
        "id campaign_id contact_id lead_id status has_responded first_responded_date "
        "created_date is_deleted",
        "id campaign_id created_date",
        "id",
    ),
    "crm__task": _spec(
        "id who_id what_id account_id owner_id type subject activity_date created_date "
        "is_deleted",
        "id activity_date",
        "id",
    ),
    "crm__event": _spec(
        "id who_id what_id account_id owner_id type subject start_date_time created_date "
        "is_deleted",
        "id start_date_time",
        "id",
    ),
    "crm__user": _spec("id name role is_active", "id", "id", is_entity=True),
    "crm__target_account": _spec(
        "account_id tier added_date removed_date program",
        "account_id tier added_date",
        "account_id added_date",
    ),
    "linkedin_ads__campaign_stats": _spec(
        "campaign_id day impressions clicks cost_in_local_currency cost_in_usd",
        "campaign_id day",
        "campaign_id day",
    ),
    "linkedin_ads__campaign_history": _spec(
        "id name campaign_group_id status last_modified_time",
        "id name last_modified_time",
        "id last_modified_time",
    ),
    "linkedin_ads__member_company_stats": _spec(
        "campaign_id month member_company impressions clicks",
        "campaign_id month member_company",
        "campaign_id month member_company",
    ),
    "google_ads__campaign_stats": _spec(
        "customer_id date id ad_network_type device impressions clicks cost_micros",
        "customer_id date id cost_micros",
        "customer_id date id ad_network_type device",
    ),
    "google_ads__campaign_history": _spec(
        "id customer_id name status updated_at",
        "id customer_id name updated_at",
        "id updated_at",
    ),
    "google_ads__account_history": _spec(
        "id currency_code updated_at",
        "id currency_code updated_at",
        "id updated_at",
    ),
    "intent__signal": _spec(
        "vendor signal_date domain company_name topic topic_category signal_type score",
        "vendor signal_date domain topic score",
        "vendor signal_date domain topic signal_type",
    ),
    "web__event": _spec(
        "event_id event_at session_id anonymous_id page_url page_path referrer utm_source "
        "utm_medium utm_campaign resolved_company_domain resolution_source is_isp is_bot "
        "known_contact_email",
        "event_id event_at",
        "event_id",
        boolean_format="t/f",
    ),
    "marketing__email_event": _spec(
        "id type created_at recipient email_campaign_id is_machine_open",
        "id type created_at recipient",
        "id",
        boolean_format="1/0",
    ),
    "marketing__form_submission": _spec(
        "id submitted_at email form_type form_name page_url asset_name",
        "id submitted_at email",
        "id",
    ),
    "ai_search__answer_check": _spec(
        "checked_date engine prompt topic is_brand_cited is_competitor_cited",
        "checked_date engine prompt is_brand_cited",
        "checked_date engine prompt",
    ),
    "billing__subscription": _spec(
        "id account_id product start_date end_date mrr currency",
        "id account_id start_date mrr",
        "id",
        is_entity=True,
    ),
}

BOOLEAN_SPELLINGS: dict[str, tuple[str, str]] = {
    "true/false": ("true", "false"),
    "1/0": ("1", "0"),
    "t/f": ("t", "f"),
}


def boolean_text(value: bool | None, extract: str) -> str | None:
    """Spell a boolean the way `extract`'s raw file does (None stays None)."""
    if value is None:
        return None
    true_text, false_text = BOOLEAN_SPELLINGS[EXTRACTS[extract].boolean_format]
    return true_text if value else false_text
