// The walk: every demo role signs in and visits its main pages, on a phone (390×844) and on a
// desktop (1280×800). Each page state fails on:
//   - a document wider than the viewport (documentElement.scrollWidth > innerWidth);
//   - an interactive target (a, button, input, select, summary, the label of a radio or
//     checkbox) under 44 px tall. Exempt, as WCAG 2.5.8 exempts them: a link inside running
//     text, i.e. whose line holds other words (letters or digits outside the link, not counting
//     block children such as a card's description); hidden elements and ones taken out of the
//     tab order and the accessibility tree (aria-hidden with tabindex=-1);
//   - a form field (input, select, textarea) whose text is under 16 px (iOS zooms on focus);
//   - an axe-core violation (WCAG 2.x A/AA and best practice), run once per page state;
//   - content in another language than the interface without its own lang and dir.
// All problems of a role are collected and reported together, so that one run lists them all.
// Roles walk three at a time, each in its own browser context, to keep the run short.
//
// Run: IMAGINECOLE_BIN=build/debug/imaginecole node --test tests/browser/walk.test.mjs
import { after, before, describe, test } from 'node:test';
import {
  AXE_PATH, assert, bodyExcerpt, newPage as openPage, startAll, stopAll,
} from './support.mjs';

const PHONE = { name: 'phone', width: 390, height: 844 };
const DESKTOP = { name: 'desktop', width: 1280, height: 800 };
const VIEWPORTS = [PHONE, DESKTOP];
const MIN_TARGET_PX = 44;
const MIN_FIELD_FONT_PX = 16;
// A 1×1 PNG, to send to the media library.
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Runs in the page: what is wider than the viewport, too small, or in too small a font. */
function probeInPage({ minTarget, minFont }) {
  const problems = [];
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += `#${el.id}`;
    if (el.classList.length) name += `.${[...el.classList].join('.')}`;
    if (el.type && el.tagName !== 'A') name += `[type=${el.type}]`;
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim();
    return text ? `${name} "${text.slice(0, 40)}"` : name;
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden';
  };
  const outOfReach = (el) => el.closest('[aria-hidden="true"]') && el.getAttribute('tabindex') === '-1';
  const isBlock = (el) => !/^inline/.test(getComputedStyle(el).display);
  // The words on the link's own line: text nodes and inline elements of its nearest block,
  // not the link itself nor the block's block children.
  const inRunningText = (link) => {
    let block = link.parentElement;
    while (block && !isBlock(block)) block = block.parentElement;
    if (!block) return false;
    let words = '';
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child === link) continue;
        if (child.nodeType === Node.TEXT_NODE) words += child.textContent;
        else if (child.nodeType === Node.ELEMENT_NODE && !isBlock(child)) walk(child);
      }
    };
    walk(block);
    return /[\p{L}\p{N}]/u.test(words);
  };

  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    // Name the widest elements that stick out, to say what to fix.
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && shown(el))
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
      .slice(0, 4).map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
    problems.push(`wider than the viewport: ${doc.scrollWidth} px > ${window.innerWidth} px; sticking out: ${wide.join('; ')}`);
  }

  const targets = document.querySelectorAll('a[href], button, input, select, summary, label');
  for (const el of targets) {
    if (!shown(el) || outOfReach(el)) continue;
    let target = el;
    if (el.tagName === 'LABEL') {
      const control = el.control;
      if (!control || !['radio', 'checkbox'].includes(control.type)) continue;
    } else if (el.tagName === 'INPUT' && ['radio', 'checkbox'].includes(el.type)) {
      // The label is the target of a labelled radio or checkbox.
      const label = el.labels && el.labels[0];
      if (label) continue;
    } else if (el.tagName === 'A' && inRunningText(el)) {
      continue;
    }
    const height = target.getBoundingClientRect().height;
    if (height < minTarget - 0.5) problems.push(`target under ${minTarget} px: ${describe(target)} is ${Math.round(height)} px tall`);
  }

  const fields = document.querySelectorAll('input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea');
  for (const field of fields) {
    if (!shown(field) || outOfReach(field)) continue;
    const size = parseFloat(getComputedStyle(field).fontSize);
    if (size < minFont) problems.push(`field text under ${minFont} px: ${describe(field)} has ${size} px`);
  }
  return problems;
}

async function axeViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const results = await axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    });
    return results.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

/** Checks the page as it is now on both viewports; returns the problems, each with its page. */
async function checkPage(page, what) {
  const problems = [];
  const label = `${what} (${new URL(page.url()).pathname}${new URL(page.url()).search})`;
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const found = await page.evaluate(probeInPage, { minTarget: MIN_TARGET_PX, minFont: MIN_FIELD_FONT_PX });
    for (const problem of found) problems.push(`${label} on ${viewport.name}: ${problem}`);
  }
  await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
  for (const problem of await axeViolations(page)) problems.push(`${label}: ${problem}`);
  return problems;
}

