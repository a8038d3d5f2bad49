{{ base_extract('billing', 'subscription', rejects=[
    {'after': 'end_date', 'when': 'end_date < start_date', 'reason': 'invalid_period'},
]) }}
