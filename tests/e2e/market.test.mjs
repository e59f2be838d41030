// market.test.mjs — the technology market and the dashboard in a real
// browser, as the people who use them: an organisation's administrator
// registers a cross-region contract through the form (a bad amount is
// refused, what was typed kept); the seller region's coordinator finds it
// in the review queue and verifies it; an official opens the dashboard and
// the flows page, sees the figure move, the heat map and each chart's
// table and CSV download, switches to English; the office sets the
// assessment scheme and reads the ranking.  Every page of the capability
// is also checked as valid, labelled HTML (tidy) in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { checkPage, TIDY } from '../lib/html-check.mjs';
import { launch, newPage, formLogin, skipReason } from './fixtures.mjs';

const Y = new Date().getUTCFullYear() - 1;
let s, browser;
before(async () => {
  if (skipReason) return;
  s = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

async function crossFigure(page) {
  await page.goto(`/dashboard?year=${Y}`);
  return Number((await page.locator('#fig-cross_contracts strong').innerText()).replace(/,/g, ''));
}

test('register, verify, and see it on the dashboard', { skip: skipReason }, async () => {
  const official = await newPage(browser, s);
  const before = await crossFigure(official);
  assert.equal(await official.locator('#fig-experts strong').innerText(), '0');

  // the seller's administrator registers a contract with a buyer in Jiangsu
  const seller = await newPage(browser, s);
  await seller.goto('/contracts/new');
  await formLogin(seller, 'orgadmin1', PASSWORD);
  await seller.getByRole('heading', { level: 1, name: '登记技术合同' }).waitFor();
  await seller.getByLabel('合同类型').selectOption('transfer');
  await seller.getByLabel('合同名称').fill('高纯碳化硅衬底专利转让合同');
  await seller.getByLabel('合同金额（元）').fill('3000000');
  await seller.getByLabel('技术性收入（元）').fill('3000000');
  await seller.getByLabel('买方单位（编号或全称）').fill('测试研究院');
  await seller.getByLabel('签订日期').fill(`${Y}-09-01`);
  await seller.getByLabel('技术领域').selectOption('new_materials');
  // income above the amount: refused naming the field, the form kept
  await seller.getByLabel('技术性收入（元）').fill('3000001');
  const [bad] = await Promise.all([seller.waitForNavigation(), seller.getByRole('button', { name: '提交核验' }).click()]);
  assert.equal(bad.status(), 400);
  assert.equal(await seller.locator('#form-error').getAttribute('data-field'), 'income_cny');
  assert.equal(await seller.getByLabel('合同名称').inputValue(), '高纯碳化硅衬底专利转让合同');
  await seller.getByLabel('技术性收入（元）').fill('2800000');
  await Promise.all([seller.waitForNavigation(), seller.getByRole('button', { name: '提交核验' }).click()]);
  assert.match(new URL(seller.url()).pathname, /^\/contracts\/\d+$/);
  assert.equal(await seller.locator('.badge').first().innerText(), '待核验');
  assert.equal(await seller.locator('#verify').count(), 0, 'the seller cannot verify its own');
  const path = new URL(seller.url()).pathname;

  // the coordinator of the seller's region (Anhui) verifies it
  const coord = await newPage(browser, s);
  await coord.goto('/contracts?review=1');
  await formLogin(coord, 'coord', PASSWORD);
  await coord.locator(`#contracts a[href="${path}"]`).click();
  await coord.waitForURL((u) => u.pathname === path);
  await Promise.all([coord.waitForNavigation(), coord.locator('#verify').click()]);
  assert.equal(await coord.locator('.badge').first().innerText(), '已核验');

  // the official's dashboard follows
  assert.equal(await crossFigure(official), before + 1);
  // nothing the year before: no growth is shown rather than an infinite one
  assert.equal(await official.locator('#fig-cross_contracts .growth').count(), 0);
  assert.equal(await official.locator('#matrix svg.heat rect').count(), 16);
  assert.ok(await official.locator('#matrix table').isVisible());
  // each chart has its table and a CSV download beside it
  for (const id of ['trend', 'matrix', 'instruments-by-region'])
    assert.equal(await official.locator(`#${id} table`).count(), 1, id);
  const href = await official.locator('#matrix a.csv').getAttribute('href');
  const bytes = Buffer.from(await (await fetch(s.url + href)).arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, so that Excel reads UTF-8');
  const csv = bytes.subarray(3).toString('utf8');
  assert.match(csv, /^year,seller_region,buyer_region,count,amount_cny,income_cny\r\n/);
  assert.match(csv, new RegExp(`${Y},340000,320000,1,3000000,2800000`));
  // in English
  await official.getByRole('link', { name: 'English' }).click();
  await official.getByRole('heading', { level: 1, name: 'Community dashboard' }).waitFor();
  assert.match(await official.locator('#fig-experts .label').innerText(), /Experts in the talent pool/);
  await official.goto(`/flows?year=${Y}&region=340000`);
  assert.equal(await official.locator('#fig-cross strong').innerText(), '1');
  assert.match(await official.locator('#top-sellers table').innerText(), /Test University/);
});

test('the office sets the assessment scheme; a wrong sum is refused', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto(`/institutes/scheme?year=${Y}`);
  await formLogin(page, 'office', PASSWORD);
  await page.getByLabel('技术合同技术性收入').fill('60');
  await page.getByLabel('仪器对外服务机时').fill('30');
  const [bad] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存方案' }).click()]);
  assert.equal(bad.status(), 400);
  assert.equal(await page.locator('#form-error').getAttribute('data-field'), 'weights');
  assert.equal(await page.getByLabel('技术合同技术性收入').inputValue(), '60');
  await page.getByLabel('仪器对外服务机时').fill('40');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存方案' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/institutes');
  assert.match(await page.locator('#scheme table').innerText(), /60/);
  assert.match(await page.locator('#formula').innerText(), /权重 × 本所指标值 ÷/);
});

const skipTidy = skipReason || (existsSync(TIDY) ? false : `${TIDY} is missing`);
test('every page of the capability is valid, labelled HTML in both languages', { skip: skipTidy }, async () => {
  const admin = await s.login('admin');
  const c = await s.api('GET', '/api/v1/contracts?per_page=1', { token: admin });
  const id = c.json.items[0].id;
  // a browser session for the pages that need one
  const page = await newPage(browser, s);
  await page.goto('/login');
  await formLogin(page, 'coord', PASSWORD);
  const cookie = (await page.context().cookies()).map((k) => `${k.name}=${k.value}`).join('; ');
  for (const lang of ['zh', 'en'])
    for (const [path, auth] of [[`/dashboard?year=${Y}`], [`/dashboard?year=${Y}&region=310000`], ['/flows'],
      [`/institutes?year=${Y}`], ['/contracts', true], ['/contracts?review=1', true], ['/contracts/new', true],
      ['/contracts/import', true], [`/contracts/${id}`, true]]) {
      const r = await fetch(s.url + path, { headers: { Cookie: `lang=${lang}` + (auth ? '; ' + cookie : '') } });
      assert.equal(r.status, 200, path);
      assert.deepEqual(checkPage(await r.text()), [], `${path} (${lang})`);
    }
});
