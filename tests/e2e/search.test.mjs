// search.test.mjs — the search page (/search) as a person uses it, in a real
// browser: the box in every page's header, results of several kinds with
// the matched words marked, facets that narrow, "did you mean", pages in
// both languages and without JavaScript; and every state of the page is
// valid HTML (tidy).  A screenshot goes to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { checkPage } from '../lib/html-check.mjs';
import { launch, newPage, seedCatalogue, screenshotDir, skipReason, PHONE } from './fixtures.mjs';

let s, browser, seed;
before(async () => {
  if (skipReason) return;
  s = await startServer();
  seed = await seedCatalogue(s);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

test('the header box searches everything; results are marked; facets narrow', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/orgs');
  await page.getByLabel('全站检索').fill('上海');
  await Promise.all([page.waitForURL(/\/search\?q=/), page.getByRole('button', { name: '检索' }).click()]);
  await page.getByRole('heading', { level: 1, name: '全站搜索' }).waitFor();
  assert.equal(await page.getByRole('searchbox').inputValue(), '上海', 'the page keeps the words');
  const types = new Set(await page.locator('.results .card').evaluateAll((els) => els.map((e) => e.dataset.type)));
  assert.ok(types.has('org') && types.has('facility'), `an organisation and a facility: ${[...types]}`);
  for (const m of await page.locator('.results .card h3 mark').allInnerTexts()) assert.equal(m, '上海');
  assert.match(await page.locator('.results .count').innerText(), /^找到 \d+ 条结果/);

  // the organisation facet narrows to organisations, and undoes itself
  const facet = page.locator('.facet[data-facet="type"] a', { hasText: '单位' });
  await Promise.all([page.waitForURL(/type=org/), facet.click()]);
  const after = await page.locator('.results .card').evaluateAll((els) => els.map((e) => e.dataset.type));
  assert.ok(after.length >= 1 && after.every((t) => t === 'org'));
  assert.equal(await page.locator('.facet a.on').count(), 1);
  await Promise.all([page.waitForURL((u) => !u.searchParams.has('type')), page.locator('.facet a.on').click()]);

  // a result's link leads to its page
  await page.getByLabel('关键词').fill('同步辐射光源');
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: '搜索', exact: true }).click()]);
  const first = page.locator('.results .card').first();
  assert.equal(await first.getAttribute('data-id'), String(seed.facility));
  await Promise.all([page.waitForURL(`**/instruments/${seed.facility}`), first.locator('h3 a').click()]);
  await page.context().close();
});

test('a misspelt English word is corrected, and said so', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/search?q=' + encodeURIComponent('micrscope'));
  const note = page.locator('.didyoumean');
  assert.match(await note.innerText(), /microscope/);
  assert.ok(await page.locator('.results .card').count() >= 1);
  await page.context().close();
});

test('English, a phone, and no JavaScript', { skip: skipReason }, async () => {
  const page = await newPage(browser, s, PHONE, { javaScriptEnabled: false });
  await page.goto('/search?q=' + encodeURIComponent('显微镜') + '&lang=en');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.match(await page.locator('.results .count').innerText(), /^\d+ results?/);
  await page.screenshot({ path: join(screenshotDir(), 'search-phone-en.png'), fullPage: true });
  await page.getByLabel('Search everything').fill('X-ray');
  await Promise.all([page.waitForURL(/q=X-ray/), page.getByRole('button', { name: 'Find' }).click()]);
  assert.ok(await page.locator('.results .card').count() >= 1);
  await page.context().close();
});

test('every state of the search page is valid HTML, in both languages', { skip: skipReason }, async () => {
  const states = [
    ['/search', 200],
    ['/search?q=' + encodeURIComponent('显微镜'), 200],
    ['/search?q=' + encodeURIComponent('显微镜 region:安徽') + '&type=instrument&page=2&per_page=5', 200],
    ['/search?q=' + encodeURIComponent('micrscope'), 200],
    ['/search?q=' + encodeURIComponent('the of'), 200],
    ['/search?q=' + encodeURIComponent('zzqqxx'), 200],
    ['/search?q=' + encodeURIComponent('foo:bar'), 400],
    ['/search?q=' + encodeURIComponent('"<script>alert(1)</script>'), 200],
  ];
  for (const lang of ['zh', 'en'])
    for (const [path, status] of states) {
      const res = await fetch(s.url + path, { headers: { Cookie: `lang=${lang}` } });
      assert.equal(res.status, status, path);
      assert.deepEqual(checkPage(await res.text()), [], `${path} (${lang})`);
    }
});
