// Browser tests of the pages pupils, teachers and editors use, with JavaScript off (a cheap
// phone) and axe-core (WCAG 2.1 AA) on each: a pupil of 7 signs in with three pictures, a
// teacher opens their class and its printable cards, an editor previews a lesson whose formula
// becomes MathML, and a teacher of another country gets the same 404 as for no class at all.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/
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

describe('teaching pages in a browser', { timeout: 240_000 }, () => {
  let browser;

  before(async () => {
    browser = await startAll();
  });

  after(async () => {
    await stopAll(browser);
  });

  const newPage = (options = {}) => openPage(browser, { locale: 'fr-FR', ...options });

  test('a young pupil signs in with three pictures, without JavaScript', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/signin/pictures');
      await page.fill('input[name="school"]', 'DKR001');
      await page.fill('input[name="username"]', 'awa');
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin/pictures"] button[type="submit"]').click()]);
      const grid = page.locator('button[name="pick"]');
      assert.equal(await grid.count(), 9, `expected nine pictures. Page: ${await bodyExcerpt(page)}`);
      // Awa's demo picture code is 1-2-3 (docs/demo-accounts.md).
      for (const number of ['1', '2', '3']) {
        await Promise.all([
          page.waitForNavigation(),
          page.locator(`button[name="pick"][value="${number}"]`).click(),
        ]);
      }
      const cookies = await context.cookies();
      assert.ok(cookies.some((c) => c.name === 'imaginecole_session' && c.httpOnly),
        `no HttpOnly session cookie after three pictures. Page: ${await bodyExcerpt(page)}`);
      const me = await page.request.get('/api/v1/me');
      assert.equal(me.status(), 200);
      assert.equal((await me.json()).user.username, 'awa');
    } finally {
      await context.close();
    }
  });

  test('wrong pictures do not sign in', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/signin/pictures');
      await page.fill('input[name="school"]', 'DKR001');
      await page.fill('input[name="username"]', 'moussa');
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin/pictures"] button[type="submit"]').click()]);
      for (const number of ['9', '8', '7']) {
        await Promise.all([
          page.waitForNavigation(),
          page.locator(`button[name="pick"][value="${number}"]`).click(),
        ]);
      }
      const cookies = await context.cookies();
      assert.ok(!cookies.some((c) => c.name === 'imaginecole_session'), 'signed in with the wrong pictures');
      assert.ok((await page.getByRole('alert').count()) >= 1, `no error shown. Page: ${await bodyExcerpt(page)}`);
    } finally {
      await context.close();
    }
  });

  test('the picture screen is accessible', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true });
    try {
      await page.goto('/signin/pictures');
      await assertNoAxeViolations(page, '/signin/pictures');
      await page.fill('input[name="school"]', 'DKR001');
      await page.fill('input[name="username"]', 'fatou');
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin/pictures"] button[type="submit"]').click()]);
      await assertNoAxeViolations(page, 'the nine pictures');
    } finally {
      await context.close();
    }
  });

  test('a teacher opens the class and its printable cards', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true });
    try {
      await signIn(page, 'sn.teacher', 'ecole-demo');
      // The spaces page offers a teacher no user administration.
      await page.goto('/signin');
      await assertNoAxeViolations(page, '/signin (signed in: the spaces)');
      assert.equal(await page.locator('ul.spaces a[href="/admin/users"]').count(), 0,
        'a teacher is offered the user administration');
      // From any page, "Mon espace" leads to the teacher's classes.
      await page.goto('/c/SN');
      await Promise.all([page.waitForNavigation(), page.locator('header a.my-space').click()]);
      assert.equal(new URL(page.url()).pathname, '/classes', `"Mon espace" led to ${page.url()}`);
      await assertNoAxeViolations(page, '/classes');
      const link = page.locator('a[href^="/classes/"]').first();
      const href = await link.getAttribute('href');
      await Promise.all([page.waitForNavigation(), link.click()]);
      for (const name of ['Awa', 'Moussa', 'Fatou']) {
        assert.ok(await page.getByText(name, { exact: false }).first().isVisible(),
          `${name} is not on the class page. Page: ${await bodyExcerpt(page)}`);
      }
      await assertNoAxeViolations(page, href);
      const cards = await page.goto(`${href}/cards`);
      assert.equal(cards.status(), 200);
      assert.ok((await page.locator('svg').count()) >= 3, 'the cards draw no pictures');
      assert.ok(await page.getByText('DKR001').first().isVisible(), 'the cards lack the school code');
      await assertNoAxeViolations(page, `${href}/cards`);

      // A teacher of another country: the same answer as for a class that does not exist.
      const other = await newPage();
      try {
        await signIn(other.page, 'ci.teacher', 'ecole-demo');
        const foreign = await other.page.goto(href);
        const foreignText = await other.page.locator('body').innerText();
        const absent = await other.page.goto('/classes/01890a5d-ac96-774b-bcce-b302099a8057');
        const absentText = await other.page.locator('body').innerText();
        assert.equal(foreign.status(), 404);
        assert.equal(absent.status(), 404);
        assert.equal(foreignText, absentText);
        assert.ok(!foreignText.includes('Awa'), 'a teacher of Côte d\'Ivoire sees a Senegalese pupil');
      } finally {
        await other.context.close();
      }
    } finally {
      await context.close();
    }
  });

  test('a pupil does the demo exercises without JavaScript and gets graded', async () => {
    const { context, page } = await newPage();
    try {
      await page.goto('/search?q=Exercices%20sur%20les%20fractions');
      const result = page.locator('main a[href^="/r/"]', { hasText: 'Exercices sur les fractions' }).first();
      await Promise.all([page.waitForNavigation(), result.click()]);
      await Promise.all([page.waitForNavigation(), page.locator('p.exercise-link a').click()]);
      // The player opens in practice, one question at a time; the whole set is its quiz.
      await page.goto(`${new URL(page.url()).pathname}?mode=quiz`);
      assert.ok((await page.locator('form.exercise fieldset, form.exercise input').count()) >= 10,
        `the player shows no questions. Page: ${await bodyExcerpt(page)}`);
      // "Awa partage 12 mangues en 4 parts égales" → 3; "1/4 en décimal" → 0,25 (decimal comma).
      await page.fill('form.exercise input[name="q3"]', '3');
      await page.fill('form.exercise input[name="q4"]', '0,25');
      await Promise.all([page.waitForNavigation(), page.locator('form.exercise button[type="submit"]').click()]);
      const score = await page.getByRole('status').first().innerText();
      assert.match(score, /2(\.0)? \/ 10/, `unexpected score: ${score}`);
      const js = await newPage({ javaScriptEnabled: true });
      try {
        await js.page.goto(page.url());
        await assertNoAxeViolations(js.page, 'the exercise player');
      } finally {
        await js.context.close();
      }
    } finally {
      await context.close();
    }
  });

  test('an editor previews a lesson whose formula becomes MathML', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true });
    try {
      await signIn(page, 'tg.editor', 'ecole-demo');
      await page.goto('/edit/resources/new');
      await assertNoAxeViolations(page, '/edit/resources/new');
      await page.fill('input[name="title"]', 'Les fractions au Togo');
      await page.fill('textarea[name="body"]', 'La moitié : $\\frac{1}{2}$.\n\n$$x^2 = 4$$');
      await Promise.all([page.waitForNavigation(), page.locator('button[name="action"][value="preview"]').click()]);
      const maths = page.locator('section.preview math');
      assert.equal(await maths.count(), 2, `expected two formulas in the preview. Page: ${await bodyExcerpt(page)}`);
      assert.equal(await page.locator('section.preview math mfrac').count(), 1);
      // The text typed is still in the form after the preview.
      assert.equal(await page.inputValue('input[name="title"]'), 'Les fractions au Togo');
      await assertNoAxeViolations(page, 'the editor with its preview');
    } finally {
      await context.close();
    }
  });

  test('an editor writes a true/false question with the form; Enter in a field saves it', async () => {
    // JavaScript on for axe only: the question pages load no script.
    const { context, page } = await newPage({ javaScriptEnabled: true });
    try {
      await signIn(page, 'tg.editor', 'ecole-demo');
      await page.goto('/edit/questions/new?country=TG&type=true_false');
      await assertNoAxeViolations(page, '/edit/questions/new (true/false)');
      await page.fill('#f-prompt', 'Niamey est la capitale du Niger.');
      await page.selectOption('#f-truth', 'true');
      await page.fill('#f-name', 'Capitale du Niger');
      await Promise.all([page.waitForNavigation(), page.press('#f-name', 'Enter')]);
      assert.match(new URL(page.url()).pathname, /^\/edit\/questions\/[0-9a-f-]{36}$/,
        `Enter should have saved the question. Page: ${await bodyExcerpt(page)}`);
      assert.equal(await page.inputValue('#f-name'), 'Capitale du Niger');
      await assertNoAxeViolations(page, 'the saved question');
    } finally {
      await context.close();
    }
  });

  test('with JavaScript, the preview follows the text as the editor types, with what to fix', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true });
    try {
      await signIn(page, 'tg.editor', 'ecole-demo');
      await page.goto('/edit/resources/new');
      assert.equal(await page.locator('#preview').isHidden(), true, 'no preview before any text');
      const url = page.url();
      await page.fill('textarea[name="body"]', 'Le quart : $\\frac{1}{4}$.\n\n![](https://example.org/carte.png)');
      await page.locator('#preview math mfrac').waitFor({ timeout: 10000 });
      assert.equal(page.url(), url, 'the live preview does not leave the page');
      const warning = page.locator('#warnings li');
      await warning.first().waitFor({ timeout: 10000 });
      assert.match(await warning.first().innerText(), /Image sans description/);
      // Fixing the text clears the warning.
      await page.fill('textarea[name="body"]', 'Le quart : $\\frac{1}{4}$.\n\n![Une carte](https://example.org/carte.png)');
      await page.waitForFunction(() => document.querySelectorAll('#warnings li').length === 0, null, { timeout: 10000 });
      await assertNoAxeViolations(page, 'the editor with its live preview');
    } finally {
      await context.close();
    }
  });
});
