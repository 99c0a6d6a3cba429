/* Behaviour shared by every page, kept out of the HTML: the Content-Security-Policy allows no inline
   script or event handler. A <select data-autosubmit> sends its form when its value changes. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-autosubmit]") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
})();
