// experts.test.mjs — the talent pool through the API, against a
// sanitizer-built server: bad input gets a clear error naming the field and
// changes nothing; contact details are personal and every view is audited;
// expert finding ranks, explains, filters, finds names with what they lead,
// and keeps in step with writes made by another process; bulk import
// checks every row (CSV and XLSX, the exported workbook round trip);
// review-panel draws respect their constraints, re-run to the same panel
// and name the constraint that emptied the pool; an expert exports and
// deletes their own data.  Every answer is checked against openapi.yaml.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

let s, api;
const t = {};            // user -> bearer token
const ids = {};

const sql = (q) => s.sql(q);
const count = async () => ok(await api('GET', '/api/v1/experts?per_page=1')).total;
const expert = (over = {}) => ({ name: '测试专家', title: 'professor', disciplines: ['52020'], ...over });

before(async () => {
  s = await startServer();
  api = client(s);
  for (const u of ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord', 'office']) t[u] = await s.login(u);
  const mk = async (token, body) => ok(await api('POST', '/api/v1/experts', { token, body }), 201).id;
  ids.battery = await mk(t.orgadmin1, expert({ name: '陈固态', title: 'professor', disciplines: ['48040'],
    keywords: ['固态电池', '固态电解质', '锂离子电池'], keywords_en: ['solid-state batteries', 'solid electrolytes'],
    email: 'chen@example.cn', phone: '0551-12345678', orcid: '0000-0002-1825-0097' }));
  ids.storage = await mk(t.orgadmin2, expert({ name: '刘储能', title: 'senior_engineer', disciplines: '48040 47040',
    keywords: '锂离子电池；储能电站；电池管理系统' }));
  ids.vision = await mk(t.admin, expert({ name: '黄视觉', org_id: s.org2, title: 'associate',
    keywords: ['计算机视觉', '深度学习'], keywords_en: ['computer vision', 'deep learning'] }));
});
after(async () => { await s?.stop(); });

describe('bad input gets a clear error naming the field, and changes nothing', () => {
  it('profiles', async () => {
    const before = await count();
    const cases = [
      [{ disciplines: ['99999'] }, 'unknown_discipline', 'disciplines'],
      [{ disciplines: ['abc'] }, 'wrong_type', 'disciplines'],
      [{ disciplines: [] }, 'required', 'disciplines'],
      [{ orcid: '0000-0002-1825-0098' }, 'bad_checksum', 'orcid'],
      [{ orcid: '1234' }, 'wrong_type', 'orcid'],
      [{ email: 'no-at-sign' }, 'wrong_type', 'email'],
      [{ title: 'king' }, 'not_allowed', 'title'],
      [{ keywords: 7 }, 'wrong_type', 'keywords'],
      [{ keywords: ['x'.repeat(41)] }, 'too_long', 'keywords'],
      [{ keywords: Array.from({ length: 21 }, (_, i) => `词${i}`) }, 'too_long', 'keywords'],
      [{ papers: -1 }, 'out_of_range', 'papers'],
      [{ papers: '12' }, 'wrong_type', 'papers'],
      [{ name: 'a\u0001b' }, 'control_character', 'name'],
      [{ hobby: 'golf' }, 'unknown_field', 'hobby'],
    ];
    for (const [over, code, field] of cases)
      expectError(await api('POST', '/api/v1/experts', { token: t.orgadmin1, body: expert(over) }), 400, code, field);
    // invalid UTF-8 never reaches the domain
    const raw = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","title":"professor","disciplines":["520"]}')]);
    expectError(await api('POST', '/api/v1/experts', { token: t.orgadmin1, body: raw }), 400, 'malformed_json');
    // duplicates: same name, organisation, ORCID iD; the ORCID iD of another
    expectError(await api('POST', '/api/v1/experts', { token: t.orgadmin1, body: expert({ name: '陈固态', orcid: '0000-0002-1825-0097' }) }), 409, 'duplicate', 'name');
    expectError(await api('POST', '/api/v1/experts', { token: t.admin, body: expert({ name: '别人', org_id: s.org2, orcid: '0000000218250097' }) }), 409, 'duplicate', 'orcid');
    // not their organisation
    expectError(await api('POST', '/api/v1/experts', { token: t.orgadmin1, body: expert({ org_id: s.org2 }) }), 403, 'forbidden');
    expectError(await api('POST', '/api/v1/experts', { token: t.member1, body: expert() }), 403, 'forbidden');
    assert.equal(await count(), before);
  });
  it('expert finding', async () => {
    const match = (body) => api('POST', '/api/v1/experts/match', { body });
    expectError(await match({}), 400, 'required', 'text');
    expectError(await match({ text: '   ' }), 400, 'required', 'text');
    expectError(await match({ text: '电'.repeat(5001) }), 400, 'too_long', 'text');
    expectError(await match({ text: 'x', region: '999999' }), 400, 'not_found', 'region');
    expectError(await match({ text: 'x', discipline: '12345' }), 400, 'unknown_discipline', 'discipline');
    expectError(await match({ text: 'x', title: 'king' }), 400, 'not_allowed', 'title');
    expectError(await match({ text: 'x', limit: 101 }), 400, 'out_of_range', 'limit');
    expectError(await match({ text: 'x', exclude_orgs: ['a'] }), 400, 'wrong_type', 'exclude_orgs');
    expectError(await match({ text: 12 }), 400, 'wrong_type', 'text');
    expectError(await match({ text: 'x', colour: 'red' }), 400, 'unknown_field');
  });
});

describe('contact details are personal; every view is audited', () => {
  it('only the expert, their region\'s coordinators, the office and administrators see them', async () => {
    const pub = ok(await api('GET', `/api/v1/experts/${ids.battery}`));
    assert.equal(pub.contact, undefined);
    assert.ok(!JSON.stringify(pub).includes('chen@example.cn'));
    const path = `/api/v1/experts/${ids.battery}/contact`;
    expectError(await api('GET', path), 401, 'login_required');
    for (const u of ['member1', 'orgadmin1', 'orgadmin2']) expectError(await api('GET', path, { token: t[u] }), 403, 'forbidden');
    const before = (await api('GET', '/api/v1/audit?entity=expert&per_page=200', { token: t.admin })).json.items
      .filter((e) => e.action === 'view_contact').length;
    for (const u of ['coord', 'office', 'admin'])   // the expert is in Anhui, coord's region
      assert.equal(ok(await api('GET', path, { token: t[u] })).email, 'chen@example.cn');
    // the coordinator of another region may not
    const js = await s.cli(['user', 'add', '--db', s.db, '--name', 'coordjs', '--role', 'coordinator', '--region', '320000', '--password-stdin'], 'correct-horse-battery\n');
    assert.equal(js.status, 0, js.stderr);
    expectError(await api('GET', path, { token: await s.login('coordjs') }), 403, 'forbidden');
    const views = (await api('GET', '/api/v1/audit?entity=expert&per_page=200', { token: t.admin })).json.items
      .filter((e) => e.action === 'view_contact');
    assert.equal(views.length, before + 3);
    assert.deepEqual(views.slice(0, 3).map((e) => e.actor).sort(), ['admin', 'coord', 'office']);
    // the audit of writes never holds the values
    assert.equal(sql("SELECT count(*) FROM audit WHERE after LIKE '%chen@example.cn%'"), '0');
  });
});

describe('expert finding', () => {
  const match = async (body) => ok(await api('POST', '/api/v1/experts/match', { body }));
  it('ranks by the problem text and gives the matched keywords as reasons', async () => {
    const r = await match({ text: '我们要研发高能量密度的固态锂离子电池，关键是降低固态电解质与正极的界面阻抗。' });
    assert.equal(r.items[0].expert.id, ids.battery);
    assert.deepEqual(r.items[0].reasons.keywords, ['固态电池', '固态电解质', '锂离子电池']);
    assert.ok(r.items[0].reasons.words.includes('电解质'));
    assert.ok(r.items.some((h) => h.expert.id === ids.storage));
    assert.ok(!r.items.some((h) => h.expert.id === ids.vision));
    assert.ok(r.items.every((h) => h.expert.contact === undefined));
    assert.ok(r.items[0].score > r.items.at(-1).score);
  });
  it('reads English, filters and exclusions', async () => {
    const en = await match({ text: 'We need deep learning for computer vision in quality inspection.' });
    assert.equal(en.items[0].expert.id, ids.vision);
    assert.deepEqual(en.items[0].reasons.keywords.sort(), ['computer vision', 'deep learning']);
    const text = '锂离子电池储能';
    assert.deepEqual((await match({ text, region: '320000' })).items.map((h) => h.expert.id), [ids.storage]);
    assert.deepEqual((await match({ text, title: 'professor' })).items.map((h) => h.expert.id), [ids.battery]);
    assert.deepEqual((await match({ text, exclude_experts: [ids.battery] })).items.map((h) => h.expert.id), [ids.storage]);
    assert.deepEqual((await match({ text, exclude_orgs: [s.org1] })).items.map((h) => h.expert.id), [ids.storage]);
    assert.deepEqual((await match({ text, discipline: '470' })).items.map((h) => h.expert.id), [ids.storage]);
  });
  it('a name finds the expert and the projects they lead', async () => {
    // the projects, through the projects capability's own API
    const admin = await s.login('admin');
    const made = [];
    for (const p of [
      { title: '固态电池联合攻关', lead_org_id: s.org1, start_year: 2022, end_year: 2026,
        experts: [{ expert_id: ids.battery, role: 'lead' }, { expert_id: ids.storage, role: 'member' }] },
      { title: '储能示范', lead_org_id: s.org2, start_year: 2020, end_year: 2022,
        experts: [{ expert_id: ids.battery, role: 'member' }] },
    ]) made.push(ok(await api('POST', '/api/v1/projects', { token: admin, body: { total_cny: 0, ...p } }), 201).id);
    const r = await match({ text: '陈固态' });
    assert.equal(r.people.length, 1);
    assert.equal(r.people[0].expert.id, ids.battery);
    assert.deepEqual(r.people[0].leads.map((p) => p.title), ['固态电池联合攻关']);
    const list = ok(await api('GET', '/api/v1/experts?q=' + encodeURIComponent('陈')));
    assert.deepEqual(list.items[0].leads.map((p) => p.role), ['lead']);
    // related projects come back as reasons
    const rel = await match({ text: '固态电池' });
    assert.deepEqual(rel.items[0].reasons.projects.map((p) => p.id), [made[0]]);
  });
  it('keeps in step with writes, also those of another process', async () => {
    ok(await api('PATCH', `/api/v1/experts/${ids.vision}`, { token: t.admin, body: { keywords: ['计算机视觉', '钙钛矿太阳能电池'] } }));
    assert.equal((await match({ text: '钙钛矿太阳能电池的稳定性' })).items[0].expert.id, ids.vision);
    const csv = join(s.dir, 'more.csv');
    writeFileSync(csv, '姓名,单位,职称,学科代码,研究方向\n钱量子,测试研究院,professor,14015,量子计算；量子纠错\n');
    const r = cli(['experts', 'import', '--db', s.db, csv]);
    assert.equal(r.status, 0, r.stderr);
    const q = await match({ text: '超导量子计算机的量子纠错' });
    assert.equal(q.items[0].expert.name, '钱量子');
    assert.deepEqual(q.items[0].reasons.keywords, ['量子计算', '量子纠错']);
    const id = q.items[0].expert.id;
    ok(await api('DELETE', `/api/v1/experts/${id}`, { token: t.admin }), 204);
    assert.ok(!(await match({ text: '超导量子计算机的量子纠错' })).items.some((h) => h.expert.id === id));
  });
});

describe('bulk import', () => {
  const post = (body, { dry, format, token = t.admin } = {}) => api('POST',
    `/api/v1/experts/import${dry ? '?dry_run=1' : ''}${format ? (dry ? '&' : '?') + 'format=' + format : ''}`,
    { token, body, headers: { 'Content-Type': 'text/csv' } });
  it('a dry run lists every bad row; a bad file imports nothing', async () => {
    const before = await count();
    const bad = 'name,organisation,title,disciplines,orcid\n' +
      '好一,测试大学,professor,52020,\n' +
      '坏一,测试大学,professor,99999,\n' +
      '坏二,没有这个单位,professor,52020,\n' +
      '坏三,测试大学,professor,52020,0000-0002-1825-0098\n' +
      '好二,测试研究院,engineer,520,\n' +
      '好二,测试研究院,engineer,520,\n' +
      '坏五,测试大学,皇帝,520,\n';
    const rep = ok(await post(bad, { dry: true }));
    assert.equal(rep.rows, 7);
    assert.equal(rep.bad_rows, 5);
    assert.deepEqual(rep.errors.map((e) => [e.line, e.field]),
      [[3, 'disciplines'], [4, 'org_id'], [5, 'orcid'], [7, 'name'], [8, 'title']]);
    assert.match(rep.errors[3].message, /line 6/);
    const e = expectError(await post(bad), 422, 'invalid_rows', 'disciplines');
    assert.match(e.message, /5 of 7 rows.*nothing was imported; line 3/);
    expectError(await post('姓名,单位\n张,1\n', { dry: true }), 400, 'missing_column', 'file');
    expectError(await post('姓名,单位,职称,学科代码,爱好\n', { dry: true }), 400, 'unknown_column', 'file');
    expectError(await post('name,org,"title\n', { dry: true }), 400, 'bad_file', 'file');
    expectError(await post(Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3]), { dry: true }), 400, 'bad_file', 'file');
    expectError(await post('姓名,单位,职称,学科代码\n', { token: t.member1 }), 403, 'forbidden');
    expectError(await post('x', { format: 'pdf' }), 400, 'not_allowed', 'format');
    assert.equal(await count(), before);
  });
  it('the exported workbook imports again, and every row is a known expert', async () => {
    const res = await fetch(s.url + '/experts/export?format=xlsx', { headers: { Authorization: `Bearer ${t.admin}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /spreadsheetml/);
    const xlsx = Buffer.from(await res.arrayBuffer());
    assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
    const rep = ok(await api('POST', '/api/v1/experts/import?dry_run=1', { token: t.admin, body: xlsx,
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }));
    assert.equal(rep.format, 'xlsx');
    assert.equal(rep.rows, await count());
    assert.equal(rep.bad_rows, rep.rows);
    assert.ok(rep.errors.every((e) => e.field === 'name'), JSON.stringify(rep.errors.slice(0, 3)));
    // an organisation administrator's export holds their own experts only
    const mine = await (await fetch(s.url + '/experts/export?format=csv', { headers: { Authorization: `Bearer ${t.orgadmin1}` } })).text();
    assert.match(mine, /陈固态/);
    assert.doesNotMatch(mine, /刘储能/);
    assert.doesNotMatch(mine, /chen@example\.cn/, 'an organisation administrator does not see contact details');
  });
  it('the command line lists bad rows and exits 1', async () => {
    const csv = join(s.dir, 'bad.csv');
    writeFileSync(csv, '姓名,单位,职称,学科代码\n错一,测试大学,professor,00000\n');
    const r = cli(['experts', 'import', '--db', s.db, '--dry-run', csv]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.csv:2: disciplines: .*00000/);
  });
});

describe('review-panel draws', () => {
  let draw;
  before(async () => {
    // 24 experts in 52020 over two organisations and regions
    const rows = ['姓名,单位,职称,学科代码,研究方向'];
    for (let i = 0; i < 24; i++) rows.push(`评审${i},${i % 2 ? '测试研究院' : '测试大学'},${i % 3 ? 'professor' : 'engineer'},52020,知识图谱`);
    ok(await api('POST', '/api/v1/experts/import', { token: t.admin, body: rows.join('\n') + '\n', headers: { 'Content-Type': 'text/csv' } }), 201);
  });
  it('draws within the constraints, and a re-run gives the same panel', async () => {
    const applicant = ok(await api('GET', '/api/v1/experts?q=' + encodeURIComponent('评审0'))).items.find((x) => x.name === '评审0');
    draw = ok(await api('POST', '/api/v1/panel-draws', { token: t.coord, body: {
      item: '知识图谱项目评审', text: '知识图谱', n: 4, disciplines: ['52020'], applicants: [applicant.id],
      titles: ['professor'], org_max: 4 } }), 201);
    assert.equal(draw.members.length, 4);
    assert.match(draw.seed, /^[0-9a-f]{64}$/);
    assert.equal(draw.request.year, new Date().getUTCFullYear());
    for (const m of draw.members) {
      const x = ok(await api('GET', `/api/v1/experts/${m.expert_id}`));
      assert.equal(x.org_id, s.org2, 'nobody from the applicant\'s organisation');
      assert.equal(x.title, 'professor');
    }
    const rr = ok(await api('POST', `/api/v1/panel-draws/${draw.id}/rerun`, { token: t.office }));
    assert.deepEqual([rr.same_pool, rr.same_panel, rr.same_replacements], [true, true, true]);
    assert.deepEqual(rr.panel, draw.members.map((m) => m.expert_id));
  });
  it('a decline invites a replacement that a re-run replays', async () => {
    const gone = draw.members[2].expert_id;
    const d = ok(await api('POST', `/api/v1/panel-draws/${draw.id}/decline`, { token: t.coord, body: { expert_id: gone, reason: '回避' } }));
    assert.equal(d.members.length, 5);
    assert.equal(d.members[2].status, 'declined');
    assert.equal(d.members[4].replaces, 3);
    assert.ok(!draw.members.some((m) => m.expert_id === d.members[4].expert_id));
    expectError(await api('POST', `/api/v1/panel-draws/${draw.id}/decline`, { token: t.coord, body: { expert_id: gone } }), 409, 'already_declined');
    expectError(await api('POST', `/api/v1/panel-draws/${draw.id}/decline`, { token: t.coord, body: { expert_id: 'x' } }), 400, 'wrong_type', 'expert_id');
    const rr = ok(await api('POST', `/api/v1/panel-draws/${draw.id}/rerun`, { token: t.coord }));
    assert.deepEqual(rr.replacements, [d.members[4].expert_id]);
    assert.equal(rr.same_replacements, true);
    const audit = ok(await api('GET', `/api/v1/audit?entity=panel_draw&entity_id=${draw.id}`, { token: t.admin }));
    assert.deepEqual(audit.items.map((e) => e.action).sort(), ['decline', 'draw', 'rerun', 'rerun']);
  });
  it('an impossible draw names the constraint that emptied the pool', async () => {
    const body = { item: '不可能的评审', n: 13, disciplines: ['52020'], titles: ['professor'] };
    let e = expectError(await api('POST', '/api/v1/panel-draws', { token: t.coord, body: { ...body, exclude_orgs: [s.org1] } }), 400, 'not_enough_experts', 'exclude_orgs');
    assert.match(e.message, /only \d+ qualified experts for 13 places: \d+ experts in the disciplines 52020; \d+ with an allowed title; \d+ not from the applicants' or excluded organisations/);
    e = expectError(await api('POST', '/api/v1/panel-draws', { token: t.coord, body: { item: 'x', n: 3, disciplines: ['52020'], org_max: 1 } }), 400, 'not_enough_experts', 'org_max');
    expectError(await api('POST', '/api/v1/panel-draws', { token: t.coord, body: { item: 'x', n: 3, disciplines: ['52020'], region_min: { 330000: 1 } } }), 400, 'not_enough_experts', 'region_min');
    expectError(await api('POST', '/api/v1/panel-draws', { token: t.coord, body: { item: 'x', n: 3, disciplines: ['52020'], seed: 'ab' } }), 400, 'unknown_field');
    expectError(await api('POST', '/api/v1/panel-draws', { token: t.member1, body: { item: 'x', n: 1, disciplines: ['52020'] } }), 403, 'forbidden');
    assert.equal(ok(await api('GET', '/api/v1/panel-draws', { token: t.coord })).total, 1);
  });
});

describe('an expert\'s own data', () => {
  it('is exported whole, and deleted on request', async () => {
    const me = ok(await api('GET', '/api/v1/session', { token: t.member1 })).account.id;
    ok(await api('PATCH', `/api/v1/experts/${ids.storage}`, { token: t.orgadmin2, body: { account_id: me } }), 403);
    ok(await api('PATCH', `/api/v1/experts/${ids.battery}`, { token: t.orgadmin1, body: { account_id: me } }));
    // the expert edits their own profile, but cannot move it
    ok(await api('PATCH', `/api/v1/experts/${ids.battery}`, { token: t.member1, body: { biography: '长期从事固态电池研究。' } }));
    expectError(await api('PATCH', `/api/v1/experts/${ids.battery}`, { token: t.member1, body: { org_id: s.org2 } }), 403, 'forbidden', 'org_id');
    const doc = ok(await api('GET', '/api/v1/me/expert/export', { token: t.member1 }));
    assert.equal(doc.profile.contact.email, 'chen@example.cn');
    assert.equal(doc.projects.length, 2);
    ok(await api('DELETE', '/api/v1/me/expert', { token: t.member1 }), 204);
    expectError(await api('GET', `/api/v1/experts/${ids.battery}`), 404, 'not_found');
    expectError(await api('GET', '/api/v1/me/expert', { token: t.member1 }), 404, 'not_found');
    assert.equal(sql(`SELECT count(*) FROM project_expert WHERE expert_id = ${ids.battery}`), '0');
    assert.equal((await api('POST', '/api/v1/experts/match', { body: { text: '固态电解质' } })).json.items.length, 0);
  });
});
