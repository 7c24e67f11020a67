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

// "Insérer une image" (progressive enhancement: without this script the button saves the draft
// and opens the media library's picker page). A dialog lists the library's pictures; the author
// picks one, describes it, and ![description](/media/…) is inserted where the cursor was.
(function () {
  'use strict';
  var button = document.getElementById('insert-image');
  var body = document.getElementById('body');
  if (!button || !body || !window.fetch || typeof HTMLDialogElement !== 'function') {
    return;
  }
  var words = button.dataset;
  var dialog = null;
  var list = null;
  var status = null;
  var alt = null;
  var chosen = null;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function build() {
    dialog = element('dialog', {'class': 'image-picker', 'aria-labelledby': 'image-picker-title'});
    dialog.appendChild(element('h2', {id: 'image-picker-title'}, words.title));
    status = element('p', {role: 'status'});
    dialog.appendChild(status);
    list = element('ul', {'class': 'picker'});
    dialog.appendChild(list);
    var field = element('p');
    field.appendChild(element('label', {'for': 'image-alt'}, words.alt));
    alt = element('input', {id: 'image-alt', maxlength: '300', required: ''});
    field.appendChild(alt);
    dialog.appendChild(field);
    var actions = element('p', {'class': 'actions'});
    var insert = element('button', {type: 'button', 'class': 'insert'}, words.insert);
    var cancel = element('button', {type: 'button'}, words.cancel);
    actions.appendChild(insert);
    actions.appendChild(cancel);
    dialog.appendChild(actions);
    insert.addEventListener('click', insertChosen);
    cancel.addEventListener('click', function () {
      dialog.close();
    });
    dialog.addEventListener('close', function () {
      body.focus();
    });
    document.body.appendChild(dialog);
  }

  function choose(item, pick) {
    chosen = item;
    Array.prototype.forEach.call(list.querySelectorAll('button'), function (other) {
      other.setAttribute('aria-pressed', other === pick ? 'true' : 'false');
    });
    alt.focus();
  }

  function show(images) {
    list.textContent = '';
    status.textContent = images.length ? '' : words.empty;
    images.forEach(function (item) {
      var entry = element('li');
      var pick = element('button', {type: 'button', 'aria-pressed': 'false', 'data-hash': item.hash});
      pick.appendChild(element('img', {src: item.thumbnail, alt: '', width: '120', loading: 'lazy'}));
      pick.appendChild(element('span', {}, item.name || item.hash.slice(0, 12)));
      pick.addEventListener('click', function () {
        choose(item, pick);
      });
      entry.appendChild(pick);
      list.appendChild(entry);
    });
  }

  function insertChosen() {
    var description = alt.value.replace(/[\[\]\\\r\n\t]/g, ' ').trim();
    if (!chosen) {
      var first = list.querySelector('button');
      if (first) {
        first.focus();
      }
      return;
    }
    if (!description) {
      alt.setAttribute('aria-invalid', 'true');
      alt.focus();
      return;
    }
    alt.removeAttribute('aria-invalid');
    var text = '![' + description + '](/media/' + chosen.hash + ')';
    var start = body.selectionStart;
    var end = body.selectionEnd;
    body.value = body.value.slice(0, start) + text + body.value.slice(end);
    body.selectionStart = body.selectionEnd = start + text.length;
    dialog.close();
    body.dispatchEvent(new Event('input'));  // the live preview follows
  }

  button.addEventListener('click', function (event) {
    event.preventDefault();
    if (!dialog) {
      build();
    }
    chosen = null;
    alt.value = '';
    list.textContent = '';
    status.textContent = words.loading;
    dialog.showModal();
    fetch(button.getAttribute('data-api'), {credentials: 'same-origin'}).then(function (response) {
      return response.ok ? response.json() : Promise.reject(response.status);
    }).then(function (answer) {
      show(answer.images || []);
    }).catch(function () {
      status.textContent = words.failed;
    });
  });
})();
