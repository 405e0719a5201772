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
