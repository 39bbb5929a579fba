// Channel posts: write (bold, italic, links), preview as Telegram shows it, publish now or at
// a time, edit and delete; supervisors add channels. The server sanitises; the preview is
// built node by node from its answer (no innerHTML).
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const form = document.getElementById("post-form");
  const list = document.getElementById("post-list").tBodies[0];
  const channelBox = document.getElementById("post-channels");
  const channelList = document.getElementById("channel-list");
  const channelForm = document.getElementById("channel-form");
  const previewBox = document.getElementById("post-preview");
  const lengthBox = document.getElementById("post-length");
  const notice = document.getElementById("notice");
  const ALLOWED = ["B", "I", "U", "S", "A", "CODE", "PRE", "BLOCKQUOTE"];
  let channels = [];

  function copyAllowed(from, into) {
    from.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) { into.appendChild(document.createTextNode(node.textContent)); return; }
      if (node.nodeType !== Node.ELEMENT_NODE) return;
      if (ALLOWED.indexOf(node.tagName) < 0) { copyAllowed(node, into); return; }
      const copy = document.createElement(node.tagName.toLowerCase());
      if (node.tagName === "A") {
        const href = node.getAttribute("href") || "";
        if (/^(https?:|tg:|mailto:)/i.test(href)) { copy.href = href; copy.rel = "noopener noreferrer"; copy.target = "_blank"; }
      }
      copyAllowed(node, copy);
      into.appendChild(copy);
    });
  }

  let previewTimer = null;
  async function preview() {
    const { status, data } = await P.api("POST", "/posts/preview", { text: form.elements.text.value }, true);
    if (status !== 200) return;
    const parsed = new DOMParser().parseFromString("<body>" + data.html + "</body>", "text/html");
    previewBox.replaceChildren();
    copyAllowed(parsed.body, previewBox);
    lengthBox.textContent = String(data.length);
    lengthBox.classList.toggle("over", data.length > data.limit);
  }
  form.elements.text.addEventListener("input", function () { clearTimeout(previewTimer); previewTimer = setTimeout(preview, 300); });

  form.querySelectorAll("[data-wrap]").forEach(function (button) {
    button.addEventListener("click", function () {
      const box = form.elements.text;
      const tag = button.dataset.wrap;
      let open = "<" + tag + ">";
      if (tag === "a") {
        const href = window.prompt(t("posts.link_prompt"), "https://");
        if (!href) return;
        open = '<a href="' + href.replace(/"/g, "%22") + '">';
      }
      const start = box.selectionStart, end = box.selectionEnd, text = box.value;
      box.value = text.slice(0, start) + open + text.slice(start, end) + "</" + tag + ">" + text.slice(end);
      box.focus();
      preview();
    });
  });

  function drawChannels() {
    channelBox.replaceChildren(P.el("legend", "", t("posts.channels")));
    if (!channels.length) channelBox.appendChild(P.el("p", "notice", t("posts.no_channels")));
    channels.forEach(function (channel) {
      const label = P.el("label", "inline");
      const box = P.el("input");
      box.type = "checkbox"; box.name = "channel"; box.value = channel.id;
      label.append(box, " " + channel.title);
      channelBox.appendChild(label);
    });
    channelList.replaceChildren(...channels.map(function (channel) {
      const item = P.el("li", "", channel.title + " (" + channel.chat_id + ") ");
      if (channelForm) {
        const remove = P.el("button", "danger", t("posts.delete"));
        remove.type = "button";
        remove.addEventListener("click", async function () { await P.api("DELETE", "/channels/" + channel.id); load(); });
        item.appendChild(remove);
      }
      return item;
    }));
  }

  function channelName(id) {
    const found = channels.find(function (channel) { return channel.id === id; });
    return found ? found.title : id;
  }

  // A scheduled post keeps its time when edited (an empty field would mean "now").
  function localInput(iso) {
    const at = new Date(iso);
    const pad = function (n) { return String(n).padStart(2, "0"); };
    return at.getFullYear() + "-" + pad(at.getMonth() + 1) + "-" + pad(at.getDate()) + "T" + pad(at.getHours()) + ":" + pad(at.getMinutes());
  }

  function row(post) {
    const tr = P.el("tr");
    tr.dataset.post = post.id;
    const states = post.deliveries.map(function (d) { return channelName(d.channel_id) + ": " + d.state + (d.error ? " (" + d.error + ")" : ""); });
    const when = post.publish_at ? new Date(post.publish_at).toLocaleString() : "";
    tr.append(P.el("td", "", post.lang.toUpperCase()), P.el("td", "", post.title + " — " + (t("posts.state_" + post.state) || post.state) + " " + when),
      P.el("td", "text", post.text), P.el("td", "", states.join("; ")));
    const actions = P.el("td", "actions");
    const edit = P.el("button", "secondary", t("posts.edit"));
    edit.type = "button";
    edit.addEventListener("click", function () {
      form.elements.id.value = post.id; form.elements.lang.value = post.lang;
      form.elements.title.value = post.title; form.elements.text.value = post.text;
      form.elements.draft.checked = post.state === "draft";
      form.elements.publish_at.value = post.state === "published" || !post.publish_at ? "" : localInput(post.publish_at);
      form.querySelectorAll("input[name=channel]").forEach(function (box) {
        box.checked = post.deliveries.some(function (d) { return d.channel_id === box.value; });
      });
      form.elements.text.focus(); preview();
    });
    const remove = P.el("button", "danger", t("posts.delete"));
    remove.type = "button";
    remove.addEventListener("click", async function () {
      const { data } = await P.api("DELETE", "/posts/" + post.id);
      notice.textContent = data.ok ? "✓" : (data.detail || data.error || JSON.stringify(data.channels));
      load();
    });
    actions.append(edit, remove);
    tr.appendChild(actions);
    return tr;
  }

  async function loadAudit() {
    const { status, data } = await P.api("GET", "/posts/audit", undefined, true);
    if (status !== 200) return;
    document.getElementById("audit-chain").textContent = data.chain_ok ? t("posts.chain_ok") : t("posts.chain_broken");
    document.getElementById("audit-list").replaceChildren(...data.entries.slice(0, 30).map(function (entry) {
      return P.el("li", "", new Date(entry.at).toLocaleString() + " · " + entry.actor_alias + " · " + entry.action);
    }));
  }

  async function load() {
    const { status, data } = await P.api("GET", "/posts", undefined, true);
    if (status !== 200) return;
    channels = data.channels;
    drawChannels();
    if (!data.items.length) list.replaceChildren(P.el("tr", "", t("posts.none")));
    else list.replaceChildren(...data.items.map(row));
    loadAudit();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const chosen = Array.from(form.querySelectorAll("input[name=channel]:checked")).map(function (box) { return box.value; });
    const local = form.elements.publish_at.value;
    const payload = {
      lang: form.elements.lang.value, title: form.elements.title.value, text: form.elements.text.value,
      channel_ids: chosen, draft: form.elements.draft.checked,
      publish_at: local ? new Date(local).toISOString() : null,
    };
    const id = form.elements.id.value;
    const { data } = await P.api(id ? "PUT" : "POST", id ? "/posts/" + id : "/posts", payload);
    notice.textContent = data.ok ? "✓" : (data.detail || data.error || JSON.stringify(data.channels));
    if (data.item) { form.reset(); form.elements.id.value = ""; previewBox.replaceChildren(); lengthBox.textContent = "0"; load(); }
  });

  if (channelForm) {
    channelForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const { data } = await P.api("POST", "/channels", { chat_id: channelForm.elements.chat_id.value, title: channelForm.elements.title.value });
      notice.textContent = data.ok ? "✓" : (data.detail || data.error);
      if (data.ok) { channelForm.reset(); load(); }
    });
  }
  load();
})();
