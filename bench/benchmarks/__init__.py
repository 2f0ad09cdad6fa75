"""Benchmark modules: each registers itself with :func:`bench.registry.benchmark` on import.
Add a module here to add a benchmark; :func:`load_all` imports every module of this package."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
