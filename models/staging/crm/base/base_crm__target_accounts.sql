{%- set segment -%}
    {{ dbt.concat(["'tier_'", 'cast(tier as ' ~ dbt.type_string() ~ ')']) }}
{%- endset -%}

{{ base_extract('crm', 'target_account', overrides={'segment': segment}, rejects=[
    {'after': 'removed_date', 'when': 'removed_date < added_date', 'reason': 'invalid_period'},
]) }}
