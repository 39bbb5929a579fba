// Shared by every console page: texts, the JSON API with CSRF, live updates, presence
// heartbeat, and emergency alerts (a WebAudio beep and a desktop notification).
(function () {
  "use strict";
  const body = document.body;
  const TEXTS = JSON.parse(document.getElementById("peerline-texts").textContent);
  const lang = body.dataset.lang || "en";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const serviceNotice = document.getElementById("service-notice");
  const alertBox = document.getElementById("alert");
  const listeners = [];
  let audio = null;
  let noticeTimer = null;
  // A form posted the old way (changing one's password) navigates away; its response may
  // end this page's session before it sets the fresh cookie, so nothing may send the page
  // to the sign-in form meanwhile. Forms handled by script call preventDefault first.
  let leaving = false;
  document.addEventListener("submit", function (event) { if (!event.defaultPrevented) leaving = true; });
  window.addEventListener("pageshow", function () { leaving = false; });

  function t(key, values) {
    let text = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.en[key] || key;
    for (const name in values || {}) text = text.split("{" + name + "}").join(String(values[name]));
    return text;
  }

  function notice(text) {
    serviceNotice.textContent = text;
    serviceNotice.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { serviceNotice.hidden = true; }, 15000);
  }

  // `background`: an automatic refresh, not the consultant's doing; the server then leaves
  // the idle timeout alone (X-Peerline-Background), so an unattended console still signs out.
  async function api(method, path, payload, background) {
    let response;
    const headers = { "Content-Type": "application/json", "X-CSRF-Token": csrf };
    if (background) headers["X-Peerline-Background"] = "1";
    try {
      response = await fetch("/console/api" + path, {
        method: method, credentials: "same-origin", cache: "no-store",
        headers: headers,
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch (e) {
      notice(t("console.live_lost"));
      return { status: 0, data: { ok: false, error: "network" } };
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = { ok: false, error: "bad_response" }; }
    if (response.status === 401) { if (!leaving) window.location.assign("/console/login?expired=1"); }
    else if (response.status === 423) { window.location.replace("/console/locked"); }
    else if (response.status === 503) { notice(t("console.unavailable", { what: data.what, service: data.service })); }
    else if (response.status === 403 && data.error === "csrf") { notice(t("console.csrf")); }
    return { status: response.status, data: data };
  }

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") audio.resume();
      [0, 0.3].forEach(function (offset) {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.2, audio.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.25);
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + offset);
        osc.stop(audio.currentTime + offset + 0.25);
      });
    } catch (e) { /* no audio device: the banner and notification still show */ }
  }

  function raiseAlert(summary) {
    const text = t("console.alert_emergency", { summary: summary });
    alertBox.textContent = text;
    alertBox.hidden = false;
    window.peerlineAlerts = (window.peerlineAlerts || 0) + 1;
    beep();
    if ("Notification" in window && Notification.permission === "granted") {
      try { new Notification("Peerline", { body: text, tag: "peerline-emergency", requireInteraction: true }); } catch (e) { /* ignore */ }
    }
  }
  alertBox.addEventListener("click", function () { alertBox.hidden = true; });

  // Live frames (console/frames.py): the server decides what is an emergency (`alert`).
  const LIVE_FRAMES = ["conversation", "notice", "presence"];
  function live() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(scheme + "://" + location.host + "/console/ws");
    const ping = setInterval(function () {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping", v: 1 }));
    }, 25000);
    // What was pushed while no socket was open (the page's first load, a reconnect after a
    // gateway restart) never arrives: each page reloads what it shows once the socket is open.
    socket.onopen = function () {
      listeners.forEach(function (listener) { listener({ type: "opened", v: 1 }); });
    };
    socket.onmessage = function (message) {
      let frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      if (frame.v !== 1 || LIVE_FRAMES.indexOf(frame.type) < 0) return; // unknown: the 30 s reload covers it
      if (frame.alert) raiseAlert(frame.alert);
      listeners.forEach(function (listener) { listener(frame); });
    };
    socket.onclose = function (event) {
      clearInterval(ping);
      // 4401: this consultant's sessions ended (deactivated, role or password changed). Still
      // signed in (this browser changed the password and got a fresh session)? Reconnect.
      if (event.code === 4401) {
        if (leaving) return; // the next page opens its own socket
        fetch("/console/account", { credentials: "same-origin", redirect: "manual", headers: { "X-Peerline-Background": "1" } })
          .then(function (page) {
            if (page.ok) live(); else window.location.assign("/console/login?expired=1");
          }, function () { setTimeout(live, 2000); });
        return;
      }
      setTimeout(live, 2000);
    };
  }

  const presence = document.getElementById("presence");
  async function heartbeat(background) {
    await api("POST", "/presence", { status: presence.value }, background === true);
  }
  presence.value = sessionStorage.getItem("peerline.presence") || "available";
  presence.addEventListener("change", function () { sessionStorage.setItem("peerline.presence", presence.value); heartbeat(); });
  setInterval(function () { heartbeat(true); }, 30000);

  const alertsButton = document.getElementById("enable-alerts");
  alertsButton.addEventListener("click", async function () {
    beep(); // a click unlocks audio for the rest of the shift
    if ("Notification" in window && Notification.permission === "default") await Notification.requestPermission();
    alertsButton.textContent = t("console.alerts_on");
  });

  window.Peerline = {
    t: t, api: api, notice: notice, lang: lang, raiseAlert: raiseAlert,
    onLive: function (listener) { listeners.push(listener); },
    specialistLabels: {},
    specialistLabel: function (key) { return window.Peerline.specialistLabels[key] || key; },
    forSpecialist: function (key) { return t("console.for_specialist", { kind: window.Peerline.specialistLabel(key) }); },
    minutesSince: function (iso) { return Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60000)); },
    el: function (tag, cls, text) { const node = document.createElement(tag); if (cls) node.className = cls; if (text !== undefined) node.textContent = text; return node; },
  };
  // An editor's console has no conversations: no live queue, no presence.
  if (document.body.dataset.role !== "editor") { live(); heartbeat(); }
})();
