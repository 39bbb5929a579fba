"""The benchmark runs end to end in its tiny mode and writes a complete, loss-free report.

No timing is asserted: this machine is shared and noisy. Only the shape of the report and
that every message sent was acked and stored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = (
    "e2e_p50_ms", "e2e_p99_ms", "e2e_rate_msgs", "emergency_reply_p99_ms", "baseline_rate_msgs",
    "ratio_to_baseline", "idle_sockets", "kb_per_socket", "lost", "mode", "machine_cpus",
    "sent", "acked", "stored",
)


@pytest.mark.timeout(400)
def test_tiny_bench_writes_a_loss_free_report(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--tiny", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=380, cwd=ROOT, check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = json.loads((tmp_path / "latest.json").read_text())
    missing = [key for key in REQUIRED if key not in report]
    assert not missing, missing
    assert report["mode"] == "tiny"
    assert report["lost"] == 0, report
    assert report["sent"] > 0 and report["acked"] == report["sent"] == report["stored"]
    assert report["emergency_replies"] == report["emergency_messages"] > 0
    assert report["idle_sockets"] > 0
    assert all(not isinstance(value, dict | list) for value in report.values()), "flat object"
    assert (tmp_path / "latency.png").stat().st_size > 1000
    # Each process's CPU per message in the step, nats-server and redis-server included.
    measured = ("gateway", "triage", "notifications", "directory", "telegram", "nats", "redis", "bench")
    cpu_keys = [f"step_cpu_ms_per_message_{name}_at_50" for name in measured]
    assert all(key in report for key in cpu_keys), [key for key in cpu_keys if key not in report]
    assert report["step_cpu_ms_per_message_gateway_at_50"] > 0
    markdown = (tmp_path / "latest.md").read_text()
    assert "| measure |" in markdown
    assert "CPU ms per message" in markdown


def test_bench_emergencies_are_in_the_tier_they_are_counted_in() -> None:
    """The bench reports first aid (certain tier) and the safety message (possible tier) apart:
    its texts must be classified in the tier it counts them in."""
    sys.path.insert(0, str(ROOT / "bench"))
    from e2ebench import texts

    from peerline_triage.classifier import Classifier

    classifier = Classifier.load()
    for index in range(2 * max(len(texts.EMERGENCY), len(texts.POSSIBLE))):
        text = texts.emergency(index)
        result = classifier.classify(text)
        assert result.urgency == "emergency", text
        assert result.first_aid is (texts.tier(text) == "certain"), text
    assert {texts.tier(texts.emergency(i)) for i in range(2)} == {"certain", "possible"}
