"""Timing goals of other issues, reserved here until their modules register the real
benchmark (same name, with :func:`bench.registry.benchmark`, in a module of this package)."""

from __future__ import annotations

from bench.registry import pending

pending("parse-seeds", title="解析全部五份种子文件", goal="合计 < 2 秒", issue=3)
pending("extract-facts", title="从五份种子文件抽取数字事实", goal="合计 < 2 秒", issue=4)
pending("report-midterm", title="生成40项指标的中期评估报告（含图表）", goal="< 10 秒", issue=7)
