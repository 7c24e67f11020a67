// Offline phones (issue 14, item 2; decision 0036) in Chromium with the real
// Content-Security-Policy: a pupil's phone installs the service worker, keeps the lesson and the
// exercise set the teacher assigned, loses the connection, still reads the lesson and practises
// (each answer gets its verdict in the page), sees what is kept and the space it takes, and
// sees the links to what is not kept greyed (they lead to the "not kept" page). Back online,
// the kept answers reach the server once, even when the batch is sent again.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/offline.test.mjs
import { after, before, describe, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import { assert, bodyExcerpt, startAll, stopAll, server } from './support.mjs';

async function signIn(page, username, password, school) {
  await page.goto('/signin');
  if (school) await page.fill('input[name="school"]', school);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForNavigation(),
    page.locator('main form[action="/signin"] button[type="submit"]').click(),
  ]);
}

async function resourceLink(page, title) {
  await page.goto(`/search?q=${encodeURIComponent(title)}`);
  const href = await page.locator('main a[href^="/r/"]').first().getAttribute('href');
  assert.ok(href, `no search result for ${title}. Page: ${await bodyExcerpt(page)}`);
  return href;
}

async function attemptsOf(request) {
  const progress = await request.get('/api/v1/me/progress');
  assert.equal(progress.status(), 200);
  return (await progress.json()).attempts;
}

