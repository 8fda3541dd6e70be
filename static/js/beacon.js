// Counts a reader's view once the article page is actually shown: never while it is prerendered or
// prefetched, never for a preview (which has no data-view-id). The page itself stays fully cacheable.
(function () {
  "use strict";
  var article = document.querySelector("[data-view-id]");
  if (!article || !navigator.sendBeacon) return;
  var sent = false;
  function send() {
    if (sent || document.visibilityState !== "visible") return;
    sent = true;
    navigator.sendBeacon(article.getAttribute("data-view-url"), "id=" + article.getAttribute("data-view-id"));
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else if (document.visibilityState === "visible") {
    send();
  } else {
    document.addEventListener("visibilitychange", send);
  }
})();
