"""Writing extracts: CSV (header row, UTF-8, `\\n` line ends) or Parquet (all columns text).

Every value is already text when it gets here (None for empty), so the files are byte-for-byte
reproducible: no float formatting or type inference happens on the way out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .contract import EXTRACTS

FORMATS = ("csv", "parquet")
PARQUET_ROW_GROUP = 1024 * 1024
"""Rows per Parquet row group (pyarrow's default), written one group at a time."""
SEED_PROPERTIES_FILE = "_demo__seeds.yml"


def sort_rows(extract: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered by the extract's key (empty keys last), ties kept in generation order."""
    key = list(EXTRACTS[extract].key)
    return frame.sort_values(key, kind="stable", na_position="last").reset_index(drop=True)


# Columns an ELT tool adds to every table it lands. Fivetran's soft-delete flag is written on
# every demo extract (false: the demo's deletions are planted through `is_deleted`), so the
# demo's raw tables carry every column the sources declare and the dbt unit tests, whose
# inputs take the raw table's columns, can exercise it.
LOADER_COLUMNS: tuple[str, ...] = ("_fivetran_deleted",)


def file_columns(extract: str) -> list[str]:
    """The columns of an extract's demo file: the contract's, then the loader's."""
    return list(EXTRACTS[extract].columns) + list(LOADER_COLUMNS)


def write_extract(extract: str, frame: pd.DataFrame, out_dir: Path, fmt: str) -> Path:
    """Write one extract as `<out_dir>/<extract>.<fmt>`: the contract columns, then the loader's."""
    contract_columns = list(EXTRACTS[extract].columns)
    if list(frame.columns) != contract_columns:
        raise ValueError(f"{extract}: columns {list(frame.columns)} differ from the contract {contract_columns}")
    frame = frame.assign(**{column: "false" for column in LOADER_COLUMNS})
    columns = file_columns(extract)
    path = out_dir / f"{extract}.{fmt}"
    if fmt == "csv":
        frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    elif fmt == "parquet":
        # One row group of PARQUET_ROW_GROUP rows at a time: Arrow holds one group's strings,
        # not a copy of the whole extract.
        schema = pa.schema([(c, pa.string()) for c in columns])
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for start in range(0, max(len(frame), 1), PARQUET_ROW_GROUP):
                part = frame.iloc[start:start + PARQUET_ROW_GROUP]
                writer.write_table(
                    pa.table({c: pa.array(part[c].to_numpy(dtype=object, na_value=None), type=pa.string())
                              for c in columns}, schema=schema),
                    row_group_size=PARQUET_ROW_GROUP,
                )
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
    return path


def demo_seed_properties() -> str:
    """`_demo__seeds.yml` for a folder of CSV extracts: every column loads as varchar.

    Raw extracts are text until the staging layer parses them (the same as `abm load` lands
    them); without this, agate would guess types per file and fail on a `.00` amount in an
    integer-looking column or a date column holding `not a date`. The seeds are enabled only
    when the project is built on its own: a project that installs it as a package never loads
    them.
    """
    lines = [
        "# Written by abm_warehouse.generator (output.demo_seed_properties): do not edit by hand.",
        "version: 2",
        "",
        "seeds:",
    ]
    for extract, spec in EXTRACTS.items():
        system, _, obj = extract.partition("__")
        lines += [
            f"  - name: {extract}",
            f"    description: >",
            f"      Demo extract `{extract}` ({system} {obj.replace('_', ' ')}), generated with planted",
            f"      dirt; every column is text, the staging layer parses it. Required columns:",
            f"      {', '.join(spec.required)}.",
            "    config:",
            "      # only when this project is built on its own: never in a project that installs it",
            "      enabled: \"{{ project_name == 'abm_kpi_warehouse' }}\"",
            "      column_types:",
        ]
        # Spark has no length-free varchar; its text type is `string`.
        text_type = "\"{{ 'string' if target.type == 'spark' else 'varchar' }}\""
        lines += [f"        {column}: {text_type}" for column in file_columns(extract)]
    return "\n".join(lines) + "\n"
