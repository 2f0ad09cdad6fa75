"""Key tasks (重点任务) read from a plan's task sections and its 专栏 boxes (issue 16).

A task section is a top-level section whose heading names tasks (``四、主要任务``,
``六、重点任务``, ``第三篇 …任务``). Inside it the printed numbering gives the hierarchy:

* ``（一）…行动`` — an action (行动/战略方向);
* ``1．…`` — a task of that action (numbers must follow on: 1, 2, 3 …);
* ``（1）…`` / ``(1)`` / ``①`` / ``一是…`` — a sub-task.

A 专栏 box (``专栏2：市区六大万亩工业平台“比拼赛马”重点任务``) anywhere in the document gives
box tasks from its numbered items (``一、强化重大项目招引。…``); a box goes on as long as its
numbering follows on, so items printed after the box's frame (as in seed 004) still belong to it.
Unnumbered box entries (``金华科技城：重点布局…``) are descriptions, not tasks.

Each task keeps its text as printed, its section, its source (line/page/paragraph), the time
nodes it names (``到2023年``) and the numbers it names. Pure: works on :class:`Blocks` only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from planwatch.issues import Issue
from planwatch.parsers.blocks import Blocks, Paragraph, Table
from planwatch.parsers.result import Source

CN_NUM = "一二三四五六七八九十"

_TOP = re.compile(r"^(?P<num>[一二三四五六七八九十]+)、\s*(?P<title>\S.*)$")
_CHAPTER = re.compile(r"^第(?P<num>[一二三四五六七八九十]+)[篇章]\s*(?P<title>\S.*)$")
_ACTION = re.compile(r"^[（(](?P<num>[一二三四五六七八九十]+)[）)]\s*(?P<title>\S.*)$")
_TASK = re.compile(r"^(?P<num>\d{1,2})\s*[．.、](?!\d)\s*(?P<title>\S.*)$")
_SUB = re.compile(
    r"^(?:[（(](?P<num>\d{1,2})[）)]|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩])|(?P<shi>[一二三四五六七八九十]+)是)\s*(?P<title>\S.*)$")
_BOX = re.compile(r"^专栏\s*(?P<num>\d{1,2}|[一二三四五六七八九十]+)\s*[:：]?\s*(?P<title>\S.*)?$")
_TASK_SECTION = re.compile(r"任务|行动|工程")
_TIME_NODE = re.compile(
    r"(?:(?:力争|争取|确保)\s*)?(?:到|至|在|于)?\s*(?:20\d{2})\s*年(?:底|末|前|上半年|年底)?"
    r"|(?:十四五|“十四五”)(?:期间|时期|末)|每年|年均")
_NUMBER = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)(?:\s*[~～\-—至]\s*\d+(?:\.\d+)?)?\s*(?P<mul>万|亿)?\s*"
    r"(?P<unit>元/亩|亿元|万元|元|家|个百分点|个|项|件|台|条|人|亩|%|所|座|辆|吨|平方公里|公里|万平方米|平方米)"
    r"(?P<qual>以上|左右|以内|以下)?")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_SENTENCE_END = "。；！？"


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20."""
    if not text:
        return 0
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CN_NUM.index(text[1]) + 1
    if len(text) == 2 and text.endswith("十"):
        return (CN_NUM.index(text[0]) + 1) * 10
    if len(text) == 3 and text[1] == "十":
        return (CN_NUM.index(text[0]) + 1) * 10 + CN_NUM.index(text[2]) + 1
    return CN_NUM.index(text[0]) + 1 if text[0] in CN_NUM else 0


@dataclass
class ParsedTask:
    """One action, task, sub-task or box task, as printed."""

    key: str  # "4-1-2" in section 四 (action 一, task 2); "box2-3" for 专栏2 item 三
    kind: str  # action | task | subtask | box
    number: str  # the printed number: （一） 1． （1） 一、
    title: str  # heading as printed (continuation lines joined)
    text: str  # heading and body as printed
    section: str  # where it stands: 四、主要任务 / 专栏2：…
    source: Source
    parent: str | None = None
    box: str | None = None  # 专栏2：市区六大万亩工业平台“比拼赛马”重点任务
    end_line: int | None = None
    time_nodes: list[str] = field(default_factory=list)
    numbers: list[dict[str, Any]] = field(default_factory=list)
    position: int = 0

    def finish(self) -> None:
        self.text = self.text.strip()
        self.time_nodes = _time_nodes(self.text)
        self.numbers = _numbers(self.text)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "text": self.text,
            "section": self.section,
            "parent": self.parent,
            "box": self.box,
            "time_nodes": self.time_nodes,
            "numbers": self.numbers,
            "source": self.source.as_dict(),
            "end_line": self.end_line,
            "position": self.position,
        }


