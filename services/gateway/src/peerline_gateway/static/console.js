// Peerline console: live queue, claim, reply, close.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const queue = document.getElementById("queue");
  const panel = document.getElementById("conversation");
  const history = document.getElementById("history");
  const meta = document.getElementById("conv-meta");
  const notice = document.getElementById("notice");
  let current = null;

  async function api(method, path, body) {
    const response = await fetch("/console/api" + path, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, data: await response.json() };
  }

  async function loadQueue() {
    const { data } = await api("GET", "/queue");
    queue.replaceChildren();
    for (const item of data.items) {
      const li = document.createElement("li");
      li.className = item.urgency;
      li.dataset.id = item.conversation_id;
      li.textContent = "[" + item.urgency + "] " + item.lang + " " + item.state +
        (item.consultant_alias ? " · " + item.consultant_alias : "") + " — " + item.preview;
      li.tabIndex = 0;
      li.addEventListener("click", function () { open(item.conversation_id); });
      queue.appendChild(li);
    }
  }

  async function open(id) {
    current = id;
    const { data } = await api("GET", "/conversations/" + id);
    panel.hidden = false;
    history.replaceChildren();
    if (!data.found) return;
    meta.textContent = data.item.urgency + " · " + data.item.topics.join(", ") + " · " + data.item.state +
      (data.item.consultant_alias ? " · " + data.item.consultant_alias : "");
    for (const message of data.messages) {
      const li = document.createElement("li");
      li.className = message.author;
      li.textContent = (message.author_alias || message.author) + ": " + message.text;
      history.appendChild(li);
    }
  }

  document.getElementById("claim").addEventListener("click", async function () {
    const { data } = await api("POST", "/conversations/" + current + "/claim");
    notice.textContent = data.ok ? "claimed" : (data.detail || data.error);
    open(current);
  });
  document.getElementById("close").addEventListener("click", async function () {
    const { data } = await api("POST", "/conversations/" + current + "/close", { outcomes: ["resolved"] });
    notice.textContent = data.ok ? "closed" : (data.detail || data.error);
    loadQueue();
  });
  document.getElementById("reply").addEventListener("submit", async function (event) {
    event.preventDefault();
    const box = document.getElementById("reply-text");
    const { data } = await api("POST", "/conversations/" + current + "/reply", { text: box.value });
    notice.textContent = data.ok ? "sent" : (data.detail || data.error);
    if (data.ok) box.value = "";
    open(current);
  });

  function live() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(scheme + "://" + location.host + "/console/ws");
    socket.onmessage = function () { loadQueue(); if (current) open(current); };
    socket.onclose = function () { setTimeout(live, 1000); };
  }
  loadQueue();
  live();
})();
