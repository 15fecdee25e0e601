"""Policies compiled to Python code for the batch evaluator (pure; one source: the policy's data).

``compile_batch`` turns the office's policies, bound to one context (as-of moment, outages, calendar),
into generated functions that write every output line of applications: ``answer(app, first) -> bytes``
for one application, and for a whole chunk ``answer_all(apps, firsts, past)`` and ``answer_every(apps,
in_force)`` (every name a local, one join; see ``_generate``). The generated code only computes the
smallest *key* each leaf condition's result depends on. A *timed* leaf (a wait, a deadline, an outage
check with outages) has a memo of its own, keyed by the wait's length, the deadline's dates or the
outages hit, whose result is computed once per key by the condition's own ``check`` (``conditions.py``,
the plain evaluator's code) and kept as serialised bytes, so reason texts come from templates filled
once. The other leaves (service, booking, SMART queue, flags, an outage check without outages) are
*folded*: one lookup per policy by their keys and the timed leaves' outcomes gives the rest of the line
(the head with the decision, the composite lines of ``any_of`` / ``all_of``, the folded leaves' results,
the commas) as pre-serialised segments around the timed results.

Two shapes:
  * ``full``: the documented contract, byte for byte what ``evaluator.decide`` serialises;
  * ``compact``: ``{"id", "policy", "decision", "remedies", "failed", "pending"}``, the codes of the
    conditions (composites included, in report order) whose ``held`` is false / null.

``tests/test_compiled_policy.py`` proves both equal to the plain evaluator on generated policies,
contexts and applications.

The application is read through attributes ``id``, ``service``, ``booking``, ``smart_queue``,
``events`` (a mapping of event name to an aware datetime or ``None``; names outside the contract's
vocabulary are never present) and ``flags`` (a collection of flag codes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any

import msgspec
import orjson

from maklumat.compensation.rules.conditions import (
    AllOf,
    AnyOf,
    BookingIn,
    Condition,
    DeadlineMissed,
    Flag,
    NoOutage,
    ServiceIn,
    SmartQueue,
    WaitOver,
    composite_reason,
    deadline_after,
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
    Decision,
    Facts,
)
from maklumat.compensation.rules.policy import Policy

OUTPUT_FULL = "full"
OUTPUT_COMPACT = "compact"
OUTPUTS = (OUTPUT_FULL, OUTPUT_COMPACT)

# A memo never grows past this many keys (adversarial input: every wait a different length); it is
# emptied and filled again.
MEMO_LIMIT = 200_000


def fixed(moment: datetime) -> datetime:
    """The same instant with a fixed UTC offset: compared with the input's timestamps (fixed offsets
    too) without asking a time-zone database, in every one of a million comparisons."""
    return moment.astimezone(fixed_zone(moment.utcoffset()))  # type: ignore[arg-type]


_decode_moment = msgspec.json.Decoder(datetime).decode


def fixed_zone(offset: timedelta) -> tzinfo:
    """The zone object the batch decoder (msgspec) gives every timestamp written with ``offset``.

    Two aware datetimes sharing one zone *object* are compared and subtracted field by field; with two
    equal but distinct zone objects Python asks each for its offset first (about ten times the work).
    The result does not depend on which object is used, only the cost does."""
    minutes, rest = divmod(offset, timedelta(minutes=1))
    if rest or not -24 * 60 < minutes < 24 * 60:
        return timezone(offset)
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return _decode_moment(f'"2000-01-01T00:00:00{sign}{hours:02d}:{minutes:02d}"'.encode()).tzinfo  # type: ignore[return-value]


def decision_word(held: bool | None) -> str:
    return DECISION_ELIGIBLE if held is True else DECISION_NOT_ELIGIBLE if held is False else DECISION_PENDING


def compact_dict(decision: Decision) -> dict[str, Any]:
    """The compact shape of a plain decision: the one definition the compiled code is proven against."""
    return {
        "id": decision.id, "policy": decision.policy, "decision": decision.decision,
        "remedies": list(decision.remedies),
        "failed": [c.code for c in decision.conditions if c.held is False],
        "pending": [c.code for c in decision.conditions if c.held is None],
    }


def decision_bytes(decision: Decision, output: str) -> bytes:
    """One plain decision as one output line (the reference the compiled code must equal)."""
    shape = decision.as_dict() if output == OUTPUT_FULL else compact_dict(decision)
    return orjson.dumps(shape, option=orjson.OPT_APPEND_NEWLINE)


def _result_bytes(result: ConditionResult) -> bytes:
    return orjson.dumps({"code": result.code, "held": result.held, "measured": result.measured,
                         "reason_id": result.reason_id, "reason_en": result.reason_en})


def facts_of(app: Any) -> Facts:
    """The plain evaluator's view of an application read by the batch decoder."""
    events = {name: at for name, at in app.events.items() if at is not None}
    return Facts(app.id, app.service, app.booking, app.smart_queue, events, frozenset(app.flags))


