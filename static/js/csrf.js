// Forms on catalogue pages shared by every cookie-free visitor ({% csrf_deferred %}): their CSRF field is empty.
// When such a form is first touched, fetch this visitor's token (the answer also sets the CSRF cookie) and fill
// the field; a form sent before that waits for it. Without a token the server refuses the post, as always.
(function () {
  "use strict";
  if (window.trustmarkCsrfDeferred) { return; }  // loaded twice on one page: one set of listeners only
  window.trustmarkCsrfDeferred = true;
  var pending = null;

  function fields() {
    return document.querySelectorAll("input[data-csrf-url]");
  }

  function token() {
    if (!pending) {
      var url = fields()[0].getAttribute("data-csrf-url");
      pending = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("csrf " + response.status); }
          return response.json();
        })
        .then(function (data) {
          fields().forEach(function (input) { input.value = data.token; });
          return data.token;
        })
        .catch(function (error) { pending = null; throw error; });
    }
    return pending;
  }

  function deferredField(target) {
    var form = target && target.closest ? target.closest("form") : null;
    return form ? form.querySelector("input[data-csrf-url]") : null;
  }

  function prepare(event) {
    if (deferredField(event.target)) { token().catch(function () {}); }
  }

  document.addEventListener("focusin", prepare);
  document.addEventListener("pointerdown", prepare);
  document.addEventListener("submit", function (event) {
    var form = event.target, field = deferredField(form);
    if (!field || field.value) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    var send = function () {
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    };
    // If no token can be had, send anyway: the server answers (and refuses) as it would without this script.
    token().then(send, function () { form.submit(); });
  });
})();
