// SPDX-License-Identifier: AGPL-3.0-or-later
// Offline phones (decision 0036), the part every page loads: it registers the service worker,
// greys the links to pages this phone has not kept while there is no connection (they still
// lead to the "not kept" page), and loads keep.js where it is needed: the /offline page, an
// exercise player, or answers waiting to be sent.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.caches || !window.indexedDB) {
    return;
  }
  navigator.serviceWorker.register('/sw.js').catch(function () {});

  var loaded = false;
  function loadKeep() {
    if (loaded) {
      return;
    }
    loaded = true;
    var script = document.createElement('script');
    script.src = '/static/keep.js';
    document.body.appendChild(script);
  }

  function grey() {
    var links = document.querySelectorAll('a[href^="/"]');
    Array.prototype.forEach.call(links, function (link) {
      if (navigator.onLine) {
        link.classList.remove('offline-missing');
        link.removeAttribute('aria-disabled');
        return;
      }
      caches.match(link.getAttribute('href'), { ignoreVary: true }).then(function (hit) {
        if (!hit && !navigator.onLine) {
          link.classList.add('offline-missing');
          link.setAttribute('aria-disabled', 'true');
        }
      });
    });
  }

  var waiting = Number(localStorage.getItem('imaginecole.waiting') || 0) > 0;
  if (document.querySelector('[data-offline-page], form.exercise') || (waiting && navigator.onLine)) {
    loadKeep();
  }
  window.addEventListener('online', function () {
    grey();
    if (Number(localStorage.getItem('imaginecole.waiting') || 0) > 0) {
      loadKeep();
    }
  });
  window.addEventListener('offline', grey);
  grey();
})();
