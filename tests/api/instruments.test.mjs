// instruments.test.mjs — /api/v1/instruments (大型科研仪器 and 重大科技基础设施):
// who may register and change them, reading, the catalogue's filters and
// orders, search, the anonymous cache's freshness, and parallel writes.
//
// Filters are checked against an oracle: the full list (status=all) filtered
// in JavaScript, so other tests' instruments cannot make them wrong.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { client, expectError, ok, instrumentBody, codePointCompare } from './helpers.mjs';

let s, api, admin, oa1, oa2, member, coord, office;
const fx = {};   // the fixtures by key

before(async () => {
  s = await startServer();
  api = client(s);
  [admin, oa1, oa2, member, coord, office] = await Promise.all(
    ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord', 'office'].map((u) => s.login(u)));
  const rows = [
    ['sem', oa1, { name_zh: '场发射扫描电镜', name_en: 'Field emission scanning electron microscope', category: 'analytical', value_cny: 5000000, purchase_year: 2018, model: 'SU8020', manufacturer: 'Hitachi' }],
    ['chip', oa1, { name_zh: '高性能芯片测试系统', category: 'electronic', value_cny: 3000000, purchase_year: 2020, sharing: 'conditional' }],
    ['ftir', oa1, { name_zh: '傅里叶红外光谱仪', name_en: 'FTIR spectrometer', category: 'analytical', value_cny: 800000, purchase_year: 2015, sharing: 'internal', status: 'maintenance' }],
    ['xrd', oa2, { name_zh: 'X射线衍射仪', name_en: 'XRD diffractometer', category: 'analytical', value_cny: 2000000, purchase_year: 2019 }],
    ['ms', oa2, { name_zh: '质谱仪', description: '配套样品制备，可用于电镜样品前处理。', category: 'analytical', value_cny: 1200000, purchase_year: 2021 }],
    ['confocal', oa2, { name_zh: '激光共聚焦显微镜', name_en: 'Confocal laser microscope', category: 'laser', value_cny: 900000, purchase_year: 2017, city: '320100' }],
    ['centrifuge', oa2, { name_zh: '旧离心机', category: 'process', value_cny: 10000, purchase_year: 2005, status: 'retired' }],
    ['sync', admin, { name_zh: '合肥同步辐射装置', kind: 'facility', category: 'physical', value_cny: 500000000, purchase_year: 2010, org_id: 1 }],
  ];
  for (const [key, token, body] of rows)
    fx[key] = ok(await api('POST', '/api/v1/instruments', { token, body }), 201);
});
after(async () => { await s?.stop(); });

const list = async (qs) => ok(await api('GET', '/api/v1/instruments' + (qs ? '?' + qs : '')));
const search = async (q, more = '') => list('per_page=100&q=' + encodeURIComponent(q) + more);
const names = (b) => b.items.map((i) => i.name_zh);

/** Every instrument, retired ones too. */
async function everything() {
  const out = [];
  for (let page = 1; ; page++) {
    const b = await list(`status=all&per_page=100&page=${page}`);
    out.push(...b.items);
    if (out.length >= b.total || !b.items.length) return out;
  }
}

describe('POST /api/v1/instruments', () => {
  it('an organisation administrator → 201; org_id defaults to their own, city to its city', async () => {
    const r = await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '原子力显微镜' }) });
    const b = ok(r, 201);
    assert.equal(r.headers.get('location'), `/api/v1/instruments/${b.id}`);
    assert.equal(b.org_id, s.org1);
    assert.equal(b.org_zh, '测试大学');
    assert.equal(b.city, '340100');
    assert.equal(b.region, '340000');
    assert.equal(b.city_zh, '合肥市');
    assert.equal(b.kind, 'instrument');
    assert.equal(b.status, 'in_service');
    assert.equal(b.sharing, 'open');
    assert.equal(b.purchase_year, null);
    assert.equal(b.fee_internal, null);
    assert.ok(b.created_at > 1600000000);
    assert.equal(b.created_at, b.updated_at);
    assert.deepEqual(ok(await api('GET', r.headers.get('location'))), b);
  });
  it('every member is saved and answered back', async () => {
    const body = {
      name_zh: '全字段仪器', name_en: 'All fields instrument', kind: 'facility', category: 'marine',
      model: 'M-1', manufacturer: '某厂', country: '中国', value_cny: 123456, purchase_year: 2001,
      org_id: s.org1, city: '340200', address: '芜湖市某路1号', status: 'maintenance', sharing: 'conditional',
      fee_internal: 100.5, fee_external: 200, contact: '张老师 0551-12345678',
      specs: '分辨率：1 nm\n加速电压：30 kV', areas: '材料\t化学', description: '第一行\n第二行',
    };
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa1, body }), 201);
    for (const [k, v] of Object.entries(body)) assert.deepEqual(b[k], v, k);
    assert.equal(b.region, '340000');
  });
  it('an organisation administrator for another organisation → 403; nothing is created', async () => {
    const before = (await list(`org=${s.org2}&status=all`)).total;
    expectError(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ org_id: s.org2 }) }), 403, 'forbidden', null);
    assert.equal((await list(`org=${s.org2}&status=all`)).total, before);
  });
  it('a system administrator → 201 for any organisation, but must name it', async () => {
    assert.equal(ok(await api('POST', '/api/v1/instruments', { token: admin, body: instrumentBody({ org_id: s.org2 }) }), 201).org_id, s.org2);
    expectError(await api('POST', '/api/v1/instruments', { token: admin, body: instrumentBody() }), 400, 'required', 'org_id');
  });
  it('a member, a coordinator, the office → 403; no token → 401', async () => {
    for (const t of [member, coord, office])
      expectError(await api('POST', '/api/v1/instruments', { token: t, body: instrumentBody() }), 403, 'forbidden');
    expectError(await api('POST', '/api/v1/instruments', { body: instrumentBody() }), 401, 'login_required');
  });
  it('an unknown org_id → 400 naming org_id', async () => {
    expectError(await api('POST', '/api/v1/instruments', { token: admin, body: instrumentBody({ org_id: 999999 }) }), 400, 'not_found', 'org_id');
  });
});

