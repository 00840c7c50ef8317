/* tutoral_gen: accessibility of the theme's run-time markup, which the generated Markdown cannot
   reach. Material adds a toolbar (<nav>) to every code block and wraps every table in a
   scrolling <div> after the page loads; this names each toolbar distinctly (one landmark each)
   and lets the keyboard reach the tables that overflow. Runs again when the page changes. */
(function () {
  "use strict";
  var words = {
    fr: { code: "Actions du bloc de code", table: "Tableau défilant" },
    en: { code: "Code block actions", table: "Scrollable table" }
  };
  var lang = (document.documentElement.lang || "en").slice(0, 2);
  var t = words[lang] || words.en;

  function mend() {
    document.querySelectorAll(".md-code__nav").forEach(function (nav, index) {
      var name = t.code + " " + (index + 1);
      if (nav.getAttribute("aria-label") !== name) nav.setAttribute("aria-label", name);
    });
    var count = 0;
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        count += 1;
        var name = t.table + " " + count;
        if (wrap.getAttribute("aria-label") !== name) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name);
        }
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      mend();
    });
  }
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", schedule);
  schedule();
})();
