"""Staging and the reject audit on the hand-made fixture (python_tests/fixtures/extracts).

Every number below was counted on paper from the CSV files; the working is in the comments
and the story of each row is in python_tests/fixtures/extracts/README.md. When a number here
disagrees with the build, read the base model's SQL before touching either.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from abm_warehouse.dbt import DbtError, dbt_environment, run_dbt
from abm_warehouse.extract_vars import user_vars, vars_args
from abm_warehouse.loader import load_folder
from abm_warehouse.paths import WAREHOUSE_FILE_NAME
from support.warehouse import Warehouse

# extract: (rows read, kept, rejected, deleted). Read = every data row of the CSV.
EXPECTED_RECONCILIATION = {
    # acc_01..acc_10 twice (acc_10 old copy), acc_11 deleted ('true'), acc_12, a row without id,
    # acc_98 ('31/02/2025'), acc_99 (revenue -5000): 16 read; rejected acc_10 old copy, null id,
    # acc_98, acc_99 = 4; deleted acc_11 = 1; kept 16 - 4 - 1 = 11 (acc_01..acc_10, acc_12).
    "crm__account": (16, 11, 4, 1),
    # con_01..con_08 + con_05 old copy + con_97 (mql 'not a date') + no id + con_98 (role
    # 'Gatekeeper') = 12, + con_09..con_12 (Initech buying committee, engagement additions) = 16;
    # deleted con_07 ('1'); rejected con_05 old, con_97, no id, con_98 = 4; kept 16 - 4 - 1 = 11.
    "crm__contact": (16, 11, 4, 1),
    # led_01..led_06; led_04 deleted ('t'); led_05 ('2025-02-30'), led_06 ('perhaps') rejected.
    "crm__lead": (6, 3, 2, 1),
    # opp_01..opp_05, opp_06 twice, opp_07 deleted ('t'), opp_91..opp_94: 12 read, + opp_08..
    # opp_12 (revenue additions) = 17; rejected opp_06 older copy + opp_91..opp_94 = 5;
    # kept opp_01..opp_06 + opp_08..opp_12 = 11.
    "crm__opportunity": (17, 11, 5, 1),
    # oh_01..oh_16, + oh_17..oh_27 (revenue additions) = 27; oh_14 ('Stalled'), oh_15 (-100)
    # rejected; oh_16 deleted ('true'); kept 27 - 2 - 1 = 24.
    "crm__opportunity_history": (27, 24, 2, 1),
    # ocr_01..ocr_06; ocr_05 has no contact; ocr_06 deleted ('1').
    "crm__opportunity_contact_role": (6, 4, 1, 1),
    # cmp_01..cmp_06; cmp_04 (actual cost -200), cmp_05 (end '2025-02-30'); cmp_06 deleted ('t').
    "crm__campaign": (6, 3, 2, 1),
    # cm_01..cm_07; cm_05 (responded 'not a date'), cm_06 (no campaign); cm_07 deleted ('1').
    "crm__campaign_member": (7, 4, 2, 1),
    # tsk_01..tsk_06, + tsk_07, tsk_08 (revenue additions); tsk_04 ('Fax'), tsk_05
    # ('31/02/2025'); tsk_06 deleted ('t').
    "crm__task": (8, 5, 2, 1),
    # evt_01..evt_04; evt_03 ('+02:00' offset: converted to UTC, kept); evt_04 deleted ('true').
    "crm__event": (4, 3, 0, 1),
    # 4 users + usr_bdr1 (is_active 'maybe').
    "crm__user": (5, 4, 1, 0),
    # 13 stays: acc_01 twice (first copy rejected), acc_08 tier 4, acc_09 added 'not a date',
    # acc_10 removed before added; acc_12 deleted (_fivetran_deleted 'true'); kept 8.
    "crm__target_account": (13, 8, 4, 1),
    # 612403321 on 03-02 twice (first copy rejected), clicks -1, day '2026-02-30'.
    "linkedin_ads__campaign_stats": (6, 3, 3, 0),
    # 612403321 two versions, 612436554 one version, 612499999 modified 'yesterday'.
    "linkedin_ads__campaign_history": (4, 3, 1, 0),
    # 7 rows: member 'acme' is not a URN, month '2026-13' is not a month.
    "linkedin_ads__member_company_stats": (7, 5, 2, 0),
    # 6 rows: cost -1000000, cost empty, customer empty.
    "google_ads__campaign_stats": (6, 3, 3, 0),
    # 1700999001 twice at the same update time: the first copy is the duplicate.
    "google_ads__campaign_history": (4, 3, 1, 0),
    # cust_03 in 'ZZZ'.
    "google_ads__account_history": (3, 2, 1, 0),
    # 9 rows: Juniper Data twice for the same vendor/week/topic (first copy rejected), score 120,
    # domain 'localhost', date '2026-02-30'.
    "intent__signal": (9, 5, 4, 0),
    # web_01..web_12: web_08 (hour 25), web_09 ('guess'), web_10 (bot 'maybe');
    # web_11 deleted (_fivetran_deleted 't'); web_12 kept with an unparseable domain and email;
    # web_13..web_24 (engagement additions) all kept: 24 read, 24 - 3 - 1 = 20 kept.
    "web__event": (24, 20, 3, 1),
    # em_01..em_10: em_07 ('forwarded'), em_08 (no '@'), em_09 (month 13); em_10 deleted;
    # em_11..em_15 (engagement additions) all kept: 15 read, 15 - 3 - 1 = 11 kept.
    "marketing__email_event": (15, 11, 3, 1),
    # fs_01..fs_05: fs_04 (no '@'), fs_05 ('newsletter').
    "marketing__form_submission": (5, 3, 2, 0),
    # 5 checks + 3 chatgpt checks of 2026-03-16 (revenue additions): brand cited 'unknown',
    # engine empty.
    "ai_search__answer_check": (8, 6, 2, 0),
    # sub_01..sub_06, + sub_07, sub_08 (revenue additions): mrr -100, currency 'XYZ', end before start.
    "billing__subscription": (8, 5, 3, 0),
}

# (extract, source_key, reject_reason): every reject of the fixture, 57 in all.
EXPECTED_REJECTS = {
    ("crm__account", "acc_10", "duplicate_key"),  # older last_modified_date (2025-06-01)
    ("crm__account", None, "null_key"),
    ("crm__account", "acc_98", "invalid_timestamp:created_date"),  # '31/02/2025'
    ("crm__account", "acc_99", "negative_amount:annual_revenue"),
    ("crm__contact", "con_05", "duplicate_key"),  # older last_modified_date, read last
    ("crm__contact", "con_97", "invalid_date:mql_date"),  # 'not a date'
    ("crm__contact", None, "null_key"),
    ("crm__contact", "con_98", "unknown_code:buying_role"),  # 'Gatekeeper'
    ("crm__lead", "led_05", "invalid_date:converted_date"),  # '2025-02-30'
    ("crm__lead", "led_06", "unknown_code:is_converted"),  # 'perhaps'
    ("crm__opportunity", "opp_06", "duplicate_key"),
    ("crm__opportunity", "opp_91", "negative_amount:amount"),
    ("crm__opportunity", "opp_92", "unknown_stage_name"),  # 'Verbal Commit'
    ("crm__opportunity", "opp_93", "unknown_currency"),  # 'XYZ'
    ("crm__opportunity", "opp_94", "invalid_date:close_date"),  # 'not a date'
    ("crm__opportunity_history", "oh_14", "unknown_stage_name"),  # 'Stalled'
    ("crm__opportunity_history", "oh_15", "negative_amount:amount"),
    ("crm__opportunity_contact_role", "ocr_05", "null_value:contact_id"),
    ("crm__campaign", "cmp_04", "negative_amount:actual_cost"),
    ("crm__campaign", "cmp_05", "invalid_date:end_date"),  # '2025-02-30'
    ("crm__campaign_member", "cm_05", "invalid_date:first_responded_date"),
    ("crm__campaign_member", "cm_06", "null_value:campaign_id"),
    ("crm__task", "tsk_04", "unknown_code:type"),  # 'Fax'
    ("crm__task", "tsk_05", "invalid_date:activity_date"),  # '31/02/2025'
    ("crm__user", "usr_bdr1", "unknown_code:is_active"),
    ("crm__target_account", "acc_01|2025-01-06", "duplicate_key"),  # first copy (abm_pilot)
    ("crm__target_account", "acc_08|2025-01-06", "unknown_code:tier"),  # tier 4
    ("crm__target_account", "acc_09|not a date", "invalid_date:added_date"),
    ("crm__target_account", "acc_10|2025-05-05", "invalid_period"),  # removed 2025-03-01
    ("linkedin_ads__campaign_stats", "612403321|2026-03-02", "duplicate_key"),
    ("linkedin_ads__campaign_stats", "612436554|2026-03-03", "negative_number:clicks"),
    ("linkedin_ads__campaign_stats", "612436554|2026-02-30", "invalid_date:day"),
    ("linkedin_ads__campaign_history", "612499999|yesterday", "invalid_timestamp:last_modified_time"),
    ("linkedin_ads__member_company_stats", "612403321|2026-03-01|acme", "unknown_code:member_company"),
    (
        "linkedin_ads__member_company_stats",
        "612436554|2026-13|urn:li:organization:990000001",
        "invalid_date:month",
    ),
    ("google_ads__campaign_stats", "cust_01|2026-03-03|1700063935|DESKTOP|SEARCH", "negative_amount:cost_micros"),
    ("google_ads__campaign_stats", "cust_01|2026-03-03|1700063935|MOBILE|SEARCH", "invalid_number:cost_micros"),
    ("google_ads__campaign_stats", "|2026-03-03|1700063935|TABLET|SEARCH", "null_key"),
    ("google_ads__campaign_history", "1700999001|2026-01-10 00:00:00", "duplicate_key"),
    ("google_ads__account_history", "cust_03|2025-01-01 00:00:00", "unknown_currency"),
    ("intent__signal", "bombora|2026-03-02|juniperdata.com|Account Based Marketing|surge", "duplicate_key"),
    ("intent__signal", "bombora|2026-03-02|initech.com|Account Based Marketing|surge", "unknown_code:score"),
    ("intent__signal", "bombora|2026-03-02|localhost|Account Based Marketing|surge", "unknown_code:domain"),
    ("intent__signal", "bombora|2026-02-30|acmestores.com|Account Based Marketing|surge", "invalid_date:signal_date"),
    ("web__event", "web_08", "invalid_timestamp:event_at"),  # 25 o'clock
    ("web__event", "web_09", "unknown_code:resolution_source"),  # 'guess'
    ("web__event", "web_10", "unknown_code:is_bot"),  # 'maybe'
    ("marketing__email_event", "em_07", "unknown_code:type"),  # 'forwarded'
    ("marketing__email_event", "em_08", "invalid_email"),  # 'not-an-email'
    ("marketing__email_event", "em_09", "invalid_timestamp:created_at"),  # month 13
    ("marketing__form_submission", "fs_04", "invalid_email"),  # 'greta at onyxdata.com'
    ("marketing__form_submission", "fs_05", "unknown_code:form_type"),  # 'newsletter'
    ("ai_search__answer_check", "2026-03-09|chatgpt|abm kpi software", "unknown_code:is_brand_cited"),
    ("ai_search__answer_check", "2026-03-09||abm kpi software", "null_key"),
    ("billing__subscription", "sub_04", "negative_amount:mrr"),
    ("billing__subscription", "sub_05", "unknown_currency"),
    ("billing__subscription", "sub_06", "invalid_period"),  # ends 2025-05-01, starts 2025-06-01
}


def _one(warehouse: Warehouse, sql: str, parameters: list | None = None) -> tuple:
    rows = warehouse.query(sql, parameters)
    assert len(rows) == 1, f"expected one row, got {rows} for {sql} {parameters}"
    return rows[0]


# --- reconciliation and rejects -----------------------------------------------------------


def test_every_extract_reconciles_to_the_hand_count(fixture_warehouse: Warehouse) -> None:
    rows = fixture_warehouse.query(
        "select extract_name, rows_read, rows_kept, rows_rejected, rows_deleted "
        "from audit.audit_extract_reconciliation"
    )
    actual = {name: tuple(counts) for name, *counts in rows}
    assert actual == EXPECTED_RECONCILIATION


def test_fixture_totals(fixture_warehouse: Warehouse) -> None:
    # Σ read over the 24 extracts = 186 (the loader's total); Σ rejected = 57; Σ deleted = 13
    # (accounts, contacts, leads, opportunities, history, contact roles, campaigns, members,
    # tasks, events, target list, web, email: one each); kept = 186 - 57 - 13 = 116.
    # Engagement additions: + 21 rows, all kept (web_13..web_24: 12, em_11..em_15: 5,
    # con_09..con_12: 4) → read 186 + 21 = 207, kept 116 + 21 = 137.
    # Revenue additions: + 23 rows, all kept (opp_08..opp_12: 5, oh_17..oh_27: 11, tsk_07,
    # tsk_08: 2, sub_07, sub_08: 2, three AI answer checks: 3) → read 230, kept 160.
    read, kept, rejected, deleted = _one(
        fixture_warehouse,
        "select sum(rows_read), sum(rows_kept), sum(rows_rejected), sum(rows_deleted) "
        "from audit.audit_extract_reconciliation",
    )
    assert (read, kept, rejected, deleted) == (230, 160, 57, 13)


def test_every_reject_has_the_expected_key_and_reason(fixture_warehouse: Warehouse) -> None:
    rows = fixture_warehouse.query(
        "select extract_name, source_key, reject_reason from audit.audit_extract_rejects"
    )
    assert len(rows) == len(EXPECTED_REJECTS) == 57  # no row rejected twice
    assert set(rows) == EXPECTED_REJECTS


def test_reject_rule_is_the_reason_without_its_column(fixture_warehouse: Warehouse) -> None:
    rows = fixture_warehouse.query(
        "select reject_reason, reject_rule from audit.audit_extract_rejects "
        "where extract_name = 'crm__account' order by source_row_number"
    )
    # raw rows 11 (acc_10 old), 14 (no id), 15 (acc_98), 16 (acc_99)
    assert rows == [
        ("duplicate_key", "duplicate_key"),
        ("null_key", "null_key"),
        ("invalid_timestamp:created_date", "invalid_timestamp"),
        ("negative_amount:annual_revenue", "negative_amount"),
    ]


def test_duplicate_reject_points_at_the_older_raw_row(fixture_warehouse: Warehouse) -> None:
    # acc_10 is read twice: row 10 (modified 2026-01-10) then row 11 (modified 2025-06-01).
    # The newer one wins although it was read first, so the reject is raw row 11.
    assert _one(
        fixture_warehouse,
        "select source_row_number from audit.audit_extract_rejects "
        "where extract_name = 'crm__account' and source_key = 'acc_10'",
    ) == (11,)


def test_deleted_rows_are_neither_kept_nor_rejected(fixture_warehouse: Warehouse) -> None:
    # acc_11 ('true'), con_07 ('1'), led_04 ('t'), opp_07 ('t'), web_11 (_fivetran 't'), em_10
    for table, column, key in [
        ("stg_crm__accounts", "account_id", "acc_11"),
        ("stg_crm__contacts", "contact_id", "con_07"),
        ("stg_crm__leads", "lead_id", "led_04"),
        ("stg_crm__opportunities", "opportunity_id", "opp_07"),
        ("stg_web__events", "web_event_id", "web_11"),
        ("stg_marketing__email_events", "email_event_id", "em_10"),
    ]:
        assert fixture_warehouse.query(f"select 1 from staging.{table} where {column} = ?", [key]) == []
        assert fixture_warehouse.query(
            "select 1 from audit.audit_extract_rejects where source_key = ?", [key]
        ) == []


# --- duplicates: the newer row wins -------------------------------------------------------


def test_duplicate_account_keeps_the_newer_row(fixture_warehouse: Warehouse) -> None:
    # newer row: 'Tyrell Corporation', 3000 employees; older: 'Tyrell Corp (old)', 2500
    assert _one(
        fixture_warehouse,
        "select account_name, number_of_employees, last_modified_at "
        "from staging.stg_crm__accounts where account_id = 'acc_10'",
    ) == ("Tyrell Corporation", 3000, dt.datetime(2026, 1, 10, 8, 0))


def test_duplicate_contact_keeps_the_newer_row(fixture_warehouse: Warehouse) -> None:
    # newer (2025-12-01, read first): CTO / Decision Maker; older: VP Engineering / Influencer
    assert _one(
        fixture_warehouse,
        "select title, buying_role, mql_date from staging.stg_crm__contacts where contact_id = 'con_05'",
    ) == ("CTO", "Decision Maker", dt.date(2026, 3, 10))


def test_duplicate_opportunity_keeps_the_newer_row(fixture_warehouse: Warehouse) -> None:
    # newer (2026-02-01): Proposal, 40000; older (2025-12-01, read last): Discovery, 35000
    assert _one(
        fixture_warehouse,
        "select stage_name, amount_local, probability from staging.stg_crm__opportunities "
        "where opportunity_id = 'opp_06'",
    ) == ("Proposal", Decimal("40000"), Decimal("50"))


def test_duplicates_without_modification_time_keep_the_greatest_content_hash(fixture_warehouse: Warehouse) -> None:
    # Same key, no later modification time: the row whose content hash (md5 of its declared
    # columns as text) is the greater wins, never the file order (see the fixture README).
    # target list acc_01|2025-01-06: 'abm_pilot' (row 1) and 'abm_one_to_one' (row 11)
    assert fixture_warehouse.query(
        "select program, segment from staging.stg_crm__target_accounts where account_id = 'acc_01'"
    ) == [("abm_one_to_one", "tier_1")]
    # LinkedIn 612403321 on 2026-03-02: 900 impressions (row 1) and 1000 (row 2)
    assert _one(
        fixture_warehouse,
        "select impressions, clicks, cost_local, currency_code from staging.stg_linkedin_ads__campaign_stats "
        "where campaign_id = '612403321' and stat_date = date '2026-03-02'",
    ) == (1000, 12, Decimal("500"), "USD")
    # Google 1700999001 at 2026-01-10: the '(draft)' name and the kept one
    assert _one(
        fixture_warehouse,
        "select campaign_name from staging.stg_google_ads__campaign_history where campaign_id = '1700999001'",
    ) == ("ABM - Competitor Terms EU",)
    # intent bombora / 2026-03-02 / juniperdata.com: score 71 ('juniperdata.com.') and 78
    # ('JUNIPERDATA.COM.'): both normalize to the same domain, so they are one key
    assert _one(
        fixture_warehouse,
        "select score from staging.stg_intent__signals where vendor = 'bombora' "
        "and company_domain = 'juniperdata.com'",
    ) == (78,)


# --- normalized values --------------------------------------------------------------------


def test_websites_normalize_to_domains(fixture_warehouse: Warehouse) -> None:
    rows = dict(
        fixture_warehouse.query("select account_id, website_domain from staging.stg_crm__accounts")
    )
    assert rows == {
        "acc_01": "acmestores.com",  # HTTPS://WWW.AcmeStores.COM:443/about?x=1
        "acc_02": "onyxdata.com",
        "acc_03": "initech.com",  # www.initech.com.  (trailing dot)
        "acc_04": "umbrella.co.uk",  # http://umbrella.co.uk/
        "acc_05": "juniperdata.com",  # juniperdata.com:8080
        "acc_06": "stark-industries.com",  # Stark-Industries.com/contact
        "acc_07": "wayne.com",
        "acc_08": "wayne.com",  # WWW.WAYNE.COM: shares its domain with acc_07
        "acc_09": "helixmanufacturing.com",
        "acc_10": "tyrell.com",
        "acc_12": "vandelay.com",
    }
    # the raw website is kept as typed; the country code is upper-cased ('us')
    assert _one(
        fixture_warehouse,
        "select website, billing_country, created_at from staging.stg_crm__accounts where account_id = 'acc_01'",
    ) == ("HTTPS://WWW.AcmeStores.COM:443/about?x=1", "US", dt.datetime(2025, 1, 2, 9, 0))
    # '2025-01-03T10:00:00Z' parses as UTC
    assert _one(
        fixture_warehouse, "select created_at from staging.stg_crm__accounts where account_id = 'acc_02'"
    ) == (dt.datetime(2025, 1, 3, 10, 0),)


def test_contact_emails(fixture_warehouse: Warehouse) -> None:
    rows = {
        row[0]: row[1:]
        for row in fixture_warehouse.query(
            "select contact_id, email, email_domain, is_email_valid, buying_role from staging.stg_crm__contacts"
        )
    }
    # ' Jane.Doe@AcmeStores.com ' → trimmed, lower-cased
    assert rows["con_01"] == ("jane.doe@acmestores.com", "acmestores.com", True, "Decision Maker")
    # 'economic buyer' → the picklist spelling
    assert rows["con_02"] == ("john.smith@acmestores.com", "acmestores.com", True, "Economic Buyer")
    # 'greta at onyxdata.com' has no '@': the contact is kept, the email is null and invalid
    assert rows["con_03"] == (None, None, False, "Champion")
    # no email at all: validity unknown (null), not false
    assert rows["con_08"] == (None, None, None, "Other")


def test_leads(fixture_warehouse: Warehouse) -> None:
    rows = {
        row[0]: row[1:]
        for row in fixture_warehouse.query(
            "select lead_id, email_domain, website_domain, is_converted, converted_date, "
            "converted_account_id from staging.stg_crm__leads"
        )
    }
    assert rows == {
        # is_converted 'true'
        "led_01": ("umbrella.co.uk", "umbrella.co.uk", True, dt.date(2025, 5, 20), "acc_04"),
        # 'f'; website 'https://www.helixmanufacturing.com/'
        "led_02": ("helixmanufacturing.com", "helixmanufacturing.com", False, None, None),
        # '0'; a personal address (gmail.com) and no website
        "led_03": ("gmail.com", None, False, None, None),
    }


def test_opportunities_booleans_currencies_and_stages(fixture_warehouse: Warehouse) -> None:
    rows = {
        row[0]: row[1:]
        for row in fixture_warehouse.query(
            "select opportunity_id, stage_name, amount_local, currency_code, is_closed, is_won, "
            "opportunity_type from staging.stg_crm__opportunities"
        )
    }
    assert rows == {
        # is_closed/is_won spelled: true/true, f/f, 1/1, t/f, false/false, false/false
        "opp_01": ("Closed Won", Decimal("120000"), "USD", True, True, "New Business"),
        "opp_02": ("Negotiation", Decimal("80000"), "EUR", False, False, "New Business"),
        "opp_03": ("Closed Won", Decimal("30000"), "USD", True, True, "Expansion"),  # 'usd'
        "opp_04": ("Closed Lost", Decimal("50000"), "GBP", True, False, "New Business"),
        "opp_05": ("Prospecting", Decimal("45000"), "USD", False, False, "New Business"),
        "opp_06": ("Proposal", Decimal("40000"), "USD", False, False, "New Business"),
        # revenue additions (README): closed in 2026-01 / 2025-08, in USD, GBP and EUR
        "opp_08": ("Closed Won", Decimal("20000"), "GBP", True, True, "New Business"),
        "opp_09": ("Closed Lost", Decimal("10000"), "USD", True, False, "New Business"),
        "opp_10": ("Closed Won", Decimal("15000"), "EUR", True, True, "New Business"),
        "opp_11": ("Closed Lost", Decimal("25000"), "USD", True, False, "New Business"),
        "opp_12": ("Closed Lost", Decimal("18000"), "USD", True, False, "New Business"),
    }


def test_opportunity_history_stage_takes_the_seed_spelling(fixture_warehouse: Warehouse) -> None:
    # oh_03 says 'proposal'
    assert _one(
        fixture_warehouse,
        "select stage_name, changed_at from staging.stg_crm__opportunity_history "
        "where opportunity_history_id = 'oh_03'",
    ) == ("Proposal", dt.datetime(2025, 4, 21, 10, 0))
    # opp_01 went through 5 stages
    assert _one(
        fixture_warehouse,
        "select count(*) from staging.stg_crm__opportunity_history where opportunity_id = 'opp_01'",
    ) == (5,)


def test_booleans_in_every_spelling(fixture_warehouse: Warehouse) -> None:
    # users: 'true', '1', 't', '0'
    assert dict(fixture_warehouse.query("select user_id, is_active from staging.stg_crm__users")) == {
        "usr_ae1": True, "usr_ae2": True, "usr_sdr1": True, "usr_mkt1": False,
    }
    # contact roles: 'true', '0', 't', '1'
    assert dict(
        fixture_warehouse.query(
            "select opportunity_contact_role_id, is_primary from staging.stg_crm__opportunity_contact_roles"
        )
    ) == {"ocr_01": True, "ocr_02": False, "ocr_03": True, "ocr_04": True}
    # campaigns: 'true', '1', 'f'
    assert dict(fixture_warehouse.query("select campaign_id, is_abm from staging.stg_crm__campaigns")) == {
        "cmp_01": True, "cmp_02": True, "cmp_03": False,
    }
    # campaign members: 'true', 'false', '1', and empty with a response date → true
    assert dict(
        fixture_warehouse.query("select campaign_member_id, has_responded from staging.stg_crm__campaign_members")
    ) == {"cm_01": True, "cm_02": False, "cm_03": True, "cm_04": True}
    # web: is_isp / is_bot as false/false, f/f, 0/0, false/true, true/false
    assert {
        key: (isp, bot)
        for key, isp, bot in fixture_warehouse.query(
            "select web_event_id, is_isp, is_bot from staging.stg_web__events "
            "where web_event_id in ('web_01', 'web_02', 'web_03', 'web_04', 'web_05')"
        )
    } == {
        "web_01": (False, False),
        "web_02": (False, False),
        "web_03": (False, False),
        "web_04": (False, True),
        "web_05": (True, False),
    }
    # email: machine open 'true' (em_04), 'false' (em_03), 'f' (em_05), '0' (em_06), empty (em_01)
    assert dict(
        fixture_warehouse.query(
            "select email_event_id, is_machine_open from staging.stg_marketing__email_events "
            "where email_event_id in ('em_01', 'em_03', 'em_04', 'em_05', 'em_06')"
        )
    ) == {"em_01": None, "em_03": False, "em_04": True, "em_05": False, "em_06": False}
    # AI answers: 'true'/'false', 'f'/'t', '1'/'0'; engine lower-cased ('ChatGPT')
    assert set(
        fixture_warehouse.query(
            "select engine, is_brand_cited, is_competitor_cited from staging.stg_ai_search__answer_checks"
        )
    ) == {
        ("chatgpt", True, False), ("perplexity", False, True), ("gemini", True, False),
        ("chatgpt", True, True), ("chatgpt", False, True),  # revenue additions (2026-03-16)
    }


def test_target_list_keeps_a_removed_and_re_added_account(fixture_warehouse: Warehouse) -> None:
    assert fixture_warehouse.query(
        "select tier, segment, added_date, removed_date from staging.stg_crm__target_accounts "
        "where account_id = 'acc_03' order by added_date"
    ) == [
        (2, "tier_2", dt.date(2025, 1, 6), dt.date(2025, 6, 30)),
        (2, "tier_2", dt.date(2025, 10, 6), None),
    ]


def test_web_events_resolution(fixture_warehouse: Warehouse) -> None:
    rows = {
        row[0]: row[1:]
        for row in fixture_warehouse.query(
            "select web_event_id, company_domain, resolution_source, contact_email from staging.stg_web__events"
        )
    }
    # 'www.AcmeStores.com' and 'Jane.Doe@acmestores.com' normalized
    assert rows["web_02"] == ("acmestores.com", "cookie", "jane.doe@acmestores.com")
    # 'HTTPS://WWW.HelixManufacturing.com/'
    assert rows["web_06"] == ("helixmanufacturing.com", "registry", None)
    # enrichment that does not parse ('unknown', 'not-an-email') is null, the view is kept
    assert rows["web_12"] == (None, "ip", None)


def test_email_and_form_normalization(fixture_warehouse: Warehouse) -> None:
    # em_03: type 'OPEN', recipient 'Jane.Doe@ACMESTORES.com'
    assert _one(
        fixture_warehouse,
        "select event_type, recipient_email, recipient_domain from staging.stg_marketing__email_events "
        "where email_event_id = 'em_03'",
    ) == ("open", "jane.doe@acmestores.com", "acmestores.com")
    # fs_02: 'LI@HelixManufacturing.com'; fs_03: form type 'Webinar_Registration'
    assert dict(
        fixture_warehouse.query(
            "select form_submission_id, email from staging.stg_marketing__form_submissions"
        )
    ) == {
        "fs_01": "pat.lee@umbrella.co.uk",
        "fs_02": "li@helixmanufacturing.com",
        "fs_03": "max.power@gmail.com",
    }
    assert _one(
        fixture_warehouse,
        "select form_type from staging.stg_marketing__form_submissions where form_submission_id = 'fs_03'",
    ) == ("webinar_registration",)


def test_intent_signals(fixture_warehouse: Warehouse) -> None:
    assert set(
        fixture_warehouse.query(
            "select vendor, signal_date, company_domain, score from staging.stg_intent__signals"
        )
    ) == {
        ("bombora", dt.date(2026, 3, 2), "juniperdata.com", 78),  # above 60
        ("bombora", dt.date(2026, 3, 2), "onyxdata.com", 65),  # 'https://www.onyxdata.com/'
        ("bombora", dt.date(2026, 3, 2), "stark-industries.com", 45),  # below 60
        ("g2", dt.date(2026, 3, 9), "acmestores.com", 60),  # vendor 'G2'; exactly 60
        ("g2", dt.date(2026, 3, 30), "juniperdata.com", 82),
    }


def test_ad_platforms(fixture_warehouse: Warehouse) -> None:
    # LinkedIn: no USD figure → the local figure in the default currency (USD)
    assert _one(
        fixture_warehouse,
        "select cost_local, cost_usd, currency_code from staging.stg_linkedin_ads__campaign_stats "
        "where campaign_id = '612436554'",
    ) == (Decimal("200"), None, "USD")
    # versions: 612403321 has two, the 2026-01-05 one ('active' → 'ACTIVE') is current
    assert fixture_warehouse.query(
        "select campaign_name, campaign_status, is_current_version from staging.stg_linkedin_ads__campaign_history "
        "where campaign_id = '612403321' order by last_modified_at"
    ) == [("ABM Tier 1 - Awareness", "ACTIVE", False), ("ABM Tier 1 - Awareness v2", "ACTIVE", True)]
    # member companies: URN lower-cased; suppressed clicks stay null; month '2026-02' → 2026-02-01
    assert set(
        fixture_warehouse.query(
            "select month_start_date, organization_urn, impressions, clicks "
            "from staging.stg_linkedin_ads__member_company_stats"
        )
    ) == {
        (dt.date(2026, 2, 1), "urn:li:organization:990000001", 300, 5),
        (dt.date(2026, 2, 1), "urn:li:organization:990000002", 120, None),
        (dt.date(2026, 3, 1), "urn:li:organization:990000003", 250, 4),
        (dt.date(2026, 3, 1), "urn:li:organization:990000004", 40, None),
        (dt.date(2026, 3, 1), "urn:li:organization:99999999", 10, None),
    }
    # Google: micros ÷ 1,000,000; 'search'/'mobile' upper-cased
    assert set(
        fixture_warehouse.query(
            "select customer_id, ad_network_type, device, cost_local from staging.stg_google_ads__campaign_stats"
        )
    ) == {
        ("cust_01", "SEARCH", "DESKTOP", Decimal("125.5")),
        ("cust_01", "SEARCH", "MOBILE", Decimal("60")),
        ("cust_02", "CONTENT", "DESKTOP", Decimal("30")),
    }
    assert dict(
        fixture_warehouse.query("select customer_id, currency_code from staging.stg_google_ads__account_history")
    ) == {"cust_01": "USD", "cust_02": "EUR"}  # 'eur'
    assert _one(
        fixture_warehouse,
        "select campaign_status from staging.stg_google_ads__campaign_history "
        "where campaign_id = '1700063935' and is_current_version",
    ) == ("PAUSED",)  # 'paused', updated 2026-03-20


def test_subscriptions(fixture_warehouse: Warehouse) -> None:
    assert set(
        fixture_warehouse.query(
            "select subscription_id, account_id, start_date, end_date, mrr_local, currency_code "
            "from staging.stg_billing__subscriptions"
        )
    ) == {
        ("sub_01", "acc_01", dt.date(2025, 7, 1), None, Decimal("10000"), "USD"),
        ("sub_02", "acc_01", dt.date(2026, 2, 1), None, Decimal("2500"), "USD"),  # 'usd': expansion
        ("sub_03", "acc_06", dt.date(2025, 2, 1), dt.date(2025, 12, 31), Decimal("4000"), "EUR"),  # churn
        # revenue additions: a support add-on that ends (contraction), acc_06 comes back (reactivation)
        ("sub_07", "acc_01", dt.date(2025, 10, 1), dt.date(2026, 1, 15), Decimal("1000"), "USD"),
        ("sub_08", "acc_06", dt.date(2026, 3, 1), None, Decimal("3000"), "EUR"),
    }


def test_latest_event_date_is_2026_03_31(fixture_warehouse: Warehouse) -> None:
    # web_07 (2026-03-31 23:59) and tsk_03 (activity 2026-03-31); web_08 says 2026-03-31
    # 25:00 and is rejected. Nothing kept is later (open close dates are plans, not events).
    assert _one(fixture_warehouse, "select latest_event_date, as_of_date from intermediate.int_as_of_date") == (
        dt.date(2026, 3, 31),
        dt.date(2026, 3, 31),
    )


# --- contract errors ----------------------------------------------------------------------


@pytest.fixture()
def raw_fixture_database(tmp_path: Path, fixture_extracts: Path) -> Path:
    """A DuckDB file holding only the fixture's raw tables, loaded by the project's loader."""
    database = tmp_path / WAREHOUSE_FILE_NAME
    load_folder(fixture_extracts, target="duckdb", database=database, echo=lambda _line: None)
    return database


def _dbt(database: Path, tmp_path: Path, args: list[str]) -> None:
    environment = dbt_environment(
        duckdb_path=database,
        target_path=tmp_path / "target",
        log_path=tmp_path / "logs",
    )
    run_dbt([*args, *vars_args(user_vars("raw"))], environment)


def test_missing_required_column_names_the_extract_and_column(
    raw_fixture_database: Path, tmp_path: Path
) -> None:
    # The loader refuses a file without a required column, so the raw table is changed
    # directly: crm__opportunity without stage_name, as another loader might land it.
    with duckdb.connect(str(raw_fixture_database)) as connection:
        connection.execute(
            "create or replace table raw.crm__opportunity as "
            "select * exclude (stage_name) from raw.crm__opportunity"
        )
    with pytest.raises(DbtError) as failure:
        _dbt(raw_fixture_database, tmp_path, ["run", "-s", "base_crm__opportunities"])
    output = "\n".join(failure.value.tail)
    assert "Extract crm__opportunity is missing required column 'stage_name'" in output


def test_absent_optional_column_does_not_break_the_build(
    raw_fixture_database: Path, tmp_path: Path
) -> None:
    # The contract: optional columns are null when absent. crm__user without _fivetran_deleted
    # (not even in the contract's column list) must build. Builds of a user's extracts run the
    # data tests but not the dbt unit tests (`abm build --extracts` excludes them): dbt gives a
    # unit test's mocked source the raw table's columns, so they run on the demo extracts,
    # which carry every declared column (python_tests/test_demo_build.py).
    with duckdb.connect(str(raw_fixture_database)) as connection:
        connection.execute(
            "create or replace table raw.crm__user as select * exclude (_fivetran_deleted) from raw.crm__user"
        )
    _dbt(
        raw_fixture_database,
        tmp_path,
        ["build", "-s", "base_crm__users", "stg_crm__users", "--exclude-resource-type", "seed",
         "--exclude-resource-type", "unit_test", "--indirect-selection", "cautious"],
    )
    with duckdb.connect(str(raw_fixture_database), read_only=True) as connection:
        kept = connection.execute("select count(*) from staging.stg_crm__users").fetchone()[0]
    assert kept > 0