def _leaves(node: Condition) -> list[Condition]:
    if isinstance(node, AllOf | AnyOf):
        return [leaf for part in node.parts for leaf in _leaves(part)]
    return [node]


def _report_order(node: Condition) -> list[Condition]:
    """The conditions as the contract lists them: composites before their parts, the top level silent."""
    if isinstance(node, AllOf | AnyOf):
        own = [node] if node.report else []
        return own + [item for part in node.parts for item in _report_order(part)]
    return [node]


class _PolicyPlan:
    """What the generated code of one policy needs: its leaves, its composites, its outcome tables."""

    def __init__(self, index: int, policy: Policy, ctx: Context):
        self.index = index
        self.policy = policy
        self.ctx = ctx
        self.leaves = _leaves(policy.condition)
        self.order = _report_order(policy.condition)
        self.leaf_slot = {id(leaf): n for n, leaf in enumerate(self.leaves)}
        tz = ctx.tz
        self.starts = fixed(datetime.combine(policy.effective_from, time(0), tzinfo=tz))
        self.ends = (None if policy.effective_to is None else
                     fixed(datetime.combine(policy.effective_to + timedelta(days=1), time(0), tzinfo=tz)))
        self.code_json = orjson.dumps(policy.code)
        self.remedies_json = orjson.dumps(list(policy.remedies))

    def helds(self, leaf_helds: tuple) -> tuple[bool | None, dict[int, bool | None]]:
        """The decision and every composite's outcome, from the leaves' outcomes (Kleene logic)."""
        composite: dict[int, bool | None] = {}

        def walk(node: Condition) -> bool | None:
            if isinstance(node, AllOf | AnyOf):
                values = [walk(part) for part in node.parts]
                held = kleene_and(values) if isinstance(node, AllOf) else kleene_or(values)
                composite[id(node)] = held
                return held
            return leaf_helds[self.leaf_slot[id(node)]]

        return walk(self.policy.condition), composite

    def skeleton(self, leaf_helds: tuple) -> tuple[bytes, ...]:
        """Full shape: the line's head (id excluded) and every composite's serialised result."""
        top, composite = self.helds(leaf_helds)
        remedies = self.remedies_json if top is True else b"[]"
        head = (b',"policy":' + self.code_json + b',"decision":"' + decision_word(top).encode()
                + b'","remedies":' + remedies + b',"conditions":[')
        pieces = [head]
        for node in self.order:
            if isinstance(node, AllOf | AnyOf):
                held = composite[id(node)]
                pieces.append(_result_bytes(ConditionResult(
                    node.code, held, None, *composite_reason(held, node.parts, isinstance(node, AllOf)))))
        return tuple(pieces)

    def compact_tail(self, leaf_helds: tuple) -> bytes:
        """Compact shape: everything after the id."""
        top, composite = self.helds(leaf_helds)
        failed, pending = [], []
        for node in self.order:
            held = composite[id(node)] if isinstance(node, AllOf | AnyOf) else leaf_helds[self.leaf_slot[id(node)]]
            if held is False:
                failed.append(node.code)
            elif held is None:
                pending.append(node.code)
        body = orjson.dumps({"policy": self.policy.code, "decision": decision_word(top),
                             "remedies": list(self.policy.remedies) if top is True else [],
                             "failed": failed, "pending": pending})
        return b"," + body[1:] + b"\n"

    def segments(self, leaf_helds: tuple, static_bytes: dict[int, bytes]) -> tuple[bytes, ...]:
        """Full shape: the line after the id cut around the timed leaves' results, which come from their
        own memos. Everything else (the head with the decision, the composites, the folded leaves, the
        commas) depends only on the folded leaves' keys and the timed leaves' outcomes."""
        skeleton = self.skeleton(leaf_helds)
        pieces: list[bytes] = []
        current = skeleton[0]
        composite_number = 0
        for position, node in enumerate(self.order):
            if position:
                current += b","
            if isinstance(node, AllOf | AnyOf):
                composite_number += 1
                current += skeleton[composite_number]
            elif id(node) in static_bytes:
                current += static_bytes[id(node)]
            else:
                pieces.append(current)
                current = b""
        pieces.append(current + b"]}\n")
        return tuple(pieces)


