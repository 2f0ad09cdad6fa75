"""Real published texts of other places and genres for the fact extractor (issue 13), each with
its source and the facts a reader finds in it, typed by hand from the text (never produced by the
extractor). Excerpts of official statistical releases of 国家统计局 (National Bureau of
Statistics), as reposted by news sites, one of them in traditional characters.

A gold fact is (kind, value, unit): growth rates that fell carry a minus sign (下降1.2% → -1.2);
a change in percentage points keeps the sign the text gives it (回落0.1个百分点 → -0.1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FactText:
    key: str
    title: str
    url: str
    date: str
    genre: str
    text: str
    gold: tuple[tuple[str, float, str], ...]


NBS_2018_08 = FactText(
    key="nbs-2018-08",
    title="国家统计局：8月份国民经济保持总体平稳、稳中向好发展态势（节选，第一部分）",
    url="https://news.metal.net.cn/content-335-7023089-1.html",
    date="2018-09-14", genre="全国月度统计发布（转载，数字两侧有空格）",
    text=(
        "8 月份,全国规模以上工业增加值同比实际增长 6.1% ,增速比上月加快 0.1 个百分点; "
        "1-8 月份,全国规模以上工业增加值同比增长 6.5% ,增速比 1-7 月份回落 0.1 个百分点。"
        "分经济类型看, 8 月份,国有控股企业增加值同比增长 5.6% ,集体企业下降 1.2% ,"
        "股份制企业增长 6.4% ,外商及港澳台商投资企业增长 4.9% 。"
        "分三大门类看, 8 月份,采矿业增加值同比增长 2.0% ,制造业增长 6.1% ,"
        "电力、热力、燃气及水生产和供应业增长 9.9% 。工业发展继续迈向中高端。 "
        "1-8 月份,高技术制造业、装备制造业和战略性新兴产业同比分别增长 11.9% 、 8.8% 和 8.8% ,"
        "分别快于规模以上工业 5.4 、 2.3 和 2.3 个百分点。"
    ),
    gold=(
        ("growth", 6.1, "%"), ("change_points", 0.1, "个百分点"), ("growth", 6.5, "%"),
        ("change_points", -0.1, "个百分点"), ("growth", 5.6, "%"), ("growth", -1.2, "%"),
        ("growth", 6.4, "%"), ("growth", 4.9, "%"), ("growth", 2.0, "%"), ("growth", 6.1, "%"),
        ("growth", 9.9, "%"), ("growth", 11.9, "%"), ("growth", 8.8, "%"), ("growth", 8.8, "%"),
        ("change_points", 5.4, "个百分点"), ("change_points", 2.3, "个百分点"),
        ("change_points", 2.3, "个百分点"),
    ),
)

NBS_2020_Q3_TRAD = FactText(
    key="nbs-2020-q3-traditional",
    title="國家統計局：三季度GDP同比增長4.9%（繁體轉載，節選）",
    url="http://www.214951.tw/content/2020-10/19/32_64490.html",
    date="2020-10-19", genre="全国季度统计发布（繁体字转载）",
    text=(
        "初步核算,前三季度國內生產總值722786億元,按可比價格計算,同比增長0.7%。"
        "分季度看,一季度同比下降6.8%,二季度增長3.2%,三季度增長4.9%。"
        "分產業看,第一產業增加值48123億元,同比增長2.3%;第二產業增加值274267億元,增長0.9%;"
        "第三產業增加值400397億元,增長0.4%。從環比看,三季度國內生產總值增長2.7%。\n"
        "前三季度,牛奶產量同比增長8.1%,禽蛋產量增長5.1%;豬牛羊禽肉產量下降4.7%,"
        "降幅比上半年收窄6.1個百分點,其中禽肉產量增長6.5%,牛肉、羊肉、豬肉產量分別下降1.7%、"
        "1.8%、10.8%,降幅分別比上半年收窄1.7、0.7、8.3個百分點。"
    ),
    gold=(
        ("level", 722786, "亿元"), ("growth", 0.7, "%"), ("growth", -6.8, "%"), ("growth", 3.2, "%"),
        ("growth", 4.9, "%"), ("level", 48123, "亿元"), ("growth", 2.3, "%"),
        ("level", 274267, "亿元"), ("growth", 0.9, "%"), ("level", 400397, "亿元"),
        ("growth", 0.4, "%"), ("growth", 2.7, "%"), ("growth", 8.1, "%"), ("growth", 5.1, "%"),
        ("growth", -4.7, "%"), ("change_points", 6.1, "个百分点"), ("growth", 6.5, "%"),
        ("growth", -1.7, "%"), ("growth", -1.8, "%"), ("growth", -10.8, "%"),
        ("change_points", 1.7, "个百分点"), ("change_points", 0.7, "个百分点"),
        ("change_points", 8.3, "个百分点"),
    ),
)

NBS_2020_07_NEWS = FactText(
    key="nbs-2020-07-news",
    title="国家统计局：7月份国民经济继续稳定恢复（上海证券报·中国证券网转述，节选）",
    url="http://news.cnstock.com/news,bwkx-202008-4577743.htm",
    date="2020-08-14", genre="财经新闻转述统计发布",
    text=(
        "7月份,全国规模以上工业增加值同比增长4.8%,增速与6月份持平;环比增长0.98%。"
        "1-7月份,全国规模以上工业增加值同比下降0.4%,降幅比1-6月份收窄0.9个百分点。"
        "7月份,分经济类型看,国有控股企业增加值同比增长4.1%;股份制企业增长4.2%,"
        "外商及港澳台商投资企业增长7.6%;私营企业增长4.2%。分三大门类看,采矿业增加值下降2.6%,"
        "制造业增长6.0%,电力、热力、燃气及水生产和供应业增长1.7%。7月份,装备制造业和高技术制造业"
        "增加值同比分别增长13.0%、9.8%,快于规模以上工业8.2、5.0个百分点。"
    ),
    gold=(
        ("growth", 4.8, "%"), ("growth", 0.98, "%"), ("growth", -0.4, "%"),
        ("change_points", 0.9, "个百分点"), ("growth", 4.1, "%"), ("growth", 4.2, "%"),
        ("growth", 7.6, "%"), ("growth", 4.2, "%"), ("growth", -2.6, "%"), ("growth", 6.0, "%"),
        ("growth", 1.7, "%"), ("growth", 13.0, "%"), ("growth", 9.8, "%"),
        ("change_points", 8.2, "个百分点"), ("change_points", 5.0, "个百分点"),
    ),
)

TEXTS = (NBS_2018_08, NBS_2020_Q3_TRAD, NBS_2020_07_NEWS)


def score_facts(gold: tuple[tuple[str, float, str], ...], facts: list) -> tuple[int, int, int, list[str]]:  # type: ignore[type-arg]
    """(matched, gold, extracted, misses): a fact matches a gold fact of the same kind, value
    and unit, each gold fact at most once."""
    left = list(gold)
    matched = 0
    extra: list[str] = []
    for f in facts:
        key = next((g for g in left if g[0] == f.kind.value and abs(g[1] - f.value) < 1e-9
                    and g[2] == f.unit), None)
        if key is None:
            extra.append(f"多出：{f.kind.value} {f.value}{f.unit}（{f.subject}）")
            continue
        left.remove(key)
        matched += 1
    return matched, len(gold), len(facts), extra + [f"漏掉：{g}" for g in left]
