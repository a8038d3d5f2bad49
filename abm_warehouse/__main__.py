"""`python -m abm_warehouse` runs the `abm` command line."""

import sys

from abm_warehouse.cli import main

sys.exit(main())
