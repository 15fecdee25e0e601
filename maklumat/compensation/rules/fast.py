"""The batch evaluator: the same rules as ``evaluator.evaluate``, answering in JSON bytes.

Most applications share their condition outcomes (same service, same flags, a wait of the
same length, payment and allocation on the same dates), so each condition's serialised
result is memoised by its ``key``: a result is computed by the condition's own ``check``
once and reused. ``tests/test_fast_evaluator.py`` proves the bytes equal the plain evaluator's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta

import orjson

from maklumat.compensation.rules.conditions import (
    AllOf,
    AnyOf,
    Condition,
    composite_reason,
    kleene_and,
    kleene_or,
)
from maklumat.compensation.rules.facts import (
    DECISION_ELIGIBLE,
    DECISION_NOT_APPLICABLE,
    DECISION_NOT_ELIGIBLE,
    DECISION_PENDING,
    ConditionResult,
    Context,
    Facts,
)
from maklumat.compensation.rules.policy import Policy


def _result_bytes(result: ConditionResult) -> bytes:
    return orjson.dumps({"code": result.code, "held": result.held, "measured": result.measured,
                         "reason_id": result.reason_id, "reason_en": result.reason_en})


class FastPolicy:
    """One policy bound to one context (as-of moment, outages, calendar) for a batch."""

    def __init__(self, policy: Policy, ctx: Context):
        self.policy = policy
        self.ctx = ctx
        tz = ctx.tz
        self.starts = datetime.combine(policy.effective_from, time(0), tzinfo=tz)
        # The period as instants: local midnight of the first day to local midnight after the last.
        self.ends = (None if policy.effective_to is None else
                     datetime.combine(policy.effective_to + timedelta(days=1), time(0), tzinfo=tz))
        code = orjson.dumps(policy.code)
        remedies = orjson.dumps(list(policy.remedies))
        self.heads = {
            True: b',"policy":' + code + b',"decision":"' + DECISION_ELIGIBLE.encode() + b'","remedies":' + remedies
            + b',"conditions":[',
            False: b',"policy":' + code + b',"decision":"' + DECISION_NOT_ELIGIBLE.encode()
            + b'","remedies":[],"conditions":[',
            None: b',"policy":' + code + b',"decision":"' + DECISION_PENDING.encode()
            + b'","remedies":[],"conditions":[',
        }

        self._run = self._compile_top(policy.condition)

    def in_force_at(self, first: datetime) -> bool:
        """Whether an application whose earliest event is ``first`` falls in the policy's period."""
        return first >= self.starts and (self.ends is None or first < self.ends)

    def _compile_top(self, node: Condition) -> Callable[[Facts, list[bytes]], bool | None]:
        """The policy's top level: results of the static conditions (service, booking, SMART queue,
        flags) are memoised together by that signature, pre-joined; the others run one by one."""
        if not isinstance(node, AllOf) or node.report:
            return self._compile(node)
        children = node.parts
        runs = [None if child.static else self._leaf_parts(child) if not child.children() else self._compile(child)
                for child in children]
        ctx = self.ctx
        templates: dict[tuple, tuple[bool | None, list]] = {}

        def template_for(facts: Facts) -> tuple[bool | None, list]:
            helds: list[bool | None] = []
            segments: list = []
            chunk: list[bytes] = []
            for child, run in zip(children, runs, strict=True):
                if run is None:
                    out: list[ConditionResult] = []
                    helds.append(child.check(facts, ctx, out))
                    chunk.append(_result_bytes(out[0]))
                else:
                    if chunk:
                        segments.append(b",".join(chunk))
                        chunk = []
                    segments.append(run)
            if chunk:
                segments.append(b",".join(chunk))
            return kleene_and(helds), segments

        def run_top(facts: Facts, parts: list[bytes]) -> bool | None:
            signature = (facts.service, facts.booking, facts.smart_queue, facts.flags)
            found = templates.get(signature)
            if found is None:
                found = templates[signature] = template_for(facts)
            held, segments = found
            helds = [held]
            for segment in segments:
                kind = segment.__class__
                if kind is bytes:
                    parts.append(segment)
                elif kind is tuple:  # a dynamic leaf, looked up inline: (key function, its cache, check)
                    key_of, cache, check = segment
                    key = key_of(facts, ctx)
                    hit = cache.get(key)
                    if hit is None:
                        out: list[ConditionResult] = []
                        leaf_held = check(facts, ctx, out)
                        hit = cache[key] = (leaf_held, _result_bytes(out[0]))
                    parts.append(hit[1])
                    helds.append(hit[0])
                else:
                    helds.append(segment(facts, parts))
            return kleene_and(helds)

        return run_top

    def _leaf_parts(self, node: Condition) -> tuple:
        return (node.key, {}, node.check)

    def _compile(self, node: Condition) -> Callable[[Facts, list[bytes]], bool | None]:
        """A closure that appends the node's serialised result(s) to ``parts`` and returns ``held``."""
        ctx = self.ctx
        if isinstance(node, AllOf | AnyOf):
            runs = [self._compile(child) for child in node.parts]
            every = isinstance(node, AllOf)
            combine = kleene_and if every else kleene_or
            if not node.report:
                def run_silent(facts: Facts, parts: list[bytes]) -> bool | None:
                    return combine([run(facts, parts) for run in runs])

                return run_silent
            cache: dict[bool | None, bytes] = {}
            for held in (True, False, None):
                cache[held] = _result_bytes(ConditionResult(node.code, held, None,
                                                            *composite_reason(held, node.parts, every)))

            def run_composite(facts: Facts, parts: list[bytes]) -> bool | None:
                index = len(parts)
                parts.append(b"")
                held = combine([run(facts, parts) for run in runs])
                parts[index] = cache[held]
                return held

            return run_composite
        leaf_cache: dict[object, tuple[bool | None, bytes]] = {}
        key_of = node.key
        check = node.check

        def run_leaf(facts: Facts, parts: list[bytes]) -> bool | None:
            key = key_of(facts, ctx)
            hit = leaf_cache.get(key)
            if hit is None:
                out: list[ConditionResult] = []
                held = check(facts, ctx, out)
                hit = leaf_cache[key] = (held, _result_bytes(out[0]))
            parts.append(hit[1])
            return hit[0]

        return run_leaf

    def line(self, facts: Facts, id_json: bytes) -> bytes:
        parts: list[bytes] = []
        held = self._run(facts, parts)
        return b"".join((b'{"id":', id_json, self.heads[held], b",".join(parts), b"]}\n"))


def not_applicable_line(id_json: bytes) -> bytes:
    return (b'{"id":' + id_json + b',"policy":null,"decision":"' + DECISION_NOT_APPLICABLE.encode()
            + b'","remedies":[],"conditions":[]}\n')


def first_moment(facts: Facts, as_of: datetime) -> datetime:
    """The earliest event known at ``as_of`` (the application's date), else ``as_of``."""
    if facts.first is not None:
        return facts.first if facts.first <= as_of else _first_until(facts, as_of)
    return _first_until(facts, as_of)


def _first_until(facts: Facts, as_of: datetime) -> datetime:
    first = as_of
    for moment in facts.events.values():
        if moment < first:
            first = moment
    return first


def answer_lines(facts: Facts, policies: Sequence[FastPolicy], as_of: datetime) -> bytes:
    """All output lines for one application, in the contract's shape."""
    id_json = orjson.dumps(facts.id)
    first = first_moment(facts, as_of)
    lines = [policy.line(facts, id_json) for policy in policies if policy.in_force_at(first)]
    if not lines:
        return not_applicable_line(id_json)
    return b"".join(lines)
