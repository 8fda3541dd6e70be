// Fills a slug field from its source field as the editor types, the Vietnamese way:
// "Đồng Nai" -> "dong-nai". Django's own prepopulate (URLify) turns "Đồng" into "djng" and drops
// every letter with a diacritic, so it is not used. The server makes the same slug (articles/text.py)
// when the field is left empty, so this is a convenience, never the rule.
(function () {
  "use strict";

  function slugifyVi(text, maxLength) {
    var slug = text
      .replace(/[đð]/g, "d")
      .replace(/[ĐÐ]/g, "D")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    if (slug.length <= maxLength) return slug;
    var cut = slug.slice(0, maxLength + 1);
    return cut.lastIndexOf("-") > 0 ? cut.slice(0, cut.lastIndexOf("-")) : slug.slice(0, maxLength);
  }

  function connect(target) {
    var source = document.querySelector(target.dataset.slugFrom);
    if (!source) return;
    // An existing slug is part of published links: only a new, untouched field follows the source.
    var followsSource = target.value === "";
    target.addEventListener("input", function () {
      followsSource = target.value === "";
    });
    source.addEventListener("input", function () {
      if (followsSource) target.value = slugifyVi(source.value, 120);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-slug-from]").forEach(connect);
  });
})();
