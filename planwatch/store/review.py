"""The review queue: candidate values from facts, the web form, Excel imports and the API wait
for a reviewer, who accepts, corrects or rejects them.

* Accepting turns a candidate into an observation through the catalog's revision logic, with the
  candidate's source and the reviewer as provenance.
* The same value for the same key (statistic, region, period, kind, scope, rank_of) from a second
  document does not make a second observation: the candidate is linked to the existing one, so the
  observation shows both sources (:meth:`ReviewMixin.observation_sources`).
* A different value for the same key is flagged (``candidate.conflict``) when submitted and is
  never accepted silently: accepting it raises :class:`ConflictError` unless the reviewer says it
  is a revision (``as_revision=True``), which adds a new revision and overwrites nothing.
* Every decision carries the version the reviewer saw; a stale version raises ConflictError.
* Every submission and decision is appended to the audit log.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planwatch import model as m
from planwatch.errors import ConfigError, ConflictError, NotFound, PermissionDenied
from planwatch.store import rows, schema
from planwatch.store.catalog import CatalogMixin
from planwatch.store.core import now

ORIGINS = ("facts", "web", "excel", "api")


class CandidateState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"  # accepted with a corrected value; ``value`` keeps the original
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # taken back by its submitter while pending


STATE_LABELS = {"pending": "待审核", "accepted": "已接受", "corrected": "已更正并接受",
                "rejected": "已拒绝", "withdrawn": "已撤回"}


@dataclass(frozen=True)
class CandidateInput:
    """A value submitted for review. ``region`` is a region id; ``period`` a Period code."""

    origin: str  # facts, web, excel, api
    kind: str  # an ObservationKind value (or "target" for facts that are targets)
    value: float | None
    unit: str | None
    statistic: str | None = None
    indicator: str | None = None
    region: str | None = None
    period: str | None = None
    text: str | None = None  # the number as printed
    qualifier: str = "exact"
    scope: str | None = None
    rank_of: str | None = None
    status: str | None = None  # DataStatus of the value (estimated for 预计)
    explanation: str | None = None  # the submitter's note (web form, Excel comment)
    sentence: str | None = None  # the source sentence (facts)
    source: m.SourceRef = field(default_factory=m.SourceRef)


@dataclass(frozen=True)
class Candidate(CandidateInput):
    id: int = 0
    state: CandidateState = CandidateState.PENDING
    submitted_by: str = ""
    submitted_at: str = ""
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    review_comment: str | None = None
    observation_id: int | None = None
    conflict: str | None = None
    version: int = 1
    batch: str | None = None
    corrected_value: float | None = None
    corrected_unit: str | None = None

    @property
    def final_value(self) -> float | None:
        return self.corrected_value if self.corrected_value is not None else self.value

    @property
    def final_unit(self) -> str | None:
        return self.corrected_unit or self.unit

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["state"] = self.state.value
        d["state_label"] = STATE_LABELS[self.state.value]
        d["source"] = {k: v for k, v in asdict(self.source).items() if v is not None}
        d["source_label"] = self.source.label
        return d


def _candidate_of(row: Mapping[str, Any]) -> Candidate:
    return Candidate(
        id=row["id"], origin=row["origin"], kind=row["kind"], value=row["value"], unit=row["unit"],
        statistic=row["statistic"], indicator=row["indicator"], region=row["region"],
        period=row["period"], text=row["text"], qualifier=row["qualifier"], scope=row["scope"],
        rank_of=row["rank_of"], status=row["status"], explanation=row["explanation"],
        sentence=row["sentence"], source=rows.source_of(row),
        state=CandidateState(row["state"]), submitted_by=row["submitted_by"],
        submitted_at=row["submitted_at"], reviewed_by=row["reviewed_by"],
        reviewed_at=row["reviewed_at"], review_comment=row["review_comment"],
        observation_id=row["observation_id"], conflict=row["conflict"], version=row["version"],
        batch=row["batch"], corrected_value=row["corrected_value"],
        corrected_unit=row["corrected_unit"],
    )


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _where(src: m.SourceRef) -> tuple[object, ...]:
    return (src.document, src.line, src.table, src.cell, src.url, src.title)


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:,.6f}".rstrip("0").rstrip(".")


class ReviewMixin(CatalogMixin):
    # -- submitting ----------------------------------------------------------------------
    def submit_candidates(
        self, items: Sequence[CandidateInput], *, submitter: str, batch: str | None = None
    ) -> list[Candidate]:
        """Queue values for review in one transaction; flags conflicts with what is known."""
        ids: list[int] = []
        with self.transaction() as conn:
            for item in items:
                if item.origin not in ORIGINS:
                    raise ConfigError(
                        f"候选数据来源“{item.origin}”无法识别，应为 {'、'.join(ORIGINS)} 之一"
                    )
                ids.append(self._insert_candidate(conn, item, submitter, batch))
        if not ids:
            return []
        t = schema.candidate
        with self.reading() as conn:
            found = conn.execute(sa.select(t).where(t.c.id.in_(ids)).order_by(t.c.id)).mappings()
            return [_candidate_of(dict(r)) for r in found]

    def submit_candidate(self, item: CandidateInput, *, submitter: str) -> Candidate:
        return self.submit_candidates([item], submitter=submitter)[0]

    def _insert_candidate(
        self, conn: Connection, item: CandidateInput, submitter: str, batch: str | None
    ) -> int:
        t = schema.candidate
        values = {
            "origin": item.origin, "statistic": item.statistic, "indicator": item.indicator,
            "region": item.region, "period": item.period, "kind": item.kind, "value": item.value,
            "unit": item.unit, "text": item.text, "qualifier": item.qualifier,
            "scope": item.scope, "rank_of": item.rank_of, "status": item.status,
            "explanation": item.explanation, "sentence": item.sentence,
            "state": CandidateState.PENDING.value, "submitted_by": submitter,
            "submitted_at": now(), "version": 1, "batch": batch,
            **rows.source_values(item.source),
        }
        conflict = self._conflict_text(conn, item, exclude=None)
        values["conflict"] = conflict
        pk = conn.execute(t.insert().values(**values)).inserted_primary_key
        assert pk is not None
        new_id = int(pk[0])
        if conflict:
            self._flag_pending_rivals(conn, item, new_id)
        self.audit(conn, actor=submitter, action="submit", entity="candidate",
                   entity_id=str(new_id), after={k: v for k, v in values.items() if v is not None},
                   comment=item.explanation)
        return new_id

    # -- keys, conflicts and matches -----------------------------------------------------
    @staticmethod
    def _keyed(item: CandidateInput) -> bool:
        return bool(item.statistic and item.region and item.period and item.kind)

    def _observation_rows(self, conn: Connection, item: CandidateInput) -> list[dict[str, Any]]:
        if not self._keyed(item):
            return []
        t = schema.observation
        q = sa.select(t).where(
            t.c.statistic == item.statistic, t.c.region == item.region,
            t.c.period == item.period, t.c.kind == item.kind, t.c.scope == (item.scope or ""),
            t.c.rank_of == (item.rank_of or ""),
        ).order_by(t.c.id)
        return [dict(r) for r in conn.execute(q).mappings()]

    def _rival_candidates(
        self, conn: Connection, item: CandidateInput, exclude: int | None
    ) -> list[dict[str, Any]]:
        if not self._keyed(item):
            return []
        t = schema.candidate
        q = sa.select(t).where(
            t.c.state == CandidateState.PENDING.value, t.c.statistic == item.statistic,
            t.c.region == item.region, t.c.period == item.period, t.c.kind == item.kind,
        )
        out = []
        for r in conn.execute(q).mappings():
            if r["id"] == exclude or (r["scope"] or "") != (item.scope or ""):
                continue
            if (r["rank_of"] or "") != (item.rank_of or ""):
                continue
            out.append(dict(r))
        return out

    def _conflict_text(
        self, conn: Connection, item: CandidateInput, exclude: int | None,
        value: float | None = None, unit: str | None = None,
    ) -> str | None:
        value = item.value if value is None else value
        unit = item.unit if unit is None else unit
        obs = self._observation_rows(conn, item)
        if any(_same_value(o["value"], value) and o["unit"] == unit for o in obs):
            return None
        parts = [
            f"观测值#{o['id']}为{_fmt(o['value'])}{o['unit']}（{rows.source_of(o).label}，"
            f"第{o['revision']}版）" for o in obs
        ]
        parts += [
            f"待审候选#{r['id']}为{_fmt(r['value'])}{r['unit'] or ''}（{rows.source_of(r).label}）"
            for r in self._rival_candidates(conn, item, exclude)
            if not (_same_value(r["value"], value) and r["unit"] == unit)
        ]
        if not parts:
            return None
        return (f"同一指标、地区、时期和类型已有不同数值：{'；'.join(parts)}。"
                f"请核对来源后接受其一；如属统计修订，请按“修订”接受。")

    def _flag_pending_rivals(self, conn: Connection, item: CandidateInput, new_id: int) -> None:
        t = schema.candidate
        for r in self._rival_candidates(conn, item, new_id):
            if _same_value(r["value"], item.value) and r["unit"] == item.unit:
                continue
            note = (f"同一指标、地区、时期和类型另有待审候选#{new_id}为{_fmt(item.value)}"
                    f"{item.unit or ''}（{item.source.label}）。")
            text = note if not r["conflict"] else f"{r['conflict']} {note}"
            conn.execute(t.update().where(t.c.id == r["id"]).values(conflict=text))

    # -- reading ---------------------------------------------------------------------------
    def candidate(self, candidate_id: int) -> Candidate:
        _check_id(candidate_id)
        with self.reading() as conn:
            row = conn.execute(
                sa.select(schema.candidate).where(schema.candidate.c.id == candidate_id)
            ).mappings().first()
        if row is None:
            raise NotFound(f"候选数据#{candidate_id}不存在")
        return _candidate_of(dict(row))

    def candidates(
        self, state: str | None = "pending", *, origin: str | None = None,
        batch: str | None = None, statistic: str | None = None, limit: int | None = None,
    ) -> list[Candidate]:
        """Candidates, oldest first; ``state=None`` lists every state."""
        t = schema.candidate
        q = sa.select(t).order_by(t.c.id)
        if state is not None:
            q = q.where(t.c.state == state)
        if origin is not None:
            q = q.where(t.c.origin == origin)
        if batch is not None:
            q = q.where(t.c.batch == batch)
        if statistic is not None:
            q = q.where(t.c.statistic == statistic)
        if limit is not None:
            q = q.limit(limit)
        with self.reading() as conn:
            return [_candidate_of(dict(r)) for r in conn.execute(q).mappings()]

    def candidate_page(
        self, *, decided: bool = False, origin: str | None = None, limit: int = 50, offset: int = 0,
    ) -> tuple[list[Candidate], int]:
        """One page of the review queue and the number of candidates in it: pending ones oldest
        first, or decided ones (accepted, corrected, rejected) newest first."""
        t = schema.candidate
        cond = t.c.state != "pending" if decided else t.c.state == "pending"
        where = sa.and_(cond, t.c.origin == origin) if origin is not None else cond
        q = (sa.select(t).where(where).order_by(t.c.id.desc() if decided else t.c.id)
             .limit(limit).offset(offset))
        with self.reading() as conn:
            total = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(where)).scalar_one())
            return [_candidate_of(dict(r)) for r in conn.execute(q).mappings()], total

    def pending_candidates(self, **filters: Any) -> list[Candidate]:
        return self.candidates("pending", **filters)

    def same_observation(self, candidate_id: int) -> int | None:
        """The id of an observation that already has this candidate's value for its key."""
        c = self.candidate(candidate_id)
        with self.reading() as conn:
            for o in self._observation_rows(conn, c):
                if _same_value(o["value"], c.final_value) and o["unit"] == c.final_unit:
                    return int(o["id"])
        return None

    def observation_sources(self, observation_id: int) -> list[tuple[m.SourceRef, int | None]]:
        """Every source of an observation: its own, then each accepted candidate linked to it
        (the same number from other documents), as (source, candidate id)."""
        t, c = schema.observation, schema.candidate
        with self.reading() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == observation_id)).mappings().first()
            if row is None:
                raise NotFound(f"观测值#{observation_id}不存在")
            linked = conn.execute(
                sa.select(c).where(c.c.observation_id == observation_id).order_by(c.c.id)
            ).mappings().all()
        own = rows.source_of(row)
        out: list[tuple[m.SourceRef, int | None]] = [(own, None)]
        seen = {_where(own): 0}
        for r in linked:
            src = rows.source_of(r)
            if _where(src) in seen:  # the candidate that made the observation
                i = seen[_where(src)]
                out[i] = (out[i][0], out[i][1] or int(r["id"]))
                continue
            seen[_where(src)] = len(out)
            out.append((src, int(r["id"])))
        return out

    # -- deciding --------------------------------------------------------------------------
    def accept_candidate(
        self, candidate_id: int, *, version: int, reviewer: str, comment: str | None = None,
        as_revision: bool = False,
    ) -> Candidate:
        """Accept: the value becomes an observation (or a second source of an equal one)."""
        return self._decide(candidate_id, version, reviewer, CandidateState.ACCEPTED, comment,
                            as_revision=as_revision)

    def correct_candidate(
        self, candidate_id: int, *, version: int, reviewer: str, value: float,
        unit: str | None = None, comment: str | None = None, as_revision: bool = False,
        statistic: str | None = None, region: str | None = None, period: str | None = None,
        kind: str | None = None,
    ) -> Candidate:
        """Accept with a corrected value (and, for unlinked facts, the statistic, region, period
        or kind); the candidate keeps the value as submitted."""
        fixes = {k: v for k, v in (("statistic", statistic), ("region", region),
                                   ("period", period), ("kind", kind)) if v is not None}
        return self._decide(candidate_id, version, reviewer, CandidateState.CORRECTED, comment,
                            as_revision=as_revision, corrected=(value, unit), fixes=fixes)

    def reject_candidate(
        self, candidate_id: int, *, version: int, reviewer: str, comment: str
    ) -> Candidate:
        if not comment or not comment.strip():
            raise ConfigError(f"拒绝候选数据#{candidate_id}时须填写理由")
        return self._decide(candidate_id, version, reviewer, CandidateState.REJECTED, comment)

    def withdraw_candidate(self, candidate_id: int, *, version: int, actor: str,
                           any_submitter: bool = False) -> Candidate:
        """The submitter takes back a value still waiting for review (audited; nothing else
        changes). Only the account that submitted it may withdraw it (an admin any)."""
        if not any_submitter and self.candidate(candidate_id).submitted_by != actor:
            raise PermissionDenied(f"候选数据#{candidate_id}不是本账号报送的，只有报送人本人可以撤回。"
                                   "未做任何修改。")
        with self.transaction() as conn:
            row = self._claim(conn, candidate_id, version)
            values = {"state": CandidateState.WITHDRAWN.value, "reviewed_at": now(),
                      "review_comment": "报送人撤回"}
            t = schema.candidate
            conn.execute(t.update().where(t.c.id == candidate_id).values(**values))
            self.audit(conn, actor=actor, action="withdraw", entity="candidate",
                       entity_id=str(candidate_id),
                       before={"state": row["state"], "version": row["version"] - 1},
                       after=values, comment="报送人撤回")
        return self.candidate(candidate_id)

    def _claim(self, conn: Connection, candidate_id: int, version: int) -> dict[str, Any]:
        t = schema.candidate
        _check_id(candidate_id)
        if not 0 <= version < INT_MAX:
            raise ConfigError(f"候选数据#{candidate_id}的版本号“{version}”无效，请刷新后重试")
        res = conn.execute(
            t.update()
            .where(t.c.id == candidate_id, t.c.version == version,
                   t.c.state == CandidateState.PENDING.value)
            .values(version=version + 1)
        )
        row = conn.execute(sa.select(t).where(t.c.id == candidate_id)).mappings().first()
        if row is None:
            raise NotFound(f"候选数据#{candidate_id}不存在")
        if res.rowcount == 0:
            if row["state"] == CandidateState.WITHDRAWN.value:
                raise ConflictError(f"候选数据#{candidate_id}已由报送人于{row['reviewed_at']}撤回，"
                                    "不能再审核或撤回。请刷新后查看。")
            if row["state"] != CandidateState.PENDING.value:
                raise ConflictError(
                    f"候选数据#{candidate_id}已由{row['reviewed_by']}于{row['reviewed_at']}"
                    f"{STATE_LABELS[row['state']]}，不能再次审核。请刷新后查看。"
                )
            raise ConflictError(
                f"候选数据#{candidate_id}已被他人修改（当前版本{row['version']}，"
                f"你看到的是版本{version}），请刷新后重新审核。"
            )
        return dict(row)

    def _decide(
        self, candidate_id: int, version: int, reviewer: str, state: CandidateState,
        comment: str | None, *, as_revision: bool = False,
        corrected: tuple[float, str | None] | None = None, fixes: Mapping[str, str] | None = None,
    ) -> Candidate:
        try:
            with self.transaction() as conn:
                row = self._claim(conn, candidate_id, version)
                before = {"state": row["state"], "version": row["version"] - 1}
                values: dict[str, Any] = {
                    "state": state.value, "reviewed_by": reviewer, "reviewed_at": now(),
                    "review_comment": comment, **dict(fixes or {}),
                }
                if corrected is not None:
                    values["corrected_value"] = corrected[0]
                    values["corrected_unit"] = corrected[1] or row["unit"]
                if state is not CandidateState.REJECTED:
                    merged = {**row, **values}
                    obs_id, note = self._observe(conn, merged, reviewer, as_revision)
                    values["observation_id"] = obs_id
                    if note:
                        values["review_comment"] = f"{comment}；{note}" if comment else note
                t = schema.candidate
                conn.execute(t.update().where(t.c.id == candidate_id).values(**values))
                action = {"accepted": "accept", "corrected": "correct", "rejected": "reject"}
                self.audit(conn, actor=reviewer, action=action[state.value], entity="candidate",
                           entity_id=str(candidate_id), before=before,
                           after={k: v for k, v in values.items() if v is not None},
                           comment=comment)
        except _Conflict as exc:
            self._mark_conflict(candidate_id, exc.text)
            raise ConflictError(exc.text) from None
        except sa.exc.IntegrityError:
            # Another reviewer's transaction wrote the same observation key between our read and
            # our insert (PostgreSQL runs both at once): nothing of ours was written.
            raise ConflictError(
                f"候选数据#{candidate_id}未接受：同一指标、地区、时期的数值刚刚已由他人审核写入。"
                "请刷新后查看现有数值，再决定接受为修订或拒绝。"
            ) from None
        return self.candidate(candidate_id)

    def _mark_conflict(self, candidate_id: int, text: str) -> None:
        t = schema.candidate
        with self.transaction() as conn:
            conn.execute(t.update().where(t.c.id == candidate_id).values(conflict=text))

    def _observe(
        self, conn: Connection, row: dict[str, Any], reviewer: str, as_revision: bool
    ) -> tuple[int, str | None]:
        """Write (or find) the observation for an accepted candidate: (id, note)."""
        obs = self._observation_for(row, reviewer)
        item = _candidate_of(row)
        if conn.dialect.name == "postgresql":
            # Serialise decisions on one number: without this lock two reviewers accepting
            # different values at once could both pass the check below (READ COMMITTED) and the
            # second would be written as a revision instead of being refused as a conflict.
            key = "|".join(str(x) for x in obs.key)
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": key})
        existing = self._observation_rows(conn, item)
        for o in existing:
            if _same_value(o["value"], obs.value) and o["unit"] == obs.unit:
                return int(o["id"]), f"与观测值#{o['id']}数值相同，记为其另一来源"
        if existing and not as_revision:
            text = self._conflict_text(conn, item, exclude=int(row["id"]), value=obs.value,
                                       unit=obs.unit) or "同一指标、地区、时期和类型已有不同数值。"
            raise _Conflict(f"候选数据#{row['id']}未接受：{text}")
        new_id = self._add_observation(conn, None, obs, reviewer)
        assert new_id is not None
        self.audit(conn, actor=reviewer, action="insert", entity="observation",
                   entity_id=str(new_id), after={"candidate": row["id"], "value": obs.value,
                                                 "unit": obs.unit, "period": obs.period.code},
                   comment="修订" if existing else None)
        return new_id, ("作为修订数据记录（不覆盖原值）" if existing else None)

    @staticmethod
    def _observation_for(row: Mapping[str, Any], reviewer: str) -> m.Observation:
        cid = row["id"]
        missing = [label for key, label in (("statistic", "统计指标"), ("region", "地区"),
                                            ("period", "时期"), ("unit", "单位"))
                   if not row.get(key)]
        value = row["corrected_value"] if row.get("corrected_value") is not None else row["value"]
        if value is None:
            missing.append("数值")
        if missing:
            raise ConfigError(f"候选数据#{cid}缺少{'、'.join(missing)}，不能接受；"
                              "请用“更正”补齐后再接受，或拒绝。")
        try:
            kind = m.ObservationKind(row["kind"])
        except ValueError:
            raise ConfigError(f"候选数据#{cid}的类型“{row['kind']}”不是观测值类型（目标值不能"
                              "作为数据接受）；请更正类型或拒绝。") from None
        try:
            period = m.Period(row["period"])
        except ValueError:
            raise ConfigError(f"候选数据#{cid}的时期“{row['period']}”无法识别，"
                              "应为 2021、2023-H1、2022-01..05、2023-06-30 或 2021..2025") from None
        src = rows.source_of(row)
        note = f"经{reviewer}审核（候选#{cid}，{row['origin']}，提交人{row['submitted_by']}）"
        source = m.SourceRef(**{**asdict(src), "note": f"{src.note}；{note}" if src.note else note})
        return m.Observation(
            statistic=row["statistic"], region=row["region"], period=period, kind=kind,
            value=float(value), unit=row["corrected_unit"] or row["unit"], source=source,
            qualifier=m.ValueQualifier(row["qualifier"] or "exact"),
            status=m.DataStatus(row["status"] or "final"), scope=row["scope"] or None,
            rank_of=row["rank_of"] or None, text=row["text"], recorded_by=reviewer,
        )


class _Conflict(Exception):
    def __init__(self, text: str) -> None:
        self.text = text


#: ids and versions are 32-bit integers in the database; larger numbers cannot exist
INT_MAX = 2**31 - 1


def _check_id(candidate_id: int) -> None:
    if not 0 < candidate_id <= INT_MAX:
        raise NotFound(f"候选数据#{candidate_id}不存在")