async function visit(page, url, what, expectedStatus = 200) {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  assert.equal(response.status(), expectedStatus,
    `${what}: GET ${url} answered ${response.status()}, expected ${expectedStatus}. Page: ${await bodyExcerpt(page)}`);
  return checkPage(page, what);
}

async function signIn(page, username, password, school = '') {
  await page.goto('/signin');
  if (school) await page.fill('input[name="school"]', school);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin"] button[type="submit"]').click()]);
  const me = await page.request.get('/api/v1/me');
  assert.equal(me.status(), 200, `${username} could not sign in. Page: ${await bodyExcerpt(page)}`);
}

/** The first link on the current page whose href matches, or null. */
async function firstLink(page, pattern) {
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.find((href) => pattern.test(href)) || null;
}

function report(problems) {
  return `${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`;
}

describe('every role walks its main pages on a phone and a desktop', { timeout: 300_000, concurrency: 3 }, () => {
  let browser;

  before(async () => {
    browser = await startAll();
  });

  after(async () => {
    await stopAll(browser);
  });

  // JavaScript on for axe; the pages do not need it.
  const newRolePage = () => openPage(browser, { locale: 'fr-FR', javaScriptEnabled: true, viewport: PHONE });

  /** Signs in (unless username is null), visits each page; the step may visit more. */
  async function walk(username, password, school, urls, more = async () => []) {
    const { context, page } = await newRolePage();
    try {
      const problems = [];
      if (username) {
        await signIn(page, username, password, school);
        problems.push(...await checkPage(page, `${username}: after signing in`));
      }
      for (const url of urls) problems.push(...await visit(page, url, username || 'visitor'));
      problems.push(...await more(page));
      assert.equal(problems.length, 0, report(problems));
    } finally {
      await context.close();
    }
  }

  test('a visitor: home, country, level, subject, lesson, exercises, search, sign-in pages', async () => {
    await walk(null, null, null, ['/', '/c/SN', '/c/SN/cm2', '/c/SN/cm2/mathematiques',
      '/search?q=fractions', '/signin', '/signin/pictures', '/join'], async (page) => {
      const problems = [];
      problems.push(...await visit(page, '/does-not-exist', 'visitor', 404));
      // The lesson on fractions, two with formulas wider than a phone (BFEM, photosynthesis, in English), an exercise set.
      for (const query of ['fractions partager', 'Préparer le BFEM', 'Photosynthesis', 'Exercices sur les fractions']) {
        await page.goto(`/search?q=${encodeURIComponent(query)}`);
        const href = await firstLink(page, /^\/r\/[^/]+$/);
        assert.ok(href, `no resource found for "${query}". Page: ${await bodyExcerpt(page)}`);
        problems.push(...await visit(page, href, `visitor, resource "${query}"`));
        const exercise = await firstLink(page, /^\/r\/[^/]+\/exercise$/);
        if (exercise) problems.push(...await visit(page, exercise, 'visitor, exercises'));
      }
      // The Arabic interface, right to left, on the home page and a French lesson.
      await page.goto('/lang/ar');
      problems.push(...await visit(page, '/', 'visitor in Arabic'));
      await page.goto(`/search?q=${encodeURIComponent('fractions partager')}`);
      const lesson = await firstLink(page, /^\/r\/[^/]+$/);
      problems.push(...await visit(page, lesson, 'visitor in Arabic, a French lesson'));
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl', 'the Arabic interface is not right to left');
      // The lesson's own text says it is French, left to right (WCAG 3.1.2).
      const content = page.locator('main [lang="fr"]').first();
      assert.ok(await content.count(), 'the French lesson under the Arabic interface has no lang="fr" content');
      assert.equal(await content.getAttribute('dir'), 'ltr', 'the French lesson under the Arabic interface is not dir="ltr"');
      await page.goto('/lang/fr');
      return problems;
    });
  });

  test('a pupil with a password: their space, their class resources, the exercises graded', async () => {
    await walk('awa', 'soleil', 'DKR001', ['/me', '/account', '/class-resources'], async (page) => {
      await page.goto(`/search?q=${encodeURIComponent('Exercices sur les fractions')}`);
      const set = await firstLink(page, /^\/r\/[^/]+$/);
      await page.goto(set);
      const player = await firstLink(page, /^\/r\/[^/]+\/exercise$/);
      // The quiz: the whole set on one form, graded on one submission (practice has its own test).
      const problems = await visit(page, `${player}?mode=quiz`, 'awa, the exercise player');
      const answer = page.locator('form.exercise input[type="text"], form.exercise input:not([type])').first();
      if (await answer.count()) await answer.fill('3');
      await Promise.all([page.waitForNavigation(), page.locator('form.exercise button[type="submit"]').click()]);
      problems.push(...await checkPage(page, 'awa, the graded exercises'));
      return problems;
    });
  });

  test('a pupil with pictures: the school and name, then the nine pictures', async () => {
    const { context, page } = await newRolePage();
    try {
      const problems = await visit(page, '/signin/pictures', 'fatou, picture sign-in');
      await page.fill('input[name="school"]', 'DKR001');
      await page.fill('input[name="username"]', 'fatou');
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/signin/pictures"] button[type="submit"]').click()]);
      problems.push(...await checkPage(page, 'fatou, the nine pictures'));
      for (const number of ['7', '8', '9']) {
        await Promise.all([page.waitForNavigation(), page.locator(`button[name="pick"][value="${number}"]`).click()]);
      }
      problems.push(...await checkPage(page, 'fatou, signed in'));
      assert.equal(problems.length, 0, report(problems));
    } finally {
      await context.close();
    }
  });

  test('a teacher: classes, the class page, its import and cards, class resources', async () => {
    await walk('sn.teacher', 'ecole-demo', '', ['/classes', '/edit'], async (page) => {
      await page.goto('/classes');
      const klass = await firstLink(page, /^\/classes\/[^/]+$/);
      assert.ok(klass, `no class on /classes. Page: ${await bodyExcerpt(page)}`);
      const problems = [];
      for (const url of [klass, `${klass}/import`, `${klass}/cards`, `${klass}/skills`]) {
        problems.push(...await visit(page, url, 'sn.teacher'));
      }
      return problems;
    });
  });

  test('an editor: drafts, the editor with warnings and preview, history, questions, media', async () => {
    await walk('sn.editor', 'ecole-demo', '', ['/edit', '/edit/resources/new', '/edit/questions',
      '/edit/questions/new?country=SN&type=single_choice', '/edit/questions/import?country=SN', '/edit/media'], async (page) => {
      const problems = [];
      await page.goto('/edit/resources/new');
      await page.fill('input[name="title"]', 'Les fractions au marché');
      await page.fill('textarea[name="body"]',
        'La moitié : $\\frac{1}{2}$.\n\n$$\\frac{1}{2} + \\frac{1}{3} + \\frac{1}{4} + \\frac{1}{5} + \\frac{1}{6} + \\frac{1}{7} = \\frac{223}{140}$$\n\n' +
        '![](https://example.org/une/adresse/tres/longue/vers/une/image/sans/description/carte-du-senegal.png)');
      await Promise.all([page.waitForNavigation(), page.locator('button[name="action"][value="preview"]').click()]);
      problems.push(...await checkPage(page, 'sn.editor, the preview with warnings'));
      // A picture sent to the library, then its page (with its 64-hex address).
      await page.goto('/edit/media');
      await page.setInputFiles('#media-file', { name: 'carte.png', mimeType: 'image/png', buffer: TINY_PNG });
      await Promise.all([page.waitForNavigation(), page.locator('main form[action="/edit/media"] button').click()]);
      assert.match(new URL(page.url()).pathname, /^\/edit\/media\/[0-9a-f]{64}$/,
        `sending a picture does not lead to its page. Page: ${await bodyExcerpt(page)}`);
      problems.push(...await checkPage(page, 'sn.editor, the picture sent'));
      problems.push(...await visit(page, '/edit/media', 'sn.editor, the library with a picture'));
      await page.goto('/edit');
      const draft = await firstLink(page, /^\/edit\/resources\/[0-9a-f-]{36}$/);
      if (draft) {
        problems.push(...await visit(page, draft, 'sn.editor, a draft'));
        problems.push(...await visit(page, `${draft}/history`, 'sn.editor, its history'));
      }
      await page.goto('/edit/questions');
      const question = await firstLink(page, /^\/edit\/questions\/[0-9a-f-]{36}$/);
      if (question) problems.push(...await visit(page, question, 'sn.editor, a question'));
      return problems;
    });
  });

  test('a reviewer: the drafts to review and a review page', async () => {
    await walk('tg.reviewer', 'ecole-demo', '', ['/edit'], async (page) => {
      const review = await firstLink(page, /^\/edit\/resources\/[^/]+\/review$/);
      return review ? visit(page, review, 'tg.reviewer, a review') : [];
    });
  });

  test('a school head: users, the school, classes', async () => {
    await walk('sn.head', 'ecole-demo', '', ['/admin/users', '/admin/schools', '/admin/schools/DKR001', '/classes']);
  });

  test('an analyst: their space', async () => {
    await walk('sn.analyst', 'ecole-demo', '', ['/signin']);
  });

  test('a country admin: users, schools, the curriculum editor, the audit log', async () => {
    await walk('sn.admin', 'ecole-demo', '', ['/admin/users', '/admin/schools', '/admin/c/SN/curriculum',
      '/admin/audit']);
  });

  test('the platform admin: users, schools, audit log', async () => {
    await walk('platform.admin', 'ecole-demo', '', ['/admin/users', '/admin/schools', '/admin/audit']);
  });
});
