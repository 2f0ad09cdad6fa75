"""Reusable checks for every screen and every generated document (issue 12).

Use them on any page you add:

* :func:`latin_words` / :func:`assert_chinese` — Latin-letter words in user-facing text outside
  a short allowlist (GDP, R&D, PM2.5, Excel, Word, PDF, JSON …). Codes may stay in JSON, in
  tooltips (``title=``) and in elements marked ``data-code`` or ``<code>``; visible text is what a
  reader sees and must be Chinese.
* :func:`visible_text` — the text of a Playwright page a reader sees (code elements left out).
* :func:`overflowing` / :func:`assert_fits` — elements that stick out of the viewport (sideways
  scrolling on a phone) and a screenshot kept under ``test-artifacts/``.
* :func:`docx_text`, :func:`xlsx_text`, :func:`html_text` — the text of generated reports.
* :data:`VIEWPORTS` — the desk and phone sizes every page is checked at.

``tests/test_screens.py`` applies them to every page in ``tests/test_security_matrix.MATRIX``
for every role allowed to see it, so a page added to the matrix is checked automatically.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

VIEWPORTS: dict[str, dict[str, int]] = {
    "desk": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}

#: Latin words a Chinese reader meets in official texts (compared case-sensitively, except that
#: a unit or a symbol may be written in lower case: km, kg, m³ …)
ALLOWED_WORDS: frozenset[str] = frozenset({
    "GDP", "R&D", "PM2.5", "PM10", "Excel", "Word", "PDF", "JSON", "API", "ICP", "CO₂", "CO2",
    "HTML", "CSV", "URL", "ID", "IP", "AI", "5G", "4G", "IT", "ICT", "App", "APP", "CPI", "PPI",
    "km", "kg", "kW", "kWh", "MW", "GW", "t", "m", "m²", "m³", "km²", "mm", "cm", "ha", "Mbps",
    "Gbps", "TB", "GB", "MB", "KB", "planwatch", "ECharts",
    "SDG", "SDGs", "UN", "OECD", "T", "xlsx", "docx", "html", "pdf", "csv", "txt",
    "json", "wps", "doc", "xls", "et", "CAGR", "NUTS", "CSRF", "SMTP", "VOCs", "COD", "NOx",
    "SO2", "SO₂", "AQI", "O3", "O₃", "WHO", "IPO", "B2B", "B2C", "O2O", "5A", "4A", "3A", "A",
    "AAA", "AA", "e", "www", "http", "https",
    # names printed in the plans themselves (G60科创走廊, 下一代互联网 IPv6)
    "G60", "IPv6",
})

# a "word": letters, digits and the signs that belong inside (R&D, PM2.5, CO₂, m³)
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&.₂³²_\-]*")
_MATH = re.compile(r"^(?:[A-Za-z](?:_[A-Za-z0-9]{1,4})?|ln|exp|log)$")


def latin_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Latin-letter words in ``text`` outside the allowlist (and ``allowed``), in order of first
    appearance, each once. URLs (``https://…``) and e-mail addresses are left out: a link's
    address is not prose."""
    allow = ALLOWED_WORDS | set(allowed)
    text = re.sub(r"https?://\S+|[\w.+-]+@[\w-]+\.[\w.]+|\b[\w-]+\.(?:gov|com|org|net|cn)\S*",
                  " ", text)
    seen: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip(".-_")
        if not word or word in allow or word.lower() in {"xlsx", "docx", "pdf", "html", "csv"}:
            continue
        if _MATH.match(word):  # a variable in a formula: p, x_t, p_lin, ln
            continue
        seen.setdefault(word, None)
    return list(seen)


def assert_chinese(text: str, where: str, allowed: Iterable[str] = ()) -> None:
    words = latin_words(text, allowed)
    assert not words, f"{where}: Latin words on a Chinese surface: {words[:30]}"


# -- browser pages ------------------------------------------------------------------------------

#: visible text without code elements (<code>, [data-code]), scripts and hidden elements
_VISIBLE_TEXT = """() => {
  const skip = (el) => el.closest('code, kbd, script, style, [data-code], [hidden], template');
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walk.nextNode())) {
    const el = n.parentElement;
    if (!el || skip(el)) continue;
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') continue;
    out.push(n.nodeValue);
  }
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach(
    (e) => out.push(e.getAttribute('placeholder')));
  document.querySelectorAll('option').forEach((e) => { if (!skip(e)) out.push(e.textContent); });
  out.push(document.title);
  return out.join('\\n');
}"""

