// Live preview for the resource editor (progressive enhancement: without this script the
// "Aperçu" button does the same on the server). While the author types, the text is sent to
// /api/v1/preview at most every 700 ms; the server answers the HTML pupils would see and what
// to fix (images without a description, formulas that do not read). Nothing is saved.
(function () {
  'use strict';
  var form = document.querySelector('form.editor');
  var body = document.getElementById('body');
  var section = document.getElementById('preview');
  var target = document.getElementById('preview-body');
  var warnings = document.getElementById('warnings');
  if (!form || !body || !section || !target || !warnings || !window.fetch) {
    return;
  }
  var token = form.querySelector('input[name="csrf_token"]');
  var timer = null;
  var sent = 0;

  function showProblems(problems) {
    warnings.textContent = '';
    if (!problems.length) {
      return;
    }
    var list = document.createElement('ul');
    list.className = 'warnings';
    problems.forEach(function (problem) {
      var item = document.createElement('li');
      item.textContent = problem.message;
      list.appendChild(item);
    });
    warnings.appendChild(list);
  }

  function refresh() {
    var mine = ++sent;
    fetch('/api/v1/preview', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token ? token.value : ''},
      body: JSON.stringify({body: body.value})
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer || mine !== sent) {
        return;  // refused, or a newer text is on its way
      }
      // The server's sanitized rendering (the same as the published page's).
      target.innerHTML = answer.html;
      section.hidden = false;
      showProblems(answer.problems || []);
    }).catch(function () {
      // Offline or the server is busy: the "Aperçu" button still works.
    });
  }

  body.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });
})();
