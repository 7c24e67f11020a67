// Browser tests of the exercise player (issue 13, item 3) as a pupil uses it, signed in:
// without JavaScript (a cheap phone), "Vérifier" with nothing chosen asks for an answer, a
// wrong answer stays checked beside "✗ Pas encore", the page passes axe-core, and "Question
// suivante" moves on; with JavaScript (and the real Content-Security-Policy), the verdict
// replaces the question in place, without a reload, and the answer is recorded once.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/player.test.mjs
import { after, before, describe, test } from 'node:test';
import {
  assert, assertNoAxeViolations, bodyExcerpt, newPage as openPage, startAll, stopAll,
} from './support.mjs';

async function signIn(page) {
  await page.goto('/signin');
  await page.fill('input[name="school"]', 'DKR001');
  await page.fill('input[name="username"]', 'awa');
  await page.fill('input[name="password"]', 'soleil');
  await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin"] button[type="submit"]').click()]);
}

// The player of the demo's "Exercices sur les fractions" (its first question: « trois quarts »,
// right answer first).
async function openPlayer(page) {
  await page.goto(`/search?q=${encodeURIComponent('Exercices sur les fractions')}`);
  const set = await page.locator('main a[href^="/r/"]').first().getAttribute('href');
  await page.goto(`${set}/exercise`);
  assert.equal(await page.locator('main section.question').count(), 1, `not one question. Page: ${await bodyExcerpt(page)}`);
  return set;
}

async function attemptsOf(page) {
  const progress = await page.request.get('/api/v1/me/progress');
  assert.equal(progress.status(), 200);
  return (await progress.json()).attempts;
}

describe('the exercise player in a browser', { timeout: 240_000 }, () => {
  let browser;

  before(async () => {
    browser = await startAll();
  });

  after(async () => {
    await stopAll(browser);
  });

  test('practice without JavaScript: an empty answer, a wrong one kept beside its verdict, the next question', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR', javaScriptEnabled: false });
    try {
      await signIn(page);
      const set = await openPlayer(page);
      assert.ok(await page.locator(`main a[href="${set}"]`).count(), 'no link back to the lesson');
      const check = page.locator('main form.exercise button[type="submit"]');
      await Promise.all([page.waitForNavigation(), check.click()]);
      assert.ok(await page.locator('main [role="alert"]').count(), `an empty answer was not refused. Page: ${await bodyExcerpt(page)}`);
      assert.equal(await page.locator('main .result').count(), 0, 'an empty answer was graded');

      const before = await attemptsOf(page);
      await page.locator('main input[type="radio"][value="1"]').check();
      await Promise.all([page.waitForNavigation(), check.click()]);
      const verdict = page.locator('main .result.wrong[role="status"]');
      assert.equal(await verdict.count(), 1, `no "Pas encore". Page: ${await bodyExcerpt(page)}`);
      assert.ok((await verdict.innerText()).includes('✗'), 'the verdict has no sign');
      assert.ok(await page.locator('main input[type="radio"][value="1"]').isChecked(), 'the answer was not kept');
      assert.equal(await attemptsOf(page), before + 1, 'the answer was not recorded once');

      await Promise.all([page.waitForNavigation(), page.locator('main .player-next a').click()]);
      assert.equal(await page.locator('main section.question').count(), 1);
      assert.ok(await page.locator('main button[type="submit"]').count(), 'no form for the next question');
    } finally {
      await context.close();
    }
  });

  test('practice with JavaScript: the verdict replaces the question in place, recorded once', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR', javaScriptEnabled: true, bypassCSP: false });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    try {
      await signIn(page);
      await openPlayer(page);
      const before = await attemptsOf(page);
      await page.evaluate(() => { window.stillThisPage = true; });
      await page.locator('main input[type="radio"][value="0"]').check();
      await page.locator('main form.exercise button[type="submit"]').click();
      await page.locator('main .result.ok[role="status"]').waitFor({ timeout: 10_000 });
      assert.equal(await page.evaluate(() => window.stillThisPage === true), true, 'the page was reloaded');
      assert.ok(await page.locator('main input[type="radio"][value="0"]').isChecked(), 'the answer was not kept');
      assert.ok(await page.locator('main .player-next a').count(), 'no "Question suivante"');
      assert.equal(await attemptsOf(page), before + 1);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the player passes axe-core before and after a verdict, and the quiz too', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR', javaScriptEnabled: true });
    try {
      await signIn(page);
      const set = await openPlayer(page);
      await assertNoAxeViolations(page, 'the player, a question');
      await page.locator('main input[type="radio"][value="1"]').check();
      await page.locator('main form.exercise button[type="submit"]').click();
      await page.locator('main .result.wrong').waitFor({ timeout: 10_000 });
      await assertNoAxeViolations(page, 'the player after a wrong answer');
      await page.goto(`${set}/exercise?mode=quiz`);
      await assertNoAxeViolations(page, 'the quiz');
      await page.locator('main input[type="radio"][name="q0"][value="0"]').check();
      await Promise.all([page.waitForNavigation(), page.locator('main form.exercise button[type="submit"]').click()]);
      assert.ok(await page.locator('main .notice.score').count(), `no score. Page: ${await bodyExcerpt(page)}`);
      await assertNoAxeViolations(page, 'the quiz, its review');
    } finally {
      await context.close();
    }
  });
});
