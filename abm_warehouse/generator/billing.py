"""Billing extract: subscriptions from the sales simulation (one row per subscription)."""

from __future__ import annotations

import pandas as pd

from .contract import EXTRACTS
from .sales import Sales
from .world import World


def build_subscriptions(world: World, sales: Sales) -> pd.DataFrame:
    """billing__subscription: MRR in the account's currency; end_date empty while active.

    A price change is one subscription ending the day its replacement starts, so MRR
    movements (new, expansion, contraction, churn, reactivation) are visible month by month.
    """
    rows = [{
        "id": s.id,
        "account_id": world.accounts[s.account].id,
        "product": s.product,
        "start_date": s.start.isoformat(),
        "end_date": s.end.isoformat() if s.end else None,
        "mrr": f"{s.mrr:.2f}",
        "currency": s.currency,
    } for s in sales.subscriptions]
    return pd.DataFrame(rows, columns=list(EXTRACTS["billing__subscription"].columns))
