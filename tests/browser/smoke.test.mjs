// Browser smoke and accessibility tests for the Imaginécole server.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/
//
// Starts the real binary on a free loopback port with demo data, then drives
// the system Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through
// playwright-core, and runs axe-core against the home page.
import { after, before, describe, test } from 'node:test';
import {
  assert, assertCountriesVisible, assertNoAxeViolations, bodyExcerpt, newPage as openPage, rawGet,
  server, startAll, stopAll,
} from './support.mjs';

const FRENCH_COUNTRIES = [
  'Bénin', 'Burkina Faso', 'Cameroun', 'Tchad', "Côte d'Ivoire",
  'Guinée', 'Mali', 'Niger', 'Sénégal', 'Togo',
];
const ENGLISH_COUNTRIES = ['Senegal', "Côte d'Ivoire", 'Chad'];

// ------------------------------------------------------------------ tests

describe('imaginecole in a browser', { timeout: 180_000 }, () => {
  let browser;

  before(async () => {
    browser = await startAll();
  });

  after(async () => {
    await stopAll(browser);
  });

  const newPage = (options = {}) => openPage(browser, options);

  test('home page lists the ten countries', async () => {
    // Without any Accept-Language header the server must answer in French.
    // (A browser always sends one, so this part uses a bare HTTP request.)
    const bare = await rawGet(`${server.baseURL}/`);
    assert.equal(bare.status, 200, `GET / without Accept-Language answered ${bare.status}, expected 200`);
    const bareLang = (bare.body.match(/<html[^>]*\slang=["']?([^"'\s>]+)/i) || [])[1];
    assert.equal(bareLang, 'fr', `GET / without Accept-Language has <html lang=${JSON.stringify(bareLang)}>, expected "fr"`);

    // In the browser, as a French-speaking visitor (a browser's default
    // Accept-Language would be en-US).
    const { context, page } = await newPage({ locale: 'fr-FR' });
    try {
      const response = await page.goto('/');
      assert.ok(response, 'no response for GET /');
      assert.equal(response.status(), 200, `GET / answered ${response.status()}, expected 200`);
      const lang = await page.locator('html').getAttribute('lang');
      assert.equal(lang, 'fr', `<html lang> is ${JSON.stringify(lang)} on / with Accept-Language: fr-FR, expected "fr"`);
      const mains = await page.getByRole('main').count();
      assert.ok(mains >= 1, 'no main landmark (<main> or role="main") on /');
      await assertCountriesVisible(page, FRENCH_COUNTRIES, 'GET / in French');
    } finally {
      await context.close();
    }
  });

  test('home page in English', async () => {
    const { context, page } = await newPage({
      locale: 'en-US',
      extraHTTPHeaders: { 'Accept-Language': 'en' },
    });
    try {
      const response = await page.goto('/');
      assert.ok(response, 'no response for GET /');
      assert.equal(response.status(), 200, `GET / (Accept-Language: en) answered ${response.status()}, expected 200`);
      const lang = await page.locator('html').getAttribute('lang');
      assert.equal(lang, 'en', `<html lang> is ${JSON.stringify(lang)} with Accept-Language: en, expected "en"`);
      await assertCountriesVisible(page, ENGLISH_COUNTRIES, 'GET / in English');
    } finally {
      await context.close();
    }
  });

  test('accessibility: zero axe violations', async () => {
    const { context, page } = await newPage({ javaScriptEnabled: true });
    try {
      const response = await page.goto('/');
      assert.equal(response && response.status(), 200, 'GET / did not answer 200');
      await assertNoAxeViolations(page, '/');
    } finally {
      await context.close();
    }
  });

  test('unknown page gives a 404 page in HTML', async () => {
    const { context, page } = await newPage();
    try {
      const response = await page.goto('/this-page-does-not-exist-42');
      assert.ok(response, 'no response for an unknown page');
      assert.equal(response.status(), 404, `unknown page answered ${response.status()}, expected 404`);
      const ctype = response.headers()['content-type'] || '';
      assert.match(ctype, /^text\/html/, `unknown page has Content-Type ${JSON.stringify(ctype)}, expected text/html`);
      const h1 = page.locator('h1');
      assert.ok((await h1.count()) >= 1, `the 404 page has no <h1>. Page text begins: ${await bodyExcerpt(page)}`);
      assert.ok(await h1.first().isVisible(), 'the 404 page <h1> is not visible');
    } finally {
      await context.close();
    }
  });
});
