{#- The match rate of each touch source: what could not be put on an account is counted here,
    never lost. One row per source (web, email, form, campaign, linkedin, intent), over the
    records of int_touch_records_classified (a LinkedIn member-company row counts once per
    activity type it carries: impressions, clicks):
      records                    all records;
      bot_records, isp_records, machine_open_records, below_surge_threshold_records,
      after_as_of_date_records, no_engagement_weight_records
                                 records excluded by each rule (never touches);
      eligible_records           records minus those exclusions;
      matched_records            eligible records resolved to an account;
      person_matched_records     eligible records resolved to a person (CRM contact or lead);
      unmatched_records          eligible records with no account;
      match_rate                 matched_records / eligible_records;
      duplicate_intent_surges    matched intent surges beyond the first of an account, topic and
                                 week (one touch each);
      touches                    matched_records − duplicate_intent_surges = the source's rows
                                 in int_engagement_touches_filtered. -#}
with

touch_records as (

    select * from {{ ref('int_touch_records_classified') }}

),

records_flagged as (

    select
        source,
        coalesce(exclusion_reason, 'none') as exclusion_reason,
        exclusion_reason is null or exclusion_reason = 'duplicate_intent_surge' as is_eligible,
        account_id is not null as is_matched,
        person_id is not null as is_person_matched
    from touch_records

),

final as (

    select
        source,
        cast(count(*) as bigint) as records,
        cast(sum(case when exclusion_reason = 'bot' then 1 else 0 end) as bigint) as bot_records,
        cast(sum(case when exclusion_reason = 'isp' then 1 else 0 end) as bigint) as isp_records,
        cast(sum(case when exclusion_reason = 'machine_open' then 1 else 0 end) as bigint) as machine_open_records,
        cast(sum(case when exclusion_reason = 'below_surge_threshold' then 1 else 0 end) as bigint)
            as below_surge_threshold_records,
        cast(sum(case when exclusion_reason = 'after_as_of_date' then 1 else 0 end) as bigint)
            as after_as_of_date_records,
        cast(sum(case when exclusion_reason = 'no_engagement_weight' then 1 else 0 end) as bigint)
            as no_engagement_weight_records,
        cast(sum(case when is_eligible then 1 else 0 end) as bigint) as eligible_records,
        cast(sum(case when is_eligible and is_matched then 1 else 0 end) as bigint) as matched_records,
        cast(sum(case when is_eligible and is_person_matched then 1 else 0 end) as bigint) as person_matched_records,
        cast(sum(case when is_eligible and not is_matched then 1 else 0 end) as bigint) as unmatched_records,
        cast(sum(case when is_eligible and is_matched then 1 else 0 end) as {{ type_double() }})
        / nullif(sum(case when is_eligible then 1 else 0 end), 0) as match_rate,
        cast(sum(case when exclusion_reason = 'duplicate_intent_surge' then 1 else 0 end) as bigint)
            as duplicate_intent_surges,
        cast(sum(case when exclusion_reason = 'none' and is_matched then 1 else 0 end) as bigint) as touches
    from records_flagged
    group by source

)

select * from final
