// SPDX-License-Identifier: AGPL-3.0-or-later
// Checks an exercise page's answers in the page itself (a ZIM file read offline in Kiwix):
// the answer key is the JSON in #zim-answer-key, one entry per question, in order. Practice
// only: nothing leaves the page.
(function () {
  'use strict';
  var keyElement = document.getElementById('zim-answer-key');
  var words = document.getElementById('zim-words');
  if (!keyElement || !words) { return; }
  var keys = JSON.parse(keyElement.textContent);

  function fold(text, key) {
    var out = String(text).trim().replace(/\s+/g, ' ');
    if (!key.case_sensitive) { out = out.toLowerCase(); }
    if (!key.accent_sensitive && out.normalize) {
      out = out.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    }
    return out;
  }

  function number(text) {
    var cleaned = String(text).replace(/\s/g, '').replace(',', '.');
    var match = cleaned.match(/^[-+]?\d*\.?\d+(e[-+]?\d+)?/i);
    return match ? parseFloat(match[0]) : NaN;
  }

  // true, false, or null when nothing was answered.
  function verdict(question, key) {
    var name = 'q' + question.getAttribute('data-index');
    if (key.kind === 'choice') {
      var ticked = [];
      question.querySelectorAll('input[name="' + name + '"]').forEach(function (input) {
        if (input.checked) { ticked.push(Number(input.value)); }
      });
      if (ticked.length === 0) { return null; }
      return ticked.length === key.right.length &&
        ticked.every(function (value) { return key.right.indexOf(value) >= 0; });
    }
    var field = question.querySelector('input[name="' + name + '"]');
    if (!field || field.value.trim() === '') { return null; }
    if (key.kind === 'number') {
      var given = number(field.value);
      return key.values.some(function (pair) { return Math.abs(given - pair[0]) <= pair[1]; });
    }
    if (key.kind === 'text') {
      var typed = fold(field.value, key);
      return key.accepted.some(function (text) { return fold(text, key) === typed; });
    }
    return null;
  }

  document.querySelectorAll('.zim-question').forEach(function (question) {
    var key = keys[Number(question.getAttribute('data-index'))];
    var button = question.querySelector('.zim-check');
    var out = question.querySelector('.zim-verdict');
    if (!key || !button || !out) { return; }
    button.addEventListener('click', function () {
      var right = verdict(question, key);
      out.className = 'zim-verdict ' + (right === null ? '' : right ? 'right' : 'wrong');
      out.textContent = right === null ? words.getAttribute('data-empty')
        : right ? words.getAttribute('data-right') : words.getAttribute('data-wrong');
    });
  });
})();
