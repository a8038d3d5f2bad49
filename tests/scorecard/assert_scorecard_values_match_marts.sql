-- Spot reconciliation: the scorecard's win_rate and abm_roi rows carry the marts' values.
with

scorecard as (

    select * from {{ ref('kpi_scorecard') }}

)

select scorecard.kpi_id, scorecard.period_start_date, scorecard.segment
from scorecard
inner join {{ ref('kpi_win_rate') }} as win_rate
    on scorecard.kpi_id = 'win_rate'
    and scorecard.period_start_date = win_rate.month_start_date
    and scorecard.segment = win_rate.segment
where abs(coalesce(scorecard.value, -1) - coalesce(win_rate.win_rate, -1)) > 0.000001
    or scorecard.denominator <> win_rate.closed_opportunities

union all

select scorecard.kpi_id, scorecard.period_start_date, scorecard.segment
from scorecard
inner join {{ ref('kpi_abm_roi') }} as roi
    on scorecard.kpi_id = 'abm_roi'
    and scorecard.period_start_date = roi.month_start_date
where abs(coalesce(scorecard.value, -1) - coalesce(roi.roi_pct, -1)) > 0.000001
