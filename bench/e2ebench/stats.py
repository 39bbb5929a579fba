"""Percentiles without numpy: nearest-rank on sorted samples, in milliseconds."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100) of `samples`; None when there are none."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(prefix: str, seconds: Sequence[float]) -> dict[str, float | None]:
    """`{prefix}_p50_ms`, `_p95_ms`, `_p99_ms`, `_max_ms` from latencies in seconds."""
    out: dict[str, float | None] = {}
    for label, q in (("p50", 50.0), ("p95", 95.0), ("p99", 99.0), ("max", 100.0)):
        value = percentile(seconds, q)
        out[f"{prefix}_{label}_ms"] = None if value is None else round(value * 1000, 1)
    return out
