// filters.test.mjs — the catalogue's filter form and pagination, and the
// whole site with JavaScript switched off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { launch, newPage, seedCatalogue, formLogin, skipReason } from './fixtures.mjs';

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

/** ids of the instruments in a region, through the API. */
async function idsIn(region) {
  const r = await s.api('GET', `/api/v1/instruments?region=${region}&per_page=100`);
  assert.equal(r.status, 200);
  return new Set(r.json.items.map((i) => i.id));
}

const shownIds = (page) => page.locator('.results .card')
  .evaluateAll((cs) => cs.map((c) => Number(c.dataset.id)));

test('a region chosen in the filter form: every result is in it, and the pages keep the filters', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/instruments');
  assert.match(await page.locator('#result-count').innerText(), /共 33 条结果/);
  const filters = page.locator('details.more');
  assert.equal(await filters.getAttribute('open'), null, 'closed until used');
  await filters.locator('summary').click();
  await page.getByLabel('区域').selectOption({ label: '安徽省' });
  await page.getByLabel('排序').selectOption('value_asc');
  await Promise.all([page.waitForURL(/region=340000/), page.getByRole('button', { name: '应用' }).click()]);

  const anhui = await idsIn('340000');
  assert.equal(anhui.size, 24);
  assert.match(await page.locator('#result-count').innerText(), /共 24 条结果/);
  assert.equal(await filters.getAttribute('open'), '', 'open while a filter is set');
  assert.equal(await page.getByLabel('区域').inputValue(), '340000', 'the form shows the filter');
  const first = await shownIds(page);
  assert.equal(first.length, 20);
  for (const id of first) assert.ok(anhui.has(id), `instrument ${id} is not in Anhui`);
  for (const meta of await page.locator('.results .card .meta:nth-of-type(2)').allInnerTexts())
    assert.match(meta, /合肥市/);

  // the pager: page 1 of 2, the next link keeps region and sort
  const pager = page.locator('nav.pager');
  assert.match(await pager.innerText(), /第 1 \/ 2 页/);
  const next = pager.locator('a[rel="next"]');
  const href = new URL(await next.getAttribute('href'), s.url);
  assert.equal(href.searchParams.get('region'), '340000');
  assert.equal(href.searchParams.get('sort'), 'value_asc');
  assert.equal(href.searchParams.get('page'), '2');
  await Promise.all([page.waitForURL(/page=2/), next.click()]);
  const second = await shownIds(page);
  assert.equal(second.length, 4);
  for (const id of second) assert.ok(anhui.has(id), `page 2: instrument ${id} is not in Anhui`);
  assert.equal(new Set([...first, ...second]).size, 24, 'the two pages together are the region, once each');
  assert.equal(await page.getByLabel('区域').inputValue(), '340000');
  assert.equal(await page.getByLabel('排序').inputValue(), 'value_asc');
  // sorted by value across both pages
  const values = [];
  for (const id of [...first, ...second]) values.push((await s.api('GET', `/api/v1/instruments/${id}`)).json.value_cny);
  assert.deepEqual(values, [...values].sort((a, b) => a - b));
  const prev = new URL(await page.locator('nav.pager a[rel="prev"]').getAttribute('href'), s.url);
  assert.equal(prev.searchParams.get('region'), '340000');
  assert.equal(prev.searchParams.get('sort'), 'value_asc');

  // another region, with keywords: still only that region
  await page.getByLabel('区域').selectOption({ label: '上海市' });
  await page.getByRole('searchbox').fill('光源');
  await Promise.all([page.waitForURL(/region=310000/), page.getByRole('button', { name: '应用' }).click()]);
  const shanghai = await idsIn('310000');
  const ids = await shownIds(page);
  assert.ok(ids.includes(seed.facility), 'the synchrotron is found');
  for (const id of ids) assert.ok(shanghai.has(id), `instrument ${id} is not in Shanghai`);
  assert.equal(await page.locator(`.card[data-id="${seed.facility}"] .badge.fac`).innerText(), '重大科技基础设施');
  await page.context().close();
});

test('without JavaScript: search, filters, login and logout all work', { skip: skipReason }, async () => {
  const page = await newPage(browser, s, undefined, { javaScriptEnabled: false });
  await page.setContent('<title>t</title><script>document.title = "ran"</script>');
  assert.equal(await page.title(), 't', 'page scripts really are off');
  await page.goto('/');
  assert.equal(await page.locator('noscript').count(), 0);

  // search from the home page
  await page.getByRole('searchbox', { name: '搜索仪器设施' }).fill('质谱');
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: '搜索' }).click()]);
  const cards = page.locator('.results .card');
  assert.ok(await cards.count() >= 2);
  for (const t of await cards.locator('h3 mark').allInnerTexts()) assert.equal(t, '质谱');

  // the filters open without script (<details>) and apply
  await page.locator('details.more summary').click();
  await page.getByLabel('区域').selectOption('320000');
  await Promise.all([page.waitForURL(/region=320000/), page.getByRole('button', { name: '应用' }).click()]);
  const jiangsu = await idsIn('320000');
  for (const id of await shownIds(page)) assert.ok(jiangsu.has(id));
  assert.equal(new URL(page.url()).searchParams.get('q'), '质谱', 'the words are kept with the filter');

  // log in through the form, with the CSRF token the page gave
  await page.goto('/login');
  await formLogin(page, 'member1', PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.locator('header .who').innerText(), /member1/);
  // a member may not add instruments: no button for it
  await page.goto('/instruments');
  assert.equal(await page.getByRole('link', { name: '登记仪器设施' }).count(), 0);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '退出' }).click()]);
  assert.equal(await page.locator('header .who').count(), 0);
  await page.context().close();
});
