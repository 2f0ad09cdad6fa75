"""Quantitative targets stated in prose: 力争到2025年，全市规上工业企业达到7000家以上，
“专精特新”入库企业2000家以上，培育500家左右青春期企业 → three narrative targets.

Only sentences with a target year (到2025年) are read. A sentence is split into clauses at
"，" and "；"; a clause with "分别" pairs its subjects with its values; a clause listing several
quantities with "、" gives one target each. The quantity taken is the one that ends the clause
(…项目150个以上), else the first one (培育500家左右青春期企业 — the subject follows).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from planwatch.model import Qualifier
from planwatch.parsers.blocks import Blocks, Paragraph
from planwatch.parsers.result import ParsedNarrative, Source

_TRIGGER = re.compile(r"(力争|争取|确保)?\s{0,3}(?<!截)(?:到|至)\s{0,3}((?:20)\d{2})\s{0,3}年(?:底|末)?\s{0,3}[，,]?\s{0,3}(力争|争取)?")
#: a number starts where a run of digits starts and has at most 15 digits, so a run of a million
#: digits costs one attempt, not a million overlapping ones (H-1)
_QTY = re.compile(
    r"(?P<pre>突破|超过|超|达到|不低于|不少于|约)?(?<![\d.])(?P<num>\d{1,15}(?:\.\d{1,9})?)\s{0,3}(?P<mul>万|亿)?\s{0,3}"
    r"(?P<unit>元/亩|元/人|元|家|个百分点|个|项|件|台|条|人|亩|%|所|座|辆|吨|平方公里|公里)"
    r"(?P<qual>以上|左右|以内|以下)?"
)
_LEAD_WORDS = re.compile(
    r"^(?:力争|争取|确保|全市|全区|全县|累计|完成|培育形成|引进和培育|培育|新增|创建|建设|招引|实施|争创|打造|服务|形成|建成|"
    r"达到|突破|超过|超|达)+"
)
_TAIL_WORDS = re.compile(r"(?:分别)?(?:达到|突破|超过|超|达|提高到|提升到|增加到|控制在|为)$")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[．.、])\s*\S")
_END = "。！？!?"
_END_RE = re.compile(f"[{_END}]")


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: float
    unit: str
    qualifier: Qualifier


#: at most this many prose targets per document: a real plan states a few hundred; past this
#: the extraction stops and says so (``too-many-targets``) instead of tying up the server (H-1)
MAX_NARRATIVE_TARGETS = 5000


class TooManyTargets(Exception):
    """The document states more prose targets than :data:`MAX_NARRATIVE_TARGETS`."""


def extract_narrative_targets(doc: Blocks, *, from_year: int | None = None,
                              limit: int = MAX_NARRATIVE_TARGETS) -> list[ParsedNarrative]:
    """Targets for years from ``from_year`` on (the plan's first year) found in the prose.

    Linear in the text: a target year's clauses run to the end of its sentence or to the next
    target year, whichever comes first, so a sentence of n clauses each naming 到2025年 gives n
    targets, not n(n+1)/2. Raises :class:`TooManyTargets` past ``limit`` targets."""
    out: list[ParsedNarrative] = []
    section: str | None = None
    for text, lines in _logical_paragraphs(doc.paragraphs):
        if _is_heading(text):
            section = text.strip()
            continue
        offsets = [off for off, _ in lines]
        ends = [e.start() for e in _END_RE.finditer(text)]
        triggers = list(_TRIGGER.finditer(text))
        for k, m in enumerate(triggers):
            if from_year and int(m[2]) < from_year:
                continue
            j = bisect.bisect_left(ends, m.end())
            end = ends[j] if j < len(ends) else len(text)
            if k + 1 < len(triggers):
                end = min(end, max(triggers[k + 1].start(), m.end()))
            body_start = m.end()
            inherited = False
            for clause, offset in _clauses(text[body_start:end]):
                inherit = inherited and not _VERB.match(clause)
                found = _targets(clause, inherit)
                inherited = any(t[2] for t in found) if found else inherited
                if len(out) + len(found) > limit:
                    raise TooManyTargets(limit)
                for t in found:
                    out.append(ParsedNarrative(
                        subject=_owned(t[0], section), value=t[1].value, unit=t[1].unit, qualifier=t[1].qualifier,
                        year=int(m[2]), source=_source_at(doc.file, lines, offsets, body_start + offset),
                        text=clause, stretch=bool((m[1] and m[1] != "确保") or m[3]), increment=t[2],
                        section=section,
                    ))
    return out


def _logical_paragraphs(paras: list[Paragraph]) -> list[tuple[str, list[tuple[int, Paragraph]]]]:
    """Paragraphs rejoined where text extraction broke a sentence over lines; each with the
    (offset, paragraph) of its pieces."""
    out: list[tuple[str, list[tuple[int, Paragraph]]]] = []
    text, lines = "", list[tuple[int, Paragraph]]()
    for p in paras:
        t = p.text.strip()
        if text and (_SECTION.match(t) or text[-1] in "。！？；：:!?" or _is_heading(text)):
            out.append((text, lines))
            text, lines = "", list[tuple[int, Paragraph]]()
        lines.append((len(text), p))
        text += t
    if text:
        out.append((text, lines))
    return out


def _owned(subject: str, section: str | None) -> str:
    """Under a numbered industry heading (1．纺织服装) a bare 规上工业总产值 is the industry's."""
    m = re.match(r"^\s*\d+[．.、]\s*(\S{2,10})$", section or "")
    if m and subject.startswith("规上") and m[1] not in subject:
        return m[1] + subject
    return subject


def _is_heading(text: str) -> bool:
    return bool(_SECTION.match(text)) and len(text) <= 40


def _source_at(file: str, lines: list[tuple[int, Paragraph]], offsets: list[int], offset: int) -> Source:
    i = max(bisect.bisect_right(offsets, offset) - 1, 0)
    best = lines[i][1]
    return Source(file, line=best.line, cell=best.ref, page=best.page)


def _clauses(body: str) -> list[tuple[str, int]]:
    out, start = [], 0
    for sep in re.finditer(r"[，,；;]|$", body):
        i = sep.start()
        piece = body[start:i].strip()
        if piece:
            out.append((piece, start))
        start = i + 1
    return out


def _quantities(text: str) -> list[_Quantity]:
    out = []
    for m in _QTY.finditer(text):
        value = float(m["num"])
        unit = m["unit"]
        if m["mul"]:
            if unit.startswith("元"):
                unit = m["mul"] + unit
            else:
                value *= 1e4 if m["mul"] == "万" else 1e8
        qual = m["qual"] or ""
        pre = m["pre"] or ""
        if qual == "以上" or pre in ("突破", "超过", "超", "不低于", "不少于"):
            q = Qualifier.AT_LEAST
        elif qual == "左右" or pre == "约":
            q = Qualifier.ABOUT
        elif qual in ("以内", "以下"):
            q = Qualifier.AT_MOST
        else:
            q = Qualifier.EXACT
        out.append(_Quantity(m.start("num") - len(pre), m.end(), value, unit, q))
    return out


_VERB = re.compile(r"^(?:力争|全市|累计|培育|建设|创建|招引|实施|淘汰|完成|服务|引进|达到|新增|打造|争创|形成)")


#: words saying the number is added during the period (新增, 累计培育, 招引, 淘汰 …), not a level
_INCREMENT = re.compile(r"新增|累计|招引|实施|淘汰|完成|创建")


def _targets(clause: str, inherit: bool = False) -> list[tuple[str, _Quantity, bool]]:
    level = re.search(r"达到|突破|超过|提高到|提升到|增加到", clause)
    increment = bool(_INCREMENT.search(clause)) or (inherit and not level)
    if "分别" in clause:
        paired = _paired(clause)
        if paired:
            return [(s, q, increment) for s, q in paired]
    pieces = [p for p in clause.split("、")]
    if len(pieces) > 1 and all(_quantities(p) for p in pieces):
        return [t for p in pieces if (t := _one(p, increment))]
    one = _one(clause, increment)
    return [one] if one else []


def _one(text: str, increment: bool) -> tuple[str, _Quantity, bool] | None:
    qs = _quantities(text)
    if not qs:
        return None
    last = qs[-1]
    if last.end >= len(text.rstrip()):
        subject = text[: last.start]
        q = last
    else:
        q = qs[0]
        subject = text[q.end :]
    return _clean(subject), q, increment


def _paired(clause: str) -> list[tuple[str, _Quantity]] | None:
    before, _, after = clause.partition("分别")
    qs = _quantities(after)
    subjects = [s for s in _clean(before).split("、") if s]
    if len(subjects) != len(qs) or len(qs) < 2:
        return None
    last = subjects[-1]
    subjects = [s if len(s) > 2 else s + last[len(s):] for s in subjects]
    qual = next((q.qualifier for q in qs if q.qualifier is not Qualifier.EXACT), Qualifier.EXACT)
    return [(s, q if q.qualifier is not Qualifier.EXACT else _with(q, qual))
            for s, q in zip(subjects, qs, strict=True)]


def _with(q: _Quantity, qual: Qualifier) -> _Quantity:
    return _Quantity(q.start, q.end, q.value, q.unit, qual)


def _clean(subject: str) -> str:
    s = subject.strip(" ，,、；;：:")
    s = _LEAD_WORDS.sub("", s)
    s = _TAIL_WORDS.sub("", s)
    return s.strip(" ，,、")
