// Browser tests of forms that are safe to repeat or regret (issue 12, decision 0024), with
// JavaScript off: "Créer l'élève" lands on the fresh card with a success notice and reloading
// creates nobody; the same name again asks "Créer quand même"; a password reset goes through
// its own confirmation page ("Confirmer" / "Annuler").
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/safe_forms.test.mjs
import { after, before, describe, test } from 'node:test';
import {
  assert, assertNoAxeViolations, bodyExcerpt, newPage as openPage, startAll, stopAll,
} from './support.mjs';

async function signIn(page, username, password) {
  await page.goto('/signin');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.locator('form[action="/signin"] button[type="submit"]').click()]);
}

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

describe('safe forms in a browser', { timeout: 240_000 }, () => {
  let browser;

  before(async () => {
    browser = await startAll();
  });

  after(async () => {
    await stopAll(browser);
  });

  test('creating a pupil, reloading, the same name again, and a confirmed reset, without JavaScript', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR', javaScriptEnabled: false });
    try {
      await signIn(page, 'sn.teacher', 'ecole-demo');
      await page.goto('/classes');
      const classLink = page.locator('main a[href^="/classes/"]').first();
      const classUrl = await classLink.getAttribute('href');
      await page.goto(classUrl);

      // Créer l'élève: the redirect lands on the fresh card, once, with a success notice.
      await page.fill('#add-name', 'Ndeye Navigateur');
      await page.fill('#add-password', 'fleur-de-sel');
      await submit(page, page.locator('form.add-pupil button[type="submit"]'));
      assert.match(new URL(page.url()).pathname, /\/cards\/new$/);
      const notice = page.locator('main p.notice.success[role="status"]');
      assert.equal(await notice.count(), 1, `no success notice. Page: ${await bodyExcerpt(page)}`);
      assert.ok((await page.content()).includes('fleur-de-sel'), 'the fresh card lacks its password');

      // Reload: no second pupil, no password shown again, no notice again.
      await page.reload();
      assert.ok(!(await page.content()).includes('fleur-de-sel'), 'the password is shown twice');
      assert.equal(await page.locator('main p.notice.success').count(), 0, 'the notice is shown twice');
      await page.goto(`${classUrl}?q=Navigateur`);
      assert.equal(await page.locator('table.pupils tbody tr').count(), 1, 'reloading created a pupil');

      // The same name again: a warning and "Créer quand même", nothing created yet.
      await page.goto(classUrl);
      await page.fill('#add-name', 'Ndeye Navigateur');
      await submit(page, page.locator('form.add-pupil button[type="submit"]'));
      const warning = page.locator('#duplicate-warning');
      assert.equal(await warning.count(), 1, `no duplicate warning. Page: ${await bodyExcerpt(page)}`);
      await submit(page, warning.getByRole('button', { name: 'Créer quand même' }));
      assert.match(new URL(page.url()).pathname, /\/cards\/new$/);
      await page.goto(`${classUrl}?q=Navigateur`);
      assert.equal(await page.locator('table.pupils tbody tr').count(), 2);

      // A reset is a link to its own page: "Annuler" changes nothing, "Confirmer" resets.
      const resetLink = page.locator('table.pupils a[href*="what=password"]').first();
      await submit(page, resetLink);
      const confirmUrl = page.url();
      assert.equal(await page.locator('main form[method="post"] button[type="submit"]').count(), 1);
      await submit(page, page.getByRole('link', { name: 'Annuler' }));
      assert.equal(new URL(page.url()).pathname, classUrl);
      await page.goto(confirmUrl);
      await submit(page, page.getByRole('button', { name: 'Confirmer' }));
      assert.match(new URL(page.url()).pathname, /\/cards\/new$/);
      assert.equal(await page.locator('main p.notice.success[role="status"]').count(), 1);

      // The confirmation page passes axe (checked with JavaScript on, for axe itself).
      const checker = await openPage(browser, { locale: 'fr-FR', javaScriptEnabled: true });
      try {
        await signIn(checker.page, 'sn.teacher', 'ecole-demo');
        await checker.page.goto(confirmUrl);
        await assertNoAxeViolations(checker.page, 'reset confirmation');
      } finally {
        await checker.context.close();
      }
    } finally {
      await context.close();
    }
  });
});
