// Printed ticket: print once when the kiosk just issued it, then return to the kiosk by itself.
(function () {
  var script = document.currentScript;
  var autoPrint = script && script.dataset.autoPrint === "1";
  var done = document.getElementById("ticket-done");
  var again = document.getElementById("ticket-print");
  if (again) {
    again.addEventListener("click", function () { window.print(); });
  }
  if (autoPrint) {
    window.addEventListener("load", function () { window.print(); });
  }
  if (done && done.dataset.return === "1") {
    setTimeout(function () { window.location.href = done.href; }, 20000);
  }
})();
