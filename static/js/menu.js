// Where the section menu scrolls sideways (phones, narrow windows), the current section is brought into view.
// Only the menu moves, never the page; without JavaScript the menu simply starts at its first section.
(function () {
  "use strict";
  var menu = document.querySelector(".sections-nav ul");
  var current = menu && menu.querySelector("[aria-current]");
  if (current && current.offsetLeft + current.offsetWidth > menu.clientWidth) {
    menu.scrollLeft = current.offsetLeft - 24;
  }
})();
