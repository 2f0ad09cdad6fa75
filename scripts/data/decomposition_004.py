"""Print the 附件1 decomposition block of plans/jinhua-industry-14.yaml from seed 004's text.

Run once by hand (python scripts/data/decomposition_004.py ../shared/seeds/004_*.txt); the output
was pasted into the plan file and checked line by line against the seed. Empty cells stay absent."""

import sys
from pathlib import Path

ROWS = [  # (line of the region name, region id, printed label)
    (727, "330700", "金华"), (735, "330702", "婺城区"), (743, "jinhua-kfq", "开发区"),
    (751, "330703", "金义新区（金东区）"), (759, "330781", "兰溪市"), (767, "330782", "义乌市"),
    (775, "330783", "东阳市"), (783, "330784", "永康市"), (791, "330723", "武义县"),
    (799, "330726", "浦江县"), (807, "330727", "磐安县"),
]
COLUMNS = [(2, 2020, "base"), (6, 2020, "base"), (17, 2020, "base"),
           (2, 2025, "target"), (6, 2025, "target"), (17, 2025, "target")]

lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
blocks: dict[int, list[str]] = {2: [], 6: [], 17: []}
for start, region, label in ROWS:
    assert lines[start - 1].strip() == label, (start, lines[start - 1])
    for k, (seq, year, role) in enumerate(COLUMNS, 1):
        cell = lines[start - 1 + k].strip()
        if cell:
            blocks[seq].append(f'      - {{region: "{region}", year: {year}, role: {role}, '
                               f'value: {cell}, line: {start + k}}}  # {label}')
for seq, rows in blocks.items():
    print(  # noqa: T201
        f"  - indicator_seq: {seq}\n    table: 附件1\n    rows:")
    print(  # noqa: T201
        "\n".join(rows))
