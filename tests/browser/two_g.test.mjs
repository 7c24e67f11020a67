// 2G first (issue 14, item 4): the first visit to a lesson, with nothing cached, moves at most
// 15 KB before pictures (HTML, styles, scripts, the worker and the manifest, as sent: gzip and
// headers included), and its pictures load lazily from the small renditions. Timings under
// emulated 2G belong to bench/2g_first_visit.mjs; this test asserts bytes only.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/two_g.test.mjs
import { after, before, describe, test } from 'node:test';
import { assert, rawGet, server, startAll, stopAll } from './support.mjs';

const BUDGET = 15 * 1024;

describe('2G first', { timeout: 120_000 }, () => {
  let browser;
  before(async () => {
    browser = await startAll();
  });
  after(async () => {
    await stopAll(browser);
  });

  test('the first visit to a lesson moves at most 15 KB before pictures', async () => {
    const found = await rawGet(`${server.baseURL}/search?q=${encodeURIComponent('Les fractions : partager, lire et comparer')}`);
    const lesson = /href="(\/r\/[0-9a-f-]{36})"/.exec(found.body)[1];
    const context = await browser.newContext({
      baseURL: server.baseURL, locale: 'fr-FR', viewport: { width: 390, height: 844 },
    });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const types = new Map();
      const moved = [];
      cdp.on('Network.responseReceived', (event) => types.set(event.requestId, [event.type, event.response.url]));
      cdp.on('Network.loadingFinished', (event) => {
        const [type, url] = types.get(event.requestId) || ['Other', '?'];
        moved.push({ type, url, bytes: event.encodedDataLength });
      });
      await page.goto(lesson, { waitUntil: 'load' });
      await page.waitForFunction(() => navigator.serviceWorker.getRegistration()
        .then((r) => Boolean(r && (r.active || r.waiting || r.installing))));
      await page.waitForTimeout(1000);
      const beforePictures = moved.filter((m) => m.type !== 'Image' && m.type !== 'Media');
      const total = beforePictures.reduce((sum, m) => sum + m.bytes, 0);
      assert.ok(total > 0, 'nothing was measured');
      assert.ok(total <= BUDGET,
        `the first visit moved ${total} bytes before pictures:\n${beforePictures.map((m) => `${m.bytes}\t${m.url}`).join('\n')}`);
      // Every picture of the page waits for its turn, and offers its small renditions.
      for (const img of await page.locator('main img').all()) {
        assert.equal(await img.getAttribute('loading'), 'lazy');
      }
    } finally {
      await context.close();
    }
  });
});
