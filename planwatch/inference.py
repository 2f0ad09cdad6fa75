"""Pure helpers that read meaning from an indicator's printed name, unit and target text.

Used by the data-file loader (when a file leaves direction, target form or rule out) and by the
document parser. Every inference returns the reason in Chinese, because the reason is shown to
users next to the result (``Indicator.direction_basis`` and ``Indicator.rule_basis``).

The rules follow ``shared/methods.md`` section 2.3 (which progress measure for which indicator
type) and 2.4 (target qualifiers).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from planwatch import units
from planwatch.model import Direction, GrowthUnit, ProgressRule, Qualifier, TargetForm

# -- direction --------------------------------------------------------------------------------

#: the printed value is itself a reduction (a larger reduction is better)
_REDUCTION_WORDS = ("降幅", "降低率", "下降率", "削减率", "降低", "下降", "减少")
#: lower is better for these quantities
_LOWER_WORDS = (
    "能耗", "排放", "用水量", "收入倍差", "倍差", "失业率", "PM2.5", "PM10", "事故", "死亡率",
    "空置率", "不良贷款率",
)


def infer_direction(name: str, unit: str) -> tuple[Direction, str]:
    """Higher or lower is better, with the reason shown to users.

    A name that states a reduction (``单位GDP能耗降低``, ``…排放降幅``) whose value is a rate in
    % is a reduction amount: the larger the better. The same words with a level unit
    (``立方米/万元``) mean the level should fall. Energy, emissions and water per unit, the
    urban-rural income ratio, unemployment, PM2.5 and accidents are lower-is-better."""
    norm = _nfkc(name)
    reduction = next((w for w in _REDUCTION_WORDS if w in norm), None)
    if reduction and (units.is_percent(unit) or unit.strip() == "") and _is_rate_word(reduction):
        return Direction.HIGHER_BETTER, f"名称含“{reduction}”，数值为降低幅度，按越高越好推断"
    lower = next((w for w in _LOWER_WORDS if w in norm), None)
    if lower:
        return Direction.LOWER_BETTER, f"名称含“{lower}”，按越低越好推断"
    if reduction:
        return Direction.LOWER_BETTER, f"名称含“{reduction}”且数值为水平值，按越低越好推断"
    return Direction.HIGHER_BETTER, "名称未含降低类字样，按越高越好推断"


def _is_rate_word(word: str) -> bool:
    return word in ("降幅", "降低率", "下降率", "削减率", "降低", "下降")


# -- target form and progress rule --------------------------------------------------------------

_GROWTH_WORDS = ("增速", "增长率", "年均增长", "同比增长", "增幅")
_INTENSITY_PREFIXES = ("每万人", "每千人", "每百人", "人均", "亩均", "单位", "万元")
_COUNT_DIMENSIONS = frozenset({
    "firms", "households", "items", "projects", "pieces", "trains", "machines", "vehicles",
    "lines", "buildings", "institutions", "people_count", "times",
})
_AMOUNT_DIMENSIONS = frozenset({
    "money", "money_usd", "money_per_person", "money_per_mu", "people", "mass", "energy", "teu",
    "parcels",
})


def infer_target_form(name: str, unit: str, target_text: str | None) -> TargetForm:
    """The form of the target (methods.md 2.3) from the name, unit and printed target."""
    norm = _nfkc(name)
    text = _nfkc(target_text or "")
    if _is_bracketed(text):
        if any(w in norm or w in text for w in ("降低", "下降", "降幅", "减少")):
            return TargetForm.CUMULATIVE_REDUCTION
        if is_level_statistic(norm, unit):
            return TargetForm.CUMULATIVE_CHANGE
        return TargetForm.CUMULATIVE_SUM
    if any(w in norm for w in _GROWTH_WORDS):
        return TargetForm.GROWTH_RATE
    if any(w in norm for w in ("新增", "累计")) and not units.is_percent(unit):
        return TargetForm.CUMULATIVE_SUM  # 武义、磐安新增规上工业企业数量: added over the period
    if any(w in norm for w in ("降幅", "降低率", "下降率")) and units.is_percent(unit):
        return TargetForm.CUMULATIVE_REDUCTION
    if "指数" in norm or unit.strip() in ("分", "指数"):
        return TargetForm.INDEX
    if units.is_percent(unit):
        return TargetForm.SHARE
    if _is_count(norm, unit):
        return TargetForm.COUNT
    return TargetForm.LEVEL


#: a flow is added up over the years; anything else measured at a point in time is a level
_FLOW_WORDS = ("新增", "累计", "完成", "造林", "建设", "改造", "投资", "培训", "转移", "引进", "产量",
               "发电量", "招商", "就业")
_LEVEL_DIMENSIONS = frozenset({"age_years", "years", "percent", "permille", "score",
                               "concentration", "ratio"})


def is_level_statistic(name: str, unit: str) -> bool:
    """Is the indicator a level (a stock or rate at a point in time), so that 〔x〕 is a change
    from the base rather than a sum of yearly values? Flows (新增就业, 造林) are summed; levels in
    岁, 年, %, 指数, 微克/立方米 and names such as 人均预期寿命, 城镇化率, 受教育年限 are not."""
    if any(w in name for w in _FLOW_WORDS):
        return False
    if units.is_known(unit) and units.lookup(unit).dimension in _LEVEL_DIMENSIONS:
        return True
    return any(w in name for w in ("寿命", "年限", "覆盖率", "比重", "比率", "拥有量", "城镇化率"))


def _is_count(name: str, unit: str) -> bool:
    if not units.is_known(unit) or name.startswith(_INTENSITY_PREFIXES):
        return False
    return units.lookup(unit).dimension in _COUNT_DIMENSIONS


def infer_rule(
    form: TargetForm,
    unit: str,
    declared_growth_unit: GrowthUnit | None,
    *,
    qualifier: Qualifier | None = None,
) -> tuple[ProgressRule, str]:
    """The progress rule for a target form (methods.md 2.3), with the reason shown to users.

    ``qualifier`` decides first: 完成省下达任务 is judged against the province's yearly task and
    an unquantified target gets no progress measure."""
    if qualifier is Qualifier.PROVINCE_TASK:
        return ProgressRule.PROVINCE_TASK, "目标为“完成省下达任务”，按省下达的年度任务评价"
    if qualifier is Qualifier.NONE:
        return ProgressRule.NONE, "目标未量化，不作进度评价"
    if qualifier is Qualifier.ANNUAL:
        return (ProgressRule.ANNUAL_TARGETS,
                "目标为“各年度视情提出”的区间目标，逐年与当年的年度目标（政府工作报告）比较")
    if qualifier is Qualifier.RELATIONAL:
        return ProgressRule.RELATIONAL, "关系目标，按同一年份两项指标的年均增速比较"
    fixed = _FORM_RULES.get(form)
    if fixed:
        return fixed
    if form is TargetForm.COUNT:
        if declared_growth_unit is GrowthUnit.PERCENT:
            return ProgressRule.COMPOUND, "数量类指标列有年均增长率，按复合增长路径（p_log）"
        return ProgressRule.LINEAR, "数量类指标按线性进度（p_lin）"
    if units.is_known(unit) and units.lookup(unit).dimension in _AMOUNT_DIMENSIONS:
        return ProgressRule.COMPOUND, "金额类指标按复合增长路径（p_log）"
    if declared_growth_unit is GrowthUnit.PERCENT:
        return ProgressRule.COMPOUND, "列有年均增长率，按复合增长路径（p_log）"
    return ProgressRule.LINEAR, "水平值指标按线性进度（p_lin）"


_FORM_RULES: dict[TargetForm, tuple[ProgressRule, str]] = {
    TargetForm.SHARE: (ProgressRule.LINEAR, "比重、比率类指标按线性进度（p_lin），变化以百分点计"),
    TargetForm.INDEX: (ProgressRule.LINEAR, "指数类指标按线性进度（p_lin）"),
    TargetForm.GROWTH_RATE: (
        ProgressRule.GROWTH, "增速类指标比较已实现的年均增速与目标增速"
    ),
    TargetForm.CUMULATIVE_SUM: (
        ProgressRule.CUMULATIVE_SUM, "期内累计数（[ ]内或“新增”）按累计完成额占目标的比例"
    ),
    TargetForm.CUMULATIVE_REDUCTION: (
        ProgressRule.CUMULATIVE_REDUCTION, "累计降低目标按逐年降幅复合计算的累计降幅"
    ),
    TargetForm.CUMULATIVE_CHANGE: (
        ProgressRule.CUMULATIVE_CHANGE,
        "〔 〕内为五年累计数；本指标是水平值（如岁、年、%），累计数即较基期的变化量，"
        "按 p=(x_t−x_B)/Δ 计算，不把逐年数值相加",
    ),
}


# -- printed target text ------------------------------------------------------------------------


class ParsedTarget(NamedTuple):
    """A printed target: the firm value (None when there is none), its qualifier, and the
    力争 (stretch) value if the text has one. ``8000`` → (8000, exact, None);
    ``3.0以上，力争3.5以上`` → (3.0, at_least, 3.5); ``力争3.5以上`` alone → (None, at_least, 3.5)."""

    value: float | None
    qualifier: Qualifier
    stretch: float | None


_NUMBER = r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?"
_NONE_TEXTS = frozenset({"", "—", "——", "-", "--", "–", "/", "无", "不适用"})
_NOT_QUANTIFIED_WORDS = ("同步", "显著", "明显", "稳步", "持续", "进一步", "逐步", "基本", "有效",
                         "高于", "快于", "低于")  # 高于GDP增长: relational, not a number
_AT_LEAST = ("以上", "不低于", "≥", "至少", "超过", ">")
_AT_MOST = ("以内", "以下", "不超过", "≤", "控制在", "低于", "<")
_ABOUT = ("左右", "约")


def parse_number(text: str) -> float:
    """A printed number (``4,453``, ``８０００``, ``33.1%``) as a float; ValueError otherwise."""
    t = _nfkc(text).replace("%", "").strip()
    if not re.fullmatch(_NUMBER, t):
        raise ValueError(f"“{text}”不是数字")
    return float(t.replace(",", ""))


def parse_target_text(text: str | None) -> ParsedTarget:
    """Read a printed target: ``8000``, ``7000以上``, ``35左右``, ``10以内``, ``力争3.5以上``,
    ``[300]``, ``〔13.5〕``, ``完成省下达任务``, ``—``, ``与GDP增长基本同步``.

    Raises ValueError when the text has none of these forms."""
    t = _nfkc(text or "").replace(" ", "")
    if t in _NONE_TEXTS:
        return ParsedTarget(None, Qualifier.NONE, None)
    if "省下达" in t or "上级下达" in t:
        return ParsedTarget(None, Qualifier.PROVINCE_TASK, None)
    if "各年度" in t or "视情" in t or "合理区间" in t:
        return ParsedTarget(None, Qualifier.ANNUAL, None)
    if re.fullmatch(r"(?:高于|快于|不低于|与)\S*?(?:增长|增速)(?:基本)?(?:同步)?", t) and not re.search(
            _NUMBER, t.replace("GDP", "")):
        return ParsedTarget(None, Qualifier.RELATIONAL, None)
    if _is_bracketed(t):
        return ParsedTarget(parse_number(t.strip("[]〔〕【】")), Qualifier.CUMULATIVE, None)
    firm, has_stretch, stretch_text = t.partition("力争")
    firm = firm.strip("，,;；、")
    stretch = _one_number(stretch_text)
    if has_stretch and stretch is None and (not firm.strip("，,;；、") or not stretch_text.strip()):
        raise ValueError(f"目标“{text}”中“力争”后没有数值")
    if not firm:
        return ParsedTarget(None, _qualifier_of(stretch_text), stretch)
    value = _one_number(firm)
    if value is None:
        if any(w in firm for w in _NOT_QUANTIFIED_WORDS):
            return ParsedTarget(None, Qualifier.NONE, stretch)
        raise ValueError(f"目标“{text}”无法识别：应为数值（可带以上、左右、以内）、[累计数]、"
                         "完成省下达任务或—")
    return ParsedTarget(value, _qualifier_of(firm), stretch)


def parse_base_text(text: str | None, default_year: int) -> tuple[float | None, int | None]:
    """A printed base: ``33.1`` → (33.1, default_year); ``91.83（2019）`` → (91.83, 2019);
    ``—`` → (None, None). Raises ValueError for anything else."""
    t = _nfkc(text or "").replace(" ", "").rstrip("*")  # 60.6*: the outline's own footnote
    if t in _NONE_TEXTS:
        return None, None
    m = re.fullmatch(rf"({_NUMBER})%?(?:\((\d{{4}})(?:年)?\))?", t)
    if not m:
        raise ValueError(f"基期值“{text}”无法识别：应为数值，或数值加年份如 91.83（2019）")
    return float(m[1].replace(",", "")), int(m[2]) if m[2] else default_year


def _one_number(text: str) -> float | None:
    nums = re.findall(_NUMBER, text)
    if len(nums) > 1:
        raise ValueError(f"“{text}”含有多个数值")
    return float(nums[0].replace(",", "")) if nums else None


def _qualifier_of(text: str) -> Qualifier:
    if any(w in text for w in _AT_LEAST):
        return Qualifier.AT_LEAST
    if any(w in text for w in _AT_MOST):
        return Qualifier.AT_MOST
    if any(w in text for w in _ABOUT):
        return Qualifier.ABOUT
    return Qualifier.EXACT


def _is_bracketed(text: str) -> bool:
    t = text.strip()
    return len(t) >= 3 and t[0] in "[〔【" and t[-1] in "]〕】"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
