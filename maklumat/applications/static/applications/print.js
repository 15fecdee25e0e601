// The receipt's print button (no inline scripts: the Content-Security-Policy allows none).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
