/* BLIK: while the shopper approves in the bank app, count down the window and ask the server to re-read the
 * PaymentIntent every 2 seconds. The page reloads once the server says anything other than "still waiting": the
 * server decides (approved, refused, timed out), never this script. Strict CSP: config from data- attributes. */
(function () {
  "use strict";
  var box = document.getElementById("blik-wait");
  var form = document.getElementById("blik-form");
  if (!box || !form) {
    return;
  }
  var secondsEl = document.getElementById("blik-seconds");
  var statusEl = document.getElementById("blik-status");
  var left = parseInt(box.dataset.secondsLeft, 10) || 0;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var done = false;

  function tick() {
    if (done) { return; }
    left = Math.max(0, left - 1);
    secondsEl.textContent = String(left);
    if (left === 0) {
      statusEl.textContent = box.dataset.lateText;
    }
  }
  function poll() {
    if (done) { return; }
    fetch(box.dataset.statusUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.status && answer.status !== "requires_action" && answer.status !== "error") {
        done = true;
        window.location.reload();
      }
    }).catch(function () { /* the next poll tries again */ });
  }
  window.setInterval(tick, 1000);
  window.setInterval(poll, 2000);
})();
