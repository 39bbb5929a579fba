// Peerline web chat: a resumable WebSocket with client-side message ids, texts in uk/ru/en,
// a quick exit, "forget me", and where the client is (asked once, after the first reply).
// Nothing leaves this page but the chat socket itself.
(function () {
  "use strict";
  const store = window.sessionStorage;
  const body = document.body;
  const TEXTS = JSON.parse(document.getElementById("peerline-texts").textContent);
  const PLACES = JSON.parse(document.getElementById("peerline-places").textContent);
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const statusLine = document.getElementById("status");
  const pending = new Map(); // client message id -> {text, item}; re-sent after a reconnect until acked
  const shown = new Set(); // ids of frames already on screen: a replay never duplicates
  let lang = store.getItem("peerline.lang") || body.dataset.lang || "uk";
  let status = { key: "chat.status.connecting", values: {} };
  let lastSeen = null; // in memory: a fresh page replays everything the server kept
  let socket = null;
  let backoff = 500;
  let lastEscape = 0;
  let place = readPlace(); // {country, region}: sent with every message; this tab's session only

  function t(key, values) {
    let text = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.en[key] || key;
    for (const name in values || {}) text = text.split("{" + name + "}").join(String(values[name]));
    return text;
  }

  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-label]").forEach((el) => el.setAttribute("aria-label", t(el.dataset.i18nLabel)));
    document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder)));
    document.querySelectorAll("[data-i18n-title]").forEach((el) => el.setAttribute("title", t(el.dataset.i18nTitle)));
    document.querySelectorAll("button.lang").forEach((el) => el.setAttribute("aria-pressed", String(el.dataset.lang === lang)));
    document.querySelectorAll("[data-who]").forEach((el) => { el.textContent = t(el.dataset.who); });
    const library = document.getElementById("library-link");
    if (library) library.href = "/library?lang=" + encodeURIComponent(lang);
    setStatus(status.key, status.values);
    showPlace();
  }

  function setStatus(key, values) {
    status = { key: key, values: values || {} };
    statusLine.textContent = t(key, values);
  }

  function addItem(cls, who, text, key) {
    if (key && shown.has(key)) return null;
    if (key) shown.add(key);
    const item = document.createElement("li");
    item.className = "msg " + cls;
    const label = document.createElement("span");
    label.className = "who";
    if (who.key) { label.dataset.who = who.key; label.textContent = t(who.key); } else { label.textContent = who.text; }
    const content = document.createElement("span");
    content.className = "text";
    content.textContent = text;
    item.append(label, content);
    list.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function newId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Where the client is ------------------------------------------------------------------
  const placeBox = document.getElementById("place");
  const countrySelect = document.getElementById("place-country");
  const regionSelect = document.getElementById("place-region");

  function readPlace() {
    try { return JSON.parse(store.getItem("peerline.place")); } catch (e) { return null; }
  }

  function named(entry) { return entry[lang] || entry.en; }

  function fillSelect(select, entries, firstKey, chosen) {
    const first = document.createElement("option");
    first.value = "";
    first.textContent = t(firstKey);
    select.replaceChildren(first, ...entries.map((entry) => {
      const option = document.createElement("option");
      option.value = entry.code;
      option.textContent = named(entry);
      return option;
    }));
    select.value = chosen || "";
  }

  function fillRegions(country, chosen) {
    const regions = PLACES.regions[country] || [];
    regionSelect.hidden = document.getElementById("place-region-label").hidden = !regions.length;
    fillSelect(regionSelect, regions, "chat.place.no_region", chosen);
  }

  function openPlace() {
    fillSelect(countrySelect, PLACES.countries, "chat.place.not_saying", place && place.country);
    fillRegions(countrySelect.value, place && place.region);
    placeBox.hidden = false;
    placeBox.scrollIntoView({ block: "end" }); // below the latest message, above the composer
  }

  function offerPlace(frame) {
    // Never before the first reply, and never right after first aid: an emergency comes first.
    if (frame.kind === "first_aid" || store.getItem("peerline.place_offered")) return;
    store.setItem("peerline.place_offered", "1");
    openPlace();
  }

  function savePlace() {
    const country = countrySelect.value;
    place = country ? { country: country, region: regionSelect.value || null } : null;
    if (place) store.setItem("peerline.place", JSON.stringify(place)); else store.removeItem("peerline.place");
    placeBox.hidden = true;
    showPlace();
    showAlerts();
    if (place) addItem("status-note", { key: "chat.system" }, t("chat.place.saved", { place: placeLabel() }), null);
  }

  function placeLabel() {
    const country = PLACES.countries.find((entry) => entry.code === place.country);
    const region = (PLACES.regions[place.country] || []).find((entry) => entry.code === place.region);
    return (region ? named(region) + ", " : "") + (country ? named(country) : place.country);
  }

  function showPlace() {
    // The call buttons show the numbers of the country the client is in (Ukraine's by default).
    const numbers = PLACES.numbers[(place && place.country) || "UA"] || { ambulance: "112", general: "112" };
    for (const [id, kind] of [["call-ambulance", "ambulance"], ["call-general", "general"]]) {
      const link = document.getElementById(id);
      link.href = "tel:" + numbers[kind];
      link.textContent = t("chat.place.call_" + kind, { number: numbers[kind] });
    }
    if (!placeBox.hidden) { openPlace(); }
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  function onStatus(frame) {
    if (frame.id && shown.has(frame.id)) return;
    if (frame.state === "joined") {
      addItem("status-note", { key: "chat.system" }, t("chat.status.joined", { alias: frame.alias }), frame.id);
      setStatus("chat.status.joined", { alias: frame.alias });
    } else if (frame.state === "closed") {
      addItem("status-note", { key: "chat.system" }, t("chat.status.closed"), frame.id);
      setStatus("chat.status.closed");
    } else if (frame.state === "queued" && frame.position) {
      setStatus("chat.status.queued", { position: frame.position });
    }
  }

  // Frames (chat/frames.py): each has a `type` and its version `v`; this page reads version 1
  // (a gateway from before versions sends none: the same shape).
  function onFrame(frame) {
    if ((frame.v || 1) !== 1) return;
    if (frame.seq) lastSeen = frame.seq;
    if (frame.type === "welcome") {
      // The gateway makes and signs the token; `renewed`: it refused ours (a made-up one, or
      // its secret changed), so this is a new session and nothing earlier is replayed.
      if (frame.renewed) lastSeen = null;
      store.setItem("peerline.session", frame.session);
      setStatus(pending.size || list.children.length ? "chat.status.waiting" : "chat.status.connected");
      for (const [id, entry] of pending) send(messageFrame(id, entry.text));
    } else if (frame.type === "ack") {
      const entry = pending.get(frame.id);
      if (entry) { entry.item.classList.remove("pending"); pending.delete(frame.id); }
      if (status.key === "chat.status.connected") setStatus("chat.status.waiting");
    } else if (frame.type === "message") {
      const who = frame.alias ? { text: frame.alias } : { key: "chat.system" };
      addItem(frame.from + " " + (frame.kind || ""), who, frame.text, frame.id);
      offerPlace(frame);
    } else if (frame.type === "status") {
      onStatus(frame);
    } else if (frame.type === "error") {
      onError(frame);
    } else if (frame.type === "forgotten") {
      forgotten();
    }
  }

  function messageFrame(id, text) {
    return { type: "message", v: 1, id: id, text: text, place: place };
  }

  function onError(frame) {
    setStatus("chat.errors." + frame.code);
    const entry = frame.id && pending.get(frame.id);
    if (!entry) return;
    if (frame.code === "slow_down" || frame.code === "try_again") {
      setTimeout(() => { if (pending.has(frame.id)) send(messageFrame(frame.id, entry.text)); },
        frame.code === "slow_down" ? 30000 : 3000);
    } else {
      entry.item.classList.add("failed");
      pending.delete(frame.id);
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(scheme + "://" + location.host + "/ws/chat");
    socket.onopen = function () {
      backoff = 500;
      socket.send(JSON.stringify({ type: "hello", v: 1, session: store.getItem("peerline.session"), last_seen: lastSeen, lang: lang }));
    };
    socket.onmessage = function (event) { onFrame(JSON.parse(event.data)); };
    socket.onclose = function () {
      setStatus("chat.status.reconnecting");
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 4000);
    };
  }

  // Bad-batch alerts: those for the place the client chose in the picker above (or, until
  // they choose, every active alert, each with its place). Only a GET of the list leaves the
  // page: the filter runs here.
  let alerts = [];
  function placeOf() { return readPlace(); }
  function concerns(alert, place) {
    if (!place || !place.country || !alert.country) return true;
    if (alert.country !== place.country) return false;
    return !alert.region || !place.region || alert.region === place.region;
  }
  function showAlerts() {
    const box = document.getElementById("batch-alerts");
    const place = placeOf();
    const items = alerts.filter((a) => concerns(a, place)).map(function (a) {
      const item = document.createElement("li");
      const where = document.createElement("strong");
      where.textContent = (a.place ? a.place[lang] : t("chat.alert_everywhere")) + ": ";
      item.appendChild(where);
      item.appendChild(document.createTextNode(a.texts[lang] || a.texts.uk || a.texts.ru || a.texts.en || ""));
      return item;
    });
    box.querySelector("ul").replaceChildren(...items);
    box.hidden = items.length === 0;
  }
  async function loadAlerts() {
    try {
      const response = await fetch("/chat/alerts", { cache: "no-store", credentials: "omit" });
      alerts = (await response.json()).alerts || [];
    } catch (e) { alerts = []; }
    showAlerts();
  }
  window.addEventListener("storage", showAlerts);

  function quickExit() {
    // location.replace swaps this page out of the tab's history: Back does not return here.
    try { store.clear(); } catch (e) { /* storage may be blocked; leave anyway */ }
    if (socket) { socket.onclose = null; socket.close(); }
    document.body.replaceChildren();
    const target = body.dataset.exitUrl;
    if (body.dataset.embedded) {
      try { window.top.location.replace(target); return; } catch (e) { /* a partner page may forbid it */ }
    }
    window.location.replace(target);
  }

  function forgotten() {
    store.removeItem("peerline.session");
    store.removeItem("peerline.place");
    store.removeItem("peerline.place_offered");
    place = null;
    placeBox.hidden = true;
    showPlace();
    list.replaceChildren();
    shown.clear();
    pending.clear();
    lastSeen = null;
    addItem("system", { key: "chat.system" }, t("chat.forgotten"), null);
    if (socket) socket.close(); // reconnects with a fresh, unrelated session
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const id = newId();
    const item = addItem("mine pending", { key: "chat.you" }, text, "mine-" + id);
    pending.set(id, { text: text, item: item });
    input.value = "";
    send(messageFrame(id, text));
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  document.getElementById("quick-exit").addEventListener("click", quickExit);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const now = Date.now();
    if (now - lastEscape < 800) quickExit();
    lastEscape = now;
  });
  document.getElementById("forget").addEventListener("click", function () {
    if (window.confirm(t("chat.forget_confirm"))) send({ type: "forget", v: 1 });
  });
  countrySelect.addEventListener("change", function () { fillRegions(countrySelect.value, null); });
  document.getElementById("place-save").addEventListener("click", savePlace);
  document.getElementById("place-skip").addEventListener("click", function () { placeBox.hidden = true; });
  document.getElementById("place-change").addEventListener("click", openPlace);
  const consent = document.getElementById("consent");
  if (store.getItem("peerline.consent")) consent.hidden = true;
  document.getElementById("consent-ok").addEventListener("click", function () {
    store.setItem("peerline.consent", "1");
    consent.hidden = true;
    input.focus();
  });
  document.querySelectorAll("button.lang").forEach((button) => button.addEventListener("click", function () {
    lang = button.dataset.lang;
    store.setItem("peerline.lang", lang);
    showAlerts();
    applyLang();
    send({ type: "hello", v: 1, lang: lang });
  }));
  applyLang();
  connect();
  loadAlerts();
  setInterval(loadAlerts, 5 * 60 * 1000);
})();
