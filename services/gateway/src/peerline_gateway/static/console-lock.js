// The console's lock: "lock now", and a lock after a while without keyboard, mouse or touch.
// Background work (polling, live updates, heartbeats) never counts as activity. Locking
// empties the page before anything else, then asks the server to lock the session, so a
// reload or another tab shows only the unlock form.
(function () {
  "use strict";
  const minutes = Number(document.body.dataset.lockAfter || 0);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const form = document.getElementById("lock-now");
  const SHARED_KEY = "peerline.lastActivity"; // activity in another tab of the console counts too
  let last = Date.now();
  let locking = false;

  function activity() {
    const now = Date.now();
    if (now - last < 1000) return;
    last = now;
    try { localStorage.setItem(SHARED_KEY, String(now)); } catch (e) { /* private mode */ }
  }

  function lastActivity() {
    let shared = 0;
    try { shared = Number(localStorage.getItem(SHARED_KEY) || 0); } catch (e) { shared = 0; }
    return Math.max(last, shared);
  }

  async function lockNow() {
    if (locking) return;
    locking = true;
    document.body.replaceChildren(); // the text leaves the page, not just the view
    document.title = "Peerline";
    try {
      await fetch("/console/lock", {
        method: "POST", credentials: "same-origin", cache: "no-store", headers: { "X-CSRF-Token": csrf },
      });
    } finally {
      window.location.replace("/console/locked");
    }
  }

  ["keydown", "pointerdown", "pointermove", "mousemove", "touchstart", "wheel"].forEach(function (name) {
    window.addEventListener(name, activity, { passive: true, capture: true });
  });
  if (form) form.addEventListener("submit", function (event) { event.preventDefault(); lockNow(); });
  if (minutes > 0) {
    setInterval(function () {
      if (Date.now() - lastActivity() >= minutes * 60000) lockNow();
    }, 5000);
  }
})();
