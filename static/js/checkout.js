/* Card payment on the review page and the order page.
 * Stripe.js makes a token from the card element; we POST only its id. The server creates and confirms the
 * PaymentIntent with the amount it computed; if the bank wants 3-D Secure, we run confirmCardPayment and then
 * ask the server to re-read the PaymentIntent. The browser never decides that an order is paid.
 * Config comes from data- attributes (strict CSP: no inline script). */
(function () {
  "use strict";
  var form = document.getElementById("pay-form");
  if (!form || form.dataset.method !== "card" || typeof Stripe !== "function") {
    return;
  }
  var stripe = Stripe(form.dataset.stripeKey); // localstripe's fake Stripe.js refuses `new Stripe`
  var card = stripe.elements().create("card");
  card.mount("#card-element");

  var button = form.querySelector("button[type=submit]");
  var errors = document.getElementById("pay-errors");
  var status = document.getElementById("pay-status");
  var buttonText = button.textContent;
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;

  function showError(message) {
    errors.textContent = message || "";
    errors.hidden = !message;
    if (message) { errors.focus(); }
  }
  function showStatus(message) {
    status.textContent = message || "";
    status.hidden = !message;
  }
  function busy(on) {
    button.disabled = on;
    button.textContent = on ? (form.dataset.busyText || "…") : buttonText;
  }
  function post(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (response) {
      return response.json().catch(function () {
        return { status: "error", message: form.dataset.genericError };
      });
    });
  }
  function finish(answer) {
    if (answer.redirect) {
      // Paid, placed, or the basket changed (the review page shows the new total): go where the server says.
      window.location.assign(answer.redirect);
      return;
    }
    showStatus("");
    showError(answer.message || form.dataset.genericError);
    if (answer.status === "blocked") {
      // Refused: this order is closed. The panel links to another card, another method and support.
      var help = document.getElementById("pay-blocked");
      if (help) { help.hidden = false; }
      button.textContent = buttonText;
      button.disabled = true;
      return;
    }
    busy(false);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.reportValidity()) { return; }
    showError("");
    busy(true);
    stripe.createToken(card).then(function (result) {
      if (result.error) {
        showError(result.error.message);
        busy(false);
        return null;
      }
      var data = new FormData(form);
      data.set("payment_method_id", result.token.card.id);
      return post(form.dataset.payUrl, data);
    }).then(function (answer) {
      if (!answer) { return; }
      if (answer.status !== "requires_action") {
        finish(answer);
        return;
      }
      showStatus(answer.message);
      // Whatever the dialog resolves with, only the server's re-read of the PaymentIntent counts.
      return stripe.confirmCardPayment(answer.client_secret).then(function () {
        var data = new FormData();
        data.set("csrfmiddlewaretoken", csrf);
        return post(answer.status_url, data);
      }).then(finish);
    }).catch(function () {
      showError(form.dataset.genericError);
      busy(false);
    });
  });
})();
