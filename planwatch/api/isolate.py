"""Parsing an uploaded document in a separate worker process with limits (H-1).

A document that comes from outside is read by ``python -m planwatch.api.isolate FILE`` with a
memory limit (``RLIMIT_DATA``) and a CPU-time limit, and the server waits for it without holding
the interpreter lock, so one heavy upload cannot starve the other requests or exhaust the
machine's memory. At most ``PLANWATCH_PARSE_WORKERS`` (default 2) documents are read at once;
more wait their turn. A document over its budget is refused with a Chinese message
(``document-too-complex``), nothing is written.

Settings: ``PLANWATCH_PARSE_SECONDS`` (CPU seconds per document, default 60),
``PLANWATCH_PARSE_MEMORY_MB`` (default 1024), ``PLANWATCH_PARSE_WORKERS`` (default 2).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from planwatch.errors import LoadError
from planwatch.parsers.result import ParsedPlan

__all__ = ["ParseBudget", "parse_isolated"]


@dataclass(frozen=True)
class ParseBudget:
    seconds: int = 60
    memory_mb: int = 1024
    workers: int = 2

    @classmethod
    def from_env(cls) -> ParseBudget:
        def num(var: str, default: int) -> int:
            raw = (os.environ.get(var) or "").strip()
            if not raw:
                return default
            try:
                value = int(float(raw))
            except ValueError:
                raise LoadError(f"{var} 应为正整数，现为“{raw}”。") from None
            if value <= 0:
                raise LoadError(f"{var} 应为正整数，现为“{raw}”。")
            return value

        return cls(num("PLANWATCH_PARSE_SECONDS", 60), num("PLANWATCH_PARSE_MEMORY_MB", 1024),
                   num("PLANWATCH_PARSE_WORKERS", 2))


_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _slots(n: int) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(n, threading.BoundedSemaphore(n))


def _limit(budget: ParseBudget) -> None:  # runs in the child before it starts
    import resource

    mem = budget.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (budget.seconds, budget.seconds + 5))


def parse_isolated(path: Path, shown: str, budget: ParseBudget | None = None) -> ParsedPlan:
    """``parse_plan(path)`` in a limited worker process; ``shown`` names the file in messages."""
    budget = budget or ParseBudget.from_env()
    too_much = (f"文件“{shown}”处理超出预算（每份文档最多 {budget.seconds} 秒计算、"
                f"{budget.memory_mb} MB 内存），已拒绝，未做任何修改。请检查文件是否为正常的规划文本，"
                "或删去重复、无关的内容后再上传。")
    with _slots(budget.workers), tempfile.TemporaryDirectory(prefix="planwatch-parse-") as tmp:
        out = Path(tmp) / "result.pickle"
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "planwatch.api.isolate", str(path), str(out)],
                capture_output=True, timeout=budget.seconds * 3 + 30,
                preexec_fn=lambda: _limit(budget),
            )
        except subprocess.TimeoutExpired:
            raise LoadError(too_much) from None
        if proc.returncode != 0 or not out.exists():
            raise LoadError(too_much)
        result = pickle.loads(out.read_bytes())  # written by our own child process just now
    if not isinstance(result, ParsedPlan):
        raise LoadError(too_much)
    return result


def _main(argv: list[str]) -> int:
    from planwatch.parsers import parse_plan

    src, dst = Path(argv[0]), Path(argv[1])
    result = parse_plan(src)
    dst.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
