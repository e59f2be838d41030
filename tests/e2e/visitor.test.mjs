// visitor.test.mjs — a visitor, not logged in, in a real browser: the home
// page's figures and chart, the search box, the language switch, the phone
// layout; and screenshots of the home page and the catalogue for a person
// to look at (build/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import {
  launch, newPage, seedCatalogue, screenshotDir, skipReason, DESKTOP, PHONE,
} from './fixtures.mjs';

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

test('home page shows the figures, a region chart with its table, and searches the catalogue', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.getByRole('heading', { level: 1, name: '长三角科技资源共享' }).waitFor();

  // the figures: 32 instruments + 1 facility from the seed, 4 organisations
  const fig = (id) => page.locator(`#${id} strong`).innerText();
  assert.equal(await fig('fig-instruments'), '32');
  assert.equal(await fig('fig-facilities'), '1');
  assert.equal(await fig('fig-orgs'), '4');
  assert.match(await fig('fig-value'), /亿元$/);
  assert.equal(await page.locator('.figures .fig').count(), 5);
  for (const label of await page.locator('.fig .label').allInnerTexts()) assert.ok(label.trim());

  // the chart: an SVG with a title, one bar per region, visible and sized
  const chart = page.locator('.by-region svg.chart');
  assert.equal(await chart.count(), 1);
  assert.equal(await chart.locator('title').textContent(), '各区域仪器设施原值');
  assert.equal(await chart.getAttribute('role'), 'img');
  assert.equal(await chart.locator('rect').count(), 4);
  const box = await chart.boundingBox();
  assert.ok(box.width > 300 && box.height > 80, `chart is ${box.width}×${box.height}`);
  const fill = await chart.locator('rect').first().evaluate((r) => getComputedStyle(r).fill);
  assert.notEqual(fill, 'rgb(0, 0, 0)', 'the stylesheet colours the bars');
  // the table beside it says the same in numbers, and links into the catalogue
  const anhui = page.locator('.by-region tbody tr', { hasText: '安徽省' });
  assert.equal(await anhui.locator('td.num').first().innerText(), '24');
  assert.equal(await anhui.locator('td.num a').getAttribute('href'), '/instruments?region=340000');

  // the search box submits to the catalogue
  await page.getByRole('searchbox', { name: '搜索仪器设施' }).fill('显微镜');
  await Promise.all([page.waitForURL(/\/instruments\?q=/), page.getByRole('button', { name: '搜索' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/instruments');
  assert.equal(new URL(page.url()).searchParams.get('q'), '显微镜');
  assert.equal(await page.getByRole('searchbox').inputValue(), '显微镜', 'the catalogue keeps the words');
  const cards = page.locator('.results .card');
  assert.ok(await cards.count() >= 5);
  for (const t of await cards.locator('h3').allInnerTexts()) assert.match(t, /显微镜/);
  assert.match(await page.locator('#result-count').innerText(), /^共 \d+ 条结果$/);
  await page.context().close();
});

test('the language link switches to English, the choice stays on the next page, and back', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/instruments?region=340000');
  const lang = page.locator('header .lang');
  assert.equal(await lang.innerText(), 'English');
  await Promise.all([page.waitForURL(/lang=en/), lang.click()]);
  // the same page, now in English, the filter kept
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(new URL(page.url()).searchParams.get('region'), '340000');
  await page.getByRole('heading', { level: 1, name: 'Large instruments and major facilities' }).waitFor();
  assert.match(await page.locator('#result-count').innerText(), /^24 results$/);
  assert.equal(await page.locator('nav[aria-label="Main"] a').first().innerText(), 'Instruments');
  const cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'lang')?.value, 'en');

  // another page, reached by a link without ?lang: still English
  await Promise.all([page.waitForURL(/\/orgs$/), page.getByRole('link', { name: 'Organisations', exact: true }).click()]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('heading', { level: 1, name: 'Organisations of the community' }).waitFor();
  await page.goto('/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('.by-region svg.chart title').textContent(), 'Instrument value by region');
  assert.equal(await page.locator('#fig-instruments .label').innerText(), 'large research instruments');

  // and back to Chinese, which also stays
  assert.equal(await page.locator('header .lang').innerText(), '中文');
  await Promise.all([page.waitForURL(/lang=zh/), page.locator('header .lang').click()]);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.goto('/orgs');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.getByRole('heading', { level: 1, name: '共同体单位' }).waitFor();
  await page.context().close();
});

/** true when the page body does not scroll sideways */
const noSideScroll = (page) => page.evaluate(() => {
  const el = document.scrollingElement;
  return { ok: el.scrollWidth <= window.innerWidth + 1, scrollWidth: el.scrollWidth, inner: window.innerWidth };
});

test('on a phone (375×812) the catalogue fits the screen and the navigation works', { skip: skipReason }, async () => {
  const page = await newPage(browser, s, PHONE, { isMobile: true, hasTouch: true });
  // filters open (a region is chosen), results, a pager: the longest page
  await page.goto('/instruments?region=340000');
  let w = await noSideScroll(page);
  assert.ok(w.ok, `page scrolls sideways: ${w.scrollWidth} > ${w.inner}`);
  assert.equal(await page.locator('details.more').getAttribute('open'), '');
  // the filter grid is one column: every control as wide as the form, none past the edge
  const boxes = await page.locator('.filters .grid label').evaluateAll((ls) => ls.map((l) => {
    const r = l.getBoundingClientRect(); return { left: r.left, right: r.right };
  }));
  assert.ok(boxes.length >= 8);
  assert.equal(new Set(boxes.map((b) => Math.round(b.left))).size, 1, 'the filter grid collapses to one column');
  for (const b of boxes) assert.ok(b.right <= 375, `a filter sticks out to ${b.right}`);

  // the navigation: every link on screen, big enough to tap, and it works
  const links = page.locator('header nav a');
  assert.ok(await links.count() >= 2, 'the catalogue, organisations and each capability\'s page');
  for (const box of await links.evaluateAll((as) => as.map((a) => a.getBoundingClientRect().toJSON()))) {
    assert.ok(box.left >= 0 && box.right <= 375, `nav link off screen: ${JSON.stringify(box)}`);
    assert.ok(box.height >= 32 && box.width >= 32, `nav link too small to tap: ${box.width}×${box.height}`);
  }
  await Promise.all([page.waitForURL(/\/orgs$/), links.filter({ hasText: '单位' }).tap()]);
  await page.getByRole('heading', { level: 1, name: '共同体单位' }).waitFor();
  w = await noSideScroll(page);
  assert.ok(w.ok, `/orgs scrolls sideways: ${w.scrollWidth}`);

  // English words are longer: the catalogue, the home page and a region still fit;
  // a wide table scrolls inside itself, not the page
  await page.goto('/instruments?lang=en&region=340000&q=microscope');
  w = await noSideScroll(page);
  assert.ok(w.ok, `English catalogue scrolls sideways: ${w.scrollWidth}`);
  for (const path of ['/', '/regions/320000', `/instruments/${seed.facility}`, '/login']) {
    await page.goto(path);
    w = await noSideScroll(page);
    assert.ok(w.ok, `${path} scrolls sideways at 375px: ${w.scrollWidth}`);
  }
  await page.context().close();
});

test('at 360px, the narrowest phone we serve, nothing scrolls sideways either', { skip: skipReason }, async () => {
  const page = await newPage(browser, s, { width: 360, height: 740 });
  for (const path of ['/?lang=zh', '/instruments?region=340000', '/instruments?lang=en&region=340000', '/', '/orgs']) {
    await page.goto(path);
    const w = await noSideScroll(page);
    assert.ok(w.ok, `${path} scrolls sideways at 360px: ${w.scrollWidth}`);
  }
  await page.context().close();
});

test('keyboard focus is clearly visible', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/');
  await page.keyboard.press('Tab');   // the brand link first
  const focused = await page.evaluate(() => {
    const el = document.activeElement, cs = getComputedStyle(el);
    return { cls: el.className, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
  assert.equal(focused.cls, 'brand');
  assert.notEqual(focused.style, 'none');
  assert.ok(focused.width >= 2, `focus outline only ${focused.width}px`);
  await page.context().close();
});

test('screenshots of the home page and the catalogue, desktop and phone', { skip: skipReason }, async () => {
  const dir = screenshotDir();
  const shots = [
    ['home-desktop', '/', DESKTOP], ['home-phone', '/', PHONE],
    ['catalogue-desktop', '/instruments?q=显微镜', DESKTOP], ['catalogue-phone', '/instruments?region=340000', PHONE],
    ['instrument-desktop', `/instruments/${seed.facility}`, DESKTOP],
  ];
  for (const [name, path, viewport] of shots) {
    const page = await newPage(browser, s, viewport);
    await page.goto(path);
    const file = join(dir, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await page.context().close();
  }
});
