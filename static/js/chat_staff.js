/* The staff chat inbox and conversation pages (templates/chat/staff_*.html).
 *
 * The WebSocket brings new chats and messages live; its ping every 20 seconds is the staff member's presence
 * (shoppers are told someone is online only while it beats). When it fails, the page polls the staff_poll
 * endpoint instead, which also counts as the heartbeat. Text goes in as textContent, never HTML. */
(function () {
  "use strict";
  var root = document.getElementById("staff-chat");
  if (!root) { return; }
  var d = root.dataset, conversation = d.conversation || "", log = document.getElementById("staff-log");
  var announce = document.getElementById("staff-chat-announce"), lastId = 0, seen = {}, socket = null;
  var failures = 0, pollTimer = null, pingTimer = null, waiting = 0;
  var countEl = document.getElementById("staff-waiting-count");
  if (countEl) { waiting = parseInt(countEl.textContent, 10) || 0; }
  if (log) {
    Array.prototype.forEach.call(log.querySelectorAll("[data-id]"), function (item) {
      var id = parseInt(item.getAttribute("data-id"), 10);
      seen[id] = true; lastId = Math.max(lastId, id);
    });
  }

  function fmt(text, values) { return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k] || ""; }); }

  function addMessage(message) {
    if (!log || !message || seen[message.id]) { return; }
    seen[message.id] = true;
    lastId = Math.max(lastId, message.id);
    var item = document.createElement("li");
    item.className = "chat-message chat-message-" + message.who;
    item.setAttribute("data-id", message.id);
    var who = document.createElement("span");
    who.className = "chat-who";
    who.textContent = message.who === "staff" ? (message.name || d.you) : d.shopper;
    var text = document.createElement("p");
    text.textContent = message.body;
    item.appendChild(who); item.appendChild(text);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function newChat(event) {
    waiting += 1;
    if (countEl) { countEl.textContent = waiting; }
    document.title = "(" + waiting + ") " + document.title.replace(/^\(\d+\) /, "");
    if (announce) { announce.textContent = fmt(d.newChat || "", event); }
    var list = document.getElementById("staff-waiting");
    if (!list) { return; }
    var empty = document.getElementById("staff-waiting-empty");
    if (empty) { empty.remove(); }
    var item = document.createElement("li"), link = document.createElement("a");
    link.href = d.conversationUrl.replace("00000000-0000-0000-0000-000000000000", event.conversation);
    link.textContent = event.reference + " · " + event.name + ": " + (event.preview || "");
    item.appendChild(link);
    list.appendChild(item);
  }

  function handle(event) {
    if (event.type === "new") { newChat(event); return; }
    if (event.type === "error") { document.getElementById("staff-chat-error").textContent = event.message; return; }
    if (conversation && event.conversation && event.conversation !== conversation) { return; }
    if (event.type === "message") { addMessage(event.message); }
    else if (event.type === "hello" && event.messages) { event.messages.forEach(addMessage); }
  }

  function poll() {
    var address = d.pollUrl + (conversation ? "?conversation=" + conversation + "&after=" + lastId : "");
    fetch(address, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (json) {
      if (json.messages) { json.messages.forEach(addMessage); }
      if (countEl && typeof json.waiting === "number") { waiting = json.waiting; countEl.textContent = waiting; }
    }).catch(function () { /* try again on the next tick */ });
  }

  function startPolling() {
    if (pollTimer) { return; }
    if (announce) { announce.textContent = d.offline; }
    pollTimer = setInterval(poll, 5000);
    poll();
  }

  function connect() {
    if (!("WebSocket" in window)) { startPolling(); return; }
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/chat/staff/");
    socket = ws;
    ws.onopen = function () {
      failures = 0;
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
      if (conversation) { ws.send(JSON.stringify({ type: "watch", conversation: conversation, after: lastId })); }
      pingTimer = setInterval(function () { if (ws.readyState === 1) { ws.send('{"type":"ping"}'); } }, 20000);
    };
    ws.onmessage = function (event) { handle(JSON.parse(event.data)); };
    ws.onclose = function () {
      clearInterval(pingTimer); pingTimer = null; socket = null;
      failures += 1;
      if (failures >= 2) { startPolling(); }
      setTimeout(connect, failures >= 2 ? 30000 : 1000);
    };
  }

  var form = document.getElementById("staff-reply");
  if (form) {
    var body = document.getElementById("staff-body"), canned = document.getElementById("staff-canned");
    canned.addEventListener("change", function () {
      var option = canned.options[canned.selectedIndex];
      if (option && option.getAttribute("data-body")) { body.value = option.getAttribute("data-body"); body.focus(); }
    });
    form.addEventListener("submit", function (event) {
      var text = body.value.trim();
      if (!socket || socket.readyState !== 1 || !text) { return; }  // the plain form POST does it
      event.preventDefault();
      socket.send(JSON.stringify({ type: "message", conversation: conversation, body: text }));
      body.value = ""; canned.value = "";
    });
  }
  connect();
})();
