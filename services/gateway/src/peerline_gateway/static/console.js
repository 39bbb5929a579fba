// The consultant's main screen: the live queue and one conversation at a time.
(function () {
  "use strict";
  const P = window.Peerline;
  const t = P.t;
  const $ = (id) => document.getElementById(id);
  const queue = $("queue");
  const history = $("history");
  const notice = $("notice");
  const replyBox = $("reply-text");
  let current = null;
  let currentLang = null;
  let queueTimer = null;

  function say(text) { notice.textContent = text; }
  function outcome(data, okText) { say(data.ok ? okText : t("console.error", { detail: data.detail || data.error })); }

  function whyFlagged(signals, brief) {
    // The queue shows what raised urgency and the topics; the conversation shows every cue.
    const box = P.el("ul", "signals");
    const seen = new Set();
    (signals || []).filter(function (s) {
      const key = s.kind + s.label + s.words.join();
      if (seen.has(key)) return false;
      seen.add(key);
      return !brief || s.kind === "topic" || (s.kind === "urgency" && (s.label === "emergency" || s.label === "high"));
    }).forEach(function (signal) {
      const li = P.el("li", "signal " + signal.kind, signal.label);
      if (signal.words && signal.words.length) li.appendChild(P.el("span", "words", " «" + signal.words.join(", ") + "»"));
      box.appendChild(li);
    });
    return box;
  }

  function queueItem(item) {
    const li = P.el("li", "queue-item " + item.urgency + " " + item.state);
    li.dataset.id = item.conversation_id;
    if (item.conversation_id === current) li.classList.add("selected");
    const button = P.el("button", "open");
    button.type = "button";
    const head = P.el("span", "head");
    head.append(P.el("span", "badge " + item.urgency, t("console.urgency." + item.urgency)),
      P.el("span", "lang", item.lang.toUpperCase()), P.el("span", "channel", item.channel),
      P.el("span", "wait", t("console.waiting", { minutes: P.minutesSince(item.waiting_since) })));
    if (item.consultant_alias) head.appendChild(P.el("span", "holder", t("console.claimed_by", { alias: item.consultant_alias })));
    if (item.specialist_kind) {
      const forWhom = P.el("span", "specialist", P.forSpecialist(item.specialist_kind));
      forWhom.dataset.kind = item.specialist_kind; // named again once the kinds' labels arrive (specialists.js)
      head.appendChild(forWhom);
    }
    button.append(head, item.restricted ? P.el("span", "preview restricted", t("console.restricted"))
      : P.el("span", "preview", item.preview));
    button.addEventListener("click", function () { open(item.conversation_id); });
    li.appendChild(button);
    if (item.signals && item.signals.length) {
      const why = P.el("div", "why");
      why.append(P.el("span", "why-title", t("console.why_flagged") + ": "), whyFlagged(item.signals, true));
      li.appendChild(why);
    }
    return li;
  }

  async function loadQueue(background) {
    const { status, data } = await P.api("GET", "/queue", undefined, background === true);
    if (status !== 200) return;
    queue.replaceChildren(...data.items.map(queueItem));
    $("queue-empty").hidden = data.items.length > 0;
    // Counted by notifications: the list is its first page only (500 rows).
    const counts = data.open_by_state || {};
    const notActive = Object.keys(counts).length ? Object.keys(counts).filter((s) => s !== "active")
      .reduce((sum, s) => sum + counts[s], 0) : data.items.filter((i) => i.state !== "active").length;
    $("queue-count").textContent = "(" + notActive + ")";
  }
  function soon() { clearTimeout(queueTimer); queueTimer = setTimeout(function () { loadQueue(true); }, 250); }

  async function open(id) {
    current = id;
    document.querySelectorAll(".queue-item").forEach((li) => li.classList.toggle("selected", li.dataset.id === id));
    const { status, data } = await P.api("GET", "/conversations/" + id);
    if (status === 403 && data.error === "need_to_know") {
      // A live update of a conversation opened by breaking the glass keeps what was read, but
      // not the actions: they would act on a state this console can no longer see.
      if (brokenFor === id) { $("claim").hidden = true; return; }
      askBreakGlass(id);
      return;
    }
    if (status !== 200 || !data.found) return;
    show(data);
  }

  // Need-to-know (docs/console.md): a conversation neither offered to nor held by this
  // consultant opens only with a reason, which notifications audits for supervisors.
  const breakGlass = $("break-glass");
  let brokenFor = null;
  function askBreakGlass(id) {
    breakGlass.dataset.id = id;
    $("break-glass-reason").value = "";
    $("break-glass-error").hidden = true;
    breakGlass.showModal();
  }
  $("break-glass-cancel").addEventListener("click", function () { breakGlass.close(); });
  $("break-glass-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const id = breakGlass.dataset.id;
    const reason = $("break-glass-reason").value.trim();
    const { status, data } = await P.api("POST", "/conversations/" + id + "/break-glass", { reason: reason });
    if (status === 200 && data.found) { breakGlass.close(); current = brokenFor = id; show(data); return; }
    $("break-glass-error").hidden = false;
  });

  function show(data) {
    $("pick").hidden = true;
    $("conv-body").hidden = false;
    const item = data.item;
    $("conv-meta").textContent = [t("console.urgency." + item.urgency), item.lang.toUpperCase(), item.channel,
      (item.topics || []).join(", "), item.state, item.consultant_alias || ""].filter(Boolean).join(" · ");
    $("conv-meta").className = "meta " + item.urgency;
    $("why").replaceChildren(...(item.signals && item.signals.length ? [P.el("strong", "", t("console.why_flagged") + ": "), whyFlagged(item.signals, false)] : []));
    // A referral kept by its peer is still claimable: a specialist of its kind takes it over.
    $("claim").hidden = !(item.state === "queued" || item.state === "offered" || item.specialist_kind);
    $("specialist-tool").dataset.conversation = item.conversation_id;
    showTriage(item);
    history.replaceChildren(...data.messages.map(function (message) {
      const li = P.el("li", "entry " + message.author);
      li.append(P.el("span", "who", message.author_alias || t("console.author." + message.author)),
        P.el("time", "at", new Date(message.at).toLocaleTimeString()), P.el("span", "text", message.text));
      if (message.not_delivered) {
        // The channel could not deliver it (e.g. the client blocked the bot): say so, or the
        // consultant believes the client got the answer.
        const reason = t("console.undelivered." + message.not_delivered);
        li.classList.add("not-delivered");
        li.append(P.el("span", "undelivered", t("console.not_delivered", {
          reason: reason.startsWith("console.") ? message.not_delivered : reason })));
      }
      return li;
    }));
    history.lastElementChild && history.lastElementChild.scrollIntoView({ block: "nearest" });
    if (currentLang !== item.lang) { currentLang = item.lang; loadCanned(item.lang); }
  }

  let triageFor = null;
  let triageEdited = false;
  function showTriage(item) {
    // The form shows the conversation's labels now, unless the consultant is changing them
    // (a live update of the same conversation must not undo their choice).
    if (triageEdited && triageFor === item.conversation_id) return;
    triageFor = item.conversation_id;
    triageEdited = false;
    const topics = item.topics || [];
    $("triage-urgency").value = item.urgency;
    if (topics.length) $("triage-main").value = topics[0];
    document.querySelectorAll('input[name="triage-topic"]').forEach(function (box) {
      box.checked = topics.indexOf(box.value) > 0;
    });
  }

  async function loadCanned(lang) {
    const select = $("canned");
    const { status, data } = await P.api("GET", "/canned?lang=" + lang);
    select.replaceChildren(P.el("option", "", ""));
    if (status !== 200) return;
    data.items.forEach(function (answer) {
      const option = P.el("option", "", answer.title);
      option.value = answer.text;
      select.appendChild(option);
    });
  }
  $("canned").addEventListener("change", function (event) {
    if (!event.target.value) return;
    insert(event.target.value);
    event.target.value = "";
  });

  function insert(text) {
    const start = replyBox.selectionStart || replyBox.value.length;
    const before = replyBox.value.slice(0, start);
    const after = replyBox.value.slice(start);
    replyBox.value = before + (before && !before.endsWith("\n") ? "\n" : "") + text + (after.startsWith("\n") ? "" : "\n") + after;
    replyBox.focus();
  }

  $("claim").addEventListener("click", async function () {
    const { data } = await P.api("POST", "/conversations/" + current + "/claim");
    outcome(data, t("console.claimed"));
    open(current);
    soon();
  });
  $("reply").addEventListener("submit", async function (event) {
    event.preventDefault();
    if (!replyBox.value.trim()) return;
    const { data } = await P.api("POST", "/conversations/" + current + "/reply", { text: replyBox.value });
    outcome(data, t("console.sent"));
    if (data.ok) replyBox.value = "";
    open(current);
  });
  $("note").addEventListener("submit", async function (event) {
    event.preventDefault();
    const box = $("note-text");
    if (!box.value.trim()) return;
    const { data } = await P.api("POST", "/conversations/" + current + "/note", { text: box.value });
    outcome(data, t("console.noted"));
    if (data.ok) { box.value = ""; open(current); }
  });
  $("close-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const outcomes = Array.from(document.querySelectorAll('input[name="outcome"]:checked'), (box) => box.value);
    const { data } = await P.api("POST", "/conversations/" + current + "/close", { outcomes: outcomes });
    outcome(data, t("console.closed"));
    open(current);
    soon();
  });

  $("triage-form").addEventListener("change", function () { triageEdited = true; });
  $("triage-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    triageEdited = false;
    const main = $("triage-main").value;
    const others = Array.from(document.querySelectorAll('input[name="triage-topic"]:checked'), (box) => box.value);
    const topics = [main].concat(others.filter((topic) => topic !== main));
    const { data } = await P.api("POST", "/conversations/" + current + "/triage", { urgency: $("triage-urgency").value, topics: topics });
    outcome(data, t("console.corrected"));
    open(current);
    soon();
  });

  let teamLoaded = false;
  $("transfer-to").addEventListener("focus", async function () {
    if (teamLoaded) return;
    const { status, data } = await P.api("GET", "/on-shift");
    if (status !== 200) return;
    teamLoaded = true;
    const me = document.body.dataset.consultant;
    data.consultants.filter((c) => c.consultant_id !== me).forEach(function (c) {
      const option = P.el("option", "", c.alias + " (" + c.presence + ", " + c.load + "/" + c.capacity + ")");
      option.value = c.consultant_id;
      $("transfer-to").appendChild(option);
    });
  });
  $("transfer").addEventListener("click", async function () {
    const to = $("transfer-to").value || null;
    const { data } = await P.api("POST", "/conversations/" + current + "/transfer", { to_consultant_id: to });
    outcome(data, t("console.transferred"));
    soon();
  });

  $("referral-search").addEventListener("submit", async function (event) {
    event.preventDefault();
    const params = new URLSearchParams({ text: $("referral-text").value });
    if ($("referral-kind").value) params.set("kind", $("referral-kind").value);
    if (currentLang) params.set("lang", currentLang);
    const results = $("referral-results");
    results.replaceChildren();
    const { status, data } = await P.api("GET", "/referrals?" + params.toString());
    if (status !== 200) { results.appendChild(P.el("li", "notice", t("console.unavailable", { what: t("console.referrals"), service: "directory" }))); return; }
    data.items.forEach(function (service) {
      const li = P.el("li", "referral");
      li.append(P.el("strong", "", service.name), P.el("span", "", " — " + service.city + " " + (service.kinds || []).join(", ")));
      if (service.stale) li.appendChild(P.el("span", "stale", " ⚠ " + t("console.stale")));
      if (service.is_example) li.appendChild(P.el("span", "example", " (" + t("console.example") + ")"));
      const button = P.el("button", "secondary insert", t("console.insert"));
      button.type = "button";
      button.addEventListener("click", function () { insert(service.insert); });
      li.appendChild(button);
      results.appendChild(li);
    });
  });

  P.onLive(function (frame) {
    soon();
    if (current && frame.type === "conversation" && frame.conversation_id === current) open(current);
  });
  setInterval(function () { loadQueue(true); }, 30000); // waiting times move even when nothing happens
  loadQueue();
  // A Telegram notice links here with the conversation to open (docs/telegram.md).
  const linked = /^#conversation=([0-9a-f-]{36})$/.exec(location.hash);
  if (linked) open(linked[1]);
})();