describe('GET /api/v1/instruments/{id}', () => {
  it('answers one instrument with its organisation, city and region names', async () => {
    const b = ok(await api('GET', `/api/v1/instruments/${fx.xrd.id}`));
    assert.equal(b.name_zh, 'X射线衍射仪');
    assert.equal(b.org_id, s.org2);
    assert.equal(b.org_zh, '测试研究院');
    assert.equal(b.org_en, 'Test Institute');
    assert.equal(b.city_en, 'Suzhou');
    assert.equal(b.region_zh, '江苏省');
  });
  it('a retired one is still readable by id', async () => {
    assert.equal(ok(await api('GET', `/api/v1/instruments/${fx.centrifuge.id}`)).status, 'retired');
  });
  it('an id that does not exist → 404; not a number → 404', async () => {
    expectError(await api('GET', '/api/v1/instruments/999999'), 404, 'not_found', null);
    for (const bad of ['abc', '0', '-1', '01', '1.5', '99999999999999999999'])
      expectError(await api('GET', `/api/v1/instruments/${bad}`), 404);
  });
  it('POST to an id → 405 with Allow: GET, PUT, PATCH, DELETE', async () => {
    const r = await api('POST', `/api/v1/instruments/${fx.xrd.id}`, { token: admin, body: {} });
    expectError(r, 405, 'method_not_allowed');
    assert.deepEqual(r.headers.get('allow').split(', ').sort(), ['DELETE', 'GET', 'PATCH', 'PUT']);
  });
});

