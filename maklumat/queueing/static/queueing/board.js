// Waiting-room board: announce each new call with a chime and the number spoken in Indonesian.
// Everything runs in the browser: the chime is synthesised with Web Audio, the voice is the
// browser's speechSynthesis, so the board works on the office LAN without internet.
(function () {
  var KEY = "maklumat.board.sound";
  var toggle = document.getElementById("sound-toggle");
  var soundOn = localStorage.getItem(KEY) === "1";
  var audio = null;
  var lastSeen = null;
  var queue = [];
  var speaking = false;

  function render() {
    toggle.setAttribute("aria-pressed", soundOn ? "true" : "false");
    toggle.textContent = soundOn ? toggle.dataset.on : toggle.dataset.off;
  }

  function chime(done) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var t = audio.currentTime;
      [[880, 0], [660, 0.35]].forEach(function (pair) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = pair[0];
        gain.gain.setValueAtTime(0.0001, t + pair[1]);
        gain.gain.exponentialRampToValueAtTime(0.4, t + pair[1] + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + pair[1] + 0.6);
        osc.connect(gain).connect(audio.destination);
        osc.start(t + pair[1]);
        osc.stop(t + pair[1] + 0.65);
      });
      setTimeout(done, 1000);
    } catch (e) { done(); }
  }

  function speak(call, done) {
    if (!("speechSynthesis" in window)) { done(); return; }
    var text = "Nomor antrian, " + call.number + ", silakan ke, " + call.counter;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "id-ID";
    utterance.rate = 0.9;
    var voice = speechSynthesis.getVoices().filter(function (v) { return v.lang && v.lang.indexOf("id") === 0; })[0];
    if (voice) { utterance.voice = voice; }
    utterance.onend = done;
    utterance.onerror = done;
    speechSynthesis.speak(utterance);
  }

  function next() {
    if (speaking || !queue.length) { return; }
    speaking = true;
    var call = queue.shift();
    chime(function () { speak(call, function () { speaking = false; next(); }); });
  }

  function read() {
    var node = document.getElementById("calls-data");
    if (!node) { return; }
    var calls = JSON.parse(node.textContent);
    var fresh = calls.filter(function (c) { return lastSeen !== null && c.id > lastSeen; }).reverse();
    if (calls.length) { lastSeen = Math.max(lastSeen || 0, calls[0].id); } else if (lastSeen === null) { lastSeen = 0; }
    if (fresh.length) {
      document.body.classList.remove("board-flash");
      void document.body.offsetWidth;
      document.body.classList.add("board-flash");
      if (soundOn) { queue = queue.concat(fresh); next(); }
    }
  }

  toggle.addEventListener("click", function () {
    soundOn = !soundOn;
    localStorage.setItem(KEY, soundOn ? "1" : "0");
    toggle.classList.remove("board-sound-blocked");
    if (soundOn) { chime(function () {}); if (audio && audio.resume) { audio.resume(); } }
    render();
  });
  // A double tap on the office name puts the board in full screen (TV browsers without kiosk mode).
  document.querySelector(".board-head h1").addEventListener("dblclick", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
  });
  // The sound choice is remembered on this screen (localStorage). A browser may still hold audio back
  // until someone touches the screen after a reload: the button says so, and the first touch unlocks it.
  function unlock() {
    if (!soundOn) { return; }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") {
        toggle.classList.add("board-sound-blocked");
        toggle.textContent = toggle.dataset.blocked || toggle.dataset.on;
        document.addEventListener("click", function resume(event) {
          if (event.target === toggle) { return; }
          audio.resume();
          toggle.classList.remove("board-sound-blocked");
          render();
          document.removeEventListener("click", resume);
        });
      }
    } catch (e) { /* no Web Audio: the voice alone */ }
  }
  document.body.addEventListener("htmx:afterSwap", read);
  render();
  unlock();
  read();
})();
