// Specialists on the management page (supervisors and admins): the kinds an organisation
// uses, and for the consultant picked in the table, which kinds they are and when they answer
// (weekly windows in their own time zone; not shifts). The directory checks the role again.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  const notice = $("manage-notice");
  let consultant = null;
  let windows = [];
  let listed = { kinds: [], specialists: [] };

  function say(data) {
    notice.textContent = data.ok ? t("manage.saved") : t("manage.failed", { detail: data.detail || data.error });
    notice.className = data.ok ? "notice" : "notice error";
  }

  async function load() {
    const { status, data } = await P.api("GET", "/specialists");
    if (status !== 200) return;
    listed = data;
    $("kinds-list").replaceChildren(...data.kinds.map((k) => P.el("li", "", k.label + " (" + k.key + ")")));
    if (consultant) showSpecialist();
  }

  function showSpecialist() {
    const mine = listed.specialists.find((s) => s.consultant_id === consultant.consultant_id);
    windows = mine ? mine.availability.slice() : [];
    const kinds = mine ? mine.kinds : [];
    const legend = $("specialist-kinds").querySelector("legend");
    $("specialist-kinds").replaceChildren(legend, ...listed.kinds.map(function (kind) {
      const label = P.el("label", "inline");
      const box = P.el("input");
      box.type = "checkbox";
      box.name = "specialist-kind";
      box.value = kind.key;
      box.checked = kinds.includes(kind.key);
      label.append(box, " " + kind.label);
      return label;
    }));
    showWindows();
  }

  function showWindows() {
    $("availability").tBodies[0].replaceChildren(...windows.map(function (w, index) {
      const tr = P.el("tr");
      [t("manage.day." + w.weekday), w.starts, w.ends].forEach((value) => tr.appendChild(P.el("td", "", value)));
      const remove = P.el("button", "danger", t("manage.remove"));
      remove.type = "button";
      remove.addEventListener("click", function () { windows.splice(index, 1); showWindows(); });
      const cell = P.el("td", "actions");
      cell.appendChild(remove);
      tr.appendChild(cell);
      return tr;
    }));
  }

  document.addEventListener("peerline:consultant-selected", function (event) {
    consultant = event.detail;
    showSpecialist();
  });

  $("availability-add").addEventListener("click", function () {
    const row = $("availability-new");
    const pick = (name) => row.querySelector("[name=" + name + "]").value;
    if (!pick("starts") || !pick("ends")) return;
    windows.push({ weekday: Number(pick("weekday")), starts: pick("starts"), ends: pick("ends") });
    showWindows();
  });

  $("specialist-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!consultant) return;
    const kinds = Array.from(document.querySelectorAll("input[name=specialist-kind]:checked")).map((box) => box.value);
    const { data } = await P.api("PUT", "/manage/specialists/" + consultant.consultant_id, { kinds: kinds, availability: windows });
    say(data);
    load();
  });

  $("kind-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const f = event.target.elements;
    const { data } = await P.api("POST", "/manage/specialist-kinds", { key: f.key.value, label: f.label.value });
    say(data);
    if (data.ok) { event.target.reset(); load(); }
  });

  load();
})();
