-- Σ answer_checks of kpi_ai_answer_citation_rate = answer checks on or before as_of_date.
with

as_of as (

    select as_of_date from {{ ref('int_as_of_date') }}

),

mart as (

    select coalesce(sum(answer_checks), 0) as answer_checks
    from {{ ref('kpi_ai_answer_citation_rate') }}

),

checks as (

    select count(*) as answer_checks
    from {{ ref('stg_ai_search__answer_checks') }}
    where checked_date <= (select as_of_date from as_of)

)

select *
from mart
cross join checks
where mart.answer_checks <> checks.answer_checks
