// Supervisor view: who is on shift and their load, queue depth, SLA breaches (live), audit log.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function cells(row, values) { values.forEach((value) => row.appendChild(P.el("td", "", value))); return row; }

  async function loadStats() {
    const { status, data } = await P.api("GET", "/stats");
    if (status !== 200) return;
    document.querySelectorAll("#depth dd").forEach(function (dd) { dd.textContent = String(data.depth_by_urgency[dd.dataset.urgency] || 0); });
    $("oldest").textContent = Math.round(data.oldest_waiting_seconds / 60) + " min";
    $("sla").textContent = String(data.sla_breaches_open);
    $("sla").className = data.sla_breaches_open ? "error" : "";
  }

  async function loadShift() {
    const { status, data } = await P.api("GET", "/on-shift");
    if (status !== 200) return;
    $("on-shift").tBodies[0].replaceChildren(...data.consultants.map(function (c) {
      return cells(P.el("tr", c.presence), [c.alias, c.role, c.presence + (c.on_shift ? "" : " (off shift)"), c.load + " / " + c.capacity]);
    }));
  }

  async function loadAudit() {
    const form = new FormData($("audit-filters"));
    const params = new URLSearchParams();
    for (const [name, value] of form) {
      if (!value) continue;
      params.set(name, (name === "since" || name === "until") ? new Date(value).toISOString() : value);
    }
    const { status, data } = await P.api("GET", "/audit?" + params.toString());
    if (status !== 200) return;
    $("chain").textContent = data.chain_ok ? t("supervisor.chain_ok") : t("supervisor.chain_broken");
    $("chain").className = data.chain_ok ? "ok" : "error";
    $("audit").tBodies[0].replaceChildren(...data.entries.map(function (entry) {
      return cells(P.el("tr"), [String(entry.sequence), new Date(entry.at).toLocaleString(), entry.actor_alias,
        entry.action, entry.conversation_id || ""]);
    }));
  }

  $("audit-filters").addEventListener("submit", function (event) { event.preventDefault(); loadAudit(); });
  P.onLive(function () { clearTimeout(timer); timer = setTimeout(function () { loadStats(); loadShift(); }, 500); });
  setInterval(function () { loadStats(); loadShift(); }, 30000);
  loadStats();
  loadShift();
  loadAudit();
})();
