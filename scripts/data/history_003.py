"""Print observations/jindong-history-003.csv from seed 003's 表1-1..1-4 (2015–2020).

Run once by hand (python scripts/data/history_003.py ../shared/seeds/003_*.txt > ...); every
value is taken from the row's printed line, which is written beside it. The 年均增长率 rows
(2015–2020 averages) are not observations of single years and are left out."""

import csv
import re
import sys
from pathlib import Path

TABLES = {  # table: (first data line, [(statistic, unit), ...] in column order)
    "表1-1": (95, [("gdp", "亿元"), ("industry-va", "亿元"), ("gs-output", "亿元"), ("gs-va", "亿元")]),
    "表1-2": (190, [("gs-firms", "家"), ("firms-rev-100m", "家"), ("firms-rev-100m-output", "亿元"),
                    ("tech-smes", "家"), ("hightech-firms", "家")]),
    "表1-3": (255, [("rd-centers", "家"), ("patent-applications", "件"), ("patent-grants", "件"),
                    ("gs-new-product-output", "亿元"), ("gs-new-product-rate", "%")]),
    "表1-4": (315, [("gs-sales", "亿元"), ("gs-domestic-sales", "亿元"), ("gs-domestic-sales-share", "%"),
                    ("gs-export-delivery", "亿元"), ("gs-export-delivery-share", "%")]),
}
NOTES = {
    "表1-2": "表1-2列序：规模以上企业数量、超亿元企业数量、超亿元企业工业产值、科技型中小企业数量、高新技术企业数量",
    "表1-4": "表1-4标题印作“金东区创新成效一览表”，内容为销售产值与内外销结构",
}
lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["region", "statistic", "period", "kind", "value", "unit", "text", "status",
            "document", "line", "note"])
for table, (first, cols) in TABLES.items():
    for k in range(6):
        no = first + 2 * k
        m = re.match(r"^\s*(\d{4})\s*年\s+(.*)$", lines[no - 1])
        assert m and m[1] == str(2015 + k), (table, no, lines[no - 1])
        year, values = m[1], m[2].split()
        assert len(values) == len(cols), (table, no, values)
        for (stat, unit), v in zip(cols, values, strict=True):
            kind = "share" if unit == "%" else ("count" if unit in ("家", "件") else "level")
            note = f"{table}" + (f"；{NOTES[table]}" if table in NOTES else "")
            w.writerow(["330703", stat, year, kind, v, unit, v, "final", "seed-003", no, note])
