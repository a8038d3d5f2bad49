"""The report's charts, drawn with plotly and embedded as HTML fragments (plotly.js is inlined
once by the page template, so each fragment holds only its data and layout).

Each KPI is charted over time from the scorecard: one line per segment (the three target tiers
in blues, non-target accounts dashed grey) or per dimension value, the target as a dashed line
and the benchmark range as a band. The period in progress (not complete) is drawn dotted with
hollow markers. KPIs with a stage, channel or engine dimension and segments are shown per
dimension value over the target tiers combined (sum of numerators / sum of denominators).
KPIs measured once, as of the as-of date, are bars per segment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from abm_warehouse.report.catalog import SEGMENT_LABELS, SEGMENTS, TARGET_SEGMENTS, kpi_label

SEGMENT_COLOURS = {"tier_1": "#0b3c78", "tier_2": "#2f6fb7", "tier_3": "#7fb0e0", "non_target": "#8a8a8a"}
OTHER_COLOURS = ("#0b3c78", "#c0562b", "#2a8a5b", "#8e44ad", "#b8860b", "#17807e", "#5c5c5c", "#d0417e")
TARGET_COLOUR = "#1b7f3b"
BAND_COLOUR = "rgba(27, 127, 59, 0.10)"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


@dataclass
class Chart:
    """One chart of the report: its KPI, title, a note on what it shows and the HTML fragment."""

    chart_id: str
    kpi_id: str
    title: str
    note: str
    html: str
    points: int


def _tick_format(unit: str) -> dict[str, str]:
    if unit == "rate":
        return {"tickformat": ".0%", "hoverformat": ".1%"}
    if unit in ("amount", "amount_per_day"):
        return {"tickformat": "~s", "hoverformat": ",.0f"}
    if unit == "ratio":
        return {"hoverformat": ".2f"}
    return {"hoverformat": ",.1f"}


def _layout(figure: go.Figure, unit: str, currency: str | None) -> None:
    axis_title = {"rate": "", "pct": "%", "amount": currency or "", "amount_per_day": f"{currency or ''} per day",
                  "hours": "hours", "ratio": "×"}.get(unit, "")
    figure.update_layout(
        height=300,
        margin={"l": 55, "r": 10, "t": 10, "b": 40},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.18, "x": 0, "font": {"size": 11}},
        hovermode="x unified",
        font={"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 12},
    )
    figure.update_yaxes(title_text=axis_title, rangemode="tozero", **_tick_format(unit))


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _target_and_band(figure: go.Figure, rows: pd.DataFrame) -> str:
    """Draw the target line and the benchmark band; return the note that describes them."""
    target = _number(rows["target_value"].dropna().iloc[0]) if rows["target_value"].notna().any() else None
    low = _number(rows["benchmark_low"].dropna().iloc[0]) if rows["benchmark_low"].notna().any() else None
    high = _number(rows["benchmark_high"].dropna().iloc[0]) if rows["benchmark_high"].notna().any() else None
    if low is not None and high is not None:
        figure.add_hrect(y0=low, y1=high, fillcolor=BAND_COLOUR, line_width=0, layer="below")
    if target is not None:
        figure.add_hline(y=target, line_dash="dash", line_color=TARGET_COLOUR, line_width=1.5,
                         annotation_text="target", annotation_position="top left",
                         annotation_font_color=TARGET_COLOUR, annotation_font_size=10)
    if target is None:
        return "no target set"
    return "dashed line: target; band: benchmark range" if low is not None else "dashed line: target"


def _series(rows: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(key, legend name, rows by period) of each line the KPI's chart draws."""
    has_segment = rows["segment"].notna().any()
    has_dimension = rows["dimension"].notna().any()
    if has_dimension and has_segment:
        targeted = rows[rows["segment"].isin(TARGET_SEGMENTS)]
        combined = (
            targeted.groupby(["dimension", "period_start_date"], as_index=False)
            .agg(numerator=("numerator", "sum"), denominator=("denominator", "sum"), is_complete=("is_complete", "all"))
        )
        combined["value"] = combined["numerator"] / combined["denominator"].where(combined["denominator"] != 0)
        return [(str(name), str(name), group) for name, group in combined.groupby("dimension", sort=True)]
    if has_dimension:
        return [(str(name), str(name), group) for name, group in rows.groupby("dimension", sort=True)]
    if has_segment:
        return [
            (segment, SEGMENT_LABELS[segment], rows[rows["segment"] == segment])
            for segment in SEGMENTS if (rows["segment"] == segment).any()
        ]
    return [("all", "all accounts", rows)]


def _line_chart(rows: pd.DataFrame, unit: str, currency: str | None) -> tuple[go.Figure, int, str]:
    figure = go.Figure()
    points = 0
    for index, (key, name, series) in enumerate(_series(rows)):
        series = series.sort_values("period_start_date")
        colour = SEGMENT_COLOURS.get(key, OTHER_COLOURS[index % len(OTHER_COLOURS)])
        dash = "dash" if key == "non_target" else "solid"
        complete = series[series["is_complete"].astype(bool)]
        figure.add_trace(go.Scatter(
            x=complete["period_start_date"], y=complete["value"], name=name, mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 2}, marker={"size": 4}, connectgaps=False,
        ))
        points += int(complete["value"].notna().sum())
        in_progress = series[~series["is_complete"].astype(bool)]
        if not in_progress.empty:
            bridge = pd.concat([complete.tail(1), in_progress])
            figure.add_trace(go.Scatter(
                x=bridge["period_start_date"], y=bridge["value"], name=f"{name} (in progress)", mode="lines+markers",
                line={"color": colour, "dash": "dot", "width": 1.5},
                marker={"size": 7, "symbol": "circle-open"}, showlegend=False,
            ))
    _layout(figure, unit, currency)
    kind = "per dimension value, target tiers combined" if rows["dimension"].notna().any() and rows["segment"].notna().any() else ""
    return figure, points, kind


