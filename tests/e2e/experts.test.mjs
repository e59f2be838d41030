// experts.test.mjs — the talent pool's pages.  Every page, in both
// languages, is valid, labelled HTML (tidy); and in a real browser the
// community office finds experts for a problem, reads a profile and its
// (audited) contact details, draws a review panel, records a decline and
// re-runs the draw to verify it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { checkPage, TIDY } from '../lib/html-check.mjs';
import { launch, newPage, formLogin, skipReason } from './fixtures.mjs';

const skipTidy = existsSync(TIDY) ? false : `${TIDY} is missing: run scripts/deps.sh test`;
let s, browser;
const ids = {};
const cookies = {};

const PROBLEM = '长三角某企业需要研发高能量密度的固态锂离子电池，难点是固态电解质与正极材料之间的界面阻抗。';

before(async () => {
  s = await startServer();
  const admin = await s.login('admin');
  const mk = async (body) => {
    const r = await s.api('POST', '/api/v1/experts', { token: admin, body });
    if (r.status !== 201) throw new Error(`seed expert: ${r.status} ${r.text}`);
    return r.json.id;
  };
  ids.battery = await mk({ name: '陈固态', org_id: s.org1, title: 'professor', disciplines: ['48040'],
    keywords: ['固态电池', '固态电解质', '锂离子电池'], email: 'chen@example.cn', phone: '0551-12345678' });
  for (let i = 0; i < 8; i++)
    await mk({ name: `储能专家${i}`, org_id: i % 2 ? s.org2 : s.org1, title: 'professor', disciplines: ['48040'],
      keywords: i % 2 ? ['锂离子电池', '储能电站'] : ['电池管理系统'] });
  for (const u of ['admin', 'orgadmin1', 'member1', 'office']) cookies[u] = await webLogin(u);
  const r = await s.api('POST', '/api/v1/panel-draws', { token: await s.login('office'),
    body: { item: '页面检查评审', n: 2, disciplines: ['48040'] } });
  assert.equal(r.status, 201, r.text);
  ids.draw = r.json.id;
  if (!skipReason) browser = await launch();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

const setCookies = (res) => res.headers.getSetCookie().map((c) => c.split(';')[0]);

async function webLogin(user) {
  const form = await fetch(s.url + '/login');
  const csrfCookie = setCookies(form).find((c) => c.startsWith('sr_csrf='));
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())[1];
  const res = await fetch(s.url + '/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, username: user, password: PASSWORD, next: '/' }),
  });
  assert.equal(res.status, 303, `login ${user}`);
  return setCookies(res).find((c) => c.startsWith('sr_sid='));
}

async function page(path, { user, lang, form } = {}) {
  const jar = [`lang=${lang}`];
  if (user) jar.push(cookies[user]);
  const headers = { Cookie: jar.join('; ') };
  let body;
  if (form) {
    const holder = await fetch(s.url + form.from, { headers });
    const token = /name="_csrf" value="([^"]+)"/.exec(await holder.text())[1];
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({ _csrf: token, ...form.fields });
  }
  const res = await fetch(s.url + path, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') || '', html: await res.text() };
}

const KINDS = () => [
  ['the talent pool', '/experts', 200],
  ['finding experts for a problem', '/experts?q=' + encodeURIComponent(PROBLEM), 200],
  ['finding by name', '/experts?q=' + encodeURIComponent('陈固态'), 200],
  ['nothing found', '/experts?q=zzqqxx&region=320000', 200],
  ['a profile', `/experts/${ids.battery}`, 200],
  ['a profile with contact details (office)', `/experts/${ids.battery}?contact=1`, 200, { user: 'office' }],
  ['contact details refused (member)', `/experts/${ids.battery}?contact=1`, 403, { user: 'member1' }],
  ['no such expert', '/experts/999999', 404],
  ['new expert (org admin)', '/experts/new', 200, { user: 'orgadmin1' }],
  ['edit expert, with conflicts', `/experts/${ids.battery}/edit`, 200, { user: 'orgadmin1' }],
  ['the form sent back with an error', '/experts', 400, {
    user: 'orgadmin1', form: { from: '/experts/new', fields: { name: '新专家', title: 'professor', disciplines: '99999' } },
  }],
  ['import', '/experts/import', 200, { user: 'admin' }],
  ['import with bad rows', '/experts/import', 422, {
    user: 'admin', form: { from: '/experts/import', fields: { rows: '姓名,单位,职称,学科代码\n错误,测试大学,皇帝,99999\n', dry_run: '1' } },
  }],
  ['my profile (not linked)', '/me/expert', 200, { user: 'member1' }],
  ['the discipline codes', '/disciplines', 200],
  ['panel draws', '/panels', 200, { user: 'office' }],
  ['a new draw', '/panels/new', 200, { user: 'office' }],
  ['an impossible draw sent back', '/panels', 400, {
    user: 'office', form: { from: '/panels/new', fields: { item: '太多', n: '40', disciplines: '48040' } },
  }],
  ['a draw', `/panels/${ids.draw}`, 200, { user: 'office' }],
  ['a re-run', `/panels/${ids.draw}/rerun`, 200, { user: 'office', form: { from: `/panels/${ids.draw}`, fields: {} } }],
  ['draws refused (member)', '/panels', 403, { user: 'member1' }],
];

