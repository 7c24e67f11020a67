// The pupil's space (/me) on a phone (390×844), without JavaScript: a pupil lands there after
// signing in and finds their class level, their subjects, "Mes devoirs" and big enough
// targets, with no sideways scrolling and no axe violation; the page (HTML and its styles,
// without pictures) weighs at most 15 KB gzipped. A pupil who signs in with pictures only
// gets the young layout: a big picture per subject.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/pupil_space.test.mjs
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  assert, assertNoAxeViolations, bodyExcerpt, newPage as openPage, startAll, stopAll,
} from './support.mjs';

const PHONE = { width: 390, height: 844 };
const MAX_GZIP_BYTES = 15 * 1024;
const MIN_TARGET_PX = 44;

async function signIn(page, username, password, school) {
  await page.goto('/signin');
  await page.fill('input[name="school"]', school);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForNavigation(),
    page.locator('main form[action="/signin"] button[type="submit"]').click(),
  ]);
}

/** axe-core needs JavaScript: the same session in a context with it on, for the check only. */
async function axeCheck(browser, context, url, what) {
  const checked = await browser.newContext({
    baseURL: new URL(url).origin,
    bypassCSP: true,
    javaScriptEnabled: true,
    viewport: PHONE,
    locale: 'fr-FR',
    storageState: await context.storageState(),
  });
  try {
    const page = await checked.newPage();
    await page.goto(url);
    await assertNoAxeViolations(page, what);
  } finally {
    await checked.close();
  }
}

/** The targets of the space under MIN_TARGET_PX tall, and the overflow, measured in the page. */
async function layoutProblems(page) {
  return page.evaluate((minTarget) => {
    const problems = [];
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push(`wider than the viewport: ${document.documentElement.scrollWidth}px`);
    }
    for (const el of document.querySelectorAll('.space a, .space button')) {
      const box = el.getBoundingClientRect();
      if (box.height < minTarget) problems.push(`${el.textContent.trim()}: ${box.height}px tall`);
    }
    return problems;
  }, MIN_TARGET_PX);
}

describe("the pupil's space", { timeout: 180_000 }, () => {
  let browser;
  before(async () => {
    browser = await startAll();
  });
  after(async () => {
    await stopAll(browser);
  });

  test('a pupil lands on /me: level, subjects, homework, on a phone', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR', viewport: PHONE });
    try {
      await signIn(page, 'awa', 'soleil', 'DKR001');
      assert.equal(new URL(page.url()).pathname, '/me', `landed on ${page.url()}`);
      const main = await page.locator('main').innerText();
      assert.match(main, /Bonjour Awa/);
      assert.match(main, /Ma classe : CM2/);
      assert.match(main, /Mathématiques/);
      assert.equal(await page.locator('a[href="/me/assignments"]').count(), 1, await bodyExcerpt(page));
      assert.ok(await page.locator('.space-subject').count() >= 5, 'the level\'s subjects are listed');
      assert.deepEqual(await layoutProblems(page), []);
      await axeCheck(browser, context, page.url(), '/me for awa');

      // The weight: the HTML and its stylesheets, gzipped.
      let bytes = gzipSync(Buffer.from(await page.content())).length;
      for (const href of await page.locator('link[rel="stylesheet"]').evaluateAll(
        (links) => links.map((link) => link.getAttribute('href')))) {
        const css = await page.request.get(href);
        bytes += gzipSync(await css.body()).length;
      }
      assert.ok(bytes <= MAX_GZIP_BYTES, `/me weighs ${bytes} bytes gzipped`);
    } finally {
      await context.close();
    }
  });

  test('a pupil who signs in with pictures gets big pictures per subject', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR', viewport: PHONE });
    try {
      // The teacher adds a pupil who has only a picture code.
      await signIn(page, 'sn.teacher', 'ecole-demo', '');
      await page.goto('/classes');
      const href = await page.locator('main a[href^="/classes/"]').first().getAttribute('href');
      const classId = href.split('/')[2];
      const csrf = (await (await page.request.get('/api/v1/me')).json()).csrf_token;
      const created = await page.request.post(`/api/v1/classes/${classId}/pupils`, {
        headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        data: JSON.stringify({ names: ['Binta Petite'], generate: 'pictures' }),
      });
      assert.equal(created.status(), 201, await created.text());
      const pupil = (await created.json()).pupils[0];
      await context.clearCookies();

      await page.goto('/signin/pictures');
      await page.fill('input[name="school"]', 'DKR001');
      await page.fill('input[name="username"]', pupil.username);
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin/pictures"] button[type="submit"]').click()]);
      for (const number of String(pupil.picture_code).match(/\d/g)) {
        await Promise.all([page.waitForNavigation(), page.locator(`button[name="pick"][value="${number}"]`).click()]);
      }
      assert.equal(new URL(page.url()).pathname, '/me', `landed on ${page.url()}: ${await bodyExcerpt(page)}`);
      assert.equal(await page.locator('.space.space-young').count(), 1);
      const icon = await page.locator('.space-icon').first().boundingBox();
      assert.ok(icon && icon.height >= 48, `the subject's picture is ${icon && icon.height}px tall`);
      assert.deepEqual(await layoutProblems(page), []);
      await axeCheck(browser, context, page.url(), '/me for a young pupil');
    } finally {
      await context.close();
    }
  });
});
