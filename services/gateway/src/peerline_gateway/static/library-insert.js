// The self-help library beside a reply: search, then insert an article's text into the reply.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  const results = $("library-insert-results");
  const replyBox = $("reply-text");
  if (!results || !replyBox) return;

  function insert(text) {
    const at = replyBox.selectionStart || replyBox.value.length;
    const before = replyBox.value.slice(0, at);
    const after = replyBox.value.slice(at);
    replyBox.value = before + (before && !before.endsWith("\n") ? "\n" : "") + text + (after.startsWith("\n") ? "" : "\n") + after;
    replyBox.focus();
  }

  function item(article) {
    const li = P.el("li", "article");
    const head = P.el("strong", "", article.title + " (" + article.lang.toUpperCase() + ")");
    li.appendChild(head);
    if (article.is_example) li.appendChild(P.el("span", "badge example", " " + t("library.example_badge")));
    if (article.summary) li.appendChild(P.el("p", "", article.summary));
    const button = P.el("button", "secondary insert-article", t("library.insert"));
    button.type = "button";
    button.addEventListener("click", function () { insert(article.title + "\n\n" + article.body); });
    li.appendChild(button);
    return li;
  }

  $("library-insert-search").addEventListener("submit", async function (event) {
    event.preventDefault();
    const query = encodeURIComponent($("library-insert-text").value.trim());
    const { status, data } = await P.api("GET", "/library?text=" + query);
    if (status !== 200) { results.replaceChildren(P.el("li", "", t("library.unavailable"))); return; }
    if (!data.items.length) { results.replaceChildren(P.el("li", "", t("library.none"))); return; }
    results.replaceChildren(...data.items.map(item));
  });
})();
