"""The emulator's chat page: a person plays the Telegram client in a browser (demos only)."""

CHAT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Telegram (emulated)</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:1rem auto;background:#e7ebf0}
#log{background:#fff;border-radius:8px;padding:1rem;min-height:20rem;white-space:pre-wrap}
.me{text-align:right;color:#235} .bot{color:#222} .bot,.me{margin:.4rem 0}
button{margin:.2rem} form{display:flex;gap:.5rem;margin-top:.5rem} input{flex:1;padding:.5rem}
</style></head><body>
<h1>Telegram (emulated)</h1>
<p>You are user <b>1001</b> in a private chat with the bot. Try /start.</p>
<div id="log"></div>
<form id="f"><input id="t" autocomplete="off" placeholder="Message"><button>Send</button></form>
<script>
const log = document.getElementById("log"); let seen = 0;
function line(cls, text) {
  const div = document.createElement("div"); div.className = cls; div.textContent = text;
  log.appendChild(div); return div;
}
async function post(path, body) {
  await fetch(path, {method: "POST", headers: {"Content-Type": "application/json"},
                     body: JSON.stringify(body)});
}
document.getElementById("f").onsubmit = async (e) => {
  e.preventDefault(); const t = document.getElementById("t");
  if (!t.value) return; line("me", t.value); await post("/_emulator/send", {text: t.value});
  t.value = "";
};
async function refresh() {
  const sent = await (await fetch("/_emulator/messages?chat_id=1001")).json();
  for (const m of sent.slice(seen)) {
    const div = line("bot", m.text);
    for (const row of (m.reply_markup && m.reply_markup.inline_keyboard) || []) {
      for (const b of row) {
        const btn = document.createElement("button"); btn.textContent = b.text;
        btn.onclick = () => post("/_emulator/press", {data: b.callback_data}); div.appendChild(btn);
      }
    }
  }
  seen = sent.length;
}
setInterval(refresh, 1000);
</script></body></html>
"""
