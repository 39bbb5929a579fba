// Bad-batch alerts (supervisors): draft, approve someone else's draft, cancel; progress of an
// alert being sent is asked for every second while one is sending (sent / failed / remaining).
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  const notice = $("alerts-notice");
  const me = document.body.dataset.alias;
  let timer = null;

  function say(data) {
    notice.textContent = data.ok ? t("alerts.saved") : t("alerts.failed", { detail: t("alerts.error." + data.error) });
    notice.className = data.ok ? "notice" : "notice error";
  }

  function button(label, cls, onClick) {
    const node = P.el("button", cls, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  async function act(alert, verb) {
    const { data } = await P.api("POST", "/alerts/" + alert.alert_id + "/" + verb);
    say(data);
    load();
    loadAudit();
  }

  function optionText(select, value) {
    const option = Array.from($(select).options).find((o) => o.value === value);
    return option ? option.textContent : value;
  }

  function placeOf(alert) {
    if (!alert.country) return t("alerts.everyone");
    const country = optionText("alert-country", alert.country);
    return alert.region ? optionText("alert-region", alert.region) + ", " + country : country;
  }

  function progressText(p) {
    return t("alerts.counts", { sent: p.sent, failed: p.failed, uncertain: p.uncertain, remaining: p.remaining, total: p.total });
  }

  function rowOf(alert) {
    const tr = P.el("tr");
    tr.dataset.alert = alert.alert_id;
    tr.dataset.status = alert.status;
    const texts = alert.texts;
    const who = alert.drafted_by + (alert.approved_by ? " → " + alert.approved_by : "");
    const cells = [placeOf(alert),
      texts.uk || texts.ru || texts.en || "", t("alerts.status_name." + alert.status), who];
    cells.forEach((value) => tr.appendChild(P.el("td", "", value)));
    const progress = P.el("td", "progress", alert.status === "draft" ? "" : progressText(alert.progress));
    tr.appendChild(progress);
    const actions = P.el("td", "actions");
    if (alert.status === "draft" && alert.drafted_by !== me) {
      actions.appendChild(button(t("alerts.approve"), "approve", function () {
        if (window.confirm(t("alerts.approve_confirm"))) act(alert, "approve");
      }));
    } else if (alert.status === "draft") {
      actions.appendChild(P.el("span", "waiting", t("alerts.needs_second")));
    }
    if (alert.status === "draft" || alert.status === "sending") {
      actions.appendChild(button(t("alerts.cancel"), "danger", () => act(alert, "cancel")));
    }
    tr.appendChild(actions);
    return tr;
  }

  async function load(background) {
    const { status, data } = await P.api("GET", "/alerts", undefined, background);
    if (status !== 200) { if (data.error !== "network") say(data); return; }
    $("alerts").tBodies[0].replaceChildren(...data.alerts.map(rowOf));
    $("alert-subscribers").textContent = t("alerts.subscribers", { count: data.subscribers });
    const sending = data.alerts.some((a) => a.status === "sending");
    clearTimeout(timer);
    timer = setTimeout(() => load(true), sending ? 1000 : 10000);
  }

  async function loadAudit() {
    // The adapter checks its chain on each request (as `peerline telegram alerts audit verify`).
    const { status, data } = await P.api("GET", "/alerts/audit", undefined, true);
    const chain = $("alerts-audit-chain");
    if (status !== 200) {
      chain.textContent = t("alerts.chain_unknown");
      chain.className = "error";
      return;
    }
    chain.textContent = data.chain_ok ? t("alerts.chain_ok", { records: data.records }) : t("alerts.chain_broken");
    chain.className = data.chain_ok ? "ok" : "error";
    const problems = data.problems.slice();
    if (data.more_problems) problems.push("… +" + data.more_problems);
    $("alerts-audit-problems").replaceChildren(...problems.map((problem) => P.el("li", "", problem)));
  }

  $("alert-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const form = event.target;
    const texts = {};
    ["uk", "ru", "en"].forEach(function (lang) {
      const value = form.elements["text_" + lang].value.trim();
      if (value) texts[lang] = value;
    });
    const country = form.elements.country.value || null;
    const region = country === "UA" ? (form.elements.region.value || null) : null;
    const { data } = await P.api("POST", "/alerts", { country: country, region: region, texts: texts });
    say(data);
    if (data.ok) form.reset();
    load();
    loadAudit();
  });

  $("alert-country").addEventListener("change", function () {
    $("alert-region").disabled = this.value !== "UA";
  });
  $("alert-region").disabled = true;
  load();
  loadAudit();
}());
