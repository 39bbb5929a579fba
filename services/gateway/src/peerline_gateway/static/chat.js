// Peerline web chat: resumable WebSocket with client-side message ids.
(function () {
  "use strict";
  const store = window.sessionStorage;
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const status = document.getElementById("status");
  const pending = new Map(); // client id -> text, re-sent after a reconnect until acked
  const shown = new Set();
  let socket = null;
  let backoff = 500;

  function show(text, cls, key) {
    if (key && shown.has(key)) return;
    if (key) shown.add(key);
    const item = document.createElement("li");
    item.className = cls;
    item.textContent = text;
    list.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(scheme + "://" + location.host + "/ws/chat");
    socket.onopen = function () {
      backoff = 500;
      socket.send(JSON.stringify({ type: "hello", session: store.getItem("peerline.session"),
        last_seen: store.getItem("peerline.seen"), lang: (navigator.language || "uk").slice(0, 2) }));
    };
    socket.onmessage = function (event) {
      const frame = JSON.parse(event.data);
      if (frame.type === "welcome") {
        store.setItem("peerline.session", frame.session);
        status.textContent = "connected";
        for (const [id, text] of pending) socket.send(JSON.stringify({ type: "message", id: id, text: text }));
      } else if (frame.type === "ack") {
        pending.delete(frame.id);
      } else if (frame.type === "message") {
        show((frame.alias ? frame.alias + ": " : "") + frame.text, frame.from, frame.id);
        if (frame.seq) store.setItem("peerline.seen", frame.seq);
      } else if (frame.type === "error") {
        status.textContent = frame.code;
      }
    };
    socket.onclose = function () {
      status.textContent = "reconnecting…";
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const id = newId();
    pending.set(id, text);
    show(text, "mine", "mine-" + id);
    input.value = "";
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: "message", id: id, text: text }));
    }
  });
  connect();
})();
