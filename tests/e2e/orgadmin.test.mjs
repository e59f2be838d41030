// orgadmin.test.mjs — an organisation's administrator in a real browser:
// logs in through the form, adds an instrument, finds it by a two-character
// word, edits it, cannot touch another organisation's, logs out; and the
// form refuses bad input while keeping what was typed.
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

/** How many instruments the API knows, retired ones included. */
async function apiTotal() {
  const r = await s.api('GET', '/api/v1/instruments?status=all&per_page=1');
  assert.equal(r.status, 200);
  return r.json.total;
}

const NAME = '量子芯片低温探针台';

test('org admin: log in, add, find, edit an instrument; not another organisation\'s; log out', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);

  // a protected page sends the visitor to the login form, remembering where
  await page.goto('/instruments/new');
  const login = new URL(page.url());
  assert.equal(login.pathname, '/login');
  assert.equal(login.searchParams.get('next'), '/instruments/new');

  // a wrong password: an error, the user name kept, still on the form
  await page.getByLabel('用户名').fill('orgadmin1');
  await page.getByLabel('密码').fill('not-the-password');
  const [bad] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('main').getByRole('button', { name: '登录' }).click(),
  ]);
  assert.equal(bad.status(), 401);
  assert.equal(await page.getByRole('alert').innerText(), '用户名或密码错误。');
  assert.equal(await page.getByLabel('用户名').inputValue(), 'orgadmin1');
  assert.equal(await page.getByLabel('密码').inputValue(), '', 'a password is never sent back');

  // the right one lands on the page asked for
  await formLogin(page, 'orgadmin1', PASSWORD);
  assert.equal(new URL(page.url()).pathname, '/instruments/new');
  assert.match(await page.locator('header .who').innerText(), /orgadmin1/);
  await page.getByRole('heading', { level: 1, name: '登记仪器设施' }).waitFor();
  assert.equal(await page.locator('#f-org_id').count(), 0, 'an org admin adds to their own organisation only');

  // add an instrument through the form
  const before = await apiTotal();
  await page.getByLabel('中文名称').fill(NAME);
  await page.getByLabel('英文名称').fill('Cryogenic probe station for quantum chips');
  await page.getByLabel('仪器分类').selectOption({ label: '电子测量仪器' });
  await page.getByLabel('型号').fill('CPX-HF');
  await page.getByLabel('生产厂商').fill('Lake Shore');
  await page.getByLabel('原值（元）').fill('3600000');
  await page.getByLabel('购置年份').fill('2021');
  await page.getByLabel('共享方式').selectOption('open');
  await page.getByLabel('主要技术指标').fill('温度范围 1.6 K～675 K\n真空度优于 5×10⁻⁷ Torr');
  const [created] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  assert.equal(created.status(), 200);
  const m = /^\/instruments\/(\d+)$/.exec(new URL(page.url()).pathname);
  assert.ok(m, `after saving: ${page.url()}`);
  const id = Number(m[1]);
  assert.equal(await apiTotal(), before + 1);

  // its page shows what was entered
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), NAME);
  assert.equal(await page.locator('.sub').innerText(), 'Cryogenic probe station for quantum chips');
  const facts = page.locator('table.facts');
  assert.equal(await facts.locator('tr', { hasText: '型号' }).locator('td').innerText(), 'CPX-HF');
  assert.equal(await facts.locator('tr', { hasText: '所属单位' }).locator('td').innerText(), '测试大学');
  assert.match(await facts.locator('tr', { hasText: '所在地' }).locator('td').innerText(), /安徽省 · 合肥市/);
  assert.equal(await page.locator('.badge.st-in_service').innerText(), '在用');
  assert.equal(await page.locator('.pre').first().innerText(), '温度范围 1.6 K～675 K\n真空度优于 5×10⁻⁷ Torr');

  // found by the two-character word 芯片 in the catalogue's search box
  await page.goto('/instruments');
  await page.getByRole('searchbox', { name: '关键词' }).fill('芯片');
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: '搜索' }).click()]);
  const card = page.locator(`.results .card[data-id="${id}"]`);
  assert.equal(await card.count(), 1, 'the new instrument is among the results');
  assert.equal(await card.locator('h3 mark').first().innerText(), '芯片');
  assert.equal((await card.locator('h3').innerText()).trim(), NAME);

  // edit: status to 维修中 (maintenance)
  await card.locator('h3 a').click();
  await page.waitForURL(new RegExp(`/instruments/${id}$`));
  await Promise.all([page.waitForURL(/\/edit$/), page.getByRole('link', { name: '编辑' }).click()]);
  await page.getByRole('heading', { level: 1, name: '编辑仪器设施' }).waitFor();
  assert.equal(await page.getByLabel('中文名称').inputValue(), NAME, 'the form shows the record');
  assert.equal(await page.getByLabel('型号').inputValue(), 'CPX-HF');
  await page.getByLabel('状态', { exact: true }).selectOption({ label: '维修中' });
  await Promise.all([page.waitForURL(new RegExp(`/instruments/${id}$`)), page.getByRole('button', { name: '保存' }).click()]);
  assert.equal(await page.locator('.badge.st-maintenance').innerText(), '维修中');
  assert.equal(await page.locator('.badge.st-in_service').count(), 0);
  assert.equal((await s.api('GET', `/api/v1/instruments/${id}`)).json.status, 'maintenance');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), NAME, 'nothing else changed');

  // another organisation's instrument: no edit link, and its edit URL is refused
  const theirs = seed.ids.other[0];
  assert.equal((await s.api('GET', `/api/v1/instruments/${theirs}`)).json.org_id, s.org2);
  await page.goto(`/instruments/${theirs}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.getByRole('link', { name: '编辑' }).count(), 0);
  assert.equal(await page.locator(`a[href$="/edit"]`).count(), 0);
  const forbidden = await page.goto(`/instruments/${theirs}/edit`);
  assert.equal(forbidden.status(), 403);
  await page.getByRole('heading', { level: 1, name: /没有权限/ }).waitFor();

  // log out: back to a visitor
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '退出' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.locator('header .who').count(), 0);
  await page.locator('header .account').getByRole('link', { name: '登录' }).waitFor();
  await page.goto('/instruments/new');
  assert.equal(new URL(page.url()).pathname, '/login', 'the session is gone');
  await page.context().close();
});

test('the form refuses an empty name, says so next to the field and keeps what was typed', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/login?next=/instruments/new');
  await formLogin(page, 'orgadmin1', PASSWORD);
  const before = await apiTotal();

  // a name of spaces passes the browser's `required` but is empty to the server
  await page.getByLabel('中文名称').fill('   ');
  await page.getByLabel('英文名称').fill('Wafer prober');
  await page.getByLabel('仪器分类').selectOption('electronic');
  await page.getByLabel('型号').fill('UF3000-EX');
  await page.getByLabel('原值（元）').fill('2500000');
  await page.getByLabel('所在城市').selectOption('340100');
  await page.getByLabel('状态', { exact: true }).selectOption('maintenance');
  await page.getByLabel('简介').fill('第一行\n第二行 <b>不是标签</b>');
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  assert.equal(res.status(), 400);
  await page.getByRole('heading', { level: 1, name: '登记仪器设施' }).waitFor();

  // the error stands next to the field, which is marked invalid
  const bad = page.locator('.field.invalid');
  assert.equal(await bad.count(), 1);
  assert.equal(await bad.locator('input').getAttribute('id'), 'f-name_zh');
  assert.ok(await bad.locator('.err').isVisible());
  assert.ok((await bad.locator('.err').innerText()).trim().length > 0);
  assert.ok(await page.locator('#form-error').isVisible(), 'a summary above the form too');

  // the rest is kept as typed
  assert.equal(await page.getByLabel('英文名称').inputValue(), 'Wafer prober');
  assert.equal(await page.getByLabel('仪器分类').inputValue(), 'electronic');
  assert.equal(await page.getByLabel('型号').inputValue(), 'UF3000-EX');
  assert.equal(await page.getByLabel('原值（元）').inputValue(), '2500000');
  assert.equal(await page.getByLabel('所在城市').inputValue(), '340100');
  assert.equal(await page.getByLabel('状态', { exact: true }).inputValue(), 'maintenance');
  assert.equal(await page.getByLabel('简介').inputValue(), '第一行\n第二行 <b>不是标签</b>');

  // and nothing was written
  assert.equal(await apiTotal(), before);
  const found = await s.api('GET', `/api/v1/instruments?q=${encodeURIComponent('UF3000-EX')}&status=all`);
  assert.equal(found.json.total, 0);

  // correcting the name saves it, with everything else as typed
  await page.getByLabel('中文名称').fill('晶圆探针台');
  await Promise.all([page.waitForURL(/\/instruments\/\d+$/), page.getByRole('button', { name: '保存' }).click()]);
  assert.equal(await apiTotal(), before + 1);
  assert.equal(await page.locator('.badge.st-maintenance').innerText(), '维修中');
  await page.context().close();
});

// A src/ bug this test shows: the message next to the field is the domain's
// English text with the raw field key ("name_zh is required") on a Chinese
// page.  See the report; fix in src/web/instruments.c form_field().
test('the message next to an invalid field speaks the page\'s language and names the field by its label', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/login?next=/instruments/new');
  await formLogin(page, 'orgadmin1', PASSWORD);
  await page.getByLabel('中文名称').fill(' ');
  await page.getByLabel('原值（元）').fill('1000');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '保存' }).click()]);
  const msg = await page.locator('.field.invalid .err').innerText();
  assert.doesNotMatch(msg, /name_zh/, `the raw field key shows: "${msg}"`);
  assert.match(msg, /[\u4e00-\u9fff]/, `no Chinese in the message on a Chinese page: "${msg}"`);
  await page.context().close();
});

// A src/ bug this test shows: the login redirect keeps the path of the page
// asked for but drops its query (/admin/audit?entity=instrument comes back
// as /admin/audit).  See the report; fix in src/http/routes.c routes_dispatch().
test('logging in returns to the page asked for, query and all', { skip: skipReason }, async () => {
  const page = await newPage(browser, s);
  await page.goto('/admin/audit?entity=instrument');
  assert.equal(new URL(page.url()).pathname, '/login');
  await formLogin(page, 'admin', PASSWORD);
  const back = new URL(page.url());
  assert.equal(back.pathname, '/admin/audit');
  assert.equal(back.searchParams.get('entity'), 'instrument', `landed on ${back.pathname}${back.search}`);
  await page.context().close();
});