for (const lang of ['zh', 'en']) {
  test(`every talent-pool page is valid, labelled HTML (${lang})`, { skip: skipTidy }, async (t) => {
    for (const [what, path, status, opts = {}] of KINDS()) {
      await t.test(what, async () => {
        const r = await page(path, { ...opts, lang });
        assert.equal(r.status, status, `${path}: ${r.html.slice(0, 400)}`);
        assert.match(r.type, /^text\/html; charset=utf-8/i);
        assert.deepEqual(checkPage(r.html), [], `${path} (${lang})`);
        if (what === 'finding experts for a problem') {
          assert.match(r.html, /<mark>固态电解质<\/mark>/);
          assert.doesNotMatch(r.html, /chen@example\.cn/);
        }
        if (/import with bad rows/.test(what)) assert.match(r.html, /id="import-errors"/);
        if (/impossible/.test(what)) assert.match(r.html, /id="form-error"/);
      });
    }
  });
}

test('the office finds experts, sees contact details, draws a panel, replaces a member, re-runs', { skip: skipReason }, async () => {
  const p = await newPage(browser, s);
  await p.goto('/login?next=/experts');
  await formLogin(p, 'office', PASSWORD);
  assert.equal(new URL(p.url()).pathname, '/experts');

  // a problem text, in Chinese
  await p.getByLabel('问题、指南条目、项目申报书摘要，或专家姓名').fill(PROBLEM);
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: '查找专家' }).click()]);
  const first = p.locator('section.matches ol.results > li').first();
  assert.equal(await first.locator('h3').innerText(), '陈固态');
  assert.deepEqual(await first.locator('mark').allInnerTexts(), ['固态电池', '固态电解质', '锂离子电池']);
  assert.match(await p.locator('#result-count').innerText(), /共 \d+ 位专家相符/);

  // the profile; contact details only on request, and recorded
  await Promise.all([p.waitForNavigation(), first.getByRole('link', { name: '陈固态' }).click()]);
  assert.equal(await p.locator('#contact').count(), 0);
  await Promise.all([p.waitForNavigation(), p.getByRole('link', { name: /查看联系方式/ }).click()]);
  assert.match(await p.locator('#contact').innerText(), /chen@example\.cn/);
  const audit = await s.api('GET', `/api/v1/audit?entity=expert&entity_id=${ids.battery}`, { token: await s.login('admin') });
  assert.ok(audit.json.items.some((e) => e.action === 'view_contact' && e.actor === 'office'));

  // a review panel of three, one per organisation at most two
  await p.goto('/panels/new');
  await p.getByLabel('评审事项').fill('固态电池项目立项评审');
  await p.getByLabel('事项说明（用于按相关度排序候选专家）').fill(PROBLEM);
  await p.getByLabel('抽取人数').fill('3');
  await p.getByLabel('学科代码').fill('48040');
  await p.getByLabel('同一单位至多').fill('2');
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: '抽取' }).click()]);
  assert.match(new URL(p.url()).pathname, /^\/panels\/\d+$/);
  assert.match(await p.locator('#seed').innerText(), /^[0-9a-f]{64}$/);
  const rows = p.locator('#members tbody tr');
  assert.equal(await rows.count(), 3);

  // the second member declines: a replacement appears
  const second = rows.nth(1);
  await second.getByLabel('谢绝原因').fill('出国访问');
  await Promise.all([p.waitForNavigation(), second.getByRole('button', { name: '谢绝并递补' }).click()]);
  assert.equal(await rows.count(), 4);
  assert.match(await rows.nth(1).innerText(), /已谢绝：出国访问/);
  assert.match(await rows.nth(3).innerText(), /递补/);

  // anyone with the record can re-run it and get the same panel
  await Promise.all([p.waitForNavigation(), p.getByRole('button', { name: '重新运行以核验' }).click()]);
  const rerun = await p.locator('#rerun').innerText();
  assert.match(rerun, /按记录重新抽取：专家组相同/);
  assert.match(rerun, /递补顺序相同/);
  assert.match(rerun, /与记录相同/);
  await p.context().close();
});