def _bar_chart(rows: pd.DataFrame, unit: str, currency: str | None) -> tuple[go.Figure, int, str]:
    if rows["segment"].notna().any():
        ordered = rows.set_index("segment").reindex([s for s in SEGMENTS if s in set(rows["segment"])]).reset_index()
        labels = [SEGMENT_LABELS[segment] for segment in ordered["segment"]]
        colours = [SEGMENT_COLOURS[segment] for segment in ordered["segment"]]
    else:
        ordered = rows
        labels = ["all accounts"] * len(rows)
        colours = [SEGMENT_COLOURS["tier_1"]] * len(rows)
    figure = go.Figure(go.Bar(x=labels, y=ordered["value"], marker_color=colours, name="value"))
    _layout(figure, unit, currency)
    figure.update_layout(showlegend=False, hovermode="closest")
    return figure, int(ordered["value"].notna().sum()), ""


def kpi_chart(kpi_id: str, rows: pd.DataFrame, currency: str | None) -> Chart:
    """The chart of one KPI from its scorecard rows (every period, segment and dimension)."""
    unit = str(rows["unit"].iloc[0])
    grain = str(rows["grain"].iloc[0])
    if grain == "as_of_date":
        figure, points, kind = _bar_chart(rows, unit, currency)
        when = f"as of {str(rows['period_start_date'].max())[:10]}"
    else:
        figure, points, kind = _line_chart(rows, unit, currency)
        when = f"by {grain}"
    notes = [when, *([kind] if kind else []), _target_and_band(figure, rows)]
    chart_id = f"chart-{kpi_id}"
    html = figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"{chart_id}-plot", config=PLOTLY_CONFIG)
    return Chart(chart_id=chart_id, kpi_id=kpi_id, title=kpi_label(kpi_id), note="; ".join(notes), html=html, points=points)


def threshold_chart(threshold: pd.Series) -> Chart:
    """The engagement score won deals had the week before they were created (deciles), with the
    recommended and the current hot-account thresholds."""
    deciles = [f"score_p{n}0" for n in range(1, 10)]
    labels = [f"{n}0th" for n in range(1, 10)]
    values = [_number(threshold.get(name)) for name in deciles]
    figure = go.Figure(go.Bar(
        x=labels, y=values, marker_color=SEGMENT_COLOURS["tier_2"], name="won deals' score",
        hovertemplate="%{x} percentile: %{y:.1f}<extra></extra>",
    ))
    recommended = _number(threshold.get("recommended_threshold"))
    current = _number(threshold.get("current_threshold"))
    if recommended is not None:
        figure.add_hline(y=recommended, line_dash="dash", line_color=TARGET_COLOUR,
                         annotation_text=f"recommended {recommended:.0f}", annotation_position="top left",
                         annotation_font_color=TARGET_COLOUR)
    if current is not None:
        figure.add_hline(y=current, line_dash="dot", line_color="#b00020",
                         annotation_text=f"current {current:.0f}", annotation_position="top right",
                         annotation_font_color="#b00020")
    figure.update_layout(height=300, margin={"l": 55, "r": 10, "t": 10, "b": 40}, template="plotly_white",
                         showlegend=False, font={"family": "system-ui, sans-serif", "size": 12})
    figure.update_xaxes(title_text="percentile of won deals")
    figure.update_yaxes(title_text="engagement score (0–100)", rangemode="tozero")
    html = figure.to_html(full_html=False, include_plotlyjs=False, div_id="chart-threshold-plot", config=PLOTLY_CONFIG)
    return Chart("chart-threshold", "engagement_threshold", "Engagement score of won deals before creation",
                 "deciles; dashed: recommended threshold; dotted: current threshold",
                 html, sum(value is not None for value in values))


def attribution_chart(attribution: pd.DataFrame, currency: str | None, window: str) -> Chart:
    """Attributed pipeline per channel under each attribution model, side by side."""
    totals = attribution.groupby(["attribution_model", "channel"], as_index=False)["attributed_pipeline_amount"].sum()
    order = ["first_touch", "last_touch", "linear", "position_based"]
    models = [model for model in order if model in set(totals["attribution_model"])]
    models += sorted(set(totals["attribution_model"]) - set(models))
    channels = list(totals.groupby("channel")["attributed_pipeline_amount"].sum().sort_values(ascending=False).index)
    figure = go.Figure()
    for index, model in enumerate(models):
        subset = totals[totals["attribution_model"] == model].set_index("channel").reindex(channels)
        figure.add_trace(go.Bar(
            x=channels, y=subset["attributed_pipeline_amount"], name=model.replace("_", " "),
            marker_color=OTHER_COLOURS[index % len(OTHER_COLOURS)],
        ))
    figure.update_layout(barmode="group", height=320, margin={"l": 55, "r": 10, "t": 10, "b": 40},
                         template="plotly_white", legend={"orientation": "h", "y": -0.2},
                         font={"family": "system-ui, sans-serif", "size": 12})
    figure.update_yaxes(title_text=f"attributed pipeline ({currency})" if currency else "attributed pipeline",
                        tickformat="~s", hoverformat=",.0f")
    html = figure.to_html(full_html=False, include_plotlyjs=False, div_id="chart-attribution-plot", config=PLOTLY_CONFIG)
    return Chart("chart-attribution", "attribution", "Attributed pipeline by channel and model", window, html,
                 int(totals["attributed_pipeline_amount"].notna().sum()))
