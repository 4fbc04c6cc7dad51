// Catalogue filters: open on wide screens (a sidebar); on phones they stay folded under "Filter and sort".
(function () {
  if (window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details.filters-details").forEach(function (details) { details.open = true; });
  }
})();
