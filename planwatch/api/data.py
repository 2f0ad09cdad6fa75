"""Loading data files (the embedded Jinhua dataset, or a folder in the same format)."""

from __future__ import annotations

from pathlib import Path

from planwatch.errors import LoadError
from planwatch.store import LoadReport, Store


def load_folder(store: Store, folder: Path, *, actor: str = "system") -> LoadReport:
    """Read and validate a dataset folder, then write it in one transaction.

    Raises :class:`LoadError` (naming file, line and field) and writes nothing when any file has
    an error; findings in good data (contradictions in printed tables, decompositions that do
    not add up) are stored with the data and returned in the report."""
    from planwatch.api.task_data import load_task_files
    from planwatch.dataset import read_dataset

    result = read_dataset(folder, known_plans=[p.id for p in store.plans()])
    if result.errors:
        raise LoadError(f"数据目录“{folder}”有{len(result.errors)}处错误，未写入任何数据：", result.errors)
    load_task_files(store, folder, check_only=True)  # task files checked before anything is written
    report = store.load_dataset(result.dataset, findings=result.findings, actor=actor)
    # the plans' task structures (tasks/<plan>.yaml, issue 16), counted with the dataset's records
    for counts in load_task_files(store, folder, actor=actor).values():
        report.inserted["plan_task"] += counts["added"]
        report.updated["plan_task"] += counts["updated"] + counts["removed"]
        report.unchanged["plan_task"] += counts["unchanged"] + counts["kept"]
    return report


def load_embedded(store: Store, *, actor: str = "system") -> LoadReport:
    """Load the datasets shipped in the package (idempotent): the national 14th FYP outline,
    then the Jinhua plans that name it as their parent. Returns the Jinhua report."""
    return load_embedded_all(store, actor=actor)[-1]


def load_embedded_all(store: Store, *, actor: str = "system") -> list[LoadReport]:
    """Load every embedded dataset in order; one report per dataset."""
    from planwatch.dataset import EMBEDDED_ALL

    return [load_folder(store, folder, actor=actor) for folder in EMBEDDED_ALL]


def init_store(url: str | None = None) -> tuple[Store, LoadReport]:
    """Open (and migrate) the store, then load the embedded dataset."""
    store = Store(url)
    return store, load_embedded(store)


def open_existing(url: str | None) -> Store:
    """The database at ``url`` as it is (no migration), for ``db dump``: a SQLite file that does
    not exist, or a database without planwatch's tables, is refused instead of being created
    empty and "backed up" (issue 18, M-6)."""
    from pathlib import Path

    from planwatch.errors import StoreError
    from planwatch.store.core import default_url

    u = url or default_url()
    if u.startswith("sqlite:///") and ":memory:" not in u:
        file = Path(u.removeprefix("sqlite:///").split("?", 1)[0])
        if not file.is_file():
            raise StoreError(f"数据库文件“{file}”不存在，未做备份。请检查 --db 或 PLANWATCH_DB 是否写错。")
    store = Store(u, migrate=False)
    if store.revision() is None:
        store.dispose()
        raise StoreError(f"数据库“{u}”中没有 planwatch 的数据表（未初始化或地址写错），未做备份。")
    return store