describe('GET /api/v1/instruments: the list and its filters', () => {
  let all;
  before(async () => { all = await everything(); });
  const live = (i) => i.status !== 'retired';

  async function expectFilter(qs, pred) {
    const want = all.filter(pred).map((i) => i.id).sort((a, b) => a - b);
    assert.ok(want.length > 0, `the fixtures give ${qs} something to find`);
    const b = await list(qs + '&per_page=100');
    assert.deepEqual(b.items.map((i) => i.id).sort((a, c) => a - c), want, qs);
    assert.equal(b.total, want.length);
  }

  it('answers the list envelope; 20 per page by default', async () => {
    const b = await list('');
    assert.deepEqual(Object.keys(b).sort(), ['items', 'page', 'per_page', 'total']);
    assert.equal(b.page, 1);
    assert.equal(b.per_page, 20);
  });
  it('retired instruments are hidden by default', async () => {
    await expectFilter('x=1', live);
    assert.ok(!names(await list('per_page=100')).includes('旧离心机'));
  });
  it('status=retired shows only those; status=all shows everything', async () => {
    await expectFilter('status=retired', (i) => i.status === 'retired');
    await expectFilter('status=all', () => true);
    await expectFilter('status=maintenance', (i) => i.status === 'maintenance');
  });
  it('region, city', async () => {
    await expectFilter('region=320000', (i) => live(i) && i.region === '320000');
    await expectFilter('city=320100', (i) => live(i) && i.city === '320100');
    await expectFilter('region=320000&city=320500', (i) => live(i) && i.city === '320500');
  });
  it('category, kind, sharing', async () => {
    await expectFilter('category=analytical', (i) => live(i) && i.category === 'analytical');
    await expectFilter('kind=facility', (i) => live(i) && i.kind === 'facility');
    await expectFilter('sharing=internal', (i) => live(i) && i.sharing === 'internal');
    await expectFilter('sharing=conditional&category=electronic', (i) => live(i) && i.sharing === 'conditional' && i.category === 'electronic');
  });
  it('org', async () => {
    await expectFilter(`org=${s.org2}`, (i) => live(i) && i.org_id === s.org2);
    await expectFilter(`org=${s.org2}&status=all`, (i) => i.org_id === s.org2);
  });
  it('value_min and value_max are inclusive', async () => {
    await expectFilter('value_min=900000&value_max=3000000', (i) => live(i) && i.value_cny >= 900000 && i.value_cny <= 3000000);
    await expectFilter('value_min=5000000', (i) => live(i) && i.value_cny >= 5000000);
    await expectFilter('value_max=900000', (i) => live(i) && i.value_cny <= 900000);
    await expectFilter('value_min=2000000&value_max=2000000', (i) => live(i) && i.value_cny === 2000000);
  });
  it('an unknown region or city finds nothing (200, empty)', async () => {
    const b = await list('region=999999');
    assert.equal(b.total, 0);
    assert.deepEqual(b.items, []);
  });
  it('values outside the vocabularies → 400 naming the parameter', async () => {
    for (const p of ['category', 'kind', 'sharing', 'status', 'sort'])
      expectError(await api('GET', `/api/v1/instruments?${p}=bogus`), 400, 'not_allowed', p);
  });
  it('malformed numbers → 400 naming the parameter', async () => {
    for (const [qs, field] of [['value_min=abc', 'value_min'], ['value_min=-1', 'value_min'], ['value_max=1.5', 'value_max'],
      ['org=0', 'org'], ['org=x', 'org'], ['value_min=10&value_max=5', 'value_max']])
      expectError(await api('GET', `/api/v1/instruments?${qs}`), 400, undefined, field);
  });
});