class _Writer:
    """Collects the generated source and the constants it refers to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {}
        self._count = 0

    def const(self, value: Any, hint: str = "k") -> str:
        self._count += 1
        name = f"_{hint}{self._count}"
        self.names[name] = value
        return name

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)


class CompiledBatch:
    """The office's policies compiled for one batch: ``answer(app, first)`` gives the output bytes.

    ``first`` is the application's earliest event known at the as-of moment (else the as-of moment):
    it decides which policies are in force.
    """

    def __init__(self, policies: Sequence[Policy], ctx: Context, *, output: str = OUTPUT_FULL):
        if output not in OUTPUTS:
            raise ValueError(f"output must be one of {', '.join(OUTPUTS)}")
        self.output = output
        self.ctx = ctx
        self.plans = [_PolicyPlan(index, policy, ctx) for index, policy in enumerate(policies)]
        self.source, namespace = self._generate()
        exec(compile(self.source, f"<compiled policies {output}>", "exec"), namespace)  # noqa: S102
        self.answer: Callable[[Any, datetime], bytes] = namespace["answer"]
        self.answer_all: Callable[..., bytes] = namespace["answer_all"]
        self.answer_every: Callable[[Sequence[Any], tuple[bool, ...]], bytes] = namespace["answer_every"]

    # ----- what a miss computes (the plain evaluator's code) ---------------------------------

    def _leaf_result(self, leaf: Condition, app: Any) -> tuple[bool | None, bytes]:
        out: list[ConditionResult] = []
        held = leaf.check(facts_of(app), self.ctx, out)
        return held, _result_bytes(out[0])

    # ----- code generation -------------------------------------------------------------------

    def _generate(self) -> tuple[str, dict[str, Any]]:
        w = _Writer()
        ctx = self.ctx
        compact = self.output == OUTPUT_COMPACT
        # ``encode`` writes a str exactly as orjson does (same escapes, UTF-8 kept; proven on every code
        # point by tests/test_compiled_policy.py) at a fraction of the cost for a short id.
        w.names.update(AS_OF=fixed(ctx.as_of), encode=msgspec.json.encode, MEMO_LIMIT=MEMO_LIMIT)
        used_events = sorted({name for plan in self.plans for leaf in plan.leaves
                              for name in _events_of(leaf)})
        self.events_read = tuple(used_events)  # the only event names ``answer`` looks at
        # Event names in a policy are free text: each gets a plain variable name.
        self._event_vars = {name: f"e{n}" for n, name in enumerate(used_events)}
        self._single = len(self.plans) == 1
        for plan in self.plans:
            self._emit_policy(w, plan, compact)
        na = b',"policy":null,"decision":"' + DECISION_NOT_APPLICABLE.encode() + b'","remedies":[],'
        na += b'"failed":[],"pending":[]}\n' if compact else b'"conditions":[]}\n'
        na_name = w.const(na, "na")
        body, w.lines = w.lines, []
        # Three functions from one body. In the body, ``@PERIOD<n>`` stands for "policy n is in force for
        # this application" and ``@EMIT((a, b, …))`` for "this policy's line is a + b + …".
        #  * ``answer(app, first)``: one application, returns its bytes;
        #  * ``answer_all(apps, firsts, past)``: a whole chunk in one loop (every name a local, one join at
        #    the end); ``past``: no event of the chunk is later than the as-of moment;
        #  * ``answer_every(apps, in_force)``: a chunk whose events all precede the as-of moment and whose
        #    applications all fall in the same policies' periods (``in_force``: one bool per policy) —
        #    the batch's usual case, asking neither per application.
        periods = {f"@PERIOD{plan.index}:": self._period(w, plan) for plan in self.plans}
        w.emit(0, "def answer(app, first):")
        self._emit_prologue(w, 1, used_events)
        w.emit(1, "pieces = []")
        for line in body:
            line = line.replace("@EMIT", "return b''.join" if self._single else "pieces += ")
            w.emit(0, _substitute(line, {key: f"if {test}:" for key, test in periods.items()}))
        w.emit(1, "if not pieces:")
        w.emit(2, f"return b'{{\"id\":' + idj + {na_name}")
        w.emit(1, "return b''.join(pieces)")
        w.emit(0, "")
        defaults = ", ".join(f"{name}={name}" for name in sorted(w.names))
        w.emit(0, f"def answer_all(apps, firsts, past=False, *, {defaults}):")
        w.emit(1, "out = []")
        w.emit(1, "for app, first in zip(apps, firsts):")
        self._emit_prologue(w, 2, used_events, past="past")
        self._emit_loop_body(w, body, {key: f"if {test}:" for key, test in periods.items()}, na_name)
        w.emit(1, "return b''.join(out)")
        w.emit(0, "")
        w.emit(0, f"def answer_every(apps, in_force, *, {defaults}):")
        w.emit(1, "out = []")
        flags = [f"in{plan.index}" for plan in self.plans]
        if flags:
            w.emit(1, f"{', '.join(flags)}, = in_force")
        w.emit(1, "for app in apps:")
        self._emit_prologue(w, 2, used_events, past=True)
        self._emit_loop_body(w, body, {key: f"if in{plan.index}:" for key, plan in
                                       zip(periods, self.plans, strict=True)}, na_name)
        w.emit(1, "return b''.join(out)")
        return "\n".join(w.lines) + "\n", w.names

    def _period(self, w: _Writer, plan: _PolicyPlan) -> str:
        starts = w.const(plan.starts, "start")
        if plan.ends is None:
            return f"first >= {starts}"
        return f"{starts} <= first < {w.const(plan.ends, 'end')}"

    def _emit_loop_body(self, w: _Writer, body: list[str], periods: dict[str, str], na_name: str) -> None:
        if not self._single:
            w.emit(2, "given = len(out)")
        for line in body:
            w.emit(1, _substitute(line.replace("@EMIT", "out += "), periods))
            if "@EMIT" in line and self._single:
                w.emit(1, line[:len(line) - len(line.lstrip())] + "continue")
        if self._single:
            w.emit(2, f"out += (b'{{\"id\":', idj, {na_name})")
        else:
            w.emit(2, "if len(out) == given:")
            w.emit(3, f"out += (b'{{\"id\":', idj, {na_name})")

    def in_force(self, earliest: datetime, as_of: datetime) -> tuple[bool, ...] | None:
        """For a chunk whose applications' first moments all lie from ``earliest`` to ``as_of``: whether
        each policy is in force for all of them (True) or for none (False); ``None`` when a policy's
        period begins or ends in between (each application is then asked on its own)."""
        found = []
        for plan in self.plans:
            if plan.starts <= earliest and (plan.ends is None or as_of < plan.ends):
                found.append(True)
            elif as_of < plan.starts or (plan.ends is not None and plan.ends <= earliest):
                found.append(False)
            else:
                return None
        return tuple(found)

    def _emit_prologue(self, w: _Writer, indent: int, used_events: list[str], *, past: bool | str = False) -> None:
        """The application's fields as locals; an event after the as-of moment has not happened (not
        asked when ``past`` is true; asked only if not ``past`` when it names a variable)."""
        if used_events:
            w.emit(indent, "get = app.events.get")
        for name, var in self._event_vars.items():
            w.emit(indent, f"{var} = get({name!r})")
        if past is not True:
            inner = indent
            if past and used_events:
                w.emit(indent, f"if not {past}:")
                inner += 1
            for var in self._event_vars.values():
                w.emit(inner, f"if {var} is not None and {var} > AS_OF: {var} = None")
        w.emit(indent, "svc = app.service; bkg = app.booking; sq = app.smart_queue; flg = app.flags")
        w.emit(indent, "idj = encode(app.id)")

    def _emit_policy(self, w: _Writer, plan: _PolicyPlan, compact: bool) -> None:
        """One policy: the timed leaves' outcomes (compact: computed inline; full: with their serialised
        result, from a memo per leaf), then one lookup by the static leaves' keys and those outcomes gives
        the rest of the line (compact: the tail after the id; full: the segments between timed results)."""
        w.emit(1, f"@PERIOD{plan.index}:")
        statics = [leaf for leaf in plan.leaves if self._folded(leaf)]
        timed = [leaf for leaf in plan.leaves if not self._folded(leaf)]
        static_keys = list(dict.fromkeys(self._key_expression(w, leaf) for leaf in statics))
        timed_helds, timed_results = [], []
        for leaf in timed:
            n = plan.leaves.index(leaf)
            held_var, result_var = f"h{plan.index}_{n}", f"r{plan.index}_{n}"
            timed_helds.append(held_var)
            timed_results.append(result_var)
            if compact:
                self._emit_leaf_held(w, leaf, held_var)
            else:
                self._emit_leaf_result(w, leaf, held_var, result_var)
        table: dict[tuple, Any] = {}

        def miss(key: tuple, app: Any) -> Any:
            """The rest of the line for a new key: the static leaves checked by the plain code."""
            if len(table) >= MEMO_LIMIT:
                table.clear()
            given = dict(zip(map(id, timed), key[len(static_keys):], strict=True))
            results = {id(leaf): self._leaf_result(leaf, app) for leaf in statics}
            leaf_helds = tuple(results[id(leaf)][0] if id(leaf) in results else given[id(leaf)]
                               for leaf in plan.leaves)
            if compact:
                found = plan.compact_tail(leaf_helds)
            else:
                found = plan.segments(leaf_helds, {n: result[1] for n, result in results.items()})
            table[key] = found
            return found

        parts = [*static_keys, *timed_helds]
        key = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
        table_name, miss_name = w.const(table, "outcomes"), w.const(miss, "rest")
        w.emit(2, f"key = {key}")
        w.emit(2, f"rest = {table_name}.get(key)")
        w.emit(2, f"if rest is None: rest = {miss_name}(key, app)")
        if compact:
            w.emit(2, "@EMIT((b'{\"id\":', idj, rest))")
            return
        items = ["b'{\"id\":'", "idj", "rest[0]"]
        for number, result_var in enumerate(timed_results, start=1):
            items += [result_var, f"rest[{number}]"]
        w.emit(2, f"@EMIT(({', '.join(items)}))")

    def _emit_leaf_result(self, w: _Writer, leaf: Condition, held_var: str, result_var: str) -> None:
        """Full shape: the leaf's key, then its (held, bytes) from the memo or from ``check``."""
        memo: dict[Any, tuple[bool | None, bytes]] = {}

        def miss(key: Any, app: Any) -> tuple[bool | None, bytes]:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            found = memo[key] = self._leaf_result(leaf, app)
            return found

        memo_name = w.const(memo, "memo")
        w.emit(2, f"key = {self._key_expression(w, leaf)}")
        w.emit(2, f"hit = {memo_name}.get(key)")
        w.emit(2, f"if hit is None: hit = {w.const(miss, 'miss')}(key, app)")
        w.emit(2, f"{held_var}, {result_var} = hit")

    def _folded(self, leaf: Condition) -> bool:
        """Whether the leaf's result has a key of a few values (service, booking, SMART queue, a flag, or
        whether an event happened for a disruption check without disruptions): it is then part of the
        policy's outcome lookup instead of having a memo of its own."""
        return leaf.static or (isinstance(leaf, NoOutage) and not self.ctx.outages)

    def _key_expression(self, w: _Writer, leaf: Condition) -> str:
        """Everything the leaf's result depends on: equal keys give equal results (the memo's promise,
        proven by tests/test_compiled_policy.py)."""
        if isinstance(leaf, ServiceIn):
            return "svc"
        if isinstance(leaf, BookingIn):
            return "bkg"
        if isinstance(leaf, SmartQueue):
            return "sq"
        if isinstance(leaf, Flag):
            return f"({leaf.flag!r} in flg)"
        begin, end = self._event_vars[leaf.start], self._event_vars[leaf.end]
        if isinstance(leaf, WaitOver):
            # A finished wait is keyed by its length alone, one still going on by a tuple: never equal.
            return f"None if {begin} is None else (AS_OF - {begin}, True) if {end} is None else {end} - {begin}"
        if isinstance(leaf, DeadlineMissed):
            deadline = w.const(self._deadline(leaf.working_days), "deadline")
            local_date = w.const(self._local_date, "localdate")
            return (f"None if {begin} is None else ({local_date}({begin}), "
                    f"{local_date}(AS_OF if {end} is None else {end}), {end} is None, "
                    f"(AS_OF if {end} is None else {end}) >= {deadline}({begin}))")
        if isinstance(leaf, NoOutage):
            if not self.ctx.outages:
                return f"{begin} is None"
            hits = w.const(self._outage_hits(leaf), "hits")
            return f"None if {begin} is None else {hits}({begin}, {end})"
        raise TypeError(f"no compiled form for {type(leaf).__name__}")

    def _emit_leaf_held(self, w: _Writer, leaf: Condition, held_var: str) -> None:
        """Compact shape: only the leaf's outcome, computed inline."""
        h = held_var
        if isinstance(leaf, ServiceIn):
            services = w.const(leaf.services, "services")
            op = "not in" if leaf.negate else "in"
            w.emit(2, f"{h} = svc {op} {services}")
            return
        if isinstance(leaf, BookingIn):
            w.emit(2, f"{h} = bkg in {w.const(leaf.channels, 'channels')}")
            return
        if isinstance(leaf, SmartQueue):
            w.emit(2, f"{h} = bool(sq)")
            return
        if isinstance(leaf, Flag):
            w.emit(2, f"{h} = {leaf.flag!r} {'in' if leaf.present else 'not in'} flg")
            return
        begin, end = self._event_vars[leaf.start], self._event_vars[leaf.end]
        if isinstance(leaf, WaitOver):
            limit = w.const(timedelta(minutes=leaf.minutes), "limit")
            cmp = ">" if leaf.strict else ">="
            w.emit(2, f"if {begin} is None: {h} = None")
            w.emit(2, f"elif {end} is None: {h} = True if AS_OF - {begin} {cmp} {limit} else None")
            w.emit(2, f"else: {h} = {end} - {begin} {cmp} {limit}")
            return
        if isinstance(leaf, DeadlineMissed):
            deadline = w.const(self._deadline(leaf.working_days), "deadline")
            w.emit(2, f"if {begin} is None: {h} = None")
            w.emit(2, f"elif {end} is None: {h} = True if AS_OF >= {deadline}({begin}) else None")
            w.emit(2, f"else: {h} = {end} >= {deadline}({begin})")
            return
        if isinstance(leaf, NoOutage):
            if not self.ctx.outages:
                w.emit(2, f"{h} = None if {begin} is None else True")
                return
            hits = w.const(self._outage_hits(leaf), "hits")
            w.emit(2, f"{h} = None if {begin} is None else not {hits}({begin}, {end})")
            return
        raise TypeError(f"no compiled form for {type(leaf).__name__}")

    # ----- helpers the generated code calls ---------------------------------------------------

    def _deadline(self, working_days: int) -> Callable[[datetime], datetime]:
        ctx = self.ctx

        def deadline(begin: datetime) -> datetime:
            return deadline_after(ctx, begin, working_days)

        return deadline

    def _local_date(self, moment: datetime):
        return moment.astimezone(self.ctx.tz).date()

    def _outage_hits(self, leaf: NoOutage) -> Callable[[datetime, datetime | None], tuple[int, ...]]:
        """The outages (by position) overlapping the leaf's interval, as ``NoOutage.check`` counts them."""
        ctx = self.ctx
        outages = tuple(enumerate(ctx.outages))
        within = leaf.within_working_days

        def hits(begin: datetime, end: datetime | None) -> tuple[int, ...]:
            finish = end or ctx.as_of
            if within is not None:
                finish = min(finish, deadline_after(ctx, begin, within))
            return tuple(i for i, o in outages if o.start < finish and (o.end is None or o.end > begin))

        return hits


def _substitute(line: str, replacements: dict[str, str]) -> str:
    stripped = line.lstrip()
    if stripped in replacements:
        return line[:len(line) - len(stripped)] + replacements[stripped]
    return line


def _events_of(leaf: Condition) -> tuple[str, ...]:
    if isinstance(leaf, WaitOver | DeadlineMissed | NoOutage):
        return (leaf.start, leaf.end)
    return ()




def compile_batch(policies: Sequence[Policy], ctx: Context, *, output: str = OUTPUT_FULL) -> CompiledBatch:
    return CompiledBatch(policies, ctx, output=output)