def _time_nodes(text: str) -> list[str]:
    out: list[str] = []
    for m in _TIME_NODE.finditer(text):
        node = re.sub(r"\s+", "", m[0])
        if node not in out:
            out.append(node)
    return out


def _numbers(text: str) -> list[dict[str, Any]]:
    out = []
    for m in _NUMBER.finditer(text):
        # a year ("2025年") is a time node, not a number; "G60" is a name
        if m.start() > 0 and re.match(r"[A-Za-z]", text[m.start() - 1]):
            continue
        value = float(m["num"])
        unit = (m["mul"] or "") + m["unit"]
        out.append({"text": m[0], "value": value, "unit": unit, "qualifier": m["qual"] or None})
    return out


@dataclass(frozen=True)
class _Line:
    text: str
    line: int | None
    page: int | None
    ref: str | None
    boxed: bool  # read from a table (a 专栏 frame)


def _lines(doc: Blocks) -> list[_Line]:
    out: list[_Line] = []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            t = b.text.strip()
            if t:
                out.append(_Line(t, b.line, b.page, b.ref, False))
        elif isinstance(b, Table):
            if b.caption:
                out.append(_Line(b.caption.strip(), b.caption_line, b.page, None, True))
            for row in b.rows:
                for c in row:
                    t = c.text.strip()
                    if t:
                        out.append(_Line(t, c.line, c.page, c.ref, True))
    return out


def _source(doc: Blocks, ln: _Line) -> Source:
    return Source(file=doc.file, line=ln.line, page=ln.page, cell=ln.ref)


def _inline(title: str) -> tuple[str, bool]:
    """A heading with its body on the same line (``一、强化重大项目招引。牢固树立…``): the
    heading before the first full stop, and True."""
    for i, ch in enumerate(title):
        if ch in "。；" and i <= 40:
            return title[:i], True
    return title, False


def _is_continuation(ln: _Line, nxt: _Line | None) -> bool:
    """A heading broken over two lines (seed 004 line 566–567: ``（二）实施科技创新“培原造峰”`` /
    ``行动，打造G60科创走廊金南翼``): a short next line without a full stop and no number."""
    if len(ln.text) > 40 or any(c in ln.text for c in _SENTENCE_END):
        return False
    if _numbered(ln.text):
        return False
    return nxt is None or bool(_numbered(nxt.text))


def _numbered(text: str) -> bool:
    return bool(_TOP.match(text) or _ACTION.match(text) or _TASK.match(text) or _SUB.match(text)
                or _BOX.match(text) or _CHAPTER.match(text))


