"""Convert shared/data/jinhua_observations.csv into observations/web.csv.

Run once by hand:
    python scripts/data/convert_web_observations.py ../shared/data/jinhua_observations.csv \
        > planwatch/data/jinhua/observations/web.csv
Maps the indicator names to statistics and kinds, keeps source_url, source_title, source_date
and note, and drops the quote column (not copied into the project)."""

import csv
import re
import sys

# indicator name → (statistic, rank_of for ranks)
STAT = {
    "PM2.5平均浓度": "pm25", "R&D经费支出": "rd", "R&D经费支出占GDP比重": "rd-gdp",
    "R&D经费支出增长": "rd", "一般公共预算收入": "fiscal-revenue",
    "一般公共预算收入增长": "fiscal-revenue", "人均地区生产总值": "gdp-per-capita",
    "人均地区生产总值(美元)": "gdp-per-capita-usd", "人均地区生产总值增长": "gdp-per-capita",
    "全体居民人均可支配收入": "income", "全体居民人均可支配收入增长": "income",
    "农村居民人均可支配收入": "income-rural", "农村居民人均可支配收入增长": "income-rural",
    "城镇居民人均可支配收入": "income-urban", "城镇居民人均可支配收入增长": "income-urban",
    "出口总额": "export", "出口总额增长": "export", "出口规模排名": "export",
    "单位工业增加值能耗降低": "energy-intensity-industry", "固定资产投资增长": "fai",
    "固定资产投资增长排名": "fai", "国家高新技术企业占规上企业比重": "hightech-firms-share",
    "国家高新技术企业数": "hightech-firms", "地区生产总值": "gdp", "地区生产总值增速排名": "gdp",
    "地区生产总值增长": "gdp", "地表水Ⅲ类以上水质断面比例": "surface-water",
    "城乡居民收入倍差": "income-ratio", "外贸出口对全省贡献率排名": "export-contribution",
    "工业增加值": "industry-va", "工业增加值占GDP比重": "industry-va-share",
    "工业增加值增长": "industry-va", "工业总产值": "industry-output", "常住人口城镇化率": "urbanization",
    "年末常住人口": "population",
    "数字经济核心产业制造业增加值占规上工业比重": "de-core-mfg-va-share",
    "数字经济核心产业制造业增加值增速排名": "de-core-mfg-va",
    "数字经济核心产业制造业增加值增长": "de-core-mfg-va",
    "数字经济核心产业制造业营业收入占规上工业比重": "de-core-mfg-revenue-share",
    "新认定国家高新技术企业数": "hightech-firms-certified",
    "新认定省科技型中小企业数": "tech-smes-certified", "森林覆盖率": "forest",
    "省科技型中小企业数": "tech-smes", "空气质量优良天数比率": "good-air",
    "第二产业增加值": "secondary-va", "装备制造业增加值占规上工业比重": "equip-va-share",
    "规上工业企业户均营业收入": "gs-revenue-per-firm", "规上工业企业数": "gs-firms",
    "规上工业企业研发费用增速排名": "gs-rd-expense", "规上工业企业研发费用增长": "gs-rd-expense",
    "规上工业增加值": "gs-va", "规上工业增加值占GDP比重": "gs-va-gdp-share",
    "规上工业增加值增速排名": "gs-va", "规上工业增加值增长": "gs-va",
    "规上工业总产值": "gs-output", "规上工业总产值增长": "gs-output",
    "规上工业研发费用占营业收入比重": "gs-rd-intensity",
    "规上工业研发费用占营业收入比重排名": "gs-rd-intensity",
    "规上工业能源消费量增长": "gs-energy", "规上工业营业收入": "gs-revenue",
    "规上工业营业收入增速排名": "gs-revenue", "规上工业营业收入增长": "gs-revenue",
    "进出口总额": "trade", "进出口总额增速排名": "trade", "进出口总额增长": "trade",
    "进出口总额规模排名": "trade", "高新技术产业增加值占规上工业比重": "hightech-va-share",
    "高新技术产业营业收入占规上工业比重": "hightech-revenue-share",
    "高端装备制造业增加值增长": "high-end-equip-va",
}
KIND = {"level": "level", "growth_pct": "growth", "share_pct": "share", "rank": "rank",
        "index": "level"}
COUNT_UNITS = {"家", "个", "件"}


def status(note: str) -> str:
    if "第五次全国经济普查" in note:
        return "revised"
    if re.search(r"初步核算|preliminary|快报", note) and "final verified" not in note:
        return "preliminary"
    return "final"


def basis(note: str) -> str:
    """The statistical scope (口径) that tells apart two values one source gives for one key."""
    for word, scope in (("区属", "区属口径（不含开发区）"), ("含开发区", "含开发区口径"),
                        ("natural basis", "自然口径"), ("same-basis", "扣除留抵退税同口径")):
        if note.startswith(word) or note.split(";")[0].find(word) >= 0:
            return scope
    raise SystemExit(f"no scope for a duplicated key: {note}")


def main() -> None:
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    keys: dict[tuple[str, ...], int] = {}
    for r in rows:
        k = (r["region"], r["indicator"], r["period"], r["kind"], r["source_url"], r["source_title"])
        keys[k] = keys.get(k, 0) + 1
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["region", "statistic", "period", "kind", "value", "unit", "status", "scope",
                "rank_of", "url", "title", "source_date", "note"])
    for r in rows:
        name, kind, value, note = r["indicator"], KIND[r["kind"]], r["value"], r["note"]
        if kind == "level" and r["unit"] in COUNT_UNITS:
            kind = "count"
        rank_of, scope = "", r["scope"]
        k = (r["region"], name, r["period"], r["kind"], r["source_url"], r["source_title"])
        if keys[k] > 1:
            scope = basis(note)
        if kind == "rank":
            rank_of = "growth" if ("增速" in name or "增长" in name) else "level"
        if name == "单位工业增加值能耗降低":  # printed as a reduction: store as negative growth
            value = str(-float(value))
            note = f"原文为“下降{r['value']}%”，记为增长{value}%；{note}"
        w.writerow([r["region"], STAT[name], r["period"], kind, value, r["unit"], status(note),
                    scope, rank_of, r["source_url"], r["source_title"], r["source_date"],
                    note])


main()
