"""Data commands: ``init``, ``load``, ``findings`` and the ``db`` maintenance group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import echo, echo_json, json_option


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """建立（或升级）数据库并载入内置数据：国家“十四五”规划《纲要》和金华数据。

    示例：

    \b
    planwatch init
    """
    for report in api.data.load_embedded_all(ctx.store):
        _print_load(report.as_dict(), ctx.store.url)


@cli.command()
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_ctx
def load(ctx: Context, folder: Path | None) -> None:
    """载入数据目录（YAML/CSV，格式同内置数据）；不给目录则载入内置数据。

    示例：

    \b
    planwatch load 我的数据/
    """
    report = api.data.load_folder(ctx.store, folder) if folder else api.data.load_embedded(ctx.store)
    _print_load(report.as_dict(), ctx.store.url)


def _print_load(summary: dict[str, Any], url: str) -> None:
    ins = sum(summary["inserted"].values())
    upd = sum(summary["updated"].values())
    same = sum(summary["unchanged"].values())
    echo(
        f"已载入数据集“{summary['dataset']}”到 {url}：新增{ins}条，更新{upd}条，未变{same}条；"
        f"数据问题{summary['findings']}条（planwatch findings 查看）。"
    )


@cli.command()
@json_option
@pass_ctx
def findings(ctx: Context, as_json: bool) -> None:
    """列出载入数据时发现的问题（表内矛盾、分解不平衡等）。

    示例：

    \b
    planwatch findings
    """
    items = ctx.store.findings()
    if as_json:
        echo_json([f.as_dict() for f in items])
        return
    for f in items:
        echo(str(f))
    if not items:
        echo("没有发现数据问题。")


@cli.group()
def db() -> None:
    """数据库维护。"""


@db.command("upgrade")
@pass_ctx
def db_upgrade(ctx: Context) -> None:
    """升级数据库结构到最新版本。"""
    rev = ctx.store.upgrade()
    echo(f"数据库 {ctx.store.url} 已是最新结构（版本 {rev}）。")


@db.command("dump")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def db_dump(ctx: Context, file: Path) -> None:
    """把整个数据库备份为一个文件（.jsonl 或 .jsonl.gz，末尾附行数与校验和清单），可在新服务器上恢复。

    示例：

    \b
    planwatch db dump 备份.jsonl.gz
    """
    store = api.data.open_existing(ctx.db)
    try:
        counts = store.dump(file)
    finally:
        store.dispose()
    echo(f"已备份 {sum(counts.values())} 行（{len(counts)} 张表）到 {file}。")


@db.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
def db_restore(ctx: Context, file: Path) -> None:
    """把备份文件恢复到一个空数据库（一个事务：要么全部恢复，要么不写入）。

    示例：

    \b
    planwatch --db sqlite:///新库.db db restore 备份.jsonl.gz
    """
    counts = ctx.store.restore(file)
    echo(f"已恢复 {sum(counts.values())} 行（{len(counts)} 张表）到 {ctx.store.url}。")
