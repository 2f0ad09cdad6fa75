"""The root command group and options shared by every command."""

from __future__ import annotations

import click

from planwatch import api


class Context:
    def __init__(self, db: str | None) -> None:
        self.db = db
        self._store: api.Store | None = None

    @property
    def store(self) -> api.Store:
        if self._store is None:
            self._store = api.Store(self.db)
        return self._store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="PLANWATCH_DB",
    default=None,
    metavar="URL",
    help="数据库地址：sqlite:///路径 或 postgresql://… ；默认为用户数据目录下的 SQLite 文件。",
)
@click.version_option(package_name="planwatch")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """planwatch 规划实施监测评估系统。"""
    ctx.obj = Context(db)


pass_ctx = click.make_pass_decorator(Context)
