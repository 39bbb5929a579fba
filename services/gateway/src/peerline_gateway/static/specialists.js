// Referral to a kind of specialist from the conversation view: the kinds come from the
// directory; notifications decides (holder or supervisor only), tells the client and the
// specialists, and audits it.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  const tool = $("specialist-tool");
  const select = $("refer-kind");

  async function loadKinds() {
    const { status, data } = await P.api("GET", "/specialists", undefined, true);
    if (status !== 200) return;
    const counts = {};
    data.specialists.forEach((s) => s.kinds.forEach((k) => { counts[k] = (counts[k] || 0) + 1; }));
    select.replaceChildren(...data.kinds.map(function (kind) {
      P.specialistLabels[kind.key] = kind.label;
      const option = P.el("option", "", t("console.refer_option", { label: kind.label, count: counts[kind.key] || 0 }));
      option.value = kind.key;
      return option;
    }));
    // The queue may have been drawn before the labels came: name its kinds now.
    document.querySelectorAll(".queue-item .specialist[data-kind]").forEach(function (span) {
      span.textContent = P.forSpecialist(span.dataset.kind);
    });
  }

  $("refer-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const conversation = tool.dataset.conversation;
    if (!conversation || !select.value) return;
    const { data } = await P.api("POST", "/conversations/" + conversation + "/refer", { kind: select.value, keep: $("refer-keep").checked });
    $("notice").textContent = data.ok ? t("console.referred", { label: P.specialistLabel(select.value) })
      : t("console.error", { detail: data.detail || data.error });
  });

  loadKinds();
})();
