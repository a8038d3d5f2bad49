"""The demo build: every model, data test and unit test passes on the demo extracts, and the
numbers tell the demo's story (target accounts engage, win and buy more) without any of it
being hard-coded: the assertions compare segments computed by the marts."""

from __future__ import annotations

import pytest

from support.user_project import UserProject
from support.warehouse import Warehouse


@pytest.fixture(scope="module")
def demo_warehouse(user_project: UserProject) -> Warehouse:
    """The demo as a fresh clone's plain `dbt seed` + `dbt build` built it (unit tests included;
    see support/user_project.py); the same models and seeds as `abm demo`."""
    assert user_project.demo_database is not None
    return Warehouse(user_project.demo_database)


@pytest.mark.slow
def test_every_extract_reconciles_on_the_demo(demo_warehouse: Warehouse) -> None:
    rows = demo_warehouse.query(
        "select extract_name, rows_read, rows_kept, rows_rejected, rows_deleted from audit.audit_extract_reconciliation"
    )
    assert len(rows) == 24
    for extract, read, kept, rejected, deleted in rows:
        assert read == kept + rejected + deleted, extract
        assert kept > 0, extract


@pytest.mark.slow
def test_target_accounts_engage_more_than_non_target(demo_warehouse: Warehouse) -> None:
    (target_score, non_target_score), = demo_warehouse.query(
        """
        select
            avg(case when segment <> 'non_target' then engagement_score end),
            avg(case when segment = 'non_target' then engagement_score end)
        from marts.fct_account_engagement_weeks
        """
    )
    assert target_score > 2 * non_target_score


@pytest.mark.slow
def test_abm_wins_more_often_and_bigger_than_non_target(demo_warehouse: Warehouse) -> None:
    # Whole window, recomputed from the numerators and denominators the marts store.
    rows = dict(
        (is_non_target, (won, lost, amount, deals))
        for is_non_target, won, lost, amount, deals in demo_warehouse.query(
            """
            select
                win.segment = 'non_target' as is_non_target,
                sum(win.won_opportunities), sum(win.lost_opportunities),
                sum(size.avg_deal_size_amount * size.won_opportunities), sum(size.won_opportunities)
            from marts.kpi_win_rate as win
            left join marts.kpi_deal_size as size
                on win.month_start_date = size.month_start_date and win.segment = size.segment
            group by 1
            """
        )
    )
    abm_won, abm_lost, abm_amount, abm_deals = rows[False]
    other_won, other_lost, other_amount, other_deals = rows[True]
    assert abm_won / (abm_won + abm_lost) > other_won / (other_won + other_lost)
    assert abm_amount / abm_deals > other_amount / other_deals
