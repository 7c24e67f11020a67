// SPDX-License-Identifier: AGPL-3.0-or-later
// The countdown of a mock exam paper. Only a help: the server times the paper, and the page
// works without this script.
(function () {
  var line = document.getElementById('exam-time');
  if (!line || !line.dataset.deadline) { return; }
  var deadline = Number(line.dataset.deadline) * 1000;
  var base = line.textContent;
  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    line.textContent = base + ' — ' + minutes + ':' + (seconds < 10 ? '0' : '') + seconds;
    if (left > 0) { setTimeout(tick, 1000); }
  }
  tick();
})();
