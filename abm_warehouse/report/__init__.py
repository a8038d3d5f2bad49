"""The KPI report: one self-contained HTML file and a short terminal summary of a built warehouse."""
