// IKM pages: behaviour that used to sit in on*= attributes (the Content-Security-Policy forbids inline
// scripts). A select with data-autosubmit sends its form on change; a button with data-print prints.
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
