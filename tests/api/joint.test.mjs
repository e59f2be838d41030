// joint.test.mjs — joint projects (/api/v1/projects), their milestones,
// outputs and import (CSV and XLSX), innovation consortia, enterprise
// challenges with their responses, selection into a project, and the
// figures.  Every answer is checked against docs/api/openapi.yaml
// (helpers.mjs client()).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cliAsync, PASSWORD } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

let s, api, t = {};
const day = (n) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);

before(async () => {
  s = await startServer();
  api = client(s);
  const admin = await s.login('admin');
  // an enterprise in Hefei (Anhui) with its administrator, and one in Shanghai
  s.ent = ok(await api('POST', '/api/v1/organisations', { token: admin,
    body: { kind: 'enterprise', name_zh: '合肥测试半导体有限公司', name_en: 'Hefei Test Semiconductor', city: '340100' } }), 201).id;
  s.ent2 = ok(await api('POST', '/api/v1/organisations', { token: admin,
    body: { kind: 'enterprise', name_zh: '上海测试装备有限公司', city: '310100' } }), 201).id;
  const add = (name, role, extra) => cliAsync(['user', 'add', '--db', s.db, '--name', name, '--role', role,
    ...extra, '--password-stdin'], PASSWORD + '\n');
  for (const r of await Promise.all([add('ent-admin', 'org_admin', ['--org', String(s.ent)]),
    add('ent-member', 'member', ['--org', String(s.ent)]), add('coord-js', 'coordinator', ['--region', '320000'])]))
    assert.equal(r.status, 0, r.stderr);
  const names = ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord', 'office', 'ent-admin', 'ent-member', 'coord-js'];
  (await Promise.all(names.map((u) => s.login(u)))).forEach((tok, i) => { t[names[i]] = tok; });
});
after(async () => { await s?.stop(); });

const project = (over = {}) => ({
  title: '6英寸氮化镓衬底联合攻关', summary: '攻关大尺寸氮化镓单晶衬底生长与外延缺陷控制。', field: 'semiconductor',
  start_year: 2024, end_year: 2026, lead_org_id: s.org2, total_cny: 10_000_000, members: [s.org1],
  funding: [
    { source: 'fiscal', region: '320000', year: 2024, amount_cny: 2_000_000 },
    { source: 'fiscal', region: '340000', year: 2025, amount_cny: 1_000_000 },
    { source: 'enterprise', year: 2024, amount_cny: 4_000_000 },
    { source: 'social', year: 2025, amount_cny: 3_000_000 },
  ],
  ...over,
});
const count = async (path) => ok(await api('GET', path)).total;

