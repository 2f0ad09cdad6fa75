"""Reading numbers in Chinese prose the way a Chinese reader does.

Pure functions, no I/O. The main entry points:

* :func:`cn_to_int` / :func:`int_to_cn`: Chinese numerals (三, 十五, 两千, 一万零一, 二〇二五) and back.
* :func:`parse_amount`: a number with an optional magnitude (1.4万, 5562.47亿, 千亿, 1.4万亿).
* :func:`find_numbers`: every number in a text with its span, value, printed unit, qualifier
  (首破/突破 passed, 超/逾/余/多 more than, 近/逼近 nearly, 约/左右 about, 预计 estimated),
  percentages, percentage points, ratios (1:6.8), fractions (近1/5), multiples (1.95倍, 翻一番) and
  ranges (3-5个).

Values keep the magnitude in the unit, as printed: ``5562.47亿元`` is 5562.47 with unit ``亿元``
(planwatch.units converts between 亿元 and 万元); ``千亿元`` is 1000 亿元; ``两千`` is 2000.
Why not cn2an: it reads bare numerals only (shared/stack.md section 7).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from planwatch.model import ValueQualifier

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
CN_SMALL: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG: dict[str, int] = {"万": 10**4, "亿": 10**8}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)

# full-width digits and signs, mapped one character to one so text offsets stay valid
_WIDTH = str.maketrans("０１２３４５６７８９．％：／～－", "0123456789.%:/~-")


def normalize(text: str) -> str:
    """Full-width digits and signs to ASCII, keeping every offset (one char to one char)."""
    return text.translate(_WIDTH)


def cn_to_int(text: str) -> int:
    """Read a Chinese numeral: 十 → 10, 十五 → 15, 一百零五 → 105, 两千 → 2000, 一万亿 → 10^12,
    二〇二五 → 2025 (digit by digit). Raises ValueError for anything else."""
    if not text or any(c not in CN_CHARS for c in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    if all(c in CN_DIGITS for c in text):
        if len(text) == 1:
            return CN_DIGITS[text]
        return int("".join(str(CN_DIGITS[c]) for c in text))  # 二〇二五
    zhao = yi = wan = section = 0  # the parts in 万亿, in 亿, in 万, and below 万
    digit: int | None = None
    for i, c in enumerate(text):
        if c in CN_DIGITS:
            if digit is not None and CN_DIGITS[c] != 0:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = CN_DIGITS[c] or None
        elif c in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[c]
            digit = None
        elif c == "万" and text[i + 1 : i + 2] != "亿":
            wan += ((section + (digit or 0)) or 1) * 10**4
            section, digit = 0, None
        elif c == "亿" and text[i - 1 : i] == "万":  # 万亿 = 10^12
            zhao = ((wan + section + (digit or 0)) or 1) * 10**12
            wan, section, digit = 0, 0, None
        elif c == "亿":
            yi = ((wan + section + (digit or 0)) or 1) * 10**8
            wan, section, digit = 0, 0, None
    return zhao + yi + wan + section + (digit or 0)


def _cn_below_10000(n: int, leading: bool) -> str:
    out = ""
    zero = False
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        if unit == 10 and d == 1 and not out and leading:
            out += "十"  # 十五, not 一十五
        else:
            out += "一二三四五六七八九"[d - 1] + ch
    return out


def int_to_cn(n: int) -> str:
    """Write a non-negative integer below 10^16 as a Chinese reader says it (一万零一, 十五)."""
    if n < 0 or n >= 10**16:
        raise ValueError("out of range")
    if n == 0:
        return "零"
    groups = [n // 10**12, n // 10**8 % 10**4, n // 10**4 % 10**4, n % 10**4]
    names = ["万亿", "亿", "万", ""]
    out = ""
    pending_zero = False
    for g, name in zip(groups, names, strict=True):
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or g < 1000):
            out += "零"
        out += _cn_below_10000(g, leading=not out) + name
        pending_zero = False
    return out


MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10**12), "千亿": Decimal(10**11), "百亿": Decimal(10**10),
    "亿": Decimal(10**8), "千万": Decimal(10**7), "百万": Decimal(10**6), "万": Decimal(10**4),
}


def parse_amount(text: str) -> Decimal:
    """A number with an optional trailing magnitude, as an exact Decimal:
    1.4万 → 14000, 5562.47亿 → 556247000000, 千亿 → 10^11, 1.4万亿 → 1.4×10^12, 两千 → 2000."""
    s = normalize(text).replace(",", "").strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|千亿|百亿|亿|千万|百万|万)?", s)
    if m:
        return Decimal(m[1]) * (MAGNITUDES[m[2]] if m[2] else 1)
    return Decimal(cn_to_int(s))


# -- finding numbers in text ---------------------------------------------------------------

#: measure words and units that may follow a number (longest first)
UNIT_WORDS: tuple[str, ...] = tuple(sorted((
    "个百分点", "百分点", "元", "美元", "标箱", "平方公里", "公里", "吨标准煤", "吨", "亩",
    "人次", "人", "户", "家", "辆", "台", "列", "件", "个月", "个", "项", "条", "座", "所",
    "名", "位", "次", "倍", "分", "年", "天", "小时", "GW", "MW", "千瓦", "千米", "米",
    "套", "张", "株", "棵", "处", "部", "批", "支", "场", "届", "篇", "只", "头", "艘",
    "架", "单", "例", "宗", "票", "间", "层", "所", "班", "趟", "篇",
), key=len, reverse=True))

#: measure words after which a Chinese numeral is read as a count (三个, 十条)
CN_COUNT_WORDS = ("个", "条", "项", "家", "座", "所", "名", "列", "台", "户", "位", "倍", "批", "处")

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN = r"[零〇○一二两三四五六七八九十百千万亿]+"
_MAG = r"(?:万亿|千亿|百亿|亿|千万|百万|万)"

PREFIX_QUALIFIERS: tuple[tuple[str, ValueQualifier], ...] = (
    ("首次突破", ValueQualifier.PASSED), ("首破", ValueQualifier.PASSED),
    ("突破", ValueQualifier.PASSED), ("跨过", ValueQualifier.PASSED),
    ("跨上", ValueQualifier.PASSED), ("迈上", ValueQualifier.PASSED),
    ("迈入", ValueQualifier.PASSED), ("站上", ValueQualifier.PASSED),
    ("破", ValueQualifier.PASSED),
    ("超过", ValueQualifier.MORE_THAN), ("超出", ValueQualifier.MORE_THAN),
    ("逾", ValueQualifier.MORE_THAN), ("超", ValueQualifier.MORE_THAN),
    ("不低于", ValueQualifier.MORE_THAN), ("高于", ValueQualifier.MORE_THAN),
    ("逼近", ValueQualifier.NEARLY), ("接近", ValueQualifier.NEARLY),
    ("将近", ValueQualifier.NEARLY), ("近", ValueQualifier.NEARLY),
    ("大约", ValueQualifier.ABOUT), ("约", ValueQualifier.ABOUT),
)
SUFFIX_QUALIFIERS: tuple[tuple[str, ValueQualifier], ...] = (
    ("以上", ValueQualifier.MORE_THAN), ("多", ValueQualifier.MORE_THAN),
    ("余", ValueQualifier.MORE_THAN), ("左右", ValueQualifier.ABOUT),
)


@dataclass(frozen=True)
class Number:
    """One number found in a text."""

    start: int  # span of the whole expression (qualifier words included) in the text
    end: int
    text: str  # as printed
    value: float  # the mantissa, with the unit's magnitude left in ``unit``
    unit: str  # as printed, magnitude included: 亿元, 万列, %, 个百分点, 倍, 家, "" (bare)
    qualifier: ValueQualifier = ValueQualifier.EXACT
    estimated: bool = False  # 预计
    upper: float | None = None  # the upper end of a range (3-5个)
    form: str = "plain"  # plain, chinese, percent, points, ratio, fraction, multiple, range, magnitude

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def _to_float(text: str) -> float:
    return float(Decimal(text.replace(",", "")))


def _qualifier_before(text: str, start: int) -> tuple[ValueQualifier, int, bool]:
    """Qualifier words just before ``start``; returns (qualifier, new start, estimated)."""
    q, s = ValueQualifier.EXACT, start
    head = text[max(0, start - 6) : start]
    for word, qual in PREFIX_QUALIFIERS:
        if head.endswith(word):
            q, s = qual, start - len(word)
            break
    estimated = "预计" in text[max(0, s - 4) : s]
    return q, s, estimated


def _unit_after(text: str, pos: int) -> str:
    for w in UNIT_WORDS:
        if text.startswith(w, pos):
            return w
    return ""


_NUMBER = re.compile(
    rf"(?P<struct>(?<![\d.])\d+(?:\.\d+)?(?::\d+(?:\.\d+)?){{2,}})"
    rf"|(?P<frac>(?<![\d.]){_ARABIC}/{_ARABIC})"
    rf"|(?P<ratio>(?<![\d.])\d+(?:\.\d+)?:\d+(?:\.\d+)?)"
    rf"|(?P<pct_cn>百分之{_CN}(?:点[零〇一二三四五六七八九]+)?)"
    rf"|(?P<arabic>{_ARABIC}(?:\s?[-—–~～至到]\s?{_ARABIC})?)"
    rf"|(?P<fan>翻(?:一|两|三|四|[0-9])番|翻倍)"
    rf"|(?P<cn>{_CN})"
)


def find_numbers(text: str) -> list[Number]:
    """Every number in ``text`` (normalised for width), left to right. Context decides which of
    them are facts (see planwatch.facts.extract); this reader only reads."""
    text = normalize(text)
    out: list[Number] = []
    pos = 0
    while (m := _NUMBER.search(text, pos)) is not None:
        if m.lastgroup == "struct":  # 三次产业结构3.0:43.4:53.6: each part is a share
            at = m.start()
            for part in m[0].split(":"):
                out.append(Number(start=at, end=at + len(part), text=part, value=_to_float(part),
                                  unit="", qualifier=ValueQualifier.EXACT, estimated=False,
                                  upper=None, form="structure"))
                at += len(part) + 1
            pos = m.end()
            continue
        n = _read_match(text, m)
        if n is not None:
            out.append(n)
            pos = max(n.end, m.end())
        else:
            pos = m.end()
    return out


def _skip_space(text: str, pos: int) -> int:
    """Skip one space between a number and its magnitude or unit (``5562.47 亿元``)."""
    if text[pos : pos + 1] in (" ", "\u3000", "\xa0") and pos + 1 < len(text):
        nxt = text[pos + 1]
        if nxt in "多余千百万亿%" or _unit_after(text, pos + 1):
            return pos + 1
    return pos


def _read_match(text: str, m: re.Match[str]) -> Number | None:
    kind = m.lastgroup
    if kind == "frac":
        a, b = m[0].split("/")
        if _to_float(b) == 0:
            return None
        return _finish(text, m.start(), m.end(), 100 * _to_float(a) / _to_float(b), "%", "fraction")
    if kind == "ratio":
        left, right = (float(x) for x in m[0].split(":"))
        if left == 0:
            return None
        return _finish(text, m.start(), m.end(), right / left, "", "ratio")
    if kind == "pct_cn":
        return _finish(text, m.start(), m.end(), _cn_decimal(m[0][3:]), "%", "percent")
    if kind == "fan":
        times = {"倍": 1, "一": 1, "两": 2, "三": 3, "四": 4}.get(m[0][1])
        k = times if times is not None else int(m[0][1])
        return _finish(text, m.start(), m.end(), float(2**k), "倍", "multiple", unit_done=True)
    if kind == "arabic":
        return _read_arabic(text, m)
    return _read_chinese(text, m)


def _cn_decimal(text: str) -> float:
    whole, _, frac = text.partition("点")
    value = float(cn_to_int(whole)) if whole else 0.0
    if frac:
        value = float(f"{int(value)}." + "".join(str(CN_DIGITS[c]) for c in frac))
    return value


def _read_arabic(text: str, m: re.Match[str]) -> Number | None:
    raw = m[0]
    parts = re.split(r"\s?[-—–~～至到]\s?", raw)
    value = _to_float(parts[0])
    upper = _to_float(parts[1]) if len(parts) > 1 else None
    pos = _skip_space(text, m.end())
    # 6千亿 / 1.4万亿 / 5562.47亿: the magnitude (千, 百 folded into the value)
    mag = re.match(r"(多|余)?(千|百)?(万亿|亿|万)?", text[pos:])
    assert mag is not None
    suffix_q = ValueQualifier.MORE_THAN if mag[1] else None
    if mag[2] and not mag[3]:
        mag = re.match(r"(多|余)?", text[pos:])  # a bare 5千 is rare: leave it
        assert mag is not None
    else:
        factor = {"千": 1000, "百": 100}.get(mag[2] or "", 1)
        value *= factor
        upper = upper * factor if upper is not None else None
    pos += len(mag[0])
    magnitude = mag[3] if mag.lastindex and mag.lastindex >= 3 and mag[3] else ""
    form = "range" if upper is not None else ("magnitude" if magnitude else "plain")
    if text.startswith("%", pos):
        return _finish(text, m.start(), pos + 1, value, "%", "percent", upper=upper,
                       suffix_q=suffix_q, unit_done=True)
    return _finish(text, m.start(), pos, value, magnitude, form, upper=upper, suffix_q=suffix_q)


def _read_chinese(text: str, m: re.Match[str]) -> Number | None:
    raw = m[0]
    start, end = m.start(), m.end()
    if all(c in CN_BIG for c in raw):
        return None  # 万亿台阶: a magnitude with no number
    # a magnitude alone (千亿, 百亿, 万亿, 一万亿): mantissa and magnitude split as printed
    mm = re.fullmatch(r"([零〇○一二两三四五六七八九十百千]*)(万亿|亿|万)", raw)
    if mm and mm[1] and mm[1][-1] in "千百" and len(mm[1]) == 1:
        value = float({"千": 1000, "百": 100}[mm[1]])
        return _finish(text, start, end, value, mm[2], "magnitude")
    if mm and mm[1]:
        try:
            value = float(cn_to_int(mm[1]))
        except ValueError:
            return None
        return _finish(text, start, end, value, mm[2], "magnitude")
    try:
        value = float(cn_to_int(raw))
    except ValueError:
        return None
    return _finish(text, start, end, value, "", "chinese")


def _with_unit(text: str, end: int, unit: str, form: str) -> tuple[str, int, str]:
    end = _skip_space(text, end) if _unit_after(text, _skip_space(text, end)) else end
    word = _unit_after(text, end)
    if not word:
        return unit, end, form
    if word in ("个百分点", "百分点"):
        return "个百分点", end + len(word), "points"
    return unit + word, end + len(word), form


def _finish(
    text: str, start: int, end: int, value: float, unit: str, form: str, *,
    upper: float | None = None, suffix_q: ValueQualifier | None = None, unit_done: bool = False,
) -> Number:
    printed_start = start
    q, start, estimated = _qualifier_before(text, start)
    if suffix_q is None and text.startswith(("多", "余"), end) and not unit_done:
        suffix_q, end = ValueQualifier.MORE_THAN, end + 1
    if not unit_done and form not in ("ratio", "fraction"):
        unit, end, form = _with_unit(text, end, unit, form)
    for word, qual in SUFFIX_QUALIFIERS:
        if word in ("多", "余") and not unit_done:
            continue
        if text.startswith(word, end):
            suffix_q, end = qual, end + len(word)
            break
    if q is ValueQualifier.EXACT and suffix_q is not None:
        q = suffix_q
    if q is ValueQualifier.EXACT and estimated:
        q = ValueQualifier.ESTIMATED
    if form == "magnitude" and text.startswith("级", end):
        end += 1
        if unit in ("亿", "万亿", "万"):
            unit += "元"  # 千亿级 (产业集群): an amount of money in Chinese economic prose
        if q is ValueQualifier.EXACT:
            q = ValueQualifier.PASSED
    return Number(
        start=start, end=end, text=text[printed_start:end], value=value, unit=unit,
        qualifier=q, estimated=estimated, upper=upper,
        form="multiple" if unit == "倍" else form,
    )
