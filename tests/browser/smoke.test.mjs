// Browser smoke and accessibility tests for the Imaginécole server.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/
//
// Starts the real binary on a free loopback port with demo data, then drives
// the system Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through
// playwright-core, and runs axe-core against the home page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // needed when running as root (CI runs as root)
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

const FRENCH_COUNTRIES = [
  'Bénin', 'Burkina Faso', 'Cameroun', 'Tchad', "Côte d'Ivoire",
  'Guinée', 'Mali', 'Niger', 'Sénégal', 'Togo',
];
const ENGLISH_COUNTRIES = ['Senegal', "Côte d'Ivoire", 'Chad'];

// ---------------------------------------------------------------- helpers

function requireBinary() {
  const bin = process.env.IMAGINECOLE_BIN;
  if (!bin) {
    throw new Error(
      'IMAGINECOLE_BIN is not set: point it at the imaginecole binary, e.g. ' +
        'IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/',
    );
  }
  const resolved = path.resolve(bin);
  if (!existsSync(resolved) || !statSync(resolved).isFile()) {
    throw new Error(`IMAGINECOLE_BIN=${bin}: no such file (${resolved}); build the binary first`);
  }
  return resolved;
}

/** Accepts a straight or typographic apostrophe, matches anywhere in an element's text. */
function textPattern(name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['\u2019]");
  return new RegExp(escaped);
}

async function isTextVisible(page, name) {
  const matches = page.getByText(textPattern(name));
  const count = await matches.count();
  for (let i = 0; i < count; i++) {
    if (await matches.nth(i).isVisible()) return true;
  }
  return false;
}

async function bodyExcerpt(page) {
  try {
    const text = await page.locator('body').innerText({ timeout: 2_000 });
    return JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 400));
  } catch (err) {
    return `(could not read body text: ${err.message})`;
  }
}

async function assertCountriesVisible(page, names, what) {
  const missing = [];
  for (const name of names) {
    if (!(await isTextVisible(page, name))) missing.push(name);
  }
  assert.deepEqual(
    missing, [],
    `${what}: these country names are not visible: ${missing.join(', ')}. ` +
      `Page text begins: ${await bodyExcerpt(page)}`,
  );
}

/** GET with node:http, which (unlike fetch) sends no Accept-Language header. */
function rawGet(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Connection: 'close' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: res.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: GET ${url}`)));
    req.on('error', reject);
  });
}

// ------------------------------------------------------------- the server

const server = {
  bin: null,
  tmp: null,
  proc: null,
  baseURL: null,
  output: '', // last part of stdout+stderr, for error messages
  exit: null, // { code, signal } once exited
};

function keepOutput(chunk) {
  server.output = (server.output + chunk.toString('utf8')).slice(-8_000);
}

function startServer() {
  const dataDir = path.join(server.tmp, 'data');
  const init = spawnSync(server.bin, ['init', '--data', dataDir, '--demo'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (init.error || init.status !== 0) {
    throw new Error(
      `"${server.bin} init --data ${dataDir} --demo" failed ` +
        `(status ${init.status}, ${init.error ? init.error.message : 'no spawn error'}):\n` +
        `${init.stdout}\n${init.stderr}`,
    );
  }

  return new Promise((resolve, reject) => {
    const proc = spawn(server.bin, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.proc = proc;
    let stderrText = '';
    const timer = setTimeout(() => {
      reject(new Error(
        `server printed no "listening on http://127.0.0.1:PORT" line on stderr within ` +
          `${START_TIMEOUT_MS / 1000} s. Output so far:\n${server.output}`,
      ));
    }, START_TIMEOUT_MS);
    proc.stdout.on('data', keepOutput);
    proc.stderr.on('data', (chunk) => {
      keepOutput(chunk);
      if (server.baseURL) return;
      stderrText += chunk.toString('utf8');
      const m = stderrText.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        server.baseURL = `http://127.0.0.1:${m[1]}`;
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${server.bin}: ${err.message}`));
    });
    proc.on('exit', (code, signal) => {
      server.exit = { code, signal };
      if (!server.baseURL) {
        clearTimeout(timer);
        reject(new Error(
          `server exited during start-up (code ${code}, signal ${signal}). Output:\n${server.output}`,
        ));
      }
    });
  });
}

async function stopServer() {
  const proc = server.proc;
  if (!proc || server.exit) return server.exit;
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  proc.kill('SIGTERM');
  let timer;
  const result = await Promise.race([
    exited,
    new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); }),
  ]);
  clearTimeout(timer);
  if (!result) {
    proc.kill('SIGKILL');
    await exited;
    throw new Error(`server did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM (killed it). ` +
      `Output:\n${server.output}`);
  }
  return result;
}

// Last resort if the runner dies before the after hook.
process.on('exit', () => {
  if (server.proc && !server.exit) server.proc.kill('SIGKILL');
});

// ------------------------------------------------------------------ tests

describe('imaginecole in a browser', { timeout: 180_000 }, () => {
  let browser;

  before(async () => {
    server.bin = requireBinary();
    server.tmp = mkdtempSync(path.join(os.tmpdir(), 'imaginecole-browser-'));
    await startServer();

    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
    // Playwright makes its temporary user-data-dir under os.tmpdir(): point that
    // at our own temp folder so that everything goes away with it.
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = server.tmp;
    try {
      browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        timeout: 60_000,
      });
    } catch (err) {
      throw new Error(`could not launch Chromium (${CHROMIUM_PATH}): ${err.message}`);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
  });

  after(async () => {
    let stopError;
    try {
      if (browser) await browser.close();
    } finally {
      try {
        const result = await stopServer();
        if (result && result.code !== 0) {
          stopError = new Error(
            `server did not exit cleanly on SIGTERM (exit code ${result.code}, signal ${result.signal}). ` +
              `Output:\n${server.output}`,
          );
        }
      } catch (err) {
        stopError = err;
      }
      if (server.tmp) rmSync(server.tmp, { recursive: true, force: true });
    }
    if (stopError) throw stopError;
  });

  async function newPage(options = {}) {
    const context = await browser.newContext({
      baseURL: server.baseURL,
      bypassCSP: true,
      javaScriptEnabled: false,
      ...options,
    });
    const page = await context.newPage();
    return { context, page };
  }

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
      await page.addScriptTag({ path: AXE_PATH });
      const violations = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const results = await axe.run(document, {
          runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        });
        return results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
      const report = violations
        .map((v) => `  - ${v.id} (${v.impact}): ${v.help}\n      at ${v.targets.join('\n      at ')}`)
        .join('\n');
      assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on /:\n${report}`);
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
