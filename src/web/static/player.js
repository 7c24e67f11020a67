// SPDX-License-Identifier: AGPL-3.0-or-later
// The exercise player's practice, a little smoother: "Vérifier" sends the same form in the
// background and the verdict replaces the question in place, without reloading the page. The
// form and the page it returns are those of the plain HTML player (the answer's UUID is in the
// form, so a retry records nothing twice); on any trouble the form is simply submitted.
(function () {
  'use strict';

  function enhance(root) {
    var form = root.querySelector('form[data-player-practice]');
    if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
      return;
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        button.disabled = true;
      }
      fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)).toString()
      }).then(function (response) {
        return response.text();
      }).then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html');
        var next = page.querySelector('[data-player-root]');
        if (!next) {
          throw new Error('not a player page');
        }
        root.replaceWith(next);
        enhance(next);
        // Screen readers hear the verdict (role=status); the keyboard lands on it.
        var verdict = next.querySelector('[role="status"], [role="alert"]');
        if (verdict) {
          verdict.setAttribute('tabindex', '-1');
          verdict.focus();
        }
      }).catch(function () {
        form.submit();
      });
    });
  }

  var root = document.querySelector('[data-player-root]');
  if (root) {
    enhance(root);
  }
})();
