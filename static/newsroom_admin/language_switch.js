// The admin's language switch takes effect as soon as a language is chosen (without JavaScript, its
// <noscript> button sends the form). A static file, as the Content-Security-Policy runs no inline handler.
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