describe('GET /api/v1/instruments: orders and pages', () => {
  const values = (b) => b.items.map((i) => i.value_cny);
  const isSorted = (xs, cmp) => xs.every((x, k) => k === 0 || cmp(xs[k - 1], x) <= 0);

  it('default (no q): by value, highest first', async () => {
    const b = await list('per_page=100');
    assert.ok(b.items.length >= 6);
    assert.ok(isSorted(values(b), (a, c) => c - a), values(b).join());
    assert.equal(b.items[0].name_zh, '合肥同步辐射装置');
  });
  it('sort=value_desc and value_asc', async () => {
    const d = values(await list('sort=value_desc&per_page=100'));
    const a = values(await list('sort=value_asc&per_page=100'));
    assert.ok(isSorted(d, (x, y) => y - x), d.join());
    assert.ok(isSorted(a, (x, y) => x - y), a.join());
    assert.deepEqual([...a].reverse(), d);
  });
  it('sort=newest: the last registered first', async () => {
    const ids = (await list('sort=newest&per_page=100')).items.map((i) => i.id);
    assert.ok(isSorted(ids, (x, y) => y - x), ids.join());
  });
  it('sort=year_desc: the latest purchase year first, unknown years last', async () => {
    const ys = (await list('sort=year_desc&per_page=100')).items.map((i) => i.purchase_year);
    const known = ys.filter((y) => y !== null);
    assert.ok(known.length >= 6);
    assert.ok(isSorted(known, (x, y) => y - x), ys.join());
    assert.ok(ys.indexOf(null) === -1 || ys.slice(ys.indexOf(null)).every((y) => y === null), 'nulls last');
  });
  it('sort=name: by the Chinese name', async () => {
    const ns = names(await list('sort=name&per_page=100'));
    assert.ok(isSorted(ns, codePointCompare), ns.join('|'));
  });
  it('page and per_page walk the list without overlap or gap', async () => {
    const whole = (await list('sort=value_asc&per_page=100')).items.map((i) => i.id);
    const walked = [];
    for (let p = 1; p <= Math.ceil(whole.length / 3); p++) {
      const b = await list(`sort=value_asc&per_page=3&page=${p}`);
      assert.equal(b.page, p);
      assert.equal(b.per_page, 3);
      assert.equal(b.total, whole.length);
      walked.push(...b.items.map((i) => i.id));
    }
    assert.deepEqual(walked, whole);
    const past = await list('per_page=3&page=1000');
    assert.deepEqual(past.items, []);
    assert.equal(past.total, whole.length);
  });
  it('page and per_page bounds → 400 naming the parameter', async () => {
    for (const [qs, field] of [['page=0', 'page'], ['page=100001', 'page'], ['page=x', 'page'],
      ['per_page=0', 'per_page'], ['per_page=101', 'per_page'], ['per_page=-5', 'per_page']])
      expectError(await api('GET', `/api/v1/instruments?${qs}`), 400, undefined, field);
    assert.equal((await list('per_page=100&page=100000')).items.length, 0);
  });
});

