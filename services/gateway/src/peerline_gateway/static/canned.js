// Canned answers: consultants read them; supervisors add, change and delete.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const form = document.getElementById("canned-form");
  const list = document.getElementById("canned-list").tBodies[0];
  const notice = document.getElementById("notice");

  async function load() {
    const { status, data } = await P.api("GET", "/canned");
    if (status !== 200) return;
    if (!data.items.length) { list.replaceChildren(P.el("tr", "", t("canned.none"))); return; }
    list.replaceChildren(...data.items.map(function (answer) {
      const row = P.el("tr");
      row.append(P.el("td", "", answer.lang.toUpperCase()), P.el("td", "", answer.title), P.el("td", "text", answer.text));
      const actions = P.el("td", "actions");
      if (form) {
        const edit = P.el("button", "secondary", "✎");
        edit.type = "button";
        edit.setAttribute("aria-label", answer.title);
        edit.addEventListener("click", function () {
          form.elements.id.value = answer.id; form.elements.lang.value = answer.lang;
          form.elements.title.value = answer.title; form.elements.text.value = answer.text; form.elements.title.focus();
        });
        const remove = P.el("button", "danger", t("canned.delete"));
        remove.type = "button";
        remove.addEventListener("click", async function () {
          const { data: result } = await P.api("DELETE", "/canned/" + answer.id);
          notice.textContent = result.ok ? "✓" : (result.detail || result.error);
          load();
        });
        actions.append(edit, remove);
      }
      row.appendChild(actions);
      return row;
    }));
  }

  if (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const payload = { lang: form.elements.lang.value, title: form.elements.title.value, text: form.elements.text.value };
      const id = form.elements.id.value;
      const { data } = await P.api(id ? "PUT" : "POST", id ? "/canned/" + id : "/canned", payload);
      notice.textContent = data.ok ? "✓" : (data.detail || data.error);
      if (data.ok) { form.reset(); form.elements.id.value = ""; load(); }
    });
  }
  load();
})();
