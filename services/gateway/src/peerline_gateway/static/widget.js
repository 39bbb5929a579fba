// Peerline chat for partner sites: <script src="https://GATEWAY/widget.js" async></script>
// Adds a button that opens the chat in an iframe served by the gateway (/embed). The partner
// page cannot read the chat, and the chat reads nothing of the partner page.
(function () {
  "use strict";
  const script = document.currentScript;
  const origin = new URL(script.src).origin;
  const lang = (script.dataset.lang || navigator.language || "uk").slice(0, 2);
  const labels = { uk: "Чат із Peerline", ru: "Чат с Peerline", en: "Chat with Peerline" };
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = labels[lang] || labels.en;
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;padding:.75rem 1rem;" +
    "border:0;border-radius:2rem;background:#0b5cad;color:#fff;font:16px system-ui,sans-serif;cursor:pointer";
  let frame = null;
  button.addEventListener("click", function () {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/embed?lang=" + encodeURIComponent(lang);
      frame.title = labels[lang] || labels.en;
      frame.referrerPolicy = "no-referrer";
      frame.style.cssText = "position:fixed;right:1rem;bottom:4.5rem;z-index:2147483647;width:min(24rem,calc(100vw - 2rem));" +
        "height:min(36rem,calc(100vh - 6rem));border:1px solid #ccc;border-radius:.75rem;background:#fff";
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
    button.setAttribute("aria-expanded", String(!frame.hidden));
  });
  document.body.appendChild(button);
})();
