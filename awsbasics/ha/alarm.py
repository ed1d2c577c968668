"""CloudWatch metric alarms: M out of N datapoints, missing data, and the state of every period.

An alarm (경보) compares one datapoint per period with a threshold (임계값).
It goes to ``ALARM`` when at least ``datapoints_to_alarm`` (M) of the last
``evaluation_periods`` (N) datapoints breach, to ``OK`` when fewer do, and
to ``INSUFFICIENT_DATA`` when it cannot tell. When datapoints are missing,
CloudWatch looks further back (the *evaluation range*) and then applies the
alarm's ``treat_missing_data`` setting, exactly as the user guide's tables show:

    >>> alarm = Alarm(50, evaluation_periods=3)
    >>> alarm.evaluate([10, 60, 70, 80, None, 20])
    ['OK', 'OK', 'OK', 'ALARM', 'ALARM', 'OK']
    >>> alarm.evaluation_window_s
    180

``evaluate`` is vectorized with numpy; :func:`evaluate_per_datapoint` is the
same rule written as a plain loop, kept as the oracle it is tested against:

    >>> evaluate_per_datapoint(alarm, [10, 60, 70, 80, None, 20]) == alarm.evaluate([10, 60, 70, 80, None, 20])
    True

Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html
(evaluation, missing data) and
https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (limits).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np

from awsbasics import data
from awsbasics._checks import require_int, require_real, require_str
from awsbasics._protocol import Rendered, view
from awsbasics._text import text_table
from awsbasics.errors import AlarmError

__all__ = [
    "Alarm",
    "AlarmHistory",
    "evaluate_per_datapoint",
    "COMPARISONS",
    "TREATMENTS",
    "STATES",
    "MAX_DATAPOINTS",
]

_PERIODS = data.value("ha", "alarm_periods_s")
_WINDOW = data.value("ha", "alarm_max_window_s")
COMPARISONS: tuple[str, ...] = tuple(data.value("ha", "alarm_comparisons"))
TREATMENTS: tuple[str, ...] = tuple(data.value("ha", "missing_data_treatments"))
STATES: tuple[str, ...] = tuple(data.value("ha", "alarm_states"))
OK, ALARM, INSUFFICIENT = STATES
_EXAMPLE = data.value("ha", "evaluation_range_example")
# The guide's one worked number: 5 datapoints retrieved for 3 evaluation periods.
EXTRA_RANGE = _EXAMPLE["datapoints_retrieved"] - _EXAMPLE["evaluation_periods"]
# A model limit, not an AWS one: two years of one-minute datapoints per evaluate() call.
MAX_DATAPOINTS = 2 * 525_600
_MAX_RANGE_FACTOR = 10
_ANOMALY = ("LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold", "GreaterThanUpperThreshold")

_CODE = {OK: 0, ALARM: 1, INSUFFICIENT: 2}
_RETAIN = 3
_NAMES = np.array([OK, ALARM, INSUFFICIENT], dtype=object)


def _one_of(value: object, allowed: Sequence[str], what: str) -> str:
    value = require_str(value, what)
    if value in allowed:
        return value
    close = difflib.get_close_matches(value[:100], allowed, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise AlarmError(f"{what} {value[:60]!r} is not one of {', '.join(allowed)}{hint}")


def _check_period(period: object) -> int:
    period = require_int(period, "period")
    if period in _PERIODS["high_resolution"] or (period > 0 and period % _PERIODS["multiple_of"] == 0):
        return period
    raise AlarmError(
        f"period={period}: PutMetricAlarm accepts 10, 20 or 30 seconds (high resolution) "
        f"or a multiple of {_PERIODS['multiple_of']} seconds"
    )


@dataclass(frozen=True, slots=True, init=False)
class Alarm(Rendered):
    """A CloudWatch metric alarm on a static threshold, as PutMetricAlarm defines one.

    Args:
        threshold: The value datapoints are compared with.
        comparison: A PutMetricAlarm ``ComparisonOperator``, e.g. ``"GreaterThanThreshold"``.
        period: Seconds per datapoint: 10, 20, 30 or a multiple of 60.
        evaluation_periods: N, the most recent datapoints that decide the state.
        datapoints_to_alarm: M, how many of those must breach (default N).
        treat_missing_data: ``"missing"``, ``"notBreaching"``, ``"breaching"`` or ``"ignore"``.
        initial_state: The state before the first evaluation (``"ignore"`` can keep it).
        evaluation_range: Datapoints CloudWatch retrieves when some are missing
            (default N + 2: the guide retrieves 5 for N = 3).

    Raises:
        AlarmError: a setting PutMetricAlarm would reject (the message names the rule).
        TypeError: a setting of the wrong Python type.

    >>> Alarm(80, "GreaterThanOrEqualToThreshold", period=300, evaluation_periods=3, datapoints_to_alarm=2).evaluation_window_s
    900
    """

    threshold: float
    comparison: str
    period: int
    evaluation_periods: int
    datapoints_to_alarm: int
    treat_missing_data: str
    initial_state: str
    evaluation_range: int

    def __init__(
        self,
        threshold: float,
        comparison: str = "GreaterThanThreshold",
        *,
        period: int = 60,
        evaluation_periods: int,
        datapoints_to_alarm: int | None = None,
        treat_missing_data: str = "missing",
        initial_state: str = "INSUFFICIENT_DATA",
        evaluation_range: int | None = None,
    ):
        threshold = require_real(threshold, "threshold", error=AlarmError)
        if not math.isfinite(threshold):
            raise AlarmError(f"threshold={threshold}: an alarm threshold is a finite number")
        if isinstance(comparison, str) and comparison in _ANOMALY:
            raise AlarmError(
                f"comparison {comparison!r} compares with an anomaly detection band, not a threshold; "
                f"a static-threshold alarm uses one of {', '.join(COMPARISONS)}"
            )
        comparison = _one_of(comparison, COMPARISONS, "comparison")
        period = _check_period(period)
        evaluation_periods = require_int(evaluation_periods, "evaluation_periods")
        if evaluation_periods < 1:
            raise AlarmError(f"evaluation_periods={evaluation_periods}: an alarm evaluates at least 1 period")
        limit = _WINDOW["period_under_one_hour"] if period < 3600 else _WINDOW["otherwise"]
        if period * evaluation_periods > limit:
            raise AlarmError(
                f"period x evaluation_periods = {period} x {evaluation_periods} = {period * evaluation_periods} s: "
                f"PutMetricAlarm allows at most {limit} s ({'1 day' if period < 3600 else '7 days'}) "
                f"{'for periods under one hour' if period < 3600 else ''}".rstrip()
            )
        if datapoints_to_alarm is None:
            datapoints_to_alarm = evaluation_periods
        datapoints_to_alarm = require_int(datapoints_to_alarm, "datapoints_to_alarm")
        if not 1 <= datapoints_to_alarm <= evaluation_periods:
            raise AlarmError(
                f"datapoints_to_alarm={datapoints_to_alarm}: M is between 1 and evaluation_periods "
                f"({evaluation_periods}); an M out of N alarm cannot need more datapoints than it evaluates"
            )
        treat_missing_data = _one_of(treat_missing_data, TREATMENTS, "treat_missing_data")
        initial_state = _one_of(initial_state, STATES, "initial_state")
        if evaluation_range is None:
            evaluation_range = evaluation_periods + EXTRA_RANGE
        evaluation_range = require_int(evaluation_range, "evaluation_range")
        if not evaluation_periods <= evaluation_range <= _MAX_RANGE_FACTOR * evaluation_periods + EXTRA_RANGE:
            raise AlarmError(
                f"evaluation_range={evaluation_range}: CloudWatch retrieves at least evaluation_periods "
                f"({evaluation_periods}) datapoints; this model allows up to "
                f"{_MAX_RANGE_FACTOR * evaluation_periods + EXTRA_RANGE}"
            )
        for name, value in (
            ("threshold", threshold),
            ("comparison", comparison),
            ("period", period),
            ("evaluation_periods", evaluation_periods),
            ("datapoints_to_alarm", datapoints_to_alarm),
            ("treat_missing_data", treat_missing_data),
            ("initial_state", initial_state),
            ("evaluation_range", evaluation_range),
        ):
            object.__setattr__(self, name, value)

    @property
    def evaluation_window_s(self) -> int:
        """Period x evaluation periods: the time the N datapoints span, in seconds."""
        return self.period * self.evaluation_periods

    def breaches(self, values: np.ndarray) -> np.ndarray:
        """Which (present) values breach the threshold; NaN never breaches."""
        op = self.comparison
        with np.errstate(invalid="ignore"):
            if op == "GreaterThanThreshold":
                return values > self.threshold
            if op == "GreaterThanOrEqualToThreshold":
                return values >= self.threshold
            if op == "LessThanThreshold":
                return values < self.threshold
            return values <= self.threshold

    # -- one evaluation, as the guide describes it (the loop oracle and the simulator use it) --

    def next_state(self, recent: Sequence[float | None], current_state: str) -> str:
        """The state after one evaluation of the ``recent`` datapoints (oldest first).

        ``recent`` is the evaluation range: its last ``evaluation_range``
        datapoints count, and a shorter list is missing data before the first.

        >>> Alarm(50, evaluation_periods=3).next_state([None, None, None, None, 60], "OK")
        'INSUFFICIENT_DATA'
        >>> Alarm(50, evaluation_periods=3, treat_missing_data="ignore").next_state([None] * 5, "OK")
        'OK'
        """
        current_state = _one_of(current_state, STATES, "current_state")
        window = _as_values(recent)[-self.evaluation_range :]
        offset = self.evaluation_range - len(window)  # missing datapoints before the first one given
        code = self._decide(window, offset)
        return current_state if code == _RETAIN else STATES[code]

    def _decide(self, window: np.ndarray, offset: int) -> int:
        n_needed, m = self.evaluation_periods, self.datapoints_to_alarm
        present = np.flatnonzero(~np.isnan(window))
        breach = self.breaches(window[present])
        n = len(present)
        if n >= n_needed:  # enough real datapoints: the most recent N decide, missing ones are not needed
            return _CODE[ALARM] if int(breach[-n_needed:].sum()) >= m else _CODE[OK]
        treat = self.treat_missing_data
        if n == 0:
            return {
                "missing": _CODE[INSUFFICIENT],
                "ignore": _RETAIN,
                "breaching": _CODE[ALARM],
                "notBreaching": _CODE[OK],
            }[treat]
        b = int(breach.sum())
        if treat == "breaching":  # fill the gap up to N with breaching datapoints
            b += n_needed - n
        if b >= m:
            return _CODE[ALARM]
        if treat in ("breaching", "notBreaching") or b < n:  # a real non-breaching datapoint: OK
            return _CODE[OK]
        if treat == "missing":
            # Every real datapoint breaches but fewer than M: ALARM only when the oldest of them is
            # at least M periods old (the guide's last row), otherwise there is not enough data yet.
            age = self.evaluation_range - (offset + int(present[0]))
            return _CODE[ALARM] if age >= m else _CODE[INSUFFICIENT]
        return _RETAIN

    # -- every period at once --

    def evaluate(self, values: Sequence[float | None] | np.ndarray) -> list[str]:
        """The alarm's state after each period: one value per period, oldest first.

        ``None`` or NaN marks a period with no datapoint. Vectorized: a year of
        one-minute datapoints takes a fraction of a second.

        Raises:
            AlarmError: more than :data:`MAX_DATAPOINTS` values, or an infinite value.
            TypeError: values that are not numbers (or ``None``).

        >>> Alarm(50, evaluation_periods=3, treat_missing_data="breaching").evaluate([None, None, None])
        ['ALARM', 'ALARM', 'ALARM']
        """
        codes = self._codes(_as_values(values))
        return _NAMES[codes].tolist()

    def _codes(self, x: np.ndarray) -> np.ndarray:
        t_count = len(x)
        if t_count == 0:
            return np.zeros(0, dtype=np.int8)
        n_needed, m, r = self.evaluation_periods, self.datapoints_to_alarm, self.evaluation_range
        valid = ~np.isnan(x)
        breach = self.breaches(x) & valid
        cv = np.concatenate(([0], np.cumsum(valid)))
        cb = np.concatenate(([0], np.cumsum(breach)))
        t = np.arange(t_count)
        lo = np.maximum(t - r + 1, 0)
        n = cv[t + 1] - cv[lo]  # real datapoints in each evaluation range
        b = cb[t + 1] - cb[lo]  # breaching ones among them

        # Enough real datapoints: the N most recent real ones, wherever they are in the range.
        cbv = np.concatenate(([0], np.cumsum(breach[valid])))
        k = cv[t + 1]
        recent_b = cbv[k] - cbv[np.maximum(k - n_needed, 0)]
        full = np.where(recent_b >= m, 1, 0)

        treat = self.treat_missing_data
        filled_b = b + (n_needed - n) if treat == "breaching" else b
        partial = np.where(filled_b >= m, 1, 0)
        if treat in ("missing", "ignore"):
            undecided = (filled_b < m) & (b == n)  # only breaching real datapoints, too few of them
            if treat == "missing":
                # Age of the oldest real datapoint in the range (the newest period is 1 old).
                nxt = np.minimum.accumulate(np.where(valid, t, t_count)[::-1])[::-1]
                age = t - nxt[lo] + 1
                partial = np.where(undecided, np.where(age >= m, 1, 2), partial)
            else:
                partial = np.where(undecided, _RETAIN, partial)
        empty = {"missing": 2, "ignore": _RETAIN, "breaching": 1, "notBreaching": 0}[treat]
        codes = np.where(n >= n_needed, full, np.where(n == 0, empty, partial)).astype(np.int8)

        if treat == "ignore":  # "retain current state": carry the last decided state forward
            decided = codes != _RETAIN
            last = np.maximum.accumulate(np.where(decided, t, -1))
            codes = np.where(last >= 0, codes[np.maximum(last, 0)], _CODE[self.initial_state]).astype(np.int8)
        return codes

    def history(self, values: Sequence[float | None]) -> AlarmHistory:
        """The values and the state of every period together, with a figure and a summary.

        >>> Alarm(50, evaluation_periods=2).history([60, 70, 10]).transitions
        (('INSUFFICIENT_DATA', 'ALARM', 1), ('ALARM', 'OK', 2))
        """
        x = _as_values(values)
        return AlarmHistory(alarm=self, values=x, states=tuple(self.evaluate(x)))

    def rows(self) -> list[tuple[str, object]]:
        """(setting, value) pairs: the alarm as PutMetricAlarm would see it."""
        return [
            ("Threshold", self.threshold),
            ("ComparisonOperator", self.comparison),
            ("Period", self.period),
            ("EvaluationPeriods", self.evaluation_periods),
            ("DatapointsToAlarm", self.datapoints_to_alarm),
            ("TreatMissingData", self.treat_missing_data),
            ("evaluation_window_s", self.evaluation_window_s),
            ("evaluation_range_datapoints", self.evaluation_range),
        ]

    @property
    def verdict(self) -> str:
        """The alarm in one sentence."""
        return (
            f"ALARM when {self.datapoints_to_alarm} of the last {self.evaluation_periods} "
            f"{self.period}-second datapoints are {_WORDS[self.comparison]} {self.threshold:g} "
            f"(missing data: {self.treat_missing_data})"
        )

    _view_ = "ha.alarm_view"

    def text(self) -> str:
        return self.verdict + "\n" + text_table(["setting", "value"], self.rows())

    def __repr__(self) -> str:
        return (
            f"Alarm({self.threshold:g}, {self.comparison!r}, period={self.period}, "
            f"evaluation_periods={self.evaluation_periods}, datapoints_to_alarm={self.datapoints_to_alarm}, "
            f"treat_missing_data={self.treat_missing_data!r}, initial_state={self.initial_state!r}, "
            f"evaluation_range={self.evaluation_range})"
        )


_WORDS = {
    "GreaterThanThreshold": "above",
    "GreaterThanOrEqualToThreshold": "at or above",
    "LessThanThreshold": "below",
    "LessThanOrEqualToThreshold": "at or below",
}


def _as_values(values: object) -> np.ndarray:
    """Metric values as a float array, NaN for missing; sizes checked before converting."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"values must be a sequence of numbers (None for missing), not {type(values).__name__}")
    if len(values) > MAX_DATAPOINTS:
        raise AlarmError(f"{len(values)} datapoints: this model evaluates at most {MAX_DATAPOINTS:,} at a time")
    array = np.asarray(values)
    if array.ndim != 1:
        raise TypeError(f"values must be one-dimensional, not shaped {array.shape}")
    kind = array.dtype.kind
    if kind == "O":
        for kind_of_value in set(map(type, array)):  # one check per type, not per value
            if kind_of_value is not type(None) and (kind_of_value is bool or not issubclass(kind_of_value, Real)):
                raise TypeError(f"each value must be a number or None, not {kind_of_value.__name__}")
        array = array.astype(float)  # None becomes NaN
    elif kind in "iuf":
        array = array.astype(float)
    else:
        raise TypeError(f"values must be numbers or None, not {array.dtype}")
    if np.isinf(array).any():
        raise AlarmError("a datapoint is infinite: CloudWatch accepts only finite metric values (use None for missing)")
    return array


