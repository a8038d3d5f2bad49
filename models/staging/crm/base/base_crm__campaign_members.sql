{#- when the flag is absent, a first response date means the member responded -#}
{{ base_extract('crm', 'campaign_member', overrides={
    'has_responded': 'coalesce(has_responded, first_responded_date is not null)',
}) }}
