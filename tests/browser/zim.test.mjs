// A ZIM file written by `imaginecole export zim` (demo data, Sénégal CM2), served by the real
// `kiwix-serve` and read in Chromium as a pupil would in Kiwix: from the main page to a
// subject, a lesson, its exercise set and the exercise page, where a wrong then a right answer
// get their verdict from the page itself; full-text search; and no request ever leaves
// kiwix-serve's host (every request is recorded).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { assert, CHROMIUM_ARGS, CHROMIUM_PATH, requireBinary } from './support.mjs';

const KIWIX_SERVE = '/usr/bin/kiwix-serve';
const hasKiwix = existsSync(KIWIX_SERVE);
let folder;
let kiwix;
let port;
let browser;

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port: chosen } = server.address();
      server.close(() => resolve(chosen));
    });
  });
}

async function waitForServer(url) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`kiwix-serve did not answer at ${url}`);
}

before(async () => {
  if (!hasKiwix) return;
  const bin = requireBinary();
  folder = mkdtempSync(path.join(os.tmpdir(), 'imaginecole-zim-'));
  const data = path.join(folder, 'data');
  const zim = path.join(folder, 'sn.zim');
  const init = spawnSync(bin, ['init', '--demo', '--data', data], { encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  const made = spawnSync(
    bin,
    ['export', 'zim', '--country', 'SN', '--level', 'CM2', '--out', zim, '--data', data],
    { encoding: 'utf8' },
  );
  assert.equal(made.status, 0, made.stderr);
  port = await freePort();
  // With its own bar, as Kiwix users see it: the bar is served by kiwix-serve too.
  kiwix = spawn(KIWIX_SERVE, ['--address=127.0.0.1', `--port=${port}`, zim], { stdio: 'ignore' });
  await waitForServer(`http://127.0.0.1:${port}/`);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  kiwix?.kill('SIGTERM');
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('a pupil browses, searches and practises the ZIM in kiwix-serve, all from its host', { skip: !hasKiwix && 'kiwix-serve missing: run scripts/install-deps.sh' }, async () => {
  const origin = `http://127.0.0.1:${port}`;
  const page = await browser.newPage();
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));

  await page.goto(`${origin}/sn/index`);
  assert.match(await page.title(), /CM2/);
  await page.locator('main a', { hasText: 'Mathématiques' }).first().click();
  await page.waitForURL(/\/sn\/s\/mathematiques$/);
  await page.locator('main ul.resources a', { hasText: 'Les fractions' }).first().click();
  await page.waitForURL(/\/sn\/r\//);
  assert.match(await page.locator('main h1').innerText(), /Les fractions/);
  // The lesson's maths are MathML from the file, not a script from elsewhere.
  assert.ok((await page.locator('main math').count()) > 0);

  await page.locator('main ul.exercise-sets a').first().click();
  await page.waitForURL(/\/sn\/r\//);
  await page.locator('main .exercise-link a').click();
  await page.waitForURL(/\/sn\/x\//);

  // The first one-answer choice question: a wrong choice, then the right one.
  const keys = JSON.parse(await page.locator('#zim-answer-key').textContent());
  const index = keys.findIndex((key) => key.kind === 'choice' && key.right.length === 1);
  assert.ok(index >= 0, 'the set has a one-answer choice question');
  const question = page.locator(`.zim-question[data-index="${index}"]`);
  const options = question.locator('input');
  const right = keys[index].right[0];
  const wrong = right === 0 ? 1 : 0;
  const verdict = question.locator('.zim-verdict');
  await question.locator('.zim-check').click();
  assert.match(await verdict.innerText(), /pas encore répondu/);
  await options.nth(wrong).check();
  await question.locator('.zim-check').click();
  assert.match(await verdict.innerText(), /Pas encore/);
  await options.nth(right).check();
  await question.locator('.zim-check').click();
  assert.match(await verdict.innerText(), /Bravo/);

  // Full-text search (French stemming: "galettes" finds the lesson that says "galette").
  await page.goto(`${origin}/search?content=sn&pattern=galettes`);
  await page.locator('a', { hasText: 'Les fractions' }).first().click();
  await page.waitForURL(/\/sn\/r\//);

  const elsewhere = requests.filter((url) => !url.startsWith(`${origin}/`));
  assert.deepEqual(elsewhere, [], 'every request goes to kiwix-serve');
  assert.ok(requests.some((url) => url.endsWith('/sn/assets/site.css')));
  assert.ok(requests.some((url) => url.endsWith('/sn/assets/exercise.js')));
  await page.close();
});
