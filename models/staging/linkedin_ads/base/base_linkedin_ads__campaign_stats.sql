{#- cost_local is always in currency_code: the USD figure when LinkedIn gives one (the extract
    does not name the local currency), else the local figure in the default currency -#}
{%- set currency_code -%}
    case
        when cost_usd is not null then 'USD'
        when cost_local is not null
            then '{{ var("default_currency", var("reporting_currency")) }}'
    end
{%- endset -%}

{{ base_extract('linkedin_ads', 'campaign_stats', overrides={
    'cost_local': 'coalesce(cost_usd, cost_local)',
    'currency_code': currency_code,
}) }}
