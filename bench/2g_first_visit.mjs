#!/usr/bin/env node
// SPDX-License-Identifier: AGPL-3.0-or-later
// The first visit to a lesson on 2G (issue 14, item 4): Chromium through playwright-core with
// the network at 250 kbit/s each way and 300 ms of latency (CDP
// Network.emulateNetworkConditions) and the CPU slowed 4× (Emulation.setCPUThrottlingRate), a
// fresh profile each run (nothing cached, no worker yet). It prints, per run and as medians:
// the bytes on the wire before pictures (HTML, styles, scripts, the worker and the manifest,
// headers included) and of pictures, time to first byte, first contentful paint,
// DOMContentLoaded and load (the page's clock), the wall time from the click to load, with the machine's load average.
//
// Run (release build preferred; playwright-core comes from tests/browser):
//   npm ci --prefix tests/browser
//   IMAGINECOLE_BIN=build/release/imaginecole node bench/2g_first_visit.mjs [--runs 5] [--lesson TITLE]
import os from 'node:os';
import { rawGet, server, startAll, stopAll } from '../tests/browser/support.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
if (args.includes('--help')) {
  console.log('node bench/2g_first_visit.mjs [--runs N] [--lesson "title of a demo lesson"]');
  process.exit(0);
}
const RUNS = Number(option('--runs', '5'));
const LESSON = option('--lesson', 'Les fractions : partager, lire et comparer');
const KBIT = 1000 / 8; // bytes per second in one kbit/s

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function lessonPath() {
  const found = await rawGet(`${server.baseURL}/search?q=${encodeURIComponent(LESSON)}`);
  const match = /href="(\/r\/[0-9a-f-]{36})"/.exec(found.body);
  if (!match) throw new Error(`no lesson found for "${LESSON}"`);
  return match[1];
}

async function firstVisit(browser, url) {
  const context = await browser.newContext({
    baseURL: server.baseURL, locale: 'fr-FR', viewport: { width: 390, height: 844 },
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 300, downloadThroughput: 250 * KBIT, uploadThroughput: 250 * KBIT,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const types = new Map();
    const bytes = { page: 0, pictures: 0, requests: 0 };
    cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
    cdp.on('Network.loadingFinished', (event) => {
      bytes.requests += 1;
      if (types.get(event.requestId) === 'Image' || types.get(event.requestId) === 'Media') {
        bytes.pictures += event.encodedDataLength;
      } else {
        bytes.page += event.encodedDataLength;
      }
    });
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    const wall = Date.now() - started;
    // The worker registers after load: its bytes count too.
    await page.waitForFunction(() => !('serviceWorker' in navigator) ||
      navigator.serviceWorker.getRegistration().then((r) => Boolean(r && (r.active || r.waiting || r.installing))),
    null, { timeout: 60_000 }).catch(() => {});
    await page.waitForTimeout(1500);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        ttfb: nav.responseStart,
        fcp: paint ? paint.startTime : NaN,
        dcl: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
      };
    });
    return { ...bytes, ...timing, wall };
  } finally {
    await context.close();
  }
}

const browser = await startAll();
try {
  const path = await lessonPath();
  const runs = [];
  console.log(`# 2G first visit to ${path} ("${LESSON}"), ${RUNS} runs`);
  console.log(`# ${os.cpus().length} cores, load average before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('run\tpage_bytes\tpicture_bytes\trequests\tttfb_ms\tfcp_ms\tdcl_ms\tload_ms\twall_ms');
  for (let i = 1; i <= RUNS; i++) {
    const run = await firstVisit(browser, path);
    runs.push(run);
    console.log([i, run.page, run.pictures, run.requests, run.ttfb, run.fcp, run.dcl, run.load, run.wall]
      .map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(0) : v)).join('\t'));
  }
  const m = (key) => median(runs.map((run) => run[key]));
  console.log(['median', m('page'), m('pictures'), m('requests'), m('ttfb').toFixed(0),
    m('fcp').toFixed(0), m('dcl').toFixed(0), m('load').toFixed(0), m('wall').toFixed(0)].join('\t'));
  console.log(`# load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`# budget: page bytes before pictures <= ${15 * 1024} (15 KB): ${m('page') <= 15 * 1024 ? 'met' : 'NOT met'}`);
} finally {
  await stopAll(browser);
}
