// Saves phone-sized screenshots (390×844) of each role's main pages into docs/screenshots/, so
// that a reader sees the product without running it. Run by hand, not by CI:
//
//   IMAGINECOLE_BIN=build/debug/imaginecole node tests/browser/screenshots.mjs
//
// Each image is the top of the page (one phone screen, not the full page) to keep it small.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newPage, startAll, stopAll } from './support.mjs';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const PHONE = { width: 390, height: 844 };

async function signIn(page, username, password, school = '') {
  await page.goto('/signin');
  if (school) await page.fill('input[name="school"]', school);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin"] button[type="submit"]').click()]);
}

async function firstLink(page, pattern) {
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => pattern.test(h));
  if (!href) throw new Error(`no link matching ${pattern} on ${page.url()}`);
  return href;
}

async function shot(page, name) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

/** A fresh phone context, signed in as username unless null; the step takes the screenshots. */
async function as(browser, username, password, school, step) {
  const { context, page } = await newPage(browser, { locale: 'fr-FR', viewport: PHONE, deviceScaleFactor: 1 });
  try {
    if (username) await signIn(page, username, password, school);
    await step(page);
  } finally {
    await context.close();
  }
}

async function resource(page, query) {
  await page.goto(`/search?q=${encodeURIComponent(query)}`);
  await page.goto(await firstLink(page, /^\/r\/[^/]+$/));
}

mkdirSync(OUT, { recursive: true });
const browser = await startAll();
try {
  await as(browser, null, null, null, async (page) => {
    await page.goto('/');
    await shot(page, '01-home');
    await page.goto('/c/SN/cm2/mathematiques');
    await shot(page, '02-subject');
    await resource(page, 'fractions partager');
    await page.evaluate(() => document.querySelector('math[display=block]')?.scrollIntoView({ block: 'center' }));
    await shot(page, '03-lesson-formula');
    await page.goto('/search?q=fractions');
    await shot(page, '04-search');
    await page.goto('/lang/ar');
    await page.goto('/');
    await shot(page, '05-home-arabic');
    await page.goto('/lang/fr');
    await page.goto('/signin/pictures');
    await page.fill('input[name="school"]', 'DKR001');
    await page.fill('input[name="username"]', 'fatou');
    await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin/pictures"] button[type="submit"]').click()]);
    await shot(page, '06-picture-signin');
  });
  await as(browser, 'awa', 'soleil', 'DKR001', async (page) => {
    await resource(page, 'Exercices sur les fractions');
    await page.goto(await firstLink(page, /^\/r\/[^/]+\/exercise$/));
    await page.fill('form.exercise input[name="q3"]', '3');
    await page.fill('form.exercise input[name="q4"]', '0,5');
    await Promise.all([page.waitForNavigation(), page.locator('form.exercise button[type="submit"]').click()]);
    await page.locator('.result').nth(2).scrollIntoViewIfNeeded();
    await shot(page, '07-pupil-exercises-graded');
  });
  await as(browser, 'sn.teacher', 'ecole-demo', '', async (page) => {
    await page.goto('/classes');
    const klass = await firstLink(page, /^\/classes\/[^/]+$/);
    await page.goto(klass);
    await shot(page, '08-teacher-class');
    await page.locator('#add-heading').scrollIntoViewIfNeeded();
    await shot(page, '09-teacher-add-pupil');
    await page.goto(`${klass}/import`);
    await shot(page, '10-teacher-import');
  });
  await as(browser, 'sn.editor', 'ecole-demo', '', async (page) => {
    await page.goto('/edit/resources/new');
    await page.fill('input[name="title"]', 'Les fractions au marché');
    await page.fill('textarea[name="body"]', 'La moitié : $\\frac{1}{2}$.\n\n![](https://example.org/carte.png)');
    await Promise.all([page.waitForNavigation(), page.locator('button[name="action"][value="preview"]').click()]);
    await page.locator('#warnings').scrollIntoViewIfNeeded();
    await shot(page, '11-editor-warnings');
    await page.goto('/edit');
    await shot(page, '12-editor-drafts');
  });
  await as(browser, 'sn.head', 'ecole-demo', '', async (page) => {
    await page.goto('/admin/schools/DKR001');
    await shot(page, '13-head-school');
  });
  await as(browser, 'sn.admin', 'ecole-demo', '', async (page) => {
    await page.goto('/admin/users');
    await shot(page, '14-admin-users');
    await page.goto('/admin/audit');
    await shot(page, '15-admin-audit');
  });
} finally {
  await stopAll(browser);
}
