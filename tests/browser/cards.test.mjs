// Printed sign-in cards: a class of 33 pupils (the 3 of the demo and 30 new ones, with a
// password and pictures) prints as eight cards to an A4 page, none cut across two pages, each
// with the site's address and, for picture cards, the picture sign-in page and the pictures.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/cards.test.mjs
import { after, before, describe, test } from 'node:test';
import { assert, bodyExcerpt, newPage as openPage, startAll, stopAll } from './support.mjs';

const A4_CONTENT_MM = { width: 190, height: 277 }; // A4 less the 10 mm margins of classroom.css
const PX_PER_MM = 96 / 25.4;

// Pages of a PDF, counted from its page objects ("/Type /Page", not "/Type /Pages").
function pdfPageCount(buffer) {
  const text = buffer.toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

async function signIn(page, username, password) {
  await page.goto('/signin');
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForNavigation(),
    page.locator('form[action="/signin"] button[type="submit"]').click(),
  ]);
}

describe('printed sign-in cards', { timeout: 240_000 }, () => {
  let browser;
  before(async () => {
    browser = await startAll();
  });
  after(async () => {
    await stopAll(browser);
  });

  test('thirty pupils more print on ceil(n/8) A4 pages, no card cut', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR' });
    try {
      await signIn(page, 'sn.teacher', 'ecole-demo');
      await page.goto('/classes');
      const href = await page.locator('main a[href^="/classes/"]').first().getAttribute('href');
      const classId = href.split('/')[2];
      const me = await page.request.get('/api/v1/me');
      const csrf = (await me.json()).csrf_token;
      const names = Array.from({ length: 30 }, (_, i) => `Élève ${i + 1} Ndiaye-Diop`);
      const created = await page.request.post(`/api/v1/classes/${classId}/pupils`, {
        headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        data: JSON.stringify({ names, generate: 'both' }),
      });
      assert.equal(created.status(), 201, await created.text());

      const answer = await page.goto(`/classes/${classId}/cards`);
      assert.equal(answer.status(), 200);
      const cards = page.locator('li.signin-card');
      const n = await cards.count();
      assert.equal(n, 33, `expected 33 cards. Page: ${await bodyExcerpt(page)}`);
      const host = new URL(page.url()).host;
      const first = page.locator('li.signin-card', { hasText: 'Élève 1 Ndiaye-Diop' }).first();
      const text = await first.innerText();
      assert.ok(text.includes(host), `a card lacks the site's address ${host}: ${text}`);
      assert.ok(text.includes(`${host}/signin/pictures`), `a card lacks the picture page: ${text}`);
      assert.equal(await first.locator('.card-pictures svg').count(), 3, 'the pictures are not drawn');
      assert.ok(!/\b\d-\d-\d\b/.test(text), `a picture code shows as digits: ${text}`);

      // Laid out for print on the width of an A4 page: each card within one page's height.
      await page.setViewportSize({
        width: Math.floor(A4_CONTENT_MM.width * PX_PER_MM),
        height: Math.floor(A4_CONTENT_MM.height * PX_PER_MM),
      });
      await page.emulateMedia({ media: 'print' });
      const pageHeight = A4_CONTENT_MM.height * PX_PER_MM;
      const boxes = await cards.evaluateAll((items) => items.map((item) => {
        const box = item.getBoundingClientRect();
        return {
          top: box.top + window.scrollY,
          height: box.height,
          clipped: item.scrollHeight > item.clientHeight + 1 || item.scrollWidth > item.clientWidth + 1,
          sizes: [item.scrollHeight, item.clientHeight, item.scrollWidth, item.clientWidth],
        };
      }));
      // Two cards to a row, four rows to a page: the rows' pitch times four, less the last
      // gap, is within a page; no card's content is cut by its fixed height.
      assert.ok(Math.abs(boxes[0].top - boxes[1].top) < 1, 'the cards are not two to a row');
      const pitch = boxes[2].top - boxes[0].top;
      const gap = pitch - boxes[0].height;
      assert.ok(4 * pitch - gap <= pageHeight,
        `four rows (${4 * pitch - gap}px) do not fit on a page (${pageHeight}px)`);
      assert.ok(5 * pitch - gap > pageHeight, 'more than eight cards would fit: check the layout');
      boxes.forEach((box, i) => {
        assert.ok(!box.clipped, `card ${i + 1}'s content is cut by its frame: ${box.sizes}`);
      });

      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: false });
      assert.equal(pdfPageCount(pdf), Math.ceil(n / 8), `the PDF has ${pdfPageCount(pdf)} pages`);
    } finally {
      await context.close();
    }
  });

  test('fresh cards with passwords fit too', async () => {
    const { context, page } = await openPage(browser, { locale: 'fr-FR' });
    try {
      await signIn(page, 'sn.teacher', 'ecole-demo');
      await page.goto('/classes');
      const href = await page.locator('main a[href^="/classes/"]').first().getAttribute('href');
      await page.goto(href);
      const names = Array.from({ length: 16 }, (_, i) => `Fatoumata ${i + 1} Ba`).join('\n');
      await page.fill('textarea[name="names"]', names);
      await page.check('form:has(textarea[name="names"]) input[name="secret"][value="both"]');
      await Promise.all([
        page.waitForNavigation(),
        page.locator('form:has(textarea[name="names"]) button[type="submit"]').first().click(),
      ]);
      const cards = page.locator('li.signin-card');
      assert.equal(await cards.count(), 16, `expected 16 fresh cards. Page: ${await bodyExcerpt(page)}`);
      assert.ok((await cards.first().innerText()).includes('Mot de passe'), 'no password on the card');
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      assert.equal(pdfPageCount(pdf), 2, `16 cards should print on 2 pages, not ${pdfPageCount(pdf)}`);
    } finally {
      await context.close();
    }
  });
});
