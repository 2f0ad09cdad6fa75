"""The command line: thin commands over ``planwatch.api``.

Each area registers its commands from its own module (``planwatch.cli.<area>``); a command parses
options, calls one api function and prints. Errors become a Chinese message and exit code 1.
"""

from __future__ import annotations

import sys

import click
import sqlalchemy.exc

from planwatch.cli.app import cli
from planwatch.errors import PlanwatchError

# command modules register themselves on import
from planwatch.cli import data  # noqa: F401  isort: skip
from planwatch.cli import evaluate  # noqa: F401  isort: skip
from planwatch.cli import methods  # noqa: F401  isort: skip
from planwatch.cli import rank  # noqa: F401  isort: skip
from planwatch.cli import report  # noqa: F401  isort: skip
from planwatch.cli import plan  # noqa: F401  isort: skip
from planwatch.cli import annual  # noqa: F401  isort: skip
from planwatch.cli import facts  # noqa: F401  isort: skip
from planwatch.cli import web  # noqa: F401  isort: skip
from planwatch.cli import excel  # noqa: F401  isort: skip
from planwatch.cli import tasks  # noqa: F401  isort: skip
from planwatch.cli import duty  # noqa: F401  isort: skip
from planwatch.cli import continuity  # noqa: F401  isort: skip
from planwatch.cli import remind  # noqa: F401  isort: skip
from planwatch.cli.output import clean, echo


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except PlanwatchError as exc:
        echo(f"错误：{exc}", err=True)
        sys.exit(1)
    except sqlalchemy.exc.SQLAlchemyError as exc:
        # no traceback (it would show the statement and, before issue 18, the values written)
        reason = clean(getattr(exc, "orig", None) or type(exc).__name__)
        echo(f"错误：数据库操作失败（{reason}），本次操作未写入任何数据。"
             "请检查数据库地址、文件或服务器是否可写、磁盘空间与权限。", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        echo("已取消。", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


__all__ = ["cli", "main"]