describe('search (q)', () => {
  it('2-character Chinese words inside longer names: 芯片, 电镜, 光谱', async () => {
    assert.ok(names(await search('芯片')).includes('高性能芯片测试系统'));
    assert.ok(names(await search('电镜')).includes('场发射扫描电镜'));
    assert.ok(names(await search('光谱')).includes('傅里叶红外光谱仪'));
  });
  it('a name match ranks above a description-only match (电镜)', async () => {
    const n = names(await search('电镜'));
    assert.ok(n.includes('质谱仪'), 'the description match is found');
    assert.ok(n.indexOf('场发射扫描电镜') < n.indexOf('质谱仪'), n.join('|'));
  });
  it('mixed script: X射线 衍射', async () => {
    assert.deepEqual(names(await search('X射线 衍射')), ['X射线衍射仪']);
  });
  it('English stemming: microscopes finds microscope', async () => {
    const n = names(await search('microscopes'));
    assert.ok(n.includes('场发射扫描电镜') && n.includes('激光共聚焦显微镜'), n.join('|'));
  });
  it('traditional characters: 電鏡 finds 电镜', async () => {
    assert.ok(names(await search('電鏡')).includes('场发射扫描电镜'));
  });
  it('full-width letters: ＸＲＤ finds XRD', async () => {
    assert.deepEqual(names(await search('ＸＲＤ')), ['X射线衍射仪']);
    assert.deepEqual(names(await search('xrd')), ['X射线衍射仪']);
  });
  it('model and manufacturer are searched', async () => {
    assert.deepEqual(names(await search('SU8020')), ['场发射扫描电镜']);
    assert.deepEqual(names(await search('hitachi')), ['场发射扫描电镜']);
  });
  it('all words must match', async () => {
    assert.deepEqual(names(await search('芯片 光谱')), []);
  });
  it('-word excludes', async () => {
    const n = names(await search('电镜 -质谱'));
    assert.ok(n.includes('场发射扫描电镜'));
    assert.ok(!n.includes('质谱仪'));
    assert.ok(!names(await search('microscope -laser')).includes('激光共聚焦显微镜'));
  });
  it('"exact phrase"', async () => {
    assert.deepEqual(names(await search('"扫描电镜"')), ['场发射扫描电镜']);
    assert.deepEqual(names(await search('"电镜扫描"')), []);
  });
  it('a OR b', async () => {
    assert.deepEqual(names(await search('芯片 OR 光谱')).sort(), ['傅里叶红外光谱仪', '高性能芯片测试系统'].sort());
  });
  it('filters combine with q; retired ones stay hidden', async () => {
    assert.deepEqual(names(await search('显微镜', '&region=320000')), ['激光共聚焦显微镜']);
    assert.deepEqual(names(await search('显微镜', '&region=340000')).includes('激光共聚焦显微镜'), false);
    assert.deepEqual(names(await search('离心机')), []);
    assert.deepEqual(names(await search('离心机', '&status=all')), ['旧离心机']);
  });
  it('filters written in the query: region:江苏', async () => {
    const n = names(await search('显微镜 region:江苏'));
    assert.deepEqual(n, ['激光共聚焦显微镜']);
    expectError(await api('GET', '/api/v1/instruments?q=' + encodeURIComponent('region:火星')), 400, undefined, 'q');
  });
  it('only stop words or punctuation → 200 and nothing', async () => {
    assert.equal((await search('，。！')).total, 0);
  });
  it('a very long query is cut and says so (query_truncated)', async () => {
    const b = await search('电镜 '.repeat(200));
    assert.equal(b.query_truncated, true);
  });
  it('odd queries answer 200, or 400 naming q; never a crash', async () => {
    const odd = ['"', '-', 'OR', 'OR OR', '""', '-"', '"unclosed', '((', '*', 'NEAR(a b)', '^', 'a AND b', 'NOT',
      '\\', '😀', 'e\u0301', '\u202e', 'x'.repeat(5000), Array(300).fill('a').join(' OR '), '- - -', '* OR *',
      'a OR', 'OR a', '"a" OR -"b"', '“电镜”', '＂电镜＂', '－电镜', '：', '\uFFFD', '\u3000电镜\u3000', '𠀀𠀁',
      'a"b"c', '"OR"', 'region:"上海"', '{', '}', '[', "'", '%', '_', 'a:', 'region:', 'year:abc', 'year:2020'];
    for (const q of odd) {
      const r = await api('GET', '/api/v1/instruments?q=' + encodeURIComponent(q));
      if (r.status !== 200) expectError(r, 400, undefined, 'q');
    }
    ok(await api('GET', '/healthz'));
  });
  it('a new instrument is found as soon as its POST returns', async () => {
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '纳米压痕仪' }) }), 201);
    assert.deepEqual((await search('压痕')).items.map((i) => i.id), [b.id]);
  });
  it('an update changes what is found at once', async () => {
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa2, body: instrumentBody({ name_zh: '拉曼光谱仪' }) }), 201);
    assert.ok(names(await search('拉曼')).includes('拉曼光谱仪'));
    ok(await api('PATCH', `/api/v1/instruments/${b.id}`, { token: oa2, body: { name_zh: '荧光分光光度计' } }));
    assert.deepEqual(names(await search('拉曼')), []);
    assert.deepEqual(names(await search('荧光')), ['荧光分光光度计']);
  });
  it('a deleted instrument is no longer found, and its id answers 404', async () => {
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '热重分析仪' }) }), 201);
    assert.equal((await search('热重')).total, 1);
    assert.equal((await api('DELETE', `/api/v1/instruments/${b.id}`, { token: oa1 })).status, 204);
    assert.equal((await search('热重')).total, 0);
    expectError(await api('GET', `/api/v1/instruments/${b.id}`), 404, 'not_found');
  });
});

