// Shared by the browser test files: start the real binary on demo data, launch Debian's
// Chromium through playwright-core, run axe-core, small page helpers.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export { assert };
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
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


// ---------------------------------------------------------------- helpers

export function requireBinary() {
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
export function textPattern(name) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['\u2019]");
  return new RegExp(escaped);
}

export async function isTextVisible(page, name) {
  const matches = page.getByText(textPattern(name));
  const count = await matches.count();
  for (let i = 0; i < count; i++) {
    if (await matches.nth(i).isVisible()) return true;
  }
  return false;
}

export async function bodyExcerpt(page) {
  try {
    const text = await page.locator('body').innerText({ timeout: 2_000 });
    return JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 400));
  } catch (err) {
    return `(could not read body text: ${err.message})`;
  }
}

export async function assertCountriesVisible(page, names, what) {
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
export function rawGet(url) {
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

export const server = {
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

export function startServer() {
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

export async function stopServer() {
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


/** Starts the server in a fresh temporary folder and launches Chromium; returns the browser. */
export async function startAll() {
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
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
  } catch (err) {
    throw new Error(`could not launch Chromium (${CHROMIUM_PATH}): ${err.message}`);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
}

/** Closes the browser, stops the server (which must exit 0 on SIGTERM), removes the folder. */
export async function stopAll(browser) {
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
}

/** A new context on the server (JavaScript off unless asked: pages must work without it). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    baseURL: server.baseURL,
    bypassCSP: true,
    javaScriptEnabled: false,
    ...options,
  });
  const page = await context.newPage();
  return { context, page };
}

/** axe-core (WCAG 2.1 AA + best practice) on the page as loaded; fails with a readable list. */
export async function assertNoAxeViolations(page, what) {
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
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${what}:\n${report}`);
}
