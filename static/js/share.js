// The "copy link" share link copies the article's address instead of opening it, and says so.
// Without JavaScript, or where the clipboard is out of reach (a page served over plain HTTP), it stays
// an ordinary link to the article, which readers can copy from the address bar.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("[data-copy-link]").forEach(function (link) {
    var status = link.closest(".share").querySelector(".share__status");
    var timer;
    function say(message) {
      status.textContent = message;
      clearTimeout(timer);
      timer = setTimeout(function () { status.textContent = ""; }, 4000);
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(link.href).then(
        function () { say(link.getAttribute("data-copied")); },
        function () { say(link.getAttribute("data-failed")); }
      );
    });
  });
})();
