"""H-1: a small adversarial plan text must not tie the server up (issue 18).

The documents here are fictional (示例) shapes built to stress the readers, not real plans.
Bounds are on output size and peak memory; the time a parse takes is measured in
bench/ (``hardening-parse``), never asserted here.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from planwatch.parsers import parse_plan
from planwatch.parsers.prose import MAX_NARRATIVE_TARGETS

CLAUSE = "到2025年，全市规上工业企业达到7000家以上"


def _write(tmp_path: Path, body: str, name: str = "示例规划.txt") -> Path:
    path = tmp_path / name
    path.write_text("示例市制造业发展规划（虚构）\n" + body + "\n", encoding="utf-8")
    return path


def test_n_clauses_with_a_target_year_give_n_targets_not_n_squared(tmp_path: Path):
    # the probe's shape: 300 comma-separated clauses in one sentence gave 45,150 targets
    path = _write(tmp_path, "，".join([CLAUSE] * 300) + "。")
    targets = parse_plan(path).narrative_targets
    assert len(targets) == 300
    assert {(t.subject, t.value, t.year) for t in targets} == {("规上工业企业", 7000.0, 2025)}


def test_a_target_year_reads_up_to_the_next_target_year(tmp_path: Path):
    path = _write(tmp_path, "到2025年，示例企业达到100家，到2030年，示例园区达到20个。")
    got = sorted((t.year, t.subject, t.value) for t in parse_plan(path).narrative_targets)
    assert got == [(2025, "示例企业", 100.0), (2030, "示例园区", 20.0)]


def test_more_targets_than_a_plan_states_are_refused_in_chinese(tmp_path: Path):
    path = _write(tmp_path, "，".join([CLAUSE] * (MAX_NARRATIVE_TARGETS + 10)) + "。")
    result = parse_plan(path)
    assert result.narrative_targets == []
    found = [i for i in result.issues if i.code == "too-many-targets"]
    assert found and "超过上限" in found[0].message and "示例规划.txt" in found[0].message


# shapes of about 1 MB each: one long paragraph of clauses, a million digits, a huge run of
# spaces after a number, long 、 lists, a sentence broken over many lines, deep bracket nesting
SHAPES = {
    "clauses": "，".join([CLAUSE] * 40_000) + "。",
    "digits": "到2025年，" + "1" * 1_000_000,
    "spaces": "到2025年，" + ("1" + " " * 300_000 + "家") * 3,
    "dun-list": "力争到2025年，" + "、".join(["示例企业100家"] * 80_000) + "。",
    "broken-lines": "力争到2025年，全市规上工业企业\n" * 40_000,
    "nesting": "到2025年，" + "（" * 200_000 + "达到5家" + "）" * 200_000,
}

_PROBE = """
import json, resource, sys
from pathlib import Path
from planwatch.parsers import parse_plan
r = parse_plan(Path(sys.argv[1]))
print(json.dumps({"targets": len(r.narrative_targets), "codes": sorted({i.code for i in r.issues}),
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _limits() -> None:  # a runaway parse is killed, never left to eat the machine
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
    resource.setrlimit(resource.RLIMIT_CPU, (300, 300))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_one_megabyte_adversarial_text_is_parsed_within_500_mb_or_refused(tmp_path: Path, shape: str):
    path = _write(tmp_path, SHAPES[shape])
    assert path.stat().st_size >= 500_000
    proc = subprocess.Popen([sys.executable, "-c", _PROBE, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_limits)
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-2000:]
    got = json.loads(out)
    # bounded output: never more targets than the limit (45,150 from 300 clauses before)
    assert got["targets"] <= MAX_NARRATIVE_TARGETS
    # peak memory of the parsing process (ru_maxrss is in KiB on Linux)
    assert got["peak_kib"] < 500 * 1024, f"{shape}: {got['peak_kib'] // 1024} MB"
