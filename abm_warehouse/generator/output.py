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
    with ExtractWriter(extract, out_dir, fmt) as writer:
        writer.write(frame)
    return writer.path


class ExtractWriter:
    """Writes one extract file from one or more frames (chunks), appended in order.

    One frame gives the same bytes as `write_extract`; each further frame is appended (CSV
    rows without a header, Parquet row groups), so an extract never has to be in memory whole.
    """

    def __init__(self, extract: str, out_dir: Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; use one of {FORMATS}")
        self.extract = extract
        self.fmt = fmt
        self.path = Path(out_dir) / f"{extract}.{fmt}"
        self.rows = 0
        self._frames = 0
        self._columns = file_columns(extract)
        self._parquet: pq.ParquetWriter | None = None

    def __enter__(self) -> ExtractWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def write(self, frame: pd.DataFrame) -> None:
        """Append `frame` (the contract columns, text values) to the file."""
        contract_columns = list(EXTRACTS[self.extract].columns)
        if list(frame.columns) != contract_columns:
            raise ValueError(f"{self.extract}: columns {list(frame.columns)} differ from the contract "
                             f"{contract_columns}")
        frame = frame.assign(**{column: "false" for column in LOADER_COLUMNS})
        columns = self._columns
        if self.fmt == "csv":
            with self.path.open("w" if self._frames == 0 else "a", encoding="utf-8", newline="") as handle:
                frame.to_csv(handle, index=False, header=self._frames == 0, lineterminator="\n")
        else:
            # One row group of PARQUET_ROW_GROUP rows at a time: Arrow holds one group's strings,
            # not a copy of the whole extract.
            schema = pa.schema([(c, pa.string()) for c in columns])
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.path, schema, compression="zstd")
            for start in range(0, max(len(frame), 1) if self._frames == 0 else len(frame), PARQUET_ROW_GROUP):
                part = frame.iloc[start:start + PARQUET_ROW_GROUP]
                self._parquet.write_table(
                    pa.table({c: pa.array(part[c].to_numpy(dtype=object, na_value=None), type=pa.string())
                              for c in columns}, schema=schema),
                    row_group_size=PARQUET_ROW_GROUP,
                )
        self._frames += 1
        self.rows += len(frame)

    def close(self) -> None:
        """Finish the file (a Parquet footer); writing nothing still leaves a valid empty file."""
        if self._frames == 0:
            self.write(pd.DataFrame({c: pd.Series([], dtype=object) for c in EXTRACTS[self.extract].columns}))
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None


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