#: chart texts (axis names, legends, labels) drawn on canvases: from the ECharts options
_CHART_TEXT = """() => {
  if (!window.echarts) return '';
  const out = [];
  document.querySelectorAll('[data-drawn]').forEach((el) => {
    const inst = echarts.getInstanceByDom(el);
    if (!inst) return;
    const o = inst.getOption();
    const pick = (v) => { if (typeof v === 'string') out.push(v); };
    (o.title || []).forEach((t) => { pick(t.text); pick(t.subtext); });
    (o.legend || []).forEach((l) => (l.data || []).forEach((d) => pick(d && d.name || d)));
    (o.series || []).forEach((s) => { pick(s.name); });
    ['xAxis', 'yAxis'].forEach((k) => (o[k] || []).forEach((a) => {
      pick(a.name); (a.data || []).forEach((d) => pick(d && d.value || d)); }));
    (o.visualMap || []).forEach((v) => (v.text || []).forEach(pick));
  });
  return out.join('\\n');
}"""

#: elements whose box sticks out of the viewport to the right (or the page is wider than it);
#: elements inside a sideways-scrolling container (overflow-x auto/scroll) are fine: the
#: container scrolls, not the page
_OVERFLOW = """() => {
  const vw = document.documentElement.clientWidth;
  const bad = [];
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 1 || r.left < -1) && !scrolls(el)) {
      const id = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      bad.push(id + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
      if (bad.length >= 15) break;
    }
  }
  const sw = document.documentElement.scrollWidth;
  if (sw > vw + 1) bad.unshift('page scrollWidth ' + sw + ' > viewport ' + vw);
  return bad;
}"""


def visible_text(page: Any) -> str:
    """What a reader sees on the page (and the texts drawn in its charts)."""
    return str(page.evaluate(_VISIBLE_TEXT)) + "\n" + str(page.evaluate(_CHART_TEXT))


def overflowing(page: Any) -> list[str]:
    """Elements sticking out of the viewport sideways (empty when the page fits)."""
    return list(page.evaluate(_OVERFLOW))


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot kept under test-artifacts/ (name made file-safe)."""
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^\w.\-]+", "_", name).strip("_")
    path = ARTIFACTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_fits(page: Any, name: str) -> None:
    """Screenshot the page, then assert that nothing is wider than the viewport."""
    shot(page, name)
    bad = overflowing(page)
    assert not bad, f"{name}: wider than the viewport: {bad}"


def wait_for_charts(page: Any) -> None:
    """Wait until every chart box on the page has been drawn (app.js sets data-drawn)."""
    page.wait_for_load_state("load")
    boxes = page.locator(".chart").count()
    if boxes:
        page.wait_for_function(
            "() => [...document.querySelectorAll('.chart')].every(e => e.dataset.drawn)",
            timeout=90000)


# -- generated documents ------------------------------------------------------------------------

def docx_text(path: Path) -> str:
    """Every text run of a .docx (body, headers, footers, footnotes, comments)."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                out.extend(re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", xml))
    return "\n".join(out)


def xlsx_text(path: Path) -> str:
    """Every cell value a reader sees in a workbook: sheet names and the cells of visible sheets,
    rows and columns (hidden key sheets and columns for machines are left out), and the input
    prompts and error messages of validated cells."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=False)
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        out.append(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                letter = getattr(cell, "column_letter", None)
                if letter and ws.column_dimensions[letter].hidden:
                    continue
                if ws.row_dimensions[cell.row].hidden:
                    continue
                if isinstance(cell.value, str):
                    out.append(cell.value)
        for dv in getattr(ws.data_validations, "dataValidation", []):
            out.extend(s for s in (dv.prompt, dv.error, dv.promptTitle, dv.errorTitle) if s)
    return "\n".join(out)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self._skip: list[str] = []  # open elements whose text is not prose

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip and tag == self._skip[-1]:
            self._skip.append(tag)
        elif tag in ("script", "style", "code") or any(k == "data-code" for k, _ in attrs):
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)


def html_text(html: str) -> str:
    """The readable text of an HTML document (scripts, styles and code left out)."""
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.out)
