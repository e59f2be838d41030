// market.test.mjs — technology contracts (/api/v1/contracts), the flows
// between regions, the dashboard's figures, institutes and their
// assessment scheme, and /metrics.  Every answer is checked against
// docs/api/openapi.yaml (helpers.mjs client()).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cliAsync, PASSWORD } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

const Y = new Date().getUTCFullYear() - 1;     // the last complete year
let s, api, admin, oa1, oa2, member, coord, coordJs, office;

before(async () => {
  s = await startServer();
  api = client(s);
  const r = await cliAsync(['user', 'add', '--db', s.db, '--name', 'coord-js', '--role', 'coordinator',
    '--region', '320000', '--password-stdin'], PASSWORD + '\n');
  assert.equal(r.status, 0, r.stderr);
  [admin, oa1, oa2, member, coord, coordJs, office] = await Promise.all(
    ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord', 'coord-js', 'office'].map((u) => s.login(u)));
});
after(async () => { await s?.stop(); });

const body = (over = {}) => ({
  kind: 'development', title: '智能传感器芯片技术开发合同', amount_cny: 1_200_000, income_cny: 900_000,
  buyer_org_id: s.org2, signed_on: `${Y}-06-15`, field: 'electronic_information', ...over,
});
const register = async (token, over) => ok(await api('POST', '/api/v1/contracts', { token, body: body(over) }), 201);
const total = async (token = admin) => ok(await api('GET', '/api/v1/contracts?per_page=1', { token })).total;
const fig = (doc, key) => doc.figures.find((f) => f.key === key);

describe('registering a contract', () => {
  it('the seller\'s administrator registers; the regions follow the parties', async () => {
    const r = await api('POST', '/api/v1/contracts', { token: oa1, body: body() });
    const c = ok(r, 201);
    assert.equal(r.headers.get('location'), `/api/v1/contracts/${c.id}`);
    assert.equal(c.seller_org_id, s.org1);
    assert.equal(c.seller_region, '340000');
    assert.equal(c.buyer_region, '320000');
    assert.equal(c.state, 'submitted');
    assert.equal(c.year, Y);
    assert.deepEqual(ok(await api('GET', `/api/v1/contracts/${c.id}`, { token: oa1 })), c);
  });

  it('bad input gets a clear error naming the field, and changes nothing', async () => {
    const before = await total();
    const future = `${new Date().getUTCFullYear() + 1}-01-01`;
    const cases = [
      [{ amount_cny: -5 }, 'amount_cny', 'out_of_range'],
      [{ amount_cny: '12' }, 'amount_cny', 'wrong_type'],
      [{ income_cny: 1_300_000 }, 'income_cny', 'out_of_range'],
      [{ buyer_org_id: s.org1 }, 'buyer_org_id', 'same_party'],
      [{ signed_on: future }, 'signed_on', 'out_of_range'],
      [{ signed_on: '2024-02-30' }, 'signed_on', 'wrong_type'],
      [{ buyer_org_id: 999999 }, 'buyer_org_id', 'not_found'],
      [{ kind: 'gift' }, 'kind', 'not_allowed'],
      [{ title: 'a\u0001b' }, 'title', 'control_character'],
      [{ colour: 'red' }, 'colour', 'unknown_field'],
    ];
    for (const [over, field, code] of cases)
      expectError(await api('POST', '/api/v1/contracts', { token: oa1, body: body(over) }), 400, code, field);
    expectError(await api('POST', '/api/v1/contracts', { token: oa1, body: '{"kind":' }), 400, 'malformed_json');
    expectError(await api('POST', '/api/v1/contracts', { token: oa1, body: body({ seller_org_id: s.org2, buyer_org_id: s.org1 }) }), 403, 'forbidden');
    expectError(await api('POST', '/api/v1/contracts', { token: member, body: body() }), 403, 'forbidden');
    expectError(await api('POST', '/api/v1/contracts', { body: body() }), 401);
    assert.equal(await total(), before);
  });
});

describe('verification by the seller\'s region', () => {
  it('only the coordinator of the seller\'s region verifies; returning needs a reason', async () => {
    const a = await register(oa1);
    expectError(await api('POST', `/api/v1/contracts/${a.id}/verify`, { token: coordJs }), 403, 'forbidden');
    expectError(await api('POST', `/api/v1/contracts/${a.id}/verify`, { token: oa1 }), 403, 'forbidden');
    expectError(await api('POST', `/api/v1/contracts/${a.id}/return`, { token: coord, body: {} }), 400, 'required', 'reason');
    expectError(await api('POST', `/api/v1/contracts/${a.id}/return`, { token: coord, body: { reason: 5 } }), 400, 'wrong_type', 'reason');
    const back = ok(await api('POST', `/api/v1/contracts/${a.id}/return`, { token: coord, body: { reason: '请补充附件' } }));
    assert.equal(back.state, 'returned');
    assert.equal(back.reason, '请补充附件');
    expectError(await api('POST', `/api/v1/contracts/${a.id}/verify`, { token: coord }), 409, 'not_submitted');
    const again = ok(await api('PATCH', `/api/v1/contracts/${a.id}`, { token: oa1, body: { income_cny: 800_000 } }));
    assert.equal(again.state, 'submitted');
    assert.equal(again.reason, null);
    const v = ok(await api('POST', `/api/v1/contracts/${a.id}/verify`, { token: coord }));
    assert.equal(v.state, 'verified');
    expectError(await api('PATCH', `/api/v1/contracts/${a.id}`, { token: oa1, body: { title: 'x' } }), 409, 'verified');
    // the review queue of the coordinator
    const q = ok(await api('GET', '/api/v1/contracts?review=1', { token: coord }));
    assert.ok(q.items.every((c) => c.state === 'submitted' && c.seller_region === '340000'));
  });

  it('a coordinator of another region neither sees nor lists it', async () => {
    const a = await register(oa1, { buyer_org_id: s.org2 });
    const other = await register(oa2, { buyer_org_id: s.org1 });
    // Jiangsu's coordinator sees both (a party in Jiangsu); a member sees its organisation's
    assert.ok(ok(await api('GET', `/api/v1/contracts/${a.id}`, { token: coordJs })).id);
    assert.ok(ok(await api('GET', `/api/v1/contracts/${other.id}`, { token: member })).id);
    expectError(await api('GET', '/api/v1/contracts/999999', { token: admin }), 404);
    expectError(await api('GET', '/api/v1/contracts?state=lost', { token: admin }), 400, 'not_allowed', 'state');
  });
});

describe('flows and the dashboard', () => {
  it('count verified cross-region contracts and their growth, and follow writes', async () => {
    const before = ok(await api('GET', `/api/v1/flows?year=${Y}`));
    // two verified this year, one the year before: Anhui → Jiangsu
    for (const year of [Y, Y, Y - 1]) {
      const c = await register(oa1, { signed_on: `${year}-03-0${year === Y ? 2 : 3}` });
      ok(await api('POST', `/api/v1/contracts/${c.id}/verify`, { token: coord }));
    }
    const f = ok(await api('GET', `/api/v1/flows?year=${Y}`));
    assert.equal(f.cross.count, before.cross.count + 2);
    assert.equal(f.cross.prev_count, before.cross.prev_count + 1);
    const cell = f.matrix.find((m) => m.seller === '340000' && m.buyer === '320000');
    assert.ok(cell && cell.count >= 2);
    assert.equal(f.trend.length, 5);
    assert.equal(f.trend.at(-1).year, Y);
    const d = ok(await api('GET', `/api/v1/dashboard?year=${Y}`));
    assert.equal(fig(d, 'cross_contracts').value, f.cross.count);
    assert.equal(fig(d, 'cross_contracts').prev, f.cross.prev_count);
    // the other capabilities' figures are live too (none of their data here)
    for (const k of ['experts', 'joint_projects', 'consortia', 'challenges_published', 'challenges_solved', 'fiscal_funds', 'social_capital']) {
      assert.equal(fig(d, k).available, true, k);
      assert.equal(fig(d, k).value, 0, k);
    }
    // the anonymous answer is cached until the next write
    const c = await register(oa1, { signed_on: `${Y}-04-01` });
    ok(await api('POST', `/api/v1/contracts/${c.id}/verify`, { token: coord }));
    const d2 = ok(await api('GET', `/api/v1/dashboard?year=${Y}`));
    assert.equal(fig(d2, 'cross_contracts').value, f.cross.count + 1);
    const anhui = ok(await api('GET', `/api/v1/dashboard?year=${Y}&region=340000`));
    assert.equal(anhui.region, '340000');
  });

  it('bad parameters name themselves', async () => {
    expectError(await api('GET', '/api/v1/dashboard?year=abc'), 400, undefined, 'year');
    expectError(await api('GET', '/api/v1/dashboard?year=1800'), 400, undefined, 'year');
    expectError(await api('GET', '/api/v1/flows?region=999999'), 400, 'not_found', 'region');
  });

  it('counts page views without storing anything personal', async () => {
    const year = new Date().getUTCFullYear();
    const visits = async () => fig(ok(await api('GET', `/api/v1/dashboard?year=${year}`, { token: admin })), 'visits').value;
    const v0 = await visits();
    for (const p of ['/', '/dashboard', '/flows', '/dashboard'])
      assert.equal((await fetch(s.url + p)).status, 200, p);
    assert.equal((await fetch(s.url + '/api/v1/regions')).status, 200);   // not a page
    assert.equal(await visits(), v0 + 4);
  });
});

describe('import and export', () => {
  const csv = (rows) => ['kind,title,amount_cny,income_cny,buyer,signed_on,field', ...rows].join('\r\n');
  it('a dry run lists every bad row and saves nothing; a bad file is refused whole', async () => {
    const before = await total();
    const bad = csv([
      `development,传感器开发,"1,200,000",900000,测试研究院,${Y}-05-01,electronic_information`,
      `service,检测服务,-5,0,测试研究院,${Y}-05-02,new_energy`,
      `service,检测服务二,5000,100,不存在的公司,${Y}-05-03,new_energy`,
      `transfer,专利转让,8000,9000,${s.org2},${Y}-05-04,new_materials`,
    ]);
    const headers = { 'Content-Type': 'text/csv' };
    const dry = ok(await api('POST', '/api/v1/contracts/import?dry_run=1', { token: oa1, body: bad, headers }));
    assert.equal(dry.dry_run, true);
    assert.equal(dry.rows, 4);
    assert.equal(dry.valid, 1);
    assert.deepEqual(dry.errors.map((e) => [e.row, e.field]), [[3, 'amount_cny'], [4, 'buyer'], [5, 'income_cny']]);
    const refused = expectError(await api('POST', '/api/v1/contracts/import', { token: oa1, body: bad, headers }), 422, 'bad_rows', 'file');
    assert.match(refused.message, /^row 3 \(amount_cny\)/);
    assert.equal(await total(), before);
    expectError(await api('POST', '/api/v1/contracts/import', { token: oa1, body: 'title\nx', headers }), 400, 'missing_column');
    expectError(await api('POST', '/api/v1/contracts/import', { token: oa1, body: Buffer.from([0x6b, 0xff, 0xfe, 0x0a]), headers }), 400, 'unreadable', 'file');
    expectError(await api('POST', '/api/v1/contracts/import', { token: oa1, headers }), 400, 'required', 'file');
    expectError(await api('POST', '/api/v1/contracts/import', { token: member, body: bad, headers }), 403);
  });
  it('good rows are registered; the CSV and XLSX exports read back', async () => {
    const before = await total(oa1);
    const good = csv([`consulting,咨询,50000,50000,${s.org2},${Y}/5/9,urban_social`]);
    const r = ok(await api('POST', '/api/v1/contracts/import', { token: oa1, body: good, headers: { 'Content-Type': 'text/csv' } }), 201);
    assert.equal(r.created, 1);
    assert.equal(await total(oa1), before + 1);
    // the system administrator's export holds every contract; all read back
    const x = await fetch(s.url + '/api/v1/contracts?format=xlsx', { headers: { Authorization: `Bearer ${admin}` } });
    assert.equal(x.status, 200);
    const bytes = Buffer.from(await x.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    const back = ok(await api('POST', '/api/v1/contracts/import?dry_run=1', { token: admin, body: bytes,
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }));
    assert.equal(back.valid, await total(admin));
    assert.deepEqual(back.errors, []);
    const c = await fetch(s.url + '/api/v1/contracts?format=csv', { headers: { Authorization: `Bearer ${oa1}` } });
    assert.match(c.headers.get('content-type'), /^text\/csv/);
    assert.match(await c.text(), /咨询/);
  });
});

describe('institutes and the unified assessment', () => {
  it('the office sets weights adding up to 100; the ranking scores as a share of the best', async () => {
    const mk = async (b) => ok(await api('POST', '/api/v1/organisations', { token: admin, body: b }), 201).id;
    const centre = await mk({ kind: 'centre', name_zh: '测试技术创新中心', city: '320500' });
    const inst = await mk({ kind: 'institute', name_zh: '测试专业研究所', city: '330100' });
    expectError(await api('PUT', `/api/v1/assessment/${Y}`, { token: office, body: { weights: { contract_income: 60, contracts: 30 } } }), 400, 'bad_sum', 'weights');
    expectError(await api('PUT', `/api/v1/assessment/${Y}`, { token: office, body: { weights: { beauty: 100 } } }), 400, 'unknown_indicator', 'weights');
    expectError(await api('PUT', `/api/v1/assessment/${Y}`, { token: office, body: { weights: { contract_income: 100.5 } } }), 400, 'wrong_type', 'contract_income');
    expectError(await api('PUT', `/api/v1/assessment/${Y}`, { token: coord, body: { weights: { contract_income: 100 } } }), 403);
    assert.equal(ok(await api('GET', `/api/v1/assessment/${Y}`)).set, false);
    const set = ok(await api('PUT', `/api/v1/assessment/${Y}`, { token: office, body: { weights: { contract_income: 70, instrument_hours: 30 } } }));
    assert.deepEqual(set.weights, { contract_income: 70, instrument_hours: 30 });
    expectError(await api('POST', '/api/v1/institutes', { token: office, body: { org_id: s.org1, centre_id: centre } }), 400, 'wrong_kind', 'org_id');
    ok(await api('POST', '/api/v1/institutes', { token: office, body: { org_id: s.org2, centre_id: centre } }), 201);
    ok(await api('POST', '/api/v1/institutes', { token: office, body: { org_id: inst, centre_id: centre } }), 201);
    const rank = ok(await api('GET', `/api/v1/institutes?year=${Y}`));
    assert.equal(rank.scheme_set, true);
    assert.equal(rank.institutes.length, 2);
    // 测试研究院 sold nothing yet: both score 0, neither leads
    for (const i of rank.institutes) assert.equal(i.total, 0);
    // a verified sale gives the institute the full weight of contract income
    const c = await register(oa2, { buyer_org_id: s.org1, signed_on: `${Y}-08-08` });
    ok(await api('POST', `/api/v1/contracts/${c.id}/verify`, { token: coordJs }));
    const after2 = ok(await api('GET', `/api/v1/institutes?year=${Y}`));
    assert.equal(after2.institutes[0].org_id, s.org2);
    assert.equal(after2.institutes[0].scores.contract_income, 70);
    assert.equal(after2.institutes[0].total, 70);
    assert.equal(after2.institutes[1].total, 0);
    assert.ok(after2.indicators.every((k) => k.available));
    assert.equal(after2.institutes[0].values.experts, 0);
    ok(await api('DELETE', `/api/v1/institutes/${inst}`, { token: office }), 204);
    expectError(await api('DELETE', `/api/v1/institutes/${inst}`, { token: office }), 404);
  });
});

describe('/metrics', () => {
  it('speaks the Prometheus text format with a consistent histogram', async () => {
    await fetch(s.url + '/instruments?q=' + encodeURIComponent('电镜'));
    const r = await fetch(s.url + '/metrics');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    const v = (name) => Number(new RegExp(`^${name.replace(/[{}"+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    for (const line of text.trim().split('\n'))
      assert.match(line, /^(# (HELP|TYPE) \w+ .+|\w+(\{\w+="[^"]*"\})? [0-9.e+-]+)$/, line);
    assert.ok(v('shenrong_http_requests_total') > 10);
    assert.ok(v('shenrong_searches_total') >= 1);
    assert.ok(v('shenrong_database_size_bytes') > 0);
    assert.ok(v('shenrong_rows{table="tech_contract"}') > 5);
    assert.ok(v('shenrong_bookings') >= 0);
    const buckets = [...text.matchAll(/^shenrong_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => Number(m[2]));
    assert.equal(buckets.length, 13);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1]);
    assert.equal(buckets.at(-1), v('shenrong_http_request_duration_seconds_count'));
    assert.ok(v('shenrong_http_request_duration_seconds_sum') > 0);
  });
});
