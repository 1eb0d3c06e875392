"""Demo data: a believable care-home group, built the same way every time.

`load_all()` (called by `manage.py load_demo`) builds the core with `build_core()`, then
gives every project app a turn, in INSTALLED_APPS order.

Extension point for other apps
------------------------------
An app adds its own demo data by shipping a module `<app>/demo.py` with one function::

    def load(core: DemoCore) -> None:
        ...

It is found automatically (no registration): any app that lives in this repository and
has a `demo` module is loaded after the core. The contract:

- Idempotent: key every row on a natural key (`core.upsert(Model, lookup, values)` saves only
  what changed, so a second run writes nothing and history stays truthful).
- Deterministic: draw randomness only from `core.random("<app label>")`, a generator seeded
  for that app alone, so adding data in one app never shifts another app's data.
- Dates relative to `core.today` (the first day of the current month), so the demo stays current.
- People come from the core: `core.people["owner"]` (Sarah Bennett, "SB", the Action owner),
  `core.people["gf"]` (Graham Fletcher, "GF"), `core.people["manager"]`, `core.people["mentor"]`,
  `core.people["ld"]`, `core.people["director"]`; `core.homes`, `core.regions`,
  `core.staff_in(home)`, `core.holders("Home Trainer")`, `core.job_roles`, `core.courses`.
- An app that needs a login of its own calls `core.ensure_login(...)`; it is printed with the others.

Everything runs in one transaction: if any app's loader fails, nothing is left half-built.

Inside this package: `data` (the organisation and catalogue as tables), `base` (`DemoCore` and its
helpers), `core` (`build_core()`, the people and their training).
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction

from workforce import figure_store
from workforce.demo.base import DEMO_PASSWORD, DemoCore, DemoLogin
from workforce.demo.core import build_core
from workforce.demo.data import HOMES_WITHOUT_TRAINER, ORGANISATION, REGIONS, REQUIREMENTS

__all__ = [
    "DEMO_PASSWORD",
    "HOMES_WITHOUT_TRAINER",
    "ORGANISATION",
    "REGIONS",
    "REQUIREMENTS",
    "DemoCore",
    "DemoLogin",
    "app_demo_modules",
    "build_core",
    "load_all",
]


def app_demo_modules():
    """The `demo` modules of this repository's apps (not the core's), in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if config.name == "workforce" or Path(config.path).parent != Path(settings.BASE_DIR):
            continue
        if importlib.util.find_spec(f"{config.name}.demo") is not None:
            modules.append(importlib.import_module(f"{config.name}.demo"))
    return modules


def load_all(today: datetime.date | None = None) -> DemoCore:
    """Build the core, then every app's demo data, all or nothing."""
    with transaction.atomic():
        core = build_core(today)
        for module in app_demo_modules():
            module.load(core)
        # Demo data is written in bulk (no signals) and dated in the past: every figure may change.
        for app_label in ("workforce", "pathways", "traineeships"):
            figure_store.mark_changed(app_label)
    return core
