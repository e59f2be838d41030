// challenges.test.mjs — 揭榜挂帅 in a real browser, as the people who use
// it: an enterprise's member drafts a challenge (a deadline in the past is
// refused, what was typed kept); the region's coordinator finds it in the
// review queue and publishes it; a team in another region responds with
// its consortium; the enterprise selects it and lands on the joint
// project it became; the project's lead adds a milestone and marks it
// done; a visitor reads the figures in Chinese and English.  Every page
// of the capability is also checked as valid, labelled HTML (tidy) in
// both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer, cliAsync, PASSWORD } from '../lib/server.mjs';
import { checkPage, TIDY } from '../lib/html-check.mjs';
import { launch, newPage, formLogin, skipReason } from './fixtures.mjs';

let s, browser, ent, challengePath, projectPath;
const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

before(async () => {
  if (skipReason) return;
  s = await startServer();
  const admin = await s.login('admin');
  const r = await s.api('POST', '/api/v1/organisations', { token: admin,
    body: { kind: 'enterprise', name_zh: '合肥测试半导体有限公司', name_en: 'Hefei Test Semiconductor', city: '340100' } });
  ent = r.json.id;
  for (const [name, role] of [['ent-member', 'member'], ['ent-admin', 'org_admin']]) {
    const u = await cliAsync(['user', 'add', '--db', s.db, '--name', name, '--role', role, '--org', String(ent),
      '--password-stdin'], PASSWORD + '\n');
    assert.equal(u.status, 0, u.stderr);
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const submit = (page, name) => Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);

test('draft, review, respond, select: the challenge becomes a joint project', { skip: skipReason }, async () => {
  // the enterprise drafts
  const poster = await newPage(browser, s);
  await poster.goto('/challenges/new');
  await formLogin(poster, 'ent-member', PASSWORD);
  await poster.getByRole('heading', { level: 1, name: '发布榜单' }).waitFor();
  await poster.getByLabel('榜单名称').fill('6英寸碳化硅衬底量产工艺攻关');
  await poster.getByLabel('产业领域').selectOption('semiconductor');
  await poster.getByLabel('技术难题描述').fill('征集团队攻关6英寸导电型碳化硅单晶生长与衬底加工量产工艺。');
  await poster.getByLabel('目标指标').fill('微管密度≤0.5 cm⁻²；衬底良率≥60%');
  await poster.getByLabel('榜单金额（元）').fill('30000000');
  await poster.getByLabel('揭榜截止日期').fill('2020-01-01');
  await poster.getByLabel('知识产权归属').selectOption('shared');
  const [bad] = await submit(poster, '提交审核');
  assert.equal(bad.status(), 400);
  assert.equal(await poster.locator('#form-error').getAttribute('data-field'), 'deadline');
  assert.equal(await poster.getByLabel('榜单名称').inputValue(), '6英寸碳化硅衬底量产工艺攻关');
  await poster.getByLabel('揭榜截止日期').fill(day(30));
  await submit(poster, '提交审核');
  challengePath = new URL(poster.url()).pathname;
  assert.match(challengePath, /^\/challenges\/\d+$/);
  assert.equal(await poster.locator('.badge.ch-submitted').innerText(), '待审核');

  // the Anhui coordinator publishes it from the review queue
  const coord = await newPage(browser, s);
  await coord.goto(`/login?next=${encodeURIComponent('/challenges?review=1')}`);
  await formLogin(coord, 'coord', PASSWORD);
  await coord.locator(`#challenges a[href="${challengePath}"]`).click();
  await coord.waitForURL((u) => u.pathname === challengePath);
  await submit(coord, '审核通过并发布');
  assert.equal(await coord.locator('.badge.ch-published').innerText(), '已发布');
  assert.equal(await coord.locator('#open-now').count(), 1);

  // a Jiangsu team responds with its consortium
  const team = await newPage(browser, s);
  await team.goto(challengePath);
  await team.getByRole('link', { name: '登录' }).click();
  await formLogin(team, 'orgadmin2', PASSWORD);
  await team.goto(challengePath);
  await Promise.all([team.waitForNavigation(), team.locator('#respond').click()]);
  assert.equal(await team.getByLabel('牵头单位（编号或全称）').inputValue(), String(s.org2));
  await team.getByLabel('联合体成员单位（每行一个，编号或全称）').fill('测试研究院');   // the lead again
  await team.getByLabel('攻关方案').fill('三阶段：单晶生长工艺、衬底加工、中试验证。');
  await team.getByLabel('申请经费（元）').fill('25000000');
  const [dup] = await submit(team, '提交揭榜方案');
  assert.equal(dup.status(), 400);
  assert.equal(await team.locator('#form-error').getAttribute('data-field'), 'members[0]');
  assert.equal(await team.getByLabel('攻关方案').inputValue(), '三阶段：单晶生长工艺、衬底加工、中试验证。');
  await team.getByLabel('联合体成员单位（每行一个，编号或全称）').fill('测试大学');
  await submit(team, '提交揭榜方案');
  assert.equal(new URL(team.url()).pathname, challengePath);
  assert.equal(await team.locator('#responses .badge.resp-submitted').count(), 1);

  // the enterprise's administrator selects it
  const admin = await newPage(browser, s);
  await admin.goto(challengePath);
  await admin.getByRole('link', { name: '登录' }).click();
  await formLogin(admin, 'ent-admin', PASSWORD);
  await admin.goto(challengePath);
  assert.match(await admin.locator('#responses').innerText(), /测试研究院/);
  await Promise.all([admin.waitForNavigation(), admin.getByRole('button', { name: '选定揭榜方' }).click()]);
  projectPath = new URL(admin.url()).pathname;
  assert.match(projectPath, /^\/projects\/\d+$/);
  assert.equal(await admin.locator('#members tbody tr').count(), 2);
  assert.match(await admin.locator('#cross-region').innerText(), /2 个区域/);
  assert.equal(await admin.locator('#from-challenge').getAttribute('href'), challengePath);
  // the poster is not one of the project's leads
  assert.equal(await admin.locator('#milestone-form').count(), 0);

  // the lead's administrator adds a milestone and marks it done
  await team.goto(projectPath);
  await team.locator('#milestone-form').getByLabel('里程碑').fill('中试线贯通');
  await team.locator('#milestone-form').getByLabel('计划完成日期').fill(day(200));
  await Promise.all([team.waitForNavigation(), team.locator('#milestone-form').getByRole('button', { name: '添加' }).click()]);
  const row = team.locator('#milestones tbody tr').first();
  await row.getByLabel('状态').selectOption('done');
  await Promise.all([team.waitForNavigation(), row.getByRole('button', { name: '更新' }).click()]);
  assert.equal(await team.locator('#milestones tbody tr').first().getByLabel('状态').inputValue(), 'done');

  // a visitor reads the figures, then in English
  const visitor = await newPage(browser, s);
  await visitor.goto(`/projects/figures?year=${day(0).slice(0, 4)}`);
  assert.equal(await visitor.locator('#fig-solved strong').innerText(), '1');
  assert.equal(await visitor.locator('#fig-published strong').innerText(), '1');
  assert.equal(await visitor.locator('#by-region table tbody tr').count(), 4);
  await visitor.getByRole('link', { name: 'English' }).click();
  await visitor.getByRole('heading', { level: 1, name: 'Joint research and challenges in figures' }).waitFor();
  // the challenge is public now; its poster shown (not anonymous)
  await visitor.goto(challengePath);
  assert.match(await visitor.locator('table.facts').innerText(), /合肥测试半导体有限公司|Hefei Test Semiconductor/);
  assert.equal(await visitor.locator('#respond').count(), 0);
});

const skipTidy = skipReason || (existsSync(TIDY) ? false : `${TIDY} is missing`);
test('every page of the capability is valid, labelled HTML in both languages', { skip: skipTidy }, async () => {
  const admin = await s.login('admin');
  const k = await s.api('POST', '/api/v1/consortia', { token: admin,
    body: { name: '长三角测试创新联合体', lead_org_id: ent, members: [{ org_id: s.org1 }, { org_id: s.org2 }] } });
  assert.equal(k.status, 201, k.text);
  const c = await s.api('POST', '/api/v1/challenges', { token: admin, body: { title: '待审核的榜单', statement: '说明',
    indicators: '指标', field: 'ic', budget_cny: 1, deadline: day(20), ip_terms: 'team', poster_org_id: ent } });
  assert.equal(c.status, 201, c.text);
  const page = await newPage(browser, s);
  await page.goto('/login');
  await formLogin(page, 'admin', PASSWORD);
  const cookie = (await page.context().cookies()).map((x) => `${x.name}=${x.value}`).join('; ');
  const pid = projectPath ?? '/projects/1';
  for (const lang of ['zh', 'en'])
    for (const [path, auth] of [['/challenges'], ['/challenges?open=1'], [challengePath ?? '/challenges/1'],
      [`/challenges/${c.json.id}`, true], [`/challenges/${c.json.id}/edit`, true], ['/challenges/new', true],
      ['/challenges?mine=1', true], [pid], [pid, true], [`${pid}/edit`, true], ['/projects'], ['/projects?cross_region=1&region=340000'],
      ['/projects/new', true], ['/projects/import', true], ['/projects/figures'], ['/consortia'], [`/consortia/${k.json.id}`],
      ['/consortia/new', true]]) {
      const r = await fetch(s.url + path, { headers: { Cookie: `lang=${lang}` + (auth ? '; ' + cookie : '') } });
      assert.equal(r.status, 200, path);
      assert.deepEqual(checkPage(await r.text()), [], `${path} (${lang})`);
    }
  // the respond form, as a team that may respond
  const team = await newPage(browser, s);
  await team.goto('/login');
  await formLogin(team, 'orgadmin1', PASSWORD);
  const open = await s.api('POST', '/api/v1/challenges', { token: admin, body: { title: '开放的榜单', statement: '说明',
    indicators: '指标', field: 'ic', budget_cny: 1, deadline: day(20), ip_terms: 'team', poster_org_id: ent } });
  await s.api('POST', `/api/v1/challenges/${open.json.id}/publish`, { token: await s.login('coord') });
  const tc = (await team.context().cookies()).map((x) => `${x.name}=${x.value}`).join('; ');
  for (const lang of ['zh', 'en']) {
    const r = await fetch(`${s.url}/challenges/${open.json.id}/respond`, { headers: { Cookie: `lang=${lang}; ${tc}` } });
    assert.equal(r.status, 200);
    assert.deepEqual(checkPage(await r.text()), [], `respond (${lang})`);
  }
});