def evaluate_per_datapoint(alarm: Alarm, values: Sequence[float | None]) -> list[str]:
    """:meth:`Alarm.evaluate` as a plain loop: one :meth:`Alarm.next_state` per period.

    Slow, and kept on purpose: it is the guide's rule written the obvious way,
    the oracle the vectorized evaluator is tested and benchmarked against.

    >>> evaluate_per_datapoint(Alarm(1, evaluation_periods=1), [0, 2])
    ['OK', 'ALARM']
    """
    if not isinstance(alarm, Alarm):
        raise TypeError(f"alarm must be an Alarm, not {type(alarm).__name__}")
    x = _as_values(values)
    state, states = alarm.initial_state, []
    for t in range(len(x)):
        window = x[max(0, t - alarm.evaluation_range + 1) : t + 1]
        code = alarm._decide(window, alarm.evaluation_range - len(window))
        state = state if code == _RETAIN else STATES[code]
        states.append(state)
    return states


@dataclass(frozen=True, slots=True, eq=False)
class AlarmHistory(Rendered):
    """An alarm's datapoints and the state it was in after each period."""

    alarm: Alarm
    values: np.ndarray
    states: tuple[str, ...]

    @property
    def transitions(self) -> tuple[tuple[str, str, int], ...]:
        """(from, to, period index) for every change of state; the first from the initial state."""
        out, previous = [], self.alarm.initial_state
        for i, state in enumerate(self.states):
            if state != previous:
                out.append((previous, state, i))
            previous = state
        return tuple(out)

    def periods_in(self, state: str) -> int:
        """How many periods ended in ``state``."""
        _one_of(state, STATES, "state")
        return sum(1 for s in self.states if s == state)

    @property
    def verdict(self) -> str:
        counts = ", ".join(f"{s} {self.periods_in(s)}" for s in STATES)
        return f"{len(self.states)} periods of {self.alarm.period} s: {counts}; {len(self.transitions)} state changes"

    def figure(self):
        """The datapoints, the threshold and the state of each period (plotly)."""
        return view("ha.alarm_figure")(self)

    _view_ = "ha.alarm_history_view"

    def text(self) -> str:
        rows: list[tuple[int | str, str, str]] = [
            (i, "-" if math.isnan(v) else f"{v:g}", s) for i, (v, s) in enumerate(zip(self.values, self.states))
        ]
        shown = rows if len(rows) <= 20 else rows[:10] + [("...", "...", "...")] + rows[-10:]
        return f"{self.alarm.verdict}\n{self.verdict}\n" + text_table(["period", "value", "state"], shown)

    def __repr__(self) -> str:
        return self.text()
