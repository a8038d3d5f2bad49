"""A minimal dbt project that exercises the build tooling without the real models.

It reuses the real profiles.yml, the schema-naming macro and the CRM sources YAML (so the
loader reads the real contract), with one seed per seed folder and one staging view: enough to
check load -> seed -> build -> publish end to end, whatever state the real models are in.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from abm_warehouse.paths import project_dir


def write_mini_project(root: Path) -> Path:
    """Write the mini project into `root` and return it."""
    real = project_dir()
    for folder in ("models/staging/crm", "models/audit", "seeds/config", "seeds/demo", "macros"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(real / "profiles.yml", root / "profiles.yml")
    shutil.copy(real / "macros/utils/generate_schema_name.sql", root / "macros/generate_schema_name.sql")
    shutil.copy(real / "models/staging/crm/_crm__sources.yml", root / "models/staging/crm/_crm__sources.yml")
    # dbt_project.yml assigns owner groups by folder; dbt needs the groups defined.
    shutil.copy(real / "models/_groups.yml", root / "models/_groups.yml")
    project = (real / "dbt_project.yml").read_text()
    (root / "dbt_project.yml").write_text(project.split("on-run-start:")[0])
    (root / "models/staging/crm/stg_crm__accounts.sql").write_text(
        "select id as account_id, name as account_name from {{ source('crm', 'account') }}\n"
    )
    (root / "models/staging/crm/_crm__models.yml").write_text(
        "version: 2\nmodels:\n  - name: stg_crm__accounts\n    columns:\n      - name: account_id\n"
        "        data_tests: [unique, not_null]\n"
    )
    (root / "seeds/config/codes.csv").write_text("code,label\nA,Alpha\n")
    (root / "seeds/demo/crm__account.csv").write_text(
        "id,name,created_date\n001,Demo One,2024-01-01\n002,Demo Two,2024-01-01\n"
    )
    return root
