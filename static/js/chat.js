/* The live chat window (chat/templatetags/chat.py renders its markup and every translated string).
 *
 * WebSocket first; when it cannot connect (twice in a row) or drops, the window keeps working by polling the
 * plain HTTP endpoints every few seconds and tries the WebSocket again later. Messages are inserted as text
 * (textContent), never as HTML. New messages from staff are announced by the log's aria-live region. The window
 * is a region, not a modal dialog: focus is never trapped, Escape or "Close" shuts it and returns focus. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.fetch || !window.FormData) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var toggle = $("chat-toggle"), panel, startForm, sendForm, log, stateLine, connectionLine, errorLine, body;
  var STORE = "trustmark.chat.token", POLL_MS = 3000, RETRY_WS_MS = 30000;
  var d = root.dataset, csrf = "", token = null, socket = null, lastId = 0, failures = 0, pollTimer = null;
  var retryTimer = null, pingTimer = null, seen = {};

  function url(kind) { return d[kind + "Url"].replace("TOKEN", encodeURIComponent(token)); }
  function fmt(text, values) { return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k] || ""; }); }
  function showError(text) { errorLine.textContent = text || ""; }

  function request(method, address, data) {
    var options = { method: method, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } };
    if (data) { options.body = data; options.headers["X-CSRFToken"] = csrf; }
    return fetch(address, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        json._status = response.status;
        return json;
      });
    });
  }

  function loadStatus() {
    return request("GET", d.statusUrl).then(function (json) {
      csrf = json.csrf || "";
      $("chat-availability").textContent = json.text || "";
      if (json.name && !startForm.elements.name.value) { startForm.elements.name.value = json.name; }
      if (json.email && !startForm.elements.email.value) { startForm.elements.email.value = json.email; }
    }).catch(function () { $("chat-availability").textContent = d.failed; });
  }

  function addMessage(message) {
    if (!message || seen[message.id]) { return; }
    seen[message.id] = true;
    lastId = Math.max(lastId, message.id);
    var item = document.createElement("li");
    item.className = "chat-message chat-message-" + message.who;
    var who = document.createElement("span");
    who.className = "chat-who";
    who.textContent = message.who === "staff" ? (message.name || d.staff) : d.you;
    var text = document.createElement("p");
    text.textContent = message.body;  // text, never HTML
    item.appendChild(who);
    item.appendChild(text);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function applyState(json) {
    if (json.messages) { json.messages.forEach(addMessage); }
    if (!json.status) { return; }
    var text = json.mode === "offline" ? fmt(d.offline, json) :
      json.status === "closed" ? d.ended :
      json.handled_by ? fmt(d.handledBy, { name: json.handled_by }) : d.waiting;
    if (stateLine.textContent !== text) { stateLine.textContent = text; }
    var over = json.status === "closed";
    body.disabled = over;
    sendForm.querySelector("button[type=submit]").disabled = over;
    if (over) { stop(); }
  }

  function stop() {
    if (socket) { socket.onclose = null; socket.close(); socket = null; }
    clearInterval(pollTimer); clearTimeout(retryTimer); clearInterval(pingTimer);
    pollTimer = retryTimer = pingTimer = null;
  }

  function poll() {
    request("GET", url("messages") + "?after=" + lastId).then(function (json) {
      if (json._status === 404) { forget(); return; }
      applyState(json);
    }).catch(function () { /* offline for a moment: the next tick tries again */ });
  }

  function startPolling() {
    if (pollTimer) { return; }
    connectionLine.textContent = d.polling;
    pollTimer = setInterval(poll, POLL_MS);
    poll();
    retryTimer = setTimeout(function () { retryTimer = null; connect(); }, RETRY_WS_MS);
  }

  function connect() {
    if (!("WebSocket" in window) || !token) { startPolling(); return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var ws;
    try {
      ws = new WebSocket(scheme + location.host + "/ws/chat/c/" + encodeURIComponent(token) + "/?after=" + lastId);
    } catch (e) { startPolling(); return; }
    socket = ws;
    ws.onopen = function () {
      failures = 0;
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; connectionLine.textContent = d.reconnected; }
      pingTimer = setInterval(function () { if (ws.readyState === 1) { ws.send('{"type":"ping"}'); } }, 25000);
    };
    ws.onmessage = function (event) {
      var json = JSON.parse(event.data);
      if (json.type === "message") { addMessage(json.message); }
      else if (json.type === "error") { showError(json.message); }
      else { applyState(json); }
    };
    ws.onclose = function (event) {
      clearInterval(pingTimer); pingTimer = null;
      if (socket === ws) { socket = null; }
      if (event.code === 4404 || event.code === 4403) { forget(); return; }
      failures += 1;
      if (failures >= 2) { startPolling(); }
      else { setTimeout(connect, 1000); }
    };
  }

  function forget() {
    stop();
    token = null;
    try { localStorage.removeItem(STORE); } catch (e) { /* storage off: nothing kept */ }
    $("chat-conversation").hidden = true;
    startForm.hidden = false;
    log.textContent = ""; seen = {}; lastId = 0;
  }

  function resume(saved) {
    build();
    token = saved;
    startForm.hidden = true;
    $("chat-conversation").hidden = false;
    request("GET", url("messages")).then(function (json) {
      if (json._status !== 200) { forget(); return; }
      applyState(json);
      if (json.status !== "closed") {
        // A chat in progress stays open from page to page (focus stays where the page puts it).
        panel.hidden = false;
        toggle.setAttribute("aria-expanded", "true");
        loadStatus();
        connect();
      }
    }).catch(startPolling);
  }

  function open(context) {
    build();
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    if (context) { startForm.elements.context.value = context; }
    loadStatus();
    var first = startForm.hidden ? body : startForm.elements.name;
    if (first && !first.disabled) { first.focus(); }
  }

  function close() {
    if (token && body.disabled) { forget(); }  // an ended chat: next time the window offers a new one
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }

  function build() {
    if (panel) { return; }
    root.appendChild(document.getElementById("chat-template").content.cloneNode(true));
    panel = $("chat-panel");
    panel.hidden = true;
    toggle.setAttribute("aria-controls", "chat-panel");
    startForm = $("chat-start"); sendForm = $("chat-send"); log = $("chat-log");
    stateLine = $("chat-state"); connectionLine = $("chat-connection"); errorLine = $("chat-error");
    body = $("chat-body");
    $("chat-close").addEventListener("click", close);
    panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { close(); } });
    startForm.addEventListener("submit", function (event) {
      event.preventDefault();
      showError("");
      var go = function () {
        return request("POST", d.startUrl, new FormData(startForm)).then(function (json) {
          if (json._status !== 201) { showError(json.error || d.failed); return; }
          try { localStorage.setItem(STORE, json.token); } catch (e) { /* kept for this page only */ }
          token = json.token;
          startForm.hidden = true;
          startForm.elements.message.value = "";
          $("chat-conversation").hidden = false;
          applyState(json);
          if (json.status !== "closed") { connect(); }
          body.focus();
        });
      };
      (csrf ? go() : loadStatus().then(go)).catch(function () { showError(d.failed); });
    });

    sendForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = body.value.trim();
      if (!text) { return; }
      showError("");
      if (socket && socket.readyState === 1) {
        socket.send(JSON.stringify({ type: "message", body: text }));
        body.value = "";
        return;
      }
      var data = new FormData();
      data.append("body", text);
      request("POST", url("send"), data).then(function (json) {
        if (json._status !== 201) { showError(json.error || d.failed); return; }
        body.value = "";
        addMessage(json.message);
      }).catch(function () { showError(d.failed); });
    });
    body.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); sendForm.requestSubmit(); }
    });

    $("chat-end").addEventListener("click", function () {
      request("POST", url("end"), new FormData()).then(applyState).finally(function () {
        try { localStorage.removeItem(STORE); } catch (e) { /* nothing kept */ }
      });
    });
  }

  toggle.hidden = false;
  toggle.addEventListener("click", function () { if (!panel || panel.hidden) { open(); } else { close(); } });
  Array.prototype.forEach.call(document.querySelectorAll("[data-chat-open]"), function (button) {
    button.closest("[data-chat-help]") && (button.closest("[data-chat-help]").hidden = false);
    button.addEventListener("click", function () { open(button.getAttribute("data-chat-open")); });
  });

  var saved = null;
  try { saved = localStorage.getItem(STORE); } catch (e) { saved = null; }
  if (saved) { resume(saved); }
})();