describe('PUT and PATCH /api/v1/instruments/{id}', () => {
  let mine;
  before(async () => {
    mine = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '待修改仪器', name_en: 'To change', address: '实验楼101', purchase_year: 2012 }) }), 201);
  });
  it('PATCH changes only what is sent', async () => {
    const b = ok(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: oa1, body: { value_cny: 250000, sharing: 'conditional' } }));
    assert.equal(b.value_cny, 250000);
    assert.equal(b.sharing, 'conditional');
    assert.equal(b.name_en, 'To change');
    assert.equal(b.purchase_year, 2012);
    assert.ok(b.updated_at >= mine.updated_at);
  });
  it('PATCH a city moves the region with it', async () => {
    const b = ok(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: oa1, body: { city: '310100' } }));
    assert.equal(b.region, '310000');
    assert.equal(b.city_zh, '上海市');
    assert.ok((await list('region=310000&per_page=100')).items.some((i) => i.id === mine.id));
  });
  it('PUT replaces: optional members left out become null, the owner stays', async () => {
    const b = ok(await api('PUT', `/api/v1/instruments/${mine.id}`, { token: oa1, body: { name_zh: '已替换仪器', category: 'other', value_cny: 7 } }));
    assert.equal(b.name_zh, '已替换仪器');
    assert.equal(b.name_en, null);
    assert.equal(b.address, null);
    assert.equal(b.purchase_year, null);
    assert.equal(b.sharing, 'open');
    assert.equal(b.org_id, s.org1);
    assert.equal(b.city, '340100', 'the city falls back to the owner\'s');
  });
  it('PUT without a required member → 400, nothing changes', async () => {
    expectError(await api('PUT', `/api/v1/instruments/${mine.id}`, { token: oa1, body: { name_zh: '缺原值' , category: 'other' } }), 400, 'required', 'value_cny');
    assert.equal(ok(await api('GET', `/api/v1/instruments/${mine.id}`)).name_zh, '已替换仪器');
  });
  it('another organisation\'s administrator → 403; moving it to another organisation → 403', async () => {
    expectError(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: oa2, body: { value_cny: 1 } }), 403, 'forbidden');
    expectError(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: oa1, body: { org_id: s.org2 } }), 403, 'forbidden');
    assert.equal(ok(await api('GET', `/api/v1/instruments/${mine.id}`)).org_id, s.org1);
  });
  it('a system administrator may move it to another organisation', async () => {
    const b = ok(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: admin, body: { org_id: s.org2 } }));
    assert.equal(b.org_id, s.org2);
    assert.equal(b.org_zh, '测试研究院');
    ok(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: admin, body: { org_id: s.org1 } }));
  });
  it('a member → 403; no token → 401; an unknown id → 404', async () => {
    expectError(await api('PATCH', `/api/v1/instruments/${mine.id}`, { token: member, body: { value_cny: 1 } }), 403);
    expectError(await api('PATCH', `/api/v1/instruments/${mine.id}`, { body: { value_cny: 1 } }), 401);
    expectError(await api('PATCH', '/api/v1/instruments/999999', { token: admin, body: { value_cny: 1 } }), 404, 'not_found');
    expectError(await api('PUT', '/api/v1/instruments/999999', { token: admin, body: instrumentBody() }), 404, 'not_found');
  });
});

