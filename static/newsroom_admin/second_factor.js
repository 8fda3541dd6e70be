// The recovery codes page's Print and Copy buttons: shown only where this script runs (they are hidden in the HTML).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var print = document.querySelector("[data-print]");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var copy = document.querySelector("[data-copy]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var list = document.getElementById(copy.dataset.copy);
      var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (code) { return code.textContent; });
      navigator.clipboard.writeText(codes.join("\n")).then(function () { copy.textContent = copy.dataset.copied; });
    });
  }
});
