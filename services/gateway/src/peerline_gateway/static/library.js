// The self-help library page: everyone searches and reads; supervisors (and editors) change it.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const form = document.getElementById("article-form");
  const list = document.getElementById("article-list").tBodies[0];
  const notice = document.getElementById("notice");
  const search = document.getElementById("library-search");

  function fill(article) {
    form.elements.id.value = article.article_id; form.elements.lang.value = article.lang;
    form.elements.title.value = article.title; form.elements.summary.value = article.summary;
    form.elements.body.value = article.body; form.elements.country.value = article.country || "";
    form.elements.is_example.checked = article.is_example;
    form.querySelectorAll('input[name="topics"]').forEach(function (box) { box.checked = article.topics.indexOf(box.value) >= 0; });
    form.elements.title.focus();
  }

  function row(article) {
    const tr = P.el("tr");
    const title = P.el("td", "", article.title);
    if (article.is_example) title.appendChild(P.el("span", "badge example", " " + t("library.example_badge")));
    tr.append(P.el("td", "", article.lang.toUpperCase()), title, P.el("td", "", article.topics.join(", ")),
              P.el("td", "", article.country || "—"));
    const actions = P.el("td", "actions");
    if (form) {
      const edit = P.el("button", "secondary", "✎");
      edit.type = "button";
      edit.setAttribute("aria-label", article.title);
      edit.addEventListener("click", function () { fill(article); });
      const remove = P.el("button", "danger", t("library.delete"));
      remove.type = "button";
      remove.addEventListener("click", async function () {
        if (!window.confirm(t("library.delete_confirm"))) return;
        const { data } = await P.api("DELETE", "/manage/articles/" + article.article_id);
        notice.textContent = data.ok ? "✓" : (data.detail || data.error);
        load();
      });
      actions.append(edit, remove);
    }
    tr.appendChild(actions);
    return tr;
  }

  async function load() {
    const text = encodeURIComponent(document.getElementById("library-text").value.trim());
    const { status, data } = await P.api("GET", "/library?text=" + text);
    if (status !== 200) { list.replaceChildren(P.el("tr", "", t("library.unavailable"))); return; }
    if (!data.items.length) { list.replaceChildren(P.el("tr", "", t("library.none"))); return; }
    list.replaceChildren(...data.items.map(row));
  }

  if (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const topics = Array.from(form.querySelectorAll('input[name="topics"]:checked')).map(function (box) { return box.value; });
      const country = form.elements.country.value.trim().toUpperCase();
      const payload = { lang: form.elements.lang.value, title: form.elements.title.value, summary: form.elements.summary.value,
                        body: form.elements.body.value, topics: topics, country: country || null,
                        is_example: form.elements.is_example.checked };
      const id = form.elements.id.value;
      const { data } = await P.api(id ? "PUT" : "POST", id ? "/manage/articles/" + id : "/manage/articles", payload);
      notice.textContent = data.ok ? "✓" : (data.detail || data.error || t("library.check_fields"));
      if (data.ok) { form.reset(); form.elements.id.value = ""; load(); }
    });
  }
  search.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  load();
})();
