// SPDX-License-Identifier: AGPL-3.0-or-later
// Offline phones (decision 0036): keeps a pupil's assignments on the phone, checks answers in
// the page without a connection, and sends them when it returns.
//  - "Keep" (/offline) asks GET /api/v1/me/offline, puts each page and what it shows (styles,
//    scripts, pictures) in the cache the service worker reads, and notes each item and its size
//    in IndexedDB. The kept pages are the pupil's own: a copy kept for another pupil is deleted
//    first, and signing out deletes them (sw.js).
//  - Offline, an exercise set's page checks answers with the answer key the copy carries (a
//    quiz's copy carries none: its answers are kept and graded on return). Every answer gets
//    its own UUID and waits in IndexedDB.
//  - Online, waiting answers go through POST /api/v1/attempts/batch with their UUIDs: the
//    server grades them again and records each once, however often they are sent.
(function () {
  'use strict';

  var DB = 'imaginecole-offline';
  var KEPT = 'imaginecole-kept';
  var WAITING = 'imaginecole.waiting';

  function database() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open(DB, 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore('items', { keyPath: 'resource' });
        open.result.createObjectStore('queue', { keyPath: 'client_id' });
        open.result.createObjectStore('meta');
      };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }

  // Runs work(store) in one transaction; resolves with the value of the request it returns.
  function inStore(name, mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var request = work(transaction.objectStore(name));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function all(name) {
    return inStore(name, 'readonly', function (store) { return store.getAll(); });
  }

  function noteWaiting() {
    return all('queue').then(function (queue) {
      localStorage.setItem(WAITING, String(queue.length));
      return queue;
    });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join('') + '-' + h.slice(4, 6).join('') + '-' + h.slice(6, 8).join('') +
      '-' + h.slice(8, 10).join('') + '-' + h.slice(10).join('');
  }

  // --- keeping ------------------------------------------------------------------------------

  function forgetKept() {
    return caches.delete(KEPT).then(function () {
      return inStore('items', 'readwrite', function (store) { store.clear(); });
    });
  }

  // Puts `url` in the cache under each of `keys` and, for a page, what it shows; resolves with
  // the bytes kept. `done` avoids keeping a style or a picture twice.
  function keepOne(cache, url, keys, done) {
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ': ' + response.status);
      }
      var html = (response.headers.get('Content-Type') || '').indexOf('text/html') === 0;
      return response.clone().blob().then(function (body) {
        return Promise.all(keys.map(function (key) {
          return cache.put(key, response.clone());
        })).then(function () {
          if (!html) {
            return body.size;
          }
          return body.text().then(function (text) {
            var page = new DOMParser().parseFromString(text, 'text/html');
            var parts = [];
            page.querySelectorAll('link[rel="stylesheet"][href], script[src], img[src]').forEach(
              function (el) {
                var part = el.getAttribute('href') || el.getAttribute('src');
                if (part.charAt(0) === '/' && part.charAt(1) !== '/' && !done[part]) {
                  done[part] = true;
                  parts.push(part);
                }
              });
            return parts.reduce(function (chain, part) {
              return chain.then(function (total) {
                return keepOne(cache, part, [part], done).then(function (bytes) {
                  return total + bytes;
                });
              });
            }, Promise.resolve(body.size));
          });
        });
      });
    });
  }

  function keepAll() {
    return fetch('/api/v1/me/offline', {
      credentials: 'same-origin', headers: { Accept: 'application/json' },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('refused: ' + response.status);
      }
      return response.json();
    }).then(function (copy) {
      return inStore('meta', 'readonly', function (store) { return store.get('pupil'); })
        .then(function (pupil) {
          return pupil && pupil !== copy.pupil ? forgetKept() : null;
        }).then(function () {
          return caches.open(KEPT);
        }).then(function (cache) {
          var done = {};
          var chain = Promise.resolve(0);
          copy.pages.concat(['/static/keep.js']).forEach(function (url) {
            chain = chain.then(function () { return keepOne(cache, url, [url], done); });
          });
          copy.items.forEach(function (item) {
            chain = chain.then(function () {
              var sizes = item.pages.map(function (url) {
                // The player's page also answers its link without "?mode=quiz".
                var keys = url === item.player ? [url, url.split('?')[0]] : [url];
                return function () { return keepOne(cache, url, keys, done); };
              });
              return sizes.reduce(function (sum, next) {
                return sum.then(function (total) {
                  return next().then(function (bytes) { return total + bytes; });
                });
              }, Promise.resolve(0)).then(function (bytes) {
                item.bytes = bytes;
                item.kept_at = new Date().toISOString();
                return inStore('items', 'readwrite', function (store) { store.put(item); });
              });
            });
          });
          return chain.then(function () {
            var wanted = copy.items.map(function (item) { return item.resource; });
            return all('items').then(function (items) {
              var gone = items.filter(function (item) { return wanted.indexOf(item.resource) < 0; });
              return Promise.all(gone.map(function (item) {
                return Promise.all(item.pages.map(function (url) {
                  return cache.delete(url).then(function () { return cache.delete(url.split('?')[0]); });
                })).then(function () {
                  return inStore('items', 'readwrite', function (store) { store.delete(item.resource); });
                });
              }));
            });
          });
        }).then(function () {
          return inStore('meta', 'readwrite', function (store) {
            store.put(copy.pupil, 'pupil');
            store.put(copy.words, 'words');
          });
        });
    });
  }

  // --- the /offline page --------------------------------------------------------------------

  function sizeText(bytes) {
    var lang = document.documentElement.lang || 'fr';
    var big = bytes >= 1024 * 1024;
    try {
      return new Intl.NumberFormat(lang, {
        style: 'unit', unit: big ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1,
      }).format(bytes / (big ? 1024 * 1024 : 1024));
    } catch (e) {
      return Math.round(bytes / 1024) + ' KB';
    }
  }

  function showKept(root) {
    var list = root.querySelector('[data-offline-items]');
    return Promise.all([all('items'), noteWaiting()]).then(function (found) {
      var items = found[0];
      list.textContent = '';
      if (!items.length) {
        var none = document.createElement('li');
        none.textContent = root.getAttribute('data-words-nothing');
        list.appendChild(none);
      }
      items.forEach(function (item) {
        var li = document.createElement('li');
        li.setAttribute('data-offline-item', item.resource);
        var link = document.createElement('a');
        link.href = item.player || item.pages[0];
        link.textContent = item.title;
        var size = document.createElement('span');
        size.className = 'offline-size';
        size.textContent = ' · ' + sizeText(item.bytes || 0);
        li.appendChild(link);
        li.appendChild(size);
        list.appendChild(li);
      });
      root.querySelector('[data-offline-queue]').textContent =
        root.getAttribute('data-words-waiting').replace('{count}', String(found[1].length));
      if (navigator.storage && navigator.storage.estimate) {
        return navigator.storage.estimate().then(function (estimate) {
          root.querySelector('[data-offline-space]').textContent =
            root.getAttribute('data-words-space')
              .replace('{used}', sizeText(estimate.usage || 0))
              .replace('{free}', sizeText(Math.max(0, (estimate.quota || 0) - (estimate.usage || 0))));
        });
      }
      return null;
    });
  }

  function offlinePage(root) {
    root.querySelector('[data-offline-unsupported]').hidden = true;
    root.querySelector('[data-offline-tools]').hidden = false;
    if (location.pathname !== '/offline') {
      root.querySelector('[data-offline-missing]').hidden = false;
    }
    var message = root.querySelector('[data-offline-message]');
    var button = root.querySelector('[data-offline-keep]');
    button.addEventListener('click', function () {
      button.disabled = true;
      message.textContent = root.getAttribute('data-words-keeping');
      keepAll().then(function () {
        message.textContent = root.getAttribute('data-words-done');
      }, function () {
        message.textContent = root.getAttribute('data-words-failed');
      }).then(function () {
        button.disabled = false;
        return showKept(root);
      });
    });
    showKept(root);
  }

  // --- answers without a connection ---------------------------------------------------------

  function responseOf(type, data, name) {
    var value = data.get(name);
    var text = typeof value === 'string' ? value : '';
    var list = function (part) {
      var out = [];
      for (var k = 0; data.has(name + '_' + part + k); k++) {
        out.push(String(data.get(name + '_' + part + k)).slice(0, 500));
      }
      return out;
    };
    switch (type) {
      case 'single_choice':
        return /^\d+$/.test(text) ? { choice: Number(text) } : null;
      case 'multiple_choice': {
        var choices = [];
        data.getAll(name).forEach(function (v) {
          if (/^\d+$/.test(v) && choices.indexOf(Number(v)) < 0) {
            choices.push(Number(v));
          }
        });
        return choices.length ? { choices: choices } : null;
      }
      case 'true_false':
        return text === 'true' || text === 'false' ? { truth: text === 'true' } : null;
      case 'numeric':
      case 'short_text':
      case 'essay':
        return text.trim() ? { text: text.slice(0, type === 'essay' ? 10000 : 500) } : null;
      case 'fill_blanks': {
        var blanks = list('b');
        return blanks.some(function (b) { return b.trim(); }) ? { blanks: blanks } : null;
      }
      case 'matching': {
        var matches = list('m');
        return matches.some(function (m) { return m; }) ? { matches: matches } : null;
      }
      case 'ordering': {
        var positions = list('o');
        var order = [];
        for (var k = 0; k < positions.length; k++) {
          var p = Number(positions[k]);
          if (!(p >= 1 && p <= positions.length) || order[p - 1] !== undefined) {
            return null;
          }
          order[p - 1] = k;
        }
        return positions.length ? { order: order } : null;
      }
      default:
        return null;
    }
  }

  function plain(text, key) {
    var out = String(text);
    if (key.collapse_spaces) {
      out = out.trim().replace(/\s+/g, ' ');
    }
    if (!key.case_sensitive) {
      out = out.toLowerCase();
    }
    if (!key.accent_sensitive && out.normalize) {
      out = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    }
    return out;
  }

  // true or false, or null when the copy holds no key for it (the server will say).
  function verdict(type, key, response) {
    if (!key) {
      return null;
    }
    var full = function (fraction) { return fraction >= 0.999; };
    switch (type) {
      case 'single_choice':
        return full(key.fractions[response.choice] || 0);
      case 'multiple_choice':
        return full(response.choices.reduce(function (sum, c) {
          return sum + (key.fractions[c] || 0);
        }, 0));
      case 'true_false':
        return response.truth === key.truth;
      case 'numeric': {
        var n = Number(response.text.trim().replace(',', '.'));
        return !isNaN(n) && key.numbers.some(function (a) {
          return full(a.fraction) && Math.abs(n - a.value) <= a.tolerance + 1e-9;
        });
      }
      case 'short_text':
        return key.texts.some(function (a) {
          return a.text !== '*' && full(a.fraction) && plain(a.text, key) === plain(response.text, key);
        });
      default:
        return null;
    }
  }

  function showVerdict(section, kind, text) {
    var old = section.querySelector('[data-offline-verdict]');
    if (old) {
      old.remove();
    }
    var box = document.createElement('div');
    box.className = 'result ' + kind;
    box.setAttribute('role', 'status');
    box.setAttribute('data-offline-verdict', '');
    var p = document.createElement('p');
    var strong = document.createElement('strong');
    strong.textContent = text;
    p.appendChild(strong);
    box.appendChild(p);
    section.appendChild(box);
  }

  function answerOffline(form, resource) {
    return Promise.all([
      inStore('items', 'readonly', function (store) { return store.get(resource); }),
      inStore('meta', 'readonly', function (store) { return store.get('pupil'); }),
      inStore('meta', 'readonly', function (store) { return store.get('words'); }),
    ]).then(function (found) {
      var item = found[0];
      var words = found[2] || {};
      if (!item || !item.questions) {
        return;
      }
      var data = new FormData(form);
      var answered = [];
      form.querySelectorAll('section.question').forEach(function (section) {
        var cid = section.querySelector('input[name^="cid"]');
        var index = cid ? Number(cid.name.slice(3)) : NaN;
        var question = item.questions[index];
        if (!question) {
          return;
        }
        var response = responseOf(question.type, data, 'q' + index);
        if (!response) {
          return;
        }
        var right = verdict(question.type, question.key, response);
        showVerdict(section, right === null ? 'pending' : right ? 'ok' : 'wrong',
          right === null ? words.saved : right ? words.right : words.wrong);
        answered.push({
          client_id: uuid(),
          pupil: found[1],
          question: question.id,
          resource: resource,
          response: response,
          answered_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        });
      });
      // The keyboard and screen readers land on the first verdict (the button is far below).
      var first = form.querySelector('[data-offline-verdict]');
      if (first) {
        first.setAttribute('tabindex', '-1');
        first.focus();
      }
      return inStore('queue', 'readwrite', function (store) {
        answered.forEach(function (entry) { store.put(entry); });
      }).then(noteWaiting);
    });
  }

  // --- sending ------------------------------------------------------------------------------

  var sending = null;
  function flush() {
    if (!navigator.onLine) {
      return Promise.resolve();
    }
    if (sending) {
      return sending;
    }
    sending = noteWaiting().then(function (queue) {
      if (!queue.length) {
        return null;
      }
      return fetch('/api/v1/me', {
        credentials: 'same-origin', headers: { Accept: 'application/json' },
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (me) {
        // Answers wait for their own pupil to be signed in again.
        var mine = me ? queue.filter(function (entry) {
          return entry.pupil === me.user.id;
        }).slice(0, 200) : [];
        if (!mine.length) {
          return null;
        }
        return fetch('/api/v1/attempts/batch', {
          method: 'POST',
          credentials: 'same-origin',
          headers: {
            'Content-Type': 'application/json', Accept: 'application/json',
            'X-CSRF-Token': me.csrf_token,
          },
          body: JSON.stringify({
            attempts: mine.map(function (entry) {
              return {
                client_id: entry.client_id, question: entry.question, resource: entry.resource,
                response: entry.response, answered_at: entry.answered_at,
              };
            }),
          }),
        }).then(function (response) {
          if (!response.ok) {
            throw new Error('batch: ' + response.status);
          }
          return response.json();
        }).then(function (answer) {
          // Recorded (200), or refused for good (4xx): no longer waiting. A 5xx waits.
          var settled = mine.filter(function (entry, i) {
            var result = answer.results[i];
            return result && result.status < 500;
          });
          return inStore('queue', 'readwrite', function (store) {
            settled.forEach(function (entry) { store.delete(entry.client_id); });
          });
        });
      });
    }).then(noteWaiting, noteWaiting).then(function () {
      sending = null;
    });
    return sending;
  }

  // Tests and the page's own buttons: the same functions.
  window.imaginecoleOffline = { keepAll: keepAll, flush: flush };

  var root = document.querySelector('[data-offline-page]');
  if (root) {
    offlinePage(root);
  }
  var player = location.pathname.match(/^\/r\/([^/]+)\/exercise$/);
  if (player) {
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if (navigator.onLine || !form.matches || !form.matches('form.exercise')) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      answerOffline(form, player[1]);
    }, true);
  }
  window.addEventListener('online', flush);
  flush();
})();
