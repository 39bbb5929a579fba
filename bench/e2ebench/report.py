"""latest.json (flat), latest.md (the README table) and latency.png (latency vs offered load)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

TARGETS: tuple[tuple[str, str, str, float], ...] = (
    # key, label, comparison, target
    ("e2e_rate_msgs", "end-to-end rate, best step (msg/s)", ">=", 1000),
    ("lost", "messages lost", "<=", 0),
    ("e2e_p99_ms", "p99 client → console, top step that delivered (ms)", "<", 250),
    ("e2e_p99_ms_at_100", "p99 client → console at 100 msg/s (ms)", "<", 50),
    ("emergency_reply_p99_ms", "p99 emergency → first-aid reply (ms)", "<", 200),
    ("ratio_to_baseline", "pipeline rate / bare NATS relay rate", ">=", 0.3),
    ("idle_sockets", "idle sockets in one gateway process", ">=", 10000),
    ("kb_per_socket", "gateway memory per idle socket (KB)", "<", 50),
)


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "machine_cpus": os.cpu_count(),
        "machine_python": platform.python_version(),
        "machine_system": f"{platform.system()} {platform.release()}",
    }
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                info["machine_cpu_model"] = line.split(":", 1)[1].strip()
                break
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        info["machine_memory_gb"] = round(total_kb / 1024**2, 1)
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=5, check=False).stdout.strip()
        info["git_commit"] = commit or None
    except OSError:
        info["git_commit"] = None
    return info


def verdict(value: Any, comparison: str, target: float) -> str:
    if value is None:
        return "n/a"
    passed = {">=": value >= target, "<=": value <= target, "<": value < target}[comparison]
    return "met" if passed else "**missed**"


HOPS = ("gateway", "triage", "to_console", "notifications", "console_push", "first_aid_triage",
        "first_aid_push")


def markdown(report: dict[str, Any], steps: list[dict[str, Any]]) -> str:
    lines = [
        f"Benchmark `{report['mode']}` mode, {report.get('machine_cpus')} cores "
        f"({report.get('machine_cpu_model', '?')}), {report['finished_at']}, commit "
        f"{report.get('git_commit') or '?'}.",
        "",
        "| measure | result | target | |",
        "|---|---|---|---|",
    ]
    for key, label, comparison, target in TARGETS:
        value = report.get(key)
        shown = "n/a" if value is None else f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
        outcome = verdict(value, comparison, target)
        lines.append(f"| {label} | {shown} | {comparison} {target:,g} | {outcome} |")
    lines += [
        "",
        "| offered msg/s | sent | delivered | achieved msg/s | p50 ms | p95 ms | p99 ms | first aid p99 ms "
        "| safety message p99 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for step in steps:
        mark = " (saturated)" if step.get("saturated") else ""
        lines.append(
            f"| {step['offered_rate']:g}{mark} | {step['sent']} | {step['delivered']} | "
            f"{step['achieved_rate']} | {step['e2e_p50_ms']} | {step['e2e_p95_ms']} | "
            f"{step['e2e_p99_ms']} | {step['first_aid_p99_ms']} | {step.get('safety_p99_ms')} |"
        )
    lines += [
        "",
        "Where the time went, p50 / p99 ms per hop (the bench's read-only taps on the stored "
        "subjects):",
        "",
        "| offered msg/s | gateway (send → inbound) | triage (inbound → triaged) | "
        "to console (triaged → console) | of which notifications (triaged → conversation event) | "
        "of which console push (→ console) | first aid: triage | first aid: push |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for step in steps:
        hops = " | ".join(f"{step.get(f'hop_{hop}_p50_ms')} / {step.get(f'hop_{hop}_p99_ms')}"
                          for hop in HOPS)
        lines.append(f"| {step['offered_rate']:g} | {hops} |")
    lines.append(
        f"\nBare NATS relay (3 stored hops): {report.get('baseline_rate_msgs')} msg/s; "
        f"pipeline at saturation: {report.get('pipeline_max_rate_msgs')} msg/s. "
        f"Sent {report.get('sent')}, acked {report.get('acked')}, stored {report.get('stored')}, "
        f"still on their way when the run ended {report.get('pending_at_end')}."
    )
    lines += cpu_table(steps)
    if report.get("open_conversations_seeded"):
        lines.append(
            f"\nQueue growth: {report['open_conversations_seeded']:,} open conversations seeded. SLA tick "
            f"mean {report.get('sla_tick_ms_mean')} ms ({report.get('sla_ticks_under_50ms')} of "
            f"{report.get('sla_ticks')} ticks under 50 ms, the leader's first included); after the tick "
            f"that scheduled the seeded queue {report.get('sla_tick_ms_mean_steady')} ms "
            f"({report.get('sla_ticks_steady_under_50ms')} of {report.get('sla_ticks_steady')}); a console's "
            f"queue page p50 / p99 {report.get('queue_page_p50_ms')} / {report.get('queue_page_p99_ms')} ms "
            f"({report.get('queue_pages_loaded')} loads; in notifications, mean "
            f"{report.get('queue_page_ms_mean_in_notifications')} ms)."
        )
    return "\n".join(lines) + "\n"


def cpu_table(steps: list[dict[str, Any]]) -> list[str]:
    """CPU per message of each process in each step (user + system time from /proc, read when
    the step starts offering and when it has drained, over the messages it sent; warm-ups
    excluded): unlike rates, it holds on a shared machine."""
    per_step = [step.get("cpu_ms_per_message") or {} for step in steps]
    names = sorted({name for cpu in per_step for name in cpu},
                   key=lambda name: -max(cpu.get(name, 0.0) for cpu in per_step))
    if not names:
        return []
    lines = [
        "",
        "CPU ms per message in each step, per process (CPU time over the step's offer and "
        "drain / messages sent in it; idle loops included):",
        "",
        "| offered msg/s | " + " | ".join(names) + " | all |",
        "|---|" + "---:|" * (len(names) + 1),
    ]
    for step, cpu in zip(steps, per_step, strict=True):
        cells = " | ".join(f"{cpu.get(name, 0.0):.3f}" for name in names)
        lines.append(f"| {step['offered_rate']:g} | {cells} | {sum(cpu.values()):.3f} |")
    return lines


def plot(path: Path, steps: list[dict[str, Any]], baseline: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 4.2), dpi=100)
    rates = [step["offered_rate"] for step in steps]
    for key, label, style in (("e2e_p50_ms", "pipeline p50", "o-"), ("e2e_p99_ms", "pipeline p99", "s-"),
                              ("first_aid_p99_ms", "first aid p99", "^--")):
        axis.plot(rates, [step[key] for step in steps], style, label=label)
    if baseline:
        axis.plot([b["offered_rate"] for b in baseline], [b["p99_ms"] for b in baseline], "x:",
                  label="bare NATS relay p99")
    for target, label in ((250, "p99 target at 1,000 msg/s"), (50, "p99 target at 100 msg/s")):
        axis.axhline(target, color="grey", linewidth=0.8, linestyle="--")
        axis.annotate(label, (rates[0] if rates else 1, target), fontsize=7, color="grey",
                      xytext=(2, 2), textcoords="offset points")
    for step in steps:
        axis.annotate(f"{step['achieved_rate']:g}/s", (step["offered_rate"], step["e2e_p99_ms"] or 1),
                      fontsize=7, xytext=(4, 4), textcoords="offset points")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("offered load (messages/s)")
    axis.set_ylabel("latency (ms)")
    axis.set_title("Client message → consultant console (labels: achieved msg/s)", fontsize=9)
    axis.legend(fontsize=8)
    axis.grid(True, which="both", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def write(out_dir: Path, report: dict[str, Any], steps: list[dict[str, Any]],
          baseline: list[dict[str, Any]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    (out_dir / "latest.md").write_text(markdown(report, steps))
    plot(out_dir / "latency.png", steps, baseline)
