"""Web commands: ``planwatch serve`` and ``planwatch user add``."""

from __future__ import annotations

import sys

import click

from planwatch import api
from planwatch.cli.app import Context, cli, pass_ctx
from planwatch.cli.output import echo, echo_json, json_option


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
@click.option("--port", default=8000, show_default=True, type=int, help="监听端口。")
@click.option("--public", is_flag=True, default=None, help="开放公众只读视图（也可设 PLANWATCH_PUBLIC=1）。")
@click.option("--workers", default=1, show_default=True, type=int,
              help="工作进程数；大于 1 时必须设置 PLANWATCH_SECRET_KEY。")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="不启动服务，直接请求一个地址并输出结果（例如 --get /plans/jinhua-industry-14.json）。")
@pass_ctx
def serve(ctx: Context, host: str, port: int, public: bool | None, workers: int,
          get_path: str | None) -> None:
    """启动网页服务（中文界面，每个页面另有 .json 版本）。

    示例：

    \b
    planwatch serve --port 8000
    planwatch serve --get /plans/jinhua-industry-14.json
    """
    from planwatch.web import WebSettings, create_app

    settings = WebSettings.from_env(db=ctx.db, public=public)
    if get_path:
        from fastapi.testclient import TestClient

        with TestClient(create_app(settings, store=ctx.store)) as client:
            resp = client.get(get_path)
        echo(resp.text)
        sys.exit(0 if resp.status_code < 400 else 1)
    import os

    import uvicorn

    if workers > 1 and not settings.secret_key:
        raise click.UsageError("多进程（--workers > 1）必须设置环境变量 PLANWATCH_SECRET_KEY。")
    if ctx.db:
        os.environ["PLANWATCH_DB"] = ctx.db
    if public:
        os.environ["PLANWATCH_PUBLIC"] = "1"
    echo(f"planwatch 网页服务：http://{host}:{port}/ （Ctrl+C 停止）")
    if workers > 1:
        uvicorn.run("planwatch.web.asgi:app", host=host, port=port, workers=workers,
                    proxy_headers=True, log_level="warning")
    else:
        uvicorn.run(create_app(settings, store=ctx.store), host=host, port=port,
                    proxy_headers=True, log_level="warning")


@cli.group()
def user() -> None:
    """账号管理。"""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in api.users.Role]),
              help="角色：admin 管理员，reviewer 评估审核，reporter 填报单位，viewer 查看。")
@click.option("--department", default=None, help="填报单位所属部门编号（reporter）。")
@click.option("--region", default=None, help="填报单位所属区县编号（reporter）（数据中的地区编号，通常为六位行政区划代码）。")
@click.option("--name", "display_name", default=None, help="显示名，默认同用户名。")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取密码（一行）。")
@pass_ctx
def user_add(ctx: Context, username: str, role: str, department: str | None, region: str | None,
             display_name: str | None, password_stdin: bool) -> None:
    """新建账号（密码以 argon2 散列保存）。

    示例：

    \b
    planwatch user add zhangsan --role reporter --region 330782 --password-stdin
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("密码", hide_input=True, confirmation_prompt="再次输入密码")
    u = api.users.add_user(ctx.store, username, password, role=role, display_name=display_name,
                           department=department, region=region, actor="cli")
    scope = u.scope_department or u.scope_region
    echo(f"已创建账号“{u.username}”（{api.users.ROLE_LABELS[u.role]}"
               f"{'，范围 ' + scope if scope else ''}）。")


@user.command("list")
@json_option
@pass_ctx
def user_list(ctx: Context, as_json: bool) -> None:
    """列出账号。"""
    items = [u.public_dict() for u in ctx.store.users()]
    if as_json:
        echo_json(items)
        return
    for u in items:
        scope = u["scope_department"] or u["scope_region"] or ""
        state = "" if u["active"] else "（已停用）"
        echo(f"{u['username']}\t{api.users.ROLE_LABELS[u['role']]}\t{scope}{state}")


@user.command("passwd")
@click.argument("username")
@click.option("--own", is_flag=True,
              help="修改自己的密码：先验证原密码（与 --password-stdin 同用时，第一行为原密码，第二行为新密码）。")
@click.option("--password-stdin", is_flag=True, help="从标准输入读取新密码（一行）。")
@pass_ctx
def user_passwd(ctx: Context, username: str, own: bool, password_stdin: bool) -> None:
    """重设账号密码（管理员操作），或用 --own 修改自己的密码；该账号的所有会话立即失效。"""
    old: str | None = None
    if password_stdin:
        if own:
            old = sys.stdin.readline().rstrip("\r\n")
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if own:
            old = click.prompt("原密码", hide_input=True)
        password = click.prompt("新密码", hide_input=True, confirmation_prompt="再次输入新密码")
    api.users.change_password(ctx.store, username, password, actor=username if own else "cli",
                              old_password=old)
    echo(f"已{'修改' if own else '重设'}“{username}”的密码，其所有会话已失效。")


@user.command("disable")
@click.argument("username")
@pass_ctx
def user_disable(ctx: Context, username: str) -> None:
    """停用账号；其所有会话立即失效。"""
    api.users.set_active(ctx.store, username, False, actor="cli")
    echo(f"已停用账号“{username}”，其所有会话已失效。")


@user.command("enable")
@click.argument("username")
@pass_ctx
def user_enable(ctx: Context, username: str) -> None:
    """重新启用已停用的账号（需重新登录）。"""
    api.users.set_active(ctx.store, username, True, actor="cli")
    echo(f"已启用账号“{username}”。")


@user.command("unlock")
@click.argument("username", required=False)
@click.option("--address", help="同时（或只）解除这个来源地址的锁定，如 203.0.113.7。")
@pass_ctx
def user_unlock(ctx: Context, username: str | None, address: str | None) -> None:
    """解除账号（或来源地址）因登录失败过多而被暂时锁定的状态。"""
    api.users.unlock(ctx.store, username, actor="cli", address=address)
    what = "、".join(x for x in (f"账号“{username}”" if username else "", f"地址 {address}" if address else "") if x)
    echo(f"已解除{what}的登录锁定。")