describe('joint projects', () => {
  it('the lead organisation registers one; members keep their regions', async () => {
    const r = await api('POST', '/api/v1/projects', { token: t.orgadmin2, body: project() });
    const p = ok(r, 201);
    assert.equal(r.headers.get('location'), `/api/v1/projects/${p.id}`);
    assert.deepEqual(p.members.map((m) => [m.org_id, m.role, m.region]), [[s.org2, 'lead', '320000'], [s.org1, 'member', '340000']]);
    assert.equal(p.regions, 2);
    assert.equal(p.cross_region, true);
    assert.equal(p.fiscal_cny, 3_000_000);
    assert.equal(p.funding.find((f) => f.source === 'enterprise').region, '320000');   // the lead's region
    assert.deepEqual(ok(await api('GET', `/api/v1/projects/${p.id}`)), p);
    const list = ok(await api('GET', '/api/v1/projects?cross_region=1&region=340000&field=semiconductor&year=2025'));
    assert.ok(list.items.some((x) => x.id === p.id && !('members' in x)));
  });

  it('bad input gets a clear error naming the field, and changes nothing', async () => {
    const before = await count('/api/v1/projects');
    const cases = [
      [{ lead_org_id: undefined }, 'lead_org_id', 'required'],                       // a consortium without a lead
      [{ members: [s.org1, s.org1] }, 'members[1]', 'duplicate'],                    // a member twice
      [{ members: [s.org2] }, 'members[0]', 'duplicate'],                            // the lead again
      [{ total_cny: 9_999_999 }, 'funding', 'sum_mismatch'],                        // lines do not add up
      [{ funding: [{ source: 'fiscal', year: 2024, amount_cny: 10_000_000 }] }, 'funding[0].region', 'required'],
      [{ funding: [{ source: 'social', year: 2031, amount_cny: 10_000_000 }] }, 'funding[0].year', 'out_of_range'],
      [{ end_year: 2020 }, 'end_year', 'out_of_range'],
      [{ members: [999999] }, 'members[0]', 'not_found'],
      [{ members: 'one, two' }, 'members', 'wrong_type'],
      [{ experts: [{ expert_id: 999999 }] }, 'experts[0].expert_id', 'not_found'],
      [{ milestones: [{ title: '验收', due_on: '2025-13-01' }] }, 'milestones[0].due_on', 'wrong_type'],
      [{ start_year: '2024' }, 'start_year', 'wrong_type'],
      [{ title: 'x'.repeat(201) }, 'title', 'too_long'],
      [{ title: 'a\u0007b' }, 'title', 'control_character'],
      [{ budget: 5 }, 'budget', 'unknown_field'],
    ];
    for (const [over, field, code] of cases) {
      const body = project(over);
      for (const k of Object.keys(over)) if (over[k] === undefined) delete body[k];
      expectError(await api('POST', '/api/v1/projects', { token: t.admin, body }), 400, code, field);
    }
    // not UTF-8, not JSON, not an object
    expectError(await api('POST', '/api/v1/projects', { token: t.admin,
      body: Buffer.from('{"title":"\xff","start_year":2024}', 'latin1') }), 400);
    expectError(await api('POST', '/api/v1/projects', { token: t.admin, body: '[1,2]' }), 400, 'wrong_type');
    assert.equal(await count('/api/v1/projects'), before);
  });

  it('who may register, change and delete', async () => {
    expectError(await api('POST', '/api/v1/projects', { body: project() }), 401, 'login_required');
    expectError(await api('POST', '/api/v1/projects', { token: t.member1, body: project() }), 403, 'forbidden');
    expectError(await api('POST', '/api/v1/projects', { token: t.orgadmin1, body: project() }), 403);   // not the lead
    expectError(await api('POST', '/api/v1/projects', { token: t.coord, body: project() }), 403);        // lead in Jiangsu
    const p = ok(await api('POST', '/api/v1/projects', { token: t['coord-js'], body: project({ title: '协调员登记的项目' }) }), 201);
    expectError(await api('PATCH', `/api/v1/projects/${p.id}`, { token: t.orgadmin1, body: { status: 'completed' } }), 403);
    const q = ok(await api('PATCH', `/api/v1/projects/${p.id}`, { token: t.orgadmin2, body: { status: 'completed', members: [] } }));
    assert.equal(q.status, 'completed');
    assert.equal(q.regions, 1);
    expectError(await api('PATCH', `/api/v1/projects/${p.id}`, { token: t.orgadmin2, body: { outputs: [] } }), 400, 'read_only', 'outputs');
    expectError(await api('DELETE', `/api/v1/projects/${p.id}`, { token: t.member1 }), 403);
    assert.equal((await api('DELETE', `/api/v1/projects/${p.id}`, { token: t.orgadmin2 })).status, 204);
    expectError(await api('GET', `/api/v1/projects/${p.id}`), 404);
  });

  it('only the project\'s leads edit milestones', async () => {
    const p = ok(await api('POST', '/api/v1/projects', { token: t['coord-js'], body: project({ title: '里程碑测试项目' }) }), 201);
    const body = { title: '中试线贯通', due_on: '2025-06-30' };
    expectError(await api('POST', `/api/v1/projects/${p.id}/milestones`, { token: t['coord-js'], body }), 403);
    expectError(await api('POST', `/api/v1/projects/${p.id}/milestones`, { token: t.orgadmin1, body }), 403);
    const r = await api('POST', `/api/v1/projects/${p.id}/milestones`, { token: t.orgadmin2, body });
    const m = ok(r, 201);
    assert.equal(m.status, 'planned');
    expectError(await api('PATCH', `/api/v1/milestones/${m.id}`, { token: t.orgadmin2, body: { status: 'finished' } }), 400, 'not_allowed', 'status');
    const done = ok(await api('PATCH', `/api/v1/milestones/${m.id}`, { token: t.orgadmin2, body: { status: 'done' } }));
    assert.match(done.done_on, /^\d{4}-\d{2}-\d{2}$/);
    expectError(await api('DELETE', `/api/v1/milestones/${m.id}`, { token: t.member1 }), 403);
    // outputs: leads and whoever may change the project
    const o = ok(await api('POST', `/api/v1/projects/${p.id}/outputs`, { token: t['coord-js'],
      body: { kind: 'patent', title: '一种氮化镓衬底的制备方法', ref: 'CN202410000000.0', year: 2025 } }), 201);
    expectError(await api('POST', `/api/v1/projects/${p.id}/outputs`, { token: t.orgadmin2, body: { kind: 'poem', title: 'x' } }), 400, 'not_allowed', 'kind');
    const full = ok(await api('GET', `/api/v1/projects/${p.id}`));
    assert.equal(full.milestones.length, 1);
    assert.equal(full.outputs[0].id, o.id);
    assert.equal((await api('DELETE', `/api/v1/project-outputs/${o.id}`, { token: t.orgadmin2 })).status, 204);
    assert.equal((await api('DELETE', `/api/v1/milestones/${m.id}`, { token: t.orgadmin2 })).status, 204);
  });
});