describe('offline phones', { timeout: 240_000 }, () => {
  let browser;
  let lesson;
  let set;

  before(async () => {
    browser = await startAll();
    // The teacher gives awa's class a lesson and an exercise set to practise.
    const context = await browser.newContext({ baseURL: server.baseURL, locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      await signIn(page, 'sn.teacher', 'ecole-demo');
      lesson = await resourceLink(page, 'Les fractions : partager, lire et comparer');
      set = await resourceLink(page, 'Exercices sur les fractions');
      const me = await (await page.request.get('/api/v1/me')).json();
      const classes = (await (await page.request.get('/api/v1/classes')).json()).classes;
      assert.ok(classes.length > 0, 'the demo teacher has no class');
      for (const resource of [lesson, set]) {
        const created = await page.request.post(`/api/v1/classes/${classes[0].id}/assignments`, {
          headers: { 'X-CSRF-Token': me.csrf_token },
          data: { client_id: randomUUID(), resource: resource.slice(3), mode: 'practice' },
        });
        assert.equal(created.status(), 201, await created.text());
      }
      // The offline copy is a pupil's: staff are refused.
      assert.equal((await page.request.get('/api/v1/me/offline')).status(), 403);
    } finally {
      await context.close();
    }
  });

  after(async () => {
    await stopAll(browser);
  });

  test('the manifest and the worker are served at the root', async () => {
    const context = await browser.newContext({ baseURL: server.baseURL });
    try {
      const manifest = await context.request.get('/manifest.webmanifest');
      assert.equal(manifest.status(), 200);
      assert.match(manifest.headers()['content-type'], /application\/manifest\+json/);
      const icons = (await manifest.json()).icons;
      for (const icon of icons) {
        const got = await context.request.get(icon.src);
        assert.equal(got.status(), 200, icon.src);
      }
      assert.ok(icons.some((icon) => icon.sizes === '512x512'), 'no 512 px icon');
      const worker = await context.request.get('/sw.js');
      assert.equal(worker.status(), 200);
      assert.match(worker.headers()['content-type'], /javascript/);
      assert.equal(worker.headers()['cache-control'], 'no-cache');
    } finally {
      await context.close();
    }
  });

  test('a pupil keeps their homework, reads and practises offline, and the answers arrive once', async () => {
    const context = await browser.newContext({
      baseURL: server.baseURL, locale: 'fr-FR', viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    try {
      await signIn(page, 'awa', 'soleil', 'DKR001');
      const before = await attemptsOf(page.request);
      // The copy lists the two assignments; the practised set carries its answer key.
      const copy = await (await page.request.get('/api/v1/me/offline')).json();
      assert.deepEqual(copy.items.map((item) => item.resource).sort(), [lesson.slice(3), set.slice(3)].sort());
      const practised = copy.items.find((item) => item.kind === 'exercise_set');
      assert.equal(practised.player, `${set}/exercise?mode=quiz`);
      assert.ok(practised.questions.length >= 2 && practised.questions[0].key,
        `no answer key: ${JSON.stringify(practised.questions[0])}`);

      // Keep: the worker controls the page, then "Garder mes devoirs".
      await page.goto('/offline');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 })
        .catch(async () => { await page.reload(); });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
      await page.locator('[data-offline-keep]').click();
      await page.locator('[data-offline-message]', { hasText: 'Tes devoirs sont gardés.' })
        .waitFor({ timeout: 30_000 });
      const items = page.locator('[data-offline-items] li[data-offline-item]');
      assert.equal(await items.count(), 2, `not two items kept. Page: ${await bodyExcerpt(page)}`);
      for (const size of await page.locator('.offline-size').allInnerTexts()) {
        assert.match(size, /\d.*(ko|kB|Mo|MB)/i, `no size shown: ${size}`);
      }
      assert.match(await page.locator('[data-offline-space]').innerText(), /Place utilisée : \d/);

      // Offline: the lesson reads from the phone.
      await context.setOffline(true);
      await page.goto(lesson);
      assert.match(await page.locator('main h1').innerText(), /fractions/i, await bodyExcerpt(page));

      // A page not kept: the "not kept" page, not the browser's error.
      await page.goto('/c/SN');
      assert.ok(await page.locator('[data-offline-missing]').isVisible(), await bodyExcerpt(page));

      // The pupil's space: the homework is there, the subjects (not kept) are greyed.
      await page.goto('/me');
      await page.locator('a.offline-missing').first().waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(`main a[href="${lesson}"].offline-missing`).count(), 0,
        'a kept lesson is greyed');

      // Practise: the set's page, each answer checked in the page.
      await page.goto(`${set}/exercise`);
      const questions = page.locator('main section.question');
      assert.ok(await questions.count() >= 2, await bodyExcerpt(page));
      // The first question: « trois quarts », the right answer is the first choice.
      const first = questions.first();
      const chooser = first.locator('input[type="radio"][value="0"], select');
      if (await first.locator('select').count()) {
        await first.locator('select').selectOption({ index: 1 });
      } else {
        await chooser.first().check();
      }
      await page.locator('main form.exercise button[type="submit"]').click();
      const verdict = first.locator('[data-offline-verdict]');
      await verdict.waitFor({ timeout: 10_000 });
      assert.match(await verdict.innerText(), /Juste/);
      assert.ok(await verdict.evaluate((el) => el.classList.contains('ok')));
      // Wrong this time: another answer, another verdict.
      if (await first.locator('select').count()) {
        await first.locator('select').selectOption({ index: 2 });
      } else {
        await first.locator('input[type="radio"][value="1"]').check();
      }
      await page.locator('main form.exercise button[type="submit"]').click();
      await first.locator('[data-offline-verdict].wrong').waitFor({ timeout: 10_000 });
      assert.match(await first.locator('[data-offline-verdict]').innerText(), /Pas encore/);

      const waiting = await page.evaluate(() => new Promise((resolve, reject) => {
        const open = indexedDB.open('imaginecole-offline', 1);
        open.onsuccess = () => {
          const get = open.result.transaction('queue').objectStore('queue').getAll();
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      }));
      assert.equal(waiting.length, 2, `expected two answers waiting, got ${JSON.stringify(waiting)}`);

      // Back online: the page sends them, the server records each once.
      await context.setOffline(false);
      await page.evaluate(() => window.imaginecoleOffline.flush());
      await page.evaluate(() => window.imaginecoleOffline.flush());
      const after = await attemptsOf(page.request);
      assert.equal(after - before, 2, `the server recorded ${after - before} attempts`);

      // The same batch sent again (a flaky line): nothing more is recorded.
      const me = await (await page.request.get('/api/v1/me')).json();
      const again = await page.request.post('/api/v1/attempts/batch', {
        headers: { 'X-CSRF-Token': me.csrf_token },
        data: { attempts: waiting.map(({ pupil, ...entry }) => entry) },
      });
      assert.equal(again.status(), 200);
      const results = (await again.json()).results;
      assert.deepEqual(results.map((result) => result.status), [200, 200]);
      assert.deepEqual(results.map((result) => result.correct).sort(), [false, true],
        'the server grades as the page did');
      assert.equal(await attemptsOf(page.request), after, 'a replayed batch was recorded again');
      assert.deepEqual(errors, [], 'errors in the console');

      // Signing out deletes the kept pages.
      await page.goto('/me');
      await Promise.all([page.waitForNavigation(), page.locator('form.signout button').click()]);
      await page.waitForFunction(async () => !(await caches.has('imaginecole-kept')), null, { timeout: 10_000 });
    } finally {
      await context.close();
    }
  });
});
