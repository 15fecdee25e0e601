// Counter screen: the service (or pause) timer, the no-show grace countdown and the undo window.
// The server decides every action; this only shows the time and refreshes when a button opens or closes.
(function () {
  var skew = 0; // the page's clock against the browser's: the times on the page are the server's
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s);
  }
  function now() { return Date.now() + skew; }
  var generated = document.querySelector("[data-generated]");
  if (generated) { skew = Date.parse(generated.dataset.generated) - Date.now(); }

  function tick() {
    document.querySelectorAll(".counter-timer[data-since]").forEach(function (node) {
      var since = Date.parse(node.dataset.since);
      if (!isNaN(since)) { node.querySelector("span").textContent = clock((now() - since) / 1000); }
    });
    document.querySelectorAll("[data-opens]").forEach(function (node) {
      var left = (Date.parse(node.dataset.opens) - now()) / 1000;
      var out = node.querySelector(".counter-countdown");
      if (out) { out.textContent = "(" + clock(left) + ")"; }
      if (left <= 0 && !node.dataset.reloading) { node.dataset.reloading = "1"; window.location.reload(); }
    });
    document.querySelectorAll("[data-until]").forEach(function (node) {
      if (Date.parse(node.dataset.until) < now()) { node.hidden = true; }
    });
  }
  tick();
  setInterval(tick, 1000);
})();