describe('DELETE /api/v1/instruments/{id}', () => {
  it('another organisation\'s administrator or a member → 403; no token → 401; it stays', async () => {
    expectError(await api('DELETE', `/api/v1/instruments/${fx.chip.id}`, { token: oa2 }), 403, 'forbidden');
    expectError(await api('DELETE', `/api/v1/instruments/${fx.chip.id}`, { token: member }), 403, 'forbidden');
    expectError(await api('DELETE', `/api/v1/instruments/${fx.chip.id}`), 401, 'login_required');
    ok(await api('GET', `/api/v1/instruments/${fx.chip.id}`));
  });
  it('its own administrator → 204 with no body; then 404, and gone from the list', async () => {
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa2, body: instrumentBody({ name_zh: '要删除的仪器' }) }), 201);
    const r = await api('DELETE', `/api/v1/instruments/${b.id}`, { token: oa2 });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    expectError(await api('GET', `/api/v1/instruments/${b.id}`), 404);
    expectError(await api('DELETE', `/api/v1/instruments/${b.id}`, { token: oa2 }), 404);
    assert.ok(!(await everything()).some((i) => i.id === b.id));
  });
});

describe('the anonymous cache never serves stale answers', () => {
  it('a cached anonymous list shows an instrument created after it', async () => {
    const url = '/api/v1/instruments?q=' + encodeURIComponent('鲜度');
    assert.equal(ok(await api('GET', url)).total, 0);
    assert.equal(ok(await api('GET', url)).total, 0);          // now from the cache
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '鲜度测试仪' }) }), 201);
    const after = ok(await api('GET', url));
    assert.deepEqual(after.items.map((i) => i.id), [b.id]);
  });
  it('the plain list, the record and the figures follow an update at once', async () => {
    const b = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '缓存测试仪', value_cny: 4242 }) }), 201);
    const url = `/api/v1/instruments/${b.id}`;
    const newest = '/api/v1/instruments?sort=newest&per_page=1';
    const stats1 = ok(await api('GET', '/api/v1/stats'));
    ok(await api('GET', url)); ok(await api('GET', url)); ok(await api('GET', newest));
    ok(await api('PATCH', url, { token: oa1, body: { value_cny: 4343 } }));
    assert.equal(ok(await api('GET', url)).value_cny, 4343);
    assert.equal(ok(await api('GET', newest)).items[0].value_cny, 4343);
    assert.equal(ok(await api('GET', '/api/v1/stats')).value_cny, stats1.value_cny + 101);
    const c = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '缓存测试仪二' }) }), 201);
    assert.equal(ok(await api('GET', newest)).items[0].id, c.id);
    assert.equal((await api('DELETE', url, { token: oa1 })).status, 204);
    expectError(await api('GET', url), 404);
  });
  it('an organisation\'s figures follow its instruments', async () => {
    const o1 = ok(await api('GET', `/api/v1/organisations/${s.org1}`));
    ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '计数仪', value_cny: 1000 }) }), 201);
    const o2 = ok(await api('GET', `/api/v1/organisations/${s.org1}`));
    assert.equal(o2.instruments, o1.instruments + 1);
    assert.equal(o2.value_cny, o1.value_cny + 1000);
  });
});

describe('parallel writes', () => {
  it('50 parallel creates from two organisation administrators all succeed; the total grows by exactly 50', async () => {
    const before = await list('status=all&per_page=1');
    const by1 = (await list(`org=${s.org1}&status=all&per_page=1`)).total;
    const rs = await Promise.all(Array.from({ length: 50 }, (_, k) =>
      api('POST', '/api/v1/instruments', { token: k % 2 ? oa1 : oa2, body: instrumentBody({ name_zh: `并发仪器${k}`, value_cny: k }) })));
    assert.deepEqual(rs.map((r) => r.status), Array(50).fill(201), rs.filter((r) => r.status !== 201).map((r) => r.text).join('\n'));
    assert.equal(new Set(rs.map((r) => r.json.id)).size, 50);
    assert.equal((await list('status=all&per_page=1')).total, before.total + 50);
    assert.equal((await list(`org=${s.org1}&status=all&per_page=1`)).total, by1 + 25);
    assert.equal((await search('并发仪器')).total, 50);
  });
});
