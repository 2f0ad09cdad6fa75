"""Evaluation methods. Importing this package registers the built-in methods."""

from planwatch.evaluation import china  # noqa: F401  isort: skip
from planwatch.evaluation import statcan  # noqa: F401  isort: skip
from planwatch.evaluation import eurostat, escap, unsd, sdsn, dns  # noqa: F401  isort: skip