// A minimal XLSX workbook (stored zip entries, inline strings) of rows.
function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function xlsx(rows) {
  const esc = (v) => String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const col = (i) => String.fromCharCode(65 + i);
  const sheet = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    rows.map((r, i) => `<row r="${i + 1}">` + r.map((v, j) => typeof v === 'number'
      ? `<c r="${col(j)}${i + 1}"><v>${v}</v></c>`
      : `<c r="${col(j)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('') + '</row>').join('') + '</sheetData></worksheet>';
  const files = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="项目" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': sheet,
  };
  const parts = [], central = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8'), fn = Buffer.from(name, 'utf8'), crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fn.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt16LE(0x800, 8);
    cd.writeUInt32LE(crc, 16); cd.writeUInt32LE(data.length, 20); cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(fn.length, 28); cd.writeUInt32LE(offset, 42);
    parts.push(local, fn, data);
    central.push(cd, fn);
    offset += 30 + fn.length + data.length;
  }
  const cdbuf = Buffer.concat(central), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10); end.writeUInt32LE(cdbuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdbuf, end]);
}

describe('importing projects', () => {
  const head = 'title,lead,members,start_year,end_year,field,fiscal_cny,fiscal_region,enterprise_cny,social_cny,total_cny';
  const csv = (...rows) => [head, ...rows].join('\n') + '\n';
  const imp = (token, body, dry) => api('POST', `/api/v1/projects/import${dry ? '?dry_run=1' : ''}`,
    { token, body, headers: { 'Content-Type': 'text/csv' } });

  it('a dry run lists every bad row; a bad row imports nothing', async () => {
    const before = await count('/api/v1/projects');
    const file = csv(
      '碳化硅外延联合攻关,测试研究院,测试大学,2024,2025,semiconductor,"1,000,000",320000,2000000,500000,',
      '总额不符,测试研究院,测试大学,2024,2025,semiconductor,100,,,,200',
      '牵头不存在,不存在的研究院,,2024,2025,,,,,,',
      '成员重复,测试研究院,测试大学;测试大学,2024,2025,,,,,,');
    const rep = ok(await imp(t.admin, file, true));
    assert.deepEqual([rep.rows, rep.valid, rep.created], [4, 1, 0]);
    assert.deepEqual(rep.errors.map((x) => [x.row, x.field, x.code]),
      [[3, 'total_cny', 'sum_mismatch'], [4, 'lead', 'not_found'], [5, 'members', 'duplicate']]);
    expectError(await imp(t.admin, file, false), 422, 'bad_rows', 'file');
    assert.equal(await count('/api/v1/projects'), before);
    expectError(await imp(t.admin, 'name\nx\n', true), 400, 'missing_column', 'title');
    expectError(await imp(t.admin, '', true), 400, 'required', 'file');
    expectError(await imp(t.admin, Buffer.from('title,lead\n\xff\xfe,1\n', 'latin1'), true), 400, 'unreadable', 'file');
    expectError(await imp(t.member1, file, true), 403);
  });

  it('CSV and XLSX import the same way', async () => {
    const before = await count('/api/v1/projects?cross_region=1');
    const made = ok(await imp(t.orgadmin2, csv('碳化硅外延联合攻关,测试研究院,测试大学,2024,2025,第三代半导体,1000000,,2000000,500000,3500000'), false), 201);
    assert.equal(made.created, 1);
    const book = xlsx([['项目名称', '牵头单位', '参与单位', '开始年份', '结束年份', '财政资金（元）', '财政资金区域', '企业资金'],
      ['氧化镓材料联合攻关', '测试研究院', '测试大学', 2024, 2026, 3000000, '安徽省', 1000000]]);
    const r = ok(await api('POST', '/api/v1/projects/import', { token: t.orgadmin2, body: book,
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }), 201);
    assert.equal(r.created, 1);
    assert.equal(await count('/api/v1/projects?cross_region=1'), before + 2);
    const p = ok(await api('GET', '/api/v1/projects?q=%E6%B0%A7%E5%8C%96%E9%95%93')).items[0];
    assert.equal(p.fiscal_cny, 3_000_000);
    assert.equal(ok(await api('GET', `/api/v1/projects/${p.id}`)).funding.find((f) => f.source === 'fiscal').region, '340000');
  });
});

describe('innovation consortia', () => {
  it('led by an enterprise; members once', async () => {
    const body = { name: '长三角测试半导体创新联合体', lead_org_id: s.ent, field: 'semiconductor',
      members: [{ org_id: s.org1 }, { org_id: s.org2, role: 'research' }, { org_id: s.ent2, role: 'downstream' }] };
    expectError(await api('POST', '/api/v1/consortia', { token: t.admin, body: { ...body, lead_org_id: s.org1, members: [] } }), 400, 'wrong_kind', 'lead_org_id');
    expectError(await api('POST', '/api/v1/consortia', { token: t.admin, body: { ...body, members: [{ org_id: s.org1 }, { org_id: s.org1 }] } }), 400, 'duplicate', 'members[1]');
    expectError(await api('POST', '/api/v1/consortia', { token: t.admin, body: { ...body, members: [{ org_id: s.org1, role: 'king' }] } }), 400, 'not_allowed', 'members[0].role');
    expectError(await api('POST', '/api/v1/consortia', { token: t.orgadmin1, body }), 403);
    const k = ok(await api('POST', '/api/v1/consortia', { token: t['ent-admin'], body }), 201);
    assert.equal(k.regions, 3);
    assert.deepEqual(k.members.map((m) => m.role), ['lead', 'downstream', 'research', 'research']);
    expectError(await api('POST', '/api/v1/consortia', { token: t['ent-admin'], body }), 409, 'taken', 'name');
    const p = ok(await api('POST', '/api/v1/projects', { token: t.orgadmin2, body: project({ title: '联合体项目', consortium_id: k.id }) }), 201);
    assert.equal(p.consortium_name, body.name);
    expectError(await api('DELETE', `/api/v1/consortia/${k.id}`, { token: t['ent-admin'] }), 409, 'in_use');
    assert.equal(ok(await api('GET', `/api/v1/consortia/${k.id}`)).projects, 1);
    assert.ok(ok(await api('GET', `/api/v1/consortia?region=310000`)).items.some((x) => x.id === k.id));
  });
});

describe('challenges (揭榜挂帅)', () => {
  const challenge = (over = {}) => ({
    title: '高速硅光芯片及先进封装技术', statement: '征集高速硅光调制器、探测器芯片设计及光电共封装技术攻关团队。',
    indicators: '单通道速率≥200 Gb/s；调制器带宽≥60 GHz', field: 'ic', budget_cny: 20_000_000,
    deadline: day(40), ip_terms: 'negotiated', ...over,
  });
  const team = (lead, over = {}) => ({ lead_org_id: lead, plan: '三阶段完成芯片设计、流片与封装验证。', budget_cny: 18_000_000, ...over });

  it('drafted, reviewed by the region\'s coordinator, answered, selected into a project', async () => {
    // bad drafts change nothing
    for (const [over, field, code] of [[{ deadline: '2020-01-01' }, 'deadline', 'in_past'],
      [{ deadline: 'soon' }, 'deadline', 'wrong_type'], [{ regions: ['320000'] }, 'regions', 'not_allowed'],
      [{ open_to: 'regions' }, 'regions', 'required'], [{ anonymous: 'no' }, 'anonymous', 'wrong_type']])
      expectError(await api('POST', '/api/v1/challenges', { token: t['ent-member'], body: challenge(over) }), 400, code, field);
    expectError(await api('POST', '/api/v1/challenges', { token: t.member1, body: challenge() }), 400, 'wrong_kind', 'poster_org_id');
    const c = ok(await api('POST', '/api/v1/challenges', { token: t['ent-member'], body: challenge({ anonymous: true }) }), 201);
    assert.equal(c.state, 'submitted');
    assert.equal(c.poster_org_id, s.ent);
    // invisible to the public until published; only Anhui's coordinator publishes
    expectError(await api('GET', `/api/v1/challenges/${c.id}`), 404);
    for (const who of ['ent-admin', 'admin', 'office'])
      expectError(await api('POST', `/api/v1/challenges/${c.id}/publish`, { token: t[who] }), 403);
    expectError(await api('POST', `/api/v1/challenges/${c.id}/publish`, { token: t['coord-js'] }), 404);
    expectError(await api('POST', `/api/v1/challenges/${c.id}/return`, { token: t.coord, body: {} }), 400, 'required', 'reason');
    assert.equal(ok(await api('POST', `/api/v1/challenges/${c.id}/return`, { token: t.coord, body: { reason: '请写明测试方法' } })).state, 'returned');
    assert.equal(ok(await api('PATCH', `/api/v1/challenges/${c.id}`, { token: t['ent-member'], body: { indicators: '单通道速率≥200 Gb/s（按IEEE 802.3测试）' } })).state, 'submitted');
    assert.equal(ok(await api('POST', `/api/v1/challenges/${c.id}/publish`, { token: t.coord })).state, 'published');
    expectError(await api('POST', `/api/v1/challenges/${c.id}/publish`, { token: t.coord }), 409);
    const pub = ok(await api('GET', `/api/v1/challenges/${c.id}`));
    assert.equal(pub.poster_org_id, null);           // anonymous to the public
    assert.equal(pub.open, true);
    assert.ok(ok(await api('GET', '/api/v1/challenges?open=1')).items.some((x) => x.id === c.id));
    ok(await api('GET', `/api/v1/challenges/${c.id}/recommendations?limit=3`));
    expectError(await api('GET', `/api/v1/challenges/${c.id}/recommendations?limit=99`), 400, 'invalid', 'limit');

    // responses, with their refusals
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2, body: team(undefined) }), 400, 'required', 'lead_org_id');
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2, body: team(s.org2, { members: [s.org1, s.org1] }) }), 400, 'duplicate', 'members[1]');
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2, body: team(s.org1) }), 403);
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t['ent-admin'], body: team(s.ent) }), 400, 'poster', 'lead_org_id');
    const a = ok(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2,
      body: team(s.org2, { members: [s.org1, s.ent2] }) }), 201);
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2, body: team(s.org2) }), 409, 'duplicate');
    const b = ok(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.member1, body: team(s.org1) }), 201);
    // who sees them
    assert.equal(ok(await api('GET', `/api/v1/challenges/${c.id}/responses`, { token: t['ent-admin'] })).total, 2);
    assert.deepEqual(ok(await api('GET', `/api/v1/challenges/${c.id}/responses`, { token: t.member1 })).items.map((x) => x.id), [b.id]);
    expectError(await api('GET', `/api/v1/responses/${a.id}`, { token: t.member1 }), 404);
    // withdrawn, then not selectable
    expectError(await api('POST', `/api/v1/responses/${b.id}/withdraw`, { token: t.orgadmin2 }), 404);
    assert.equal(ok(await api('POST', `/api/v1/responses/${b.id}/withdraw`, { token: t.member1 })).state, 'withdrawn');
    expectError(await api('POST', `/api/v1/responses/${b.id}/select`, { token: t['ent-member'] }), 409, 'withdrawn');
    // only the poster decides
    expectError(await api('POST', `/api/v1/responses/${a.id}/select`, { token: t.orgadmin2 }), 403);
    expectError(await api('POST', `/api/v1/responses/${a.id}/select`, { token: t.coord }), 403);
    assert.equal(ok(await api('POST', `/api/v1/responses/${a.id}/shortlist`, { token: t['ent-admin'] })).state, 'shortlisted');
    const solved = ok(await api('POST', `/api/v1/responses/${a.id}/select`, { token: t['ent-member'] }));
    assert.equal(solved.state, 'selected');
    assert.equal(solved.selected_response, a.id);
    const p = ok(await api('GET', `/api/v1/projects/${solved.project_id}`));
    assert.deepEqual(p.members.map((m) => m.org_id), [s.org2, s.org1, s.ent2]);
    assert.equal(p.regions, 3);
    assert.equal(p.challenge_id, c.id);
    assert.equal(p.enterprise_cny, 18_000_000);
    expectError(await api('DELETE', `/api/v1/projects/${p.id}`, { token: t.admin }), 409, 'in_use');
    expectError(await api('POST', `/api/v1/challenges/${c.id}/close`, { token: t['ent-admin'] }), 409);

    // the figures follow
    const Y = Number(day(0).slice(0, 4));
    const f = ok(await api('GET', `/api/v1/projects/figures?year=${Y}`));
    assert.equal(f.figures.challenges_published, 1);
    assert.equal(f.figures.challenges_answered, 1);
    assert.equal(f.figures.challenges_solved, 1);
    assert.equal(f.by_region.find((x) => x.code === '340000').challenges_solved, 1);
    const dash = ok(await api('GET', `/api/v1/dashboard?year=${Y}`));
    assert.equal(dash.figures.find((x) => x.key === 'challenges_solved').value, 1);
    assert.equal(dash.figures.find((x) => x.key === 'challenges_answered').value, 1);
  });

  it('named regions, closing, and bad parameters', async () => {
    const c = ok(await api('POST', '/api/v1/challenges', { token: t['ent-admin'],
      body: challenge({ title: '限江苏团队揭榜的榜单', open_to: 'regions', regions: ['320000'] }) }), 201);
    ok(await api('POST', `/api/v1/challenges/${c.id}/publish`, { token: t.coord }));
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.member1, body: team(s.org1) }), 400, 'region_not_open', 'lead_org_id');
    ok(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2, body: team(s.org2) }), 201);
    expectError(await api('POST', `/api/v1/challenges/${c.id}/close`, { token: t.orgadmin2 }), 403);
    assert.equal(ok(await api('POST', `/api/v1/challenges/${c.id}/close`, { token: t['ent-admin'] })).state, 'closed');
    expectError(await api('POST', `/api/v1/challenges/${c.id}/responses`, { token: t.orgadmin2, body: team(s.org2) }), 409, 'not_open');
    expectError(await api('GET', '/api/v1/challenges?state=pending'), 400, 'not_allowed', 'state');
    expectError(await api('GET', '/api/v1/challenges?mine=1'), 401);
    expectError(await api('GET', '/api/v1/projects?region=999999'), 400, 'not_found', 'region');
    expectError(await api('GET', '/api/v1/projects?cross_region=2'), 400, 'invalid', 'cross_region');
    expectError(await api('GET', '/api/v1/projects/figures?year=1800'), 400, 'invalid', 'year');
    assert.equal(ok(await api('GET', '/api/v1/challenges?review=1', { token: t.coord })).total, 0);
  });
});
