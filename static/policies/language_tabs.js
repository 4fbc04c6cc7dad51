/* The policy form's languages as tabs (WAI-ARIA tabs pattern). Each language is a <fieldset class="language-tab">
   with its own heading; this script puts a tab list before them and shows one at a time. Without JavaScript the
   fieldsets stay one after another. The tab of the first language with an error opens first. */
(function () {
  "use strict";

  function select(tabs, panels, index, focus) {
    tabs.forEach(function (tab, i) {
      var chosen = i === index;
      tab.setAttribute("aria-selected", chosen ? "true" : "false");
      tab.tabIndex = chosen ? 0 : -1;
      panels[i].hidden = !chosen;
    });
    if (focus) {
      tabs[index].focus();
    }
  }

  function init() {
    var panels = Array.prototype.slice.call(document.querySelectorAll("fieldset.language-tab"));
    if (panels.length < 2) {
      return;
    }
    var list = document.createElement("div");
    list.className = "language-tabs";
    list.setAttribute("role", "tablist");
    var tabs = panels.map(function (panel, i) {
      var heading = panel.querySelector("h2");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "language-tab-button";
      tab.id = "language-tab-" + i;
      tab.setAttribute("role", "tab");
      tab.textContent = heading ? heading.textContent.trim() : String(i + 1);
      panel.id = panel.id || "language-panel-" + i;
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      if (panel.querySelector(".errorlist")) {
        tab.classList.add("has-errors");
      }
      list.appendChild(tab);
      return tab;
    });
    panels[0].parentNode.insertBefore(list, panels[0]);

    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () {
        select(tabs, panels, i, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[event.key];
        if (next === undefined) {
          return;
        }
        event.preventDefault();
        select(tabs, panels, (next + tabs.length) % tabs.length, true);
      });
    });
    var withErrors = panels.findIndex(function (panel) {
      return panel.querySelector(".errorlist");
    });
    select(tabs, panels, withErrors < 0 ? 0 : withErrors, false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
