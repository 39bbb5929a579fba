// Consultant and shift management (supervisors and admins): list, add, deactivate; weekly
// slots and one-off overrides. Every change goes through P.api, which sends the CSRF token.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  const notice = $("manage-notice");
  let selected = null;

  function say(data) {
    notice.textContent = data.ok ? t("manage.saved") : t("manage.failed", { detail: data.detail || data.error });
    notice.className = data.ok ? "notice" : "notice error";
  }

  function button(label, cls, onClick) {
    const node = P.el("button", cls, label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function row(values, actions) {
    const tr = P.el("tr");
    values.forEach((value) => tr.appendChild(P.el("td", "", value)));
    const cell = P.el("td", "actions");
    cell.append(...actions);
    tr.appendChild(cell);
    return tr;
  }

  async function loadConsultants() {
    const { status, data } = await P.api("GET", "/manage/consultants");
    if (status !== 200) { if (data.error !== "network") say(data); return; }
    $("consultants").tBodies[0].replaceChildren(...data.consultants.map(function (c) {
      const actions = [button(t("manage.shifts"), "secondary", () => loadShifts(c))];
      if (c.active) {
        actions.push(button(t("manage.deactivate"), "danger", async function () {
          if (!window.confirm(t("manage.deactivate_confirm", { alias: c.alias }))) return;
          const { data: result } = await P.api("POST", "/manage/consultants/" + c.consultant_id + "/deactivate");
          say(result);
          loadConsultants();
        }));
        // A new password the supervisor tells the consultant in person; their sessions end.
        actions.push(button(t("account.reset"), "secondary", async function () {
          const password = window.prompt(t("account.reset_prompt", { alias: c.alias }));
          if (!password) return;
          const { data: result } = await P.api("POST", "/manage/consultants/" + c.consultant_id + "/password", { new_password: password });
          say(result);
        }));
      }
      if (c.active) {
        actions.push(button(t("second_factor.reset"), "secondary reset-second-factor", async function () {
          const { data: result } = await P.api("POST", "/manage/consultants/" + c.consultant_id + "/second-factor/reset");
          if (result.ok) { notice.textContent = t("second_factor.reset_done"); notice.className = "notice"; } else { say(result); }
        }));
      }
      const tr = row([c.alias, c.languages.join(", ").toUpperCase(), c.topics.map((x) => t("manage.topic." + x)).join(", "),
        String(c.capacity), t("manage.role_name." + c.role), c.active ? t("manage.yes") : t("manage.no")], actions);
      tr.dataset.consultant = c.consultant_id;
      if (!c.active) tr.className = "inactive";
      return tr;
    }));
  }

  async function loadShifts(consultant) {
    selected = consultant;
    document.dispatchEvent(new CustomEvent("peerline:consultant-selected", { detail: consultant }));
    const { status, data } = await P.api("GET", "/manage/consultants/" + consultant.consultant_id + "/shifts");
    if (status !== 200) { say(data); return; }
    $("shifts").hidden = false;
    $("shifts-alias").textContent = data.alias;
    $("shifts-zone").textContent = t("manage.zone_note", { zone: data.time_zone }) + " " + (data.on_shift_now ? t("manage.on_shift_now") : "");
    $("slots").tBodies[0].replaceChildren(...data.slots.map((s) => row([t("manage.day." + s.weekday), s.starts, s.ends],
      [button(t("manage.remove"), "danger", () => change("DELETE", "/manage/slots/" + s.slot_id))])));
    $("overrides").tBodies[0].replaceChildren(...data.overrides.map((o) => row(
      [t("manage.kind_name." + o.kind), o.starts.replace("T", " ").slice(0, 16), o.ends.replace("T", " ").slice(0, 16)],
      [button(t("manage.remove"), "danger", () => change("DELETE", "/manage/overrides/" + o.override_id))])));
  }

  async function change(method, path, payload) {
    const { data } = await P.api(method, path, payload);
    say(data);
    if (selected) loadShifts(selected);
    return data.ok;
  }

  const form = $("consultant-form");
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const checked = (name) => Array.from(form.querySelectorAll("input[name=" + name + "]:checked")).map((box) => box.value);
    const payload = {
      alias: form.elements.alias.value, languages: checked("languages"), topics: checked("topics"),
      capacity: Number(form.elements.capacity.value), role: form.elements.role.value,
      time_zone: form.elements.time_zone.value, login: form.elements.login.value, password: form.elements.password.value,
    };
    const { data } = await P.api("POST", "/manage/consultants", payload);
    say(data);
    if (data.ok) { form.reset(); await loadConsultants(); if (data.consultant) loadShifts(data.consultant); }
  });

  $("slot-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const f = event.target.elements;
    const payload = { weekday: Number(f.weekday.value), starts: f.starts.value, ends: f.ends.value };
    if (await change("POST", "/manage/consultants/" + selected.consultant_id + "/slots", payload)) event.target.reset();
  });

  $("override-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const f = event.target.elements;
    const payload = { kind: f.kind.value, starts: f.starts.value, ends: f.ends.value };
    if (await change("POST", "/manage/consultants/" + selected.consultant_id + "/overrides", payload)) event.target.reset();
  });

  loadConsultants();
})();
