// Light up every piece of a record's span when its link is followed (#span-<ref> or
// #rec-<ref>): a record can cover several highlighted pieces of the article text.
"use strict";
(function () {
  function mark() {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var ref = hash.replace(/^(span|rec)-/, "");
    if (ref === hash) { return; }
    document.querySelectorAll(".hl").forEach(function (el) {
      if ((el.getAttribute("data-refs") || "").split(" ").indexOf(ref) >= 0) { el.classList.add("active"); }
    });
    var record = document.getElementById("rec-" + ref);
    if (record) { record.classList.add("active"); }
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();

// The actor box: offer the stored actors whose code or name starts with what was typed
// (/api/actors?q=), as the options of the box's datalist.
(function () {
  function offer(input) {
    var list = document.getElementById(input.getAttribute("data-actor-box"));
    var text = input.value.trim();
    if (!list || text.length < 2) { return; }
    fetch("/api/actors?limit=10&q=" + encodeURIComponent(text))
      .then(function (response) { return response.ok ? response.json() : { items: [] }; })
      .then(function (page) {
        if (input.value.trim() !== text) { return; }  // typed on since: a newer answer comes
        list.replaceChildren.apply(list, page.items.map(function (actor) {
          var option = document.createElement("option");
          option.value = actor.code;
          option.label = actor.name + " (" + actor.code + ")";
          option.textContent = actor.name + " (" + actor.code + ")";
          return option;
        }));
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-actor-box]").forEach(function (input) {
      input.addEventListener("input", function () { offer(input); });
    });
  });
})();
