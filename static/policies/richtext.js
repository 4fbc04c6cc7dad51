// The policy text editor (policies/widgets.py): every <textarea data-richtext> becomes a toolbar and an editable
// area, kept in sync with the textarea, which the form still submits. Served from our static files; no inline
// script or style, so the strict CSP holds. Without JavaScript the plain textarea (HTML) works. The server
// cleans everything with nh3, so nothing here is a security boundary.
(function () {
  "use strict";

  var COMMANDS = [
    { key: "paragraph", run: function () { document.execCommand("formatBlock", false, "<p>"); } },
    { key: "h2", run: function () { document.execCommand("formatBlock", false, "<h2>"); }, block: "H2" },
    { key: "h3", run: function () { document.execCommand("formatBlock", false, "<h3>"); }, block: "H3" },
    { key: "bold", run: function () { document.execCommand("bold"); }, state: "bold" },
    { key: "italic", run: function () { document.execCommand("italic"); }, state: "italic" },
    { key: "ul", run: function () { document.execCommand("insertUnorderedList"); }, state: "insertUnorderedList" },
    { key: "ol", run: function () { document.execCommand("insertOrderedList"); }, state: "insertOrderedList" },
    { key: "link", run: function (labels) {
      var url = window.prompt(labels.link_prompt, "https://");
      if (url && /^(https?:|mailto:)/i.test(url.trim())) { document.execCommand("createLink", false, url.trim()); }
    } },
    { key: "unlink", run: function () { document.execCommand("unlink"); } }
  ];

  // Typed HTML is parsed in an inert document and only then shown: scripts, inline handlers and javascript:
  // links never come alive in the admin (the CSP would block them anyway; nh3 removes them when saving).
  function inert(html) {
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.querySelectorAll("script, style, iframe, object, embed, link, meta").forEach(function (node) {
      node.remove();
    });
    doc.body.querySelectorAll("*").forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (attribute) {
        var name = attribute.name.toLowerCase();
        if (name.indexOf("on") === 0 || name === "style" ||
            ((name === "href" || name === "src") && /^\s*javascript:/i.test(attribute.value))) {
          node.removeAttribute(attribute.name);
        }
      });
    });
    return doc.body;
  }

  function enhance(textarea) {
    var labels = JSON.parse(textarea.getAttribute("data-richtext") || "{}");
    var wrapper = document.createElement("div");
    wrapper.className = "richtext";
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", labels.toolbar || "");
    var area = document.createElement("div");
    area.className = "richtext-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (textarea.id) {
      var label = document.querySelector('label[for="' + textarea.id + '"]');
      if (label) {
        if (!label.id) { label.id = textarea.id + "-label"; }
        area.setAttribute("aria-labelledby", label.id);
      }
      area.id = textarea.id + "-editor";
    }
    if (textarea.lang) { area.lang = textarea.lang; }
    load(textarea.value);

    function load(html) {
      var body = inert(html);
      area.replaceChildren.apply(area, Array.prototype.slice.call(body.childNodes));
    }

    // Empty paragraphs left by pressing Enter are dropped; the rest is sent as typed (the server cleans it).
    function sync() { textarea.value = area.innerHTML.replace(/<p>(<br>)?<\/p>/g, ""); }

    var stateButtons = [];
    COMMANDS.forEach(function (command) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = labels[command.key] || command.key;
      button.setAttribute("data-command", command.key);
      if (command.state || command.block) {
        button.setAttribute("aria-pressed", "false");
        stateButtons.push({ button: button, command: command });
      }
      button.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep the selection
      button.addEventListener("click", function () {
        area.focus();
        command.run(labels);
        sync();
        refresh();
      });
      toolbar.appendChild(button);
    });

    var source = document.createElement("button");
    source.type = "button";
    source.textContent = labels.source || "HTML";
    source.setAttribute("data-command", "source");
    source.addEventListener("click", function () {
      var showingSource = !textarea.hidden;
      if (showingSource) {
        load(textarea.value);
        textarea.hidden = true;
        area.hidden = false;
        source.textContent = labels.source || "HTML";
        area.focus();
      } else {
        sync();
        area.hidden = true;
        textarea.hidden = false;
        source.textContent = labels.visual || "Editor";
        textarea.focus();
      }
      toolbar.querySelectorAll("button[data-command]:not([data-command=source])").forEach(function (b) {
        b.disabled = showingSource ? false : true;
      });
    });
    toolbar.appendChild(source);

    function refresh() {
      stateButtons.forEach(function (entry) {
        var on = false;
        try {
          if (entry.command.state) {
            on = document.queryCommandState(entry.command.state);
          } else {
            on = String(document.queryCommandValue("formatBlock")).toUpperCase() === entry.command.block;
          }
        } catch (error) { on = false; }
        entry.button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }

    area.addEventListener("input", sync);
    area.addEventListener("keyup", refresh);
    area.addEventListener("mouseup", refresh);
    if (textarea.form) { textarea.form.addEventListener("submit", function () { if (textarea.hidden) { sync(); } }); }

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    wrapper.appendChild(textarea);
    textarea.hidden = true;
  }

  function start() {
    try { document.execCommand("defaultParagraphSeparator", false, "p"); } catch (error) { /* older browsers */ }
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