def parse_tasks(doc: Blocks) -> tuple[list[ParsedTask], list[Issue]]:  # noqa: C901, PLR0915 - one pass over the printed numbering, every level's rule side by side
    """Every action, task, sub-task and box task in the document, in printed order."""
    lines = _lines(doc)
    tasks: list[ParsedTask] = []
    issues: list[Issue] = []
    section: str | None = None  # the task section's heading, when inside one
    section_no = 0
    action: ParsedTask | None = None
    task: ParsedTask | None = None
    sub: ParsedTask | None = None
    box: str | None = None
    box_no = ""
    box_last = 0
    box_item: ParsedTask | None = None
    current: ParsedTask | None = None  # the task that body lines go to
    last_task_no = 0
    i = 0

    def add(t: ParsedTask) -> ParsedTask:
        t.position = len(tasks) + 1
        tasks.append(t)
        return t

    def close() -> None:
        nonlocal current
        current = None

    while i < len(lines):
        ln = lines[i]
        text = ln.text
        nxt = lines[i + 1] if i + 1 < len(lines) else None

        # a 专栏 box starts
        if (m := _BOX.match(text)) and len(text) <= 60:
            box = re.sub(r"\s+", "", text)
            box_no = m["num"] if m["num"].isdigit() else str(cn_number(m["num"]))
            box_last = 0
            box_item = None
            close()
            i += 1
            continue
        if box is not None:
            m_top = _TOP.match(text) or _TASK.match(text)
            if m_top:
                n = cn_number(m_top["num"]) if not m_top["num"].isdigit() else int(m_top["num"])
                title, inline = _inline(m_top["title"])
                if n == box_last + 1 and (inline or ln.boxed):
                    box_last = n
                    number = text[: len(text) - len(m_top["title"])].strip()
                    box_item = add(ParsedTask(
                        key=f"box{box_no}-{n}", kind="box", number=number, title=title.strip(),
                        text=text, section=box, box=box, source=_source(doc, ln), end_line=ln.line))
                    current = box_item
                    i += 1
                    continue
            if ln.boxed:
                if current is not None and current.box == box:
                    current.text += text
                    current.end_line = ln.line
                i += 1
                continue
            # a paragraph after the frame that does not follow on ends the box
            box = None
            box_item = None
            close()

        # top-level headings: enter or leave a task section
        m = _TOP.match(text) or _CHAPTER.match(text)
        if m and len(text) <= 40 and not any(c in text for c in "。；"):
            if _TASK_SECTION.search(m["title"]) and not re.search(r"保障|措施|目标|思路", m["title"]):
                section = re.sub(r"\s+", "", text)
                section_no = cn_number(m["num"])
                last_task_no = 0
            else:
                section = None
            action = task = sub = None
            close()
            i += 1
            continue
        if section is None:
            i += 1
            continue

        if (m := _ACTION.match(text)) and not any(c in m["title"] for c in "。"):
            n = cn_number(m["num"])
            title = m["title"].strip()
            line_end = ln.line
            if nxt is not None and _is_continuation(nxt, lines[i + 2] if i + 2 < len(lines) else None):
                title += nxt.text.strip()
                line_end = nxt.line
                i += 1
            action = add(ParsedTask(
                key=f"{section_no}-{n}", kind="action", number=f"（{m['num']}）", title=title,
                text=title, section=section, source=_source(doc, ln), end_line=line_end))
            task = sub = None
            current = action
            i += 1
            continue
        if action is not None and (m := _TASK.match(text)):
            n = int(m["num"])
            title, inline = _inline(m["title"])
            # numbers start again under each action, or run on through the section (seed 003)
            if n == last_task_no + 1 or (n == 1 and task is None):
                number = text[: len(text) - len(m["title"])].strip()
                task = add(ParsedTask(
                    key=f"{action.key}-{n}", kind="task", number=number, title=title.strip(),
                    text=text, section=section, parent=action.key, source=_source(doc, ln),
                    end_line=ln.line))
                sub = None
                last_task_no = n
                current = task
                i += 1
                continue
            if task is not None and inline:  # 2. 培育“隐形冠军”企业。… inside a task: a sub-task
                sub = _add_sub(doc, ln, task, sub, text[: len(text) - len(m["title"])].strip(),
                               title, add)
                current = sub
                i += 1
                continue
        if task is not None and (m := _SUB.match(text)):
            title, _ = _inline(m["title"])
            number = text[: len(text) - len(m["title"])].strip()
            sub = _add_sub(doc, ln, task, sub, number, title, add)
            current = sub
            i += 1
            continue
        if current is not None:
            current.text += _joiner(current.text) + text
            current.end_line = ln.line
            # the body of a sub-task also belongs to its task
            if current.kind == "subtask" and task is not None:
                task.text += _joiner(task.text) + text
                task.end_line = ln.line
            if current.kind in ("task", "subtask") and action is not None:
                action.end_line = ln.line
        i += 1
    for t in tasks:
        t.finish()
    return tasks, issues


def _joiner(before: str) -> str:
    """A new printed paragraph after a full stop or a heading; a line broken mid-sentence
    (seed 004 line 553) joins without a break."""
    if not before or before.endswith(tuple("。！？；：")) or "\n" not in before and _numbered(before):
        return "\n"
    return ""


def _add_sub(doc: Blocks, ln: _Line, task: ParsedTask, prev: ParsedTask | None, number: str,
             title: str, add: Any) -> ParsedTask:
    n = int(prev.key.rsplit("-", 1)[1]) + 1 if prev is not None and prev.parent == task.key else 1
    t: ParsedTask = add(ParsedTask(
        key=f"{task.key}-{n}", kind="subtask", number=number, title=title.strip(), text=ln.text,
        section=task.section, parent=task.key, source=_source(doc, ln), end_line=ln.line))
    task.text += "\n" + ln.text
    task.end_line = ln.line
    return t


def requirement(t: ParsedTask) -> str:
    """The plan's words for a task, for 【规划要求】: its text as printed."""
    return t.text


__all__ = ["ParsedTask", "cn_number", "parse_tasks"]
