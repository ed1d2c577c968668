"""Property tests for the AZ-failure arithmetic, against a naive oracle."""

from hypothesis import given
from hypothesis import strategies as st

from awsbasics.infra import az_failure, instances_for_static_stability, spread

instances = st.integers(min_value=0, max_value=500)
azs = st.integers(min_value=1, max_value=6)


@given(instances, azs)
def test_spread_is_even_and_complete(n, k):
    parts = spread(n, k)
    assert sum(parts) == n and len(parts) == k
    assert max(parts) - min(parts) <= 1
    assert list(parts) == sorted(parts, reverse=True)


@given(instances, azs, st.data())
def test_survivors_match_a_naive_round_robin(n, k, data):
    failed = data.draw(st.integers(min_value=0, max_value=k))
    # Oracle: place instances one by one, round-robin, then fail the fullest AZs.
    counts = [0] * k
    for i in range(n):
        counts[i % k] += 1
    expected = n - sum(sorted(counts, reverse=True)[:failed])
    assert az_failure(n, k, failed=failed).surviving == expected


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=2, max_value=6), st.data())
def test_static_stability_is_minimal(required, k, data):
    failures = data.draw(st.integers(min_value=1, max_value=k - 1))
    fleet = instances_for_static_stability(required, k, failures=failures)
    assert az_failure(fleet, k, failed=failures).surviving >= required
    assert all(az_failure(smaller, k, failed=failures).surviving < required for smaller in range(fleet))
