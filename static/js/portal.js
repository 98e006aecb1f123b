/* What pages ask of the browser, declared with data- attributes, so that no page needs an
   inline script, an on…= attribute or a style="" attribute (the Content-Security-Policy allows
   none of them; see CONTENT_SECURITY_POLICY in khoi_thi_dua/settings/base.py):

   <select data-autosubmit>          submits its form when the choice changes;
   data-confirm="Question?"          on a button (or a form): asks before submitting;
   data-progress="40"                on a .progress-bar: its width, in percent;
   <button data-copy="#field"        copies the field's value, then shows data-copied-label.
           data-copied-label="…">

   Loaded on every page by templates/base.html; content that htmx swaps in is handled too. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("select[data-autosubmit]") || !field.form) { return; }
    if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
  });

  // Capturing, so that a refusal stops the click before anything else acts on it.
  document.addEventListener("click", function (event) {
    var trigger = event.target.closest && event.target.closest("[data-confirm]");
    if (!trigger || trigger.tagName === "FORM") { return; }
    if (!window.confirm(trigger.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) { return; }
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) { return; }
    field.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(field.value); }
    if (button.getAttribute("data-copied-label")) {
      button.textContent = button.getAttribute("data-copied-label");
    }
  });

  // Setting element.style from a script is allowed by the policy; style="" in markup is not.
  function sizeBars(root) {
    var bars = Array.prototype.slice.call(root.querySelectorAll("[data-progress]"));
    if (root.matches && root.matches("[data-progress]")) { bars.push(root); }
    bars.forEach(function (bar) {
      var value = parseFloat(bar.getAttribute("data-progress"));
      bar.style.width = Math.max(0, Math.min(100, isNaN(value) ? 0 : value)) + "%";
    });
  }
  sizeBars(document);
  // htmx announces every element it swaps in (the document's status panel, every second).
  document.addEventListener("htmx:load", function (event) { sizeBars(event.target); });
})();
