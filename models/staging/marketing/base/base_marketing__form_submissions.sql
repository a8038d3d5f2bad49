with

source as (

    {{ select_extract('marketing', 'form_submission') }}

),

event_date_horizon as (

    select horizon_date from {{ ref('base_extracts__event_date_horizon') }}

),

parsed as (

    select
        nullif(trim(id), '') as form_submission_id,
        {{ parse_timestamp('submitted_at') }} as submitted_at,
        {{ normalize_email('email') }} as email,
        {{ email_domain('email') }} as email_domain,
        lower(nullif(trim(form_type), '')) as form_type,
        nullif(trim(form_name), '') as form_name,
        nullif(trim(page_url), '') as page_url,
        nullif(trim(asset_name), '') as asset_name,
        {{ parse_boolean('is_deleted') }} as is_deleted,
        {{ parse_boolean('_fivetran_deleted') }} as is_fivetran_deleted,
        (
            coalesce({{ parse_boolean('is_deleted') }}, false)
            or coalesce({{ parse_boolean('_fivetran_deleted') }}, false)
        ) as is_deleted_row,
        nullif(trim(is_deleted), '') as raw_is_deleted,
        nullif(trim(_fivetran_deleted), '') as raw_fivetran_deleted,
        _row_hash,
        _source_row_number
    from source

),

ranked as (

    -- deleted and live rows are ranked apart; the extract has no modification time, so among
    -- duplicates the greatest content hash wins (never file order)
    select
        *,
        row_number() over (
            partition by form_submission_id, is_deleted_row
            order by _row_hash desc
        ) as key_rank
    from parsed

),

flagged as (

    select
        *,
        case
            when is_deleted_row then null
            when form_submission_id is null then 'null_key'
            when key_rank > 1 then 'duplicate_key'
            when submitted_at is null then 'invalid_timestamp:submitted_at'
            when {{ is_after_event_horizon('submitted_at') }} then 'future_date:submitted_at'
            -- the submitter's email is the identity of a form fill: malformed means unknown person
            when email is null then 'invalid_email'
            when form_type is not null
                and form_type not in (
                    'demo_request', 'contact_sales', 'content_download', 'webinar_registration', 'other'
                )
                then 'unknown_code:form_type'
            when raw_is_deleted is not null and is_deleted is null then 'unknown_code:is_deleted'
            when raw_fivetran_deleted is not null and is_fivetran_deleted is null
                then 'unknown_code:_fivetran_deleted'
        end as reject_reason
    from ranked

),

final as (

    select
        'marketing__form_submission' as extract_name,
        form_submission_id as source_key,
        form_submission_id,
        submitted_at,
        email,
        email_domain,
        form_type,
        form_name,
        page_url,
        asset_name,
        is_deleted_row,
        reject_reason,
        _source_row_number
    from flagged

)

select * from final
