// SPDX-License-Identifier: AGPL-3.0-or-later
// The service worker of offline phones (decision 0036). It keeps nothing by itself: pages are
// kept only when a pupil asks (static/keep.js puts them in KEPT), so one person's private page
// is never kept for another, and signing out deletes them. Online, every page comes from the
// network as without the worker; offline, a kept page comes from KEPT, and anything else gets
// the "not kept" page (/offline) rather than the browser's error.
'use strict';

var SHELL = 'imaginecole-shell-v1';
var KEPT = 'imaginecole-kept';

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    // Without cookies: the shell's "not kept" page names nobody.
    return cache.add(new Request('/offline', { credentials: 'omit' }));
  }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf('imaginecole-shell-') === 0 && name !== SHELL;
    }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () {
    return self.clients.claim();
  }));
});

function kept(request) {
  return caches.match(request, { ignoreVary: true });
}

function notKept() {
  return caches.open(KEPT).then(function (cache) {
    return cache.match('/offline', { ignoreVary: true });
  }).then(function (page) {
    return page || caches.open(SHELL).then(function (cache) {
      return cache.match('/offline', { ignoreVary: true });
    });
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === 'POST' && url.pathname === '/signout') {
    // The pages kept for this person go with them; the browser sends the form as usual.
    event.waitUntil(caches.delete(KEPT));
    return;
  }
  if (request.method !== 'GET' || url.pathname.indexOf('/api/') === 0) {
    return;
  }
  if (url.pathname.indexOf('/static/') === 0 && url.searchParams.has('v')) {
    // A versioned asset never changes: the kept copy first.
    event.respondWith(kept(request).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  event.respondWith(fetch(request).catch(function () {
    return kept(request).then(function (hit) {
      if (hit) {
        return hit;
      }
      if (request.mode === 'navigate') {
        return notKept().then(function (page) {
          return page || Response.error();
        });
      }
      return Response.error();
    });
  }));
});
