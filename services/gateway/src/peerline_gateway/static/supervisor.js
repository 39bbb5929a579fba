// Supervisor view: who is on shift and their load, queue depth, SLA breaches (live), how often
// triage was corrected, audit log.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function cells(row, values) { values.forEach((value) => row.appendChild(P.el("td", "", value))); return row; }

  async function loadStats(background) {
    const { status, data } = await P.api("GET", "/stats", undefined, background === true);
    if (status !== 200) return;
    document.querySelectorAll("#depth dd").forEach(function (dd) { dd.textContent = String(data.depth_by_urgency[dd.dataset.urgency] || 0); });
    $("oldest").textContent = Math.round(data.oldest_waiting_seconds / 60) + " min";
    $("sla").textContent = String(data.sla_breaches_open);
    $("sla").className = data.sla_breaches_open ? "error" : "";
  }

  async function loadCorrections(background) {
    // How often consultants corrected triage, by the urgency triage gave (opened in the period).
    const { status, data } = await P.api("GET", "/corrections?days=" + $("corrections-days").value, undefined, background === true);
    if (status !== 200 || data.error) return;
    $("corrections-share").textContent = t("supervisor.corrections_share", { corrected: data.conversations_corrected, opened: data.conversations_opened });
    document.querySelectorAll("#corrections tbody tr").forEach(function (row) {
      const level = row.dataset.urgency;
      const opened = data.opened_by_urgency[level] || 0;
      const corrected = data.corrected_by_urgency[level] || 0;
      const rate = opened ? corrected / opened : 0;
      row.querySelector(".opened").textContent = String(opened);
      row.querySelector(".corrected").textContent = String(corrected);
      row.querySelector("meter").value = rate;
      row.querySelector(".rate").textContent = Math.round(rate * 100) + "%";
      row.querySelector(".moved").textContent = data.changes.filter((c) => c.triaged === level)
        .map((c) => "→ " + t("console.urgency." + c.corrected) + " " + c.count).join(", ");
    });
    $("corrections-topics").textContent = t("supervisor.corrections_topics_only", { count: data.topics_only });
  }

  async function loadShift(background) {
    const { status, data } = await P.api("GET", "/on-shift", undefined, background === true);
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
      const what = entry.action === "break_glass" ? entry.action + ": " + (entry.after.reason || "") : entry.action;
      return cells(P.el("tr"), [String(entry.sequence), new Date(entry.at).toLocaleString(), entry.actor_alias,
        what, entry.conversation_id || ""]);
    }));
  }

  // Reads of conversations the reader had no need to know, newest first, with their reasons.
  async function loadBreakGlass() {
    const { status, data } = await P.api("GET", "/audit?action=break_glass&limit=50");
    if (status !== 200) return;
    $("break-glass-reads").tBodies[0].replaceChildren(...data.entries.map(function (entry) {
      return cells(P.el("tr", "break-glass"), [new Date(entry.at).toLocaleString(), entry.actor_alias,
        entry.conversation_id || "", String(entry.after.reason || "")]);
    }));
  }

  $("corrections-days").addEventListener("change", function () { loadCorrections(); });
  $("audit-filters").addEventListener("submit", function (event) { event.preventDefault(); loadAudit(); });
  P.onLive(function () { clearTimeout(timer); timer = setTimeout(function () { loadStats(true); loadShift(true); }, 500); });
  P.onLive(function (frame) { if (frame.type === "conversation" && frame.reason === "triage_corrected") loadCorrections(true); });
  setInterval(function () { loadStats(true); loadShift(true); }, 30000);
  setInterval(function () { loadCorrections(true); }, 60000); // new conversations change the shares too
  loadStats();
  loadShift();
  loadCorrections();
  loadAudit();
  loadBreakGlass();
  setInterval(loadBreakGlass, 60000);
})();
