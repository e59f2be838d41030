// search.test.mjs — GET /api/v1/search and GET /api/v1/suggest: one search
// over every kind of record.  What is found (two-character words, folding,
// stemming, phrases, exclusion, OR, filters), that a record is found the
// moment its save returns and gone the moment it is deleted, ranking,
// facets, highlighting, pages, "did you mean", who finds restricted
// records, bad input, and suggestions by prefix, pinyin initials and
// abbreviation.  Every answer is checked against docs/api/openapi.yaml.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cliAsync, PASSWORD } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

let s, api, admin, oa1, oa2, member, coord, coordZj, office;
const fx = {};

before(async () => {
  s = await startServer();
  api = client(s);
  const r = await cliAsync(['user', 'add', '--db', s.db, '--name', 'coord-zj', '--role', 'coordinator',
    '--region', '330000', '--password-stdin'], PASSWORD + '\n');
  assert.equal(r.status, 0, r.stderr);
  [admin, oa1, oa2, member, coord, coordZj, office] = await Promise.all(
    ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord', 'coord-zj', 'office'].map((u) => s.login(u)));
  const org = async (body) => ok(await api('POST', '/api/v1/organisations', { token: admin, body }), 201);
  fx.ustc = await org({ kind: 'university', name_zh: '中国科学技术大学', name_en: 'University of Science and Technology of China', city: '340100' });
  fx.xmu = await org({ kind: 'university', name_zh: '厦门测试大学', name_en: 'Xiamen Test University', city: '310100' });
  const ins = async (token, body) => ok(await api('POST', '/api/v1/instruments', { token, body: { category: 'analytical', value_cny: 1000000, ...body } }), 201);
  fx.sem = await ins(oa1, { name_zh: '场发射扫描电子显微镜', name_en: 'Field-emission scanning electron microscope', model: 'SU8020', manufacturer: '日立 Hitachi', purchase_year: 2018, description: '二次电子分辨率 1.0 nm，配能谱仪，用于材料表面形貌分析。' });
  fx.cryo = await ins(oa1, { name_zh: '冷冻电镜样品制备系统', name_en: 'Cryo-EM sample preparation system', purchase_year: 2021 });
  fx.xrd = await ins(oa2, { name_zh: 'X射线衍射仪', name_en: 'X-ray diffractometer', purchase_year: 2019, specs: '测角仪半径 ≥200 mm' });
  fx.xrd2 = await ins(oa2, { name_zh: '单晶X射线衍射仪', name_en: 'Single-crystal X-ray diffractometer', purchase_year: 2020 });
  fx.ms = await ins(oa2, { name_zh: '质谱仪', name_en: 'Mass spectrometer', description: '配套样品制备，可用于电镜样品前处理。', purchase_year: 2019 });
  fx.light = await ins(admin, { name_zh: '合肥同步辐射光源', name_en: 'Hefei synchrotron light source', kind: 'facility', category: 'physical', value_cny: 300000000, org_id: fx.ustc.id, purchase_year: 1991 });
  fx.laser = await ins(oa2, { name_zh: '激光共聚焦显微镜', name_en: 'Confocal laser scanning microscope', category: 'laser', purchase_year: 2017 });
  fx.contract = ok(await api('POST', '/api/v1/contracts', { token: oa1, body: {
    kind: 'development', title: '钙钛矿叠层电池技术开发合同', amount_cny: 1_200_000, income_cny: 900_000,
    buyer_org_id: s.org2, signed_on: '2024-06-15', field: 'new_energy' } }), 201);
});
after(async () => { await s?.stop(); });

const search = async (q, more = '', token) =>
  ok(await api('GET', `/api/v1/search?q=${encodeURIComponent(q)}${more}`, { token }));
const keys = (b) => b.items.map((i) => `${i.type}:${i.id}`);
const has = (b, rec, type = 'instrument') => keys(b).includes(`${type}:${rec.id}`);
const marked = (segs) => segs.filter((g) => g.mark).map((g) => g.text);

describe('GET /api/v1/search — what is found', () => {
  it('a two-character word inside a longer name (电镜 in 冷冻电镜…; 衍射 in both diffractometers)', async () => {
    assert.ok(has(await search('电镜'), fx.cryo));
    const b = await search('衍射');
    assert.ok(has(b, fx.xrd) && has(b, fx.xrd2));
  });
  it('a description match ranks below a name match', async () => {
    const b = await search('电镜');
    assert.ok(keys(b).indexOf(`instrument:${fx.cryo.id}`) < keys(b).indexOf(`instrument:${fx.ms.id}`),
      'the name 冷冻电镜… before the description …电镜样品…');
  });
  it('traditional and full-width forms fold: 電鏡, ＸＲＤ-less Ｘ射线', async () => {
    assert.ok(has(await search('電鏡'), fx.cryo));
    assert.ok(has(await search('Ｘ射线衍射仪'), fx.xrd));
    assert.ok(has(await search('復旦 OR 掃描'), fx.sem));
  });
  it('English words are stemmed: microscopes finds microscope', async () => {
    const b = await search('microscopes');
    assert.ok(has(b, fx.sem) && has(b, fx.laser));
  });
  it('an exact phrase, an exclusion, OR', async () => {
    assert.deepEqual(keys(await search('"X射线衍射仪" -单晶')), [`instrument:${fx.xrd.id}`]);
    const either = await search('质谱仪 OR 光源');
    assert.ok(has(either, fx.ms) && has(either, fx.light, 'facility'));
    assert.ok(!has(await search('显微镜 -激光'), fx.laser));
  });
  it('an organisation by its name, first; its records by its name too', async () => {
    const b = await search('中国科学技术大学');
    assert.deepEqual(b.items[0] && [b.items[0].type, b.items[0].id], ['org', fx.ustc.id]);
    assert.ok(has(b, fx.light, 'facility'));
    assert.equal(b.items[0].url, `/orgs/${fx.ustc.id}`);
    assert.ok(has(await search('University of Science and Technology of China'), fx.ustc, 'org'));
  });
  it('filters in the query: type:, region:, city:, org:, year:, category:', async () => {
    const onlyOrgs = await search('大学 type:单位');
    assert.ok(onlyOrgs.total >= 2 && onlyOrgs.items.every((i) => i.type === 'org'));
    assert.deepEqual(keys(await search('衍射 region:江苏 year:2019')), [`instrument:${fx.xrd.id}`]);
    const suzhou = await search('衍射 city:苏州');
    assert.ok(suzhou.items.every((i) => i.city === '320500') && suzhou.total === 2);
    const ustc = await search('光源 org:中国科学技术大学');
    assert.deepEqual(keys(ustc), [`facility:${fx.light.id}`]);
    assert.ok((await search('显微镜 category:laser')).items.every((i) => i.category === 'laser'));
    assert.ok((await search('显微镜 category:激光器')).items.every((i) => i.category === 'laser'), 'a label names the category');
    const browse = await search('type:facility');
    assert.ok(has(browse, fx.light, 'facility'), 'filters alone are a browse');
  });
  it('facet parameters narrow the query, and facet counts add up to the total', async () => {
    const b = await search('显微镜');
    const sum = (f) => f.reduce((n, v) => n + v.count, 0);
    assert.equal(sum(b.facets.type), b.total);
    assert.equal(sum(b.facets.region), b.total);
    assert.ok(b.facets.region.some((v) => v.value === '340000' && v.label_zh === '安徽省'));
    const anhui = await search('显微镜', '&region=340000');
    assert.equal(anhui.total, b.facets.region.find((v) => v.value === '340000').count);
    assert.ok(anhui.items.every((i) => i.region === '340000'));
    assert.equal((await search('显微镜 region:江苏', '&region=340000')).total, 0, 'two regions cannot both hold');
    const labs = await search('显微镜', '&category=laser&type=instrument');
    assert.deepEqual(keys(labs), [`instrument:${fx.laser.id}`]);
  });
  it('the matched words are marked in the name and the snippet', async () => {
    const b = await search('扫描 电镜');
    const sem = b.items.find((i) => i.id === fx.sem.id);
    assert.ok(!sem, 'both words must match: 场发射扫描电子显微镜 has no 电镜');
    const c = await search('扫描 分辨率');
    const it = c.items.find((i) => i.id === fx.sem.id);
    assert.deepEqual(marked(it.highlight.name), ['扫描']);
    assert.ok(marked(it.highlight.snippet).includes('分辨率'));
    assert.equal(it.highlight.name.map((g) => g.text).join(''), it.name);
  });
  it('pages do not overlap and hold per_page results', async () => {
    const all = await search('显微镜 OR 衍射 OR 电镜 OR 光源', '&per_page=50');
    const p1 = await search('显微镜 OR 衍射 OR 电镜 OR 光源', '&per_page=2&page=1');
    const p2 = await search('显微镜 OR 衍射 OR 电镜 OR 光源', '&per_page=2&page=2');
    assert.equal(p1.items.length, 2);
    assert.equal(p1.total, all.total);
    assert.deepEqual([...keys(p1), ...keys(p2)], keys(all).slice(0, 4));
  });
});

describe('GET /api/v1/search — freshness', () => {
  it('an instrument is found as soon as its save returns, renamed at once, gone once deleted', async () => {
    assert.equal((await search('拉曼光谱仪')).total, 0);
    const r = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: { name_zh: '共聚焦拉曼光谱仪', category: 'analytical', value_cny: 900000 } }), 201);
    assert.ok(has(await search('拉曼光谱仪'), r));
    ok(await api('PATCH', `/api/v1/instruments/${r.id}`, { token: oa1, body: { name_zh: '傅里叶红外光谱仪' } }));
    assert.equal((await search('拉曼')).total, 0);
    assert.ok(has(await search('红外'), r));
    ok(await api('PATCH', `/api/v1/instruments/${r.id}`, { token: oa1, body: { status: 'retired' } }));
    assert.ok(!has(await search('红外'), r), 'retired instruments are not searched');
    ok(await api('DELETE', `/api/v1/instruments/${r.id}`, { token: oa1 }), 204);
    assert.equal((await search('红外')).total, 0);
  });
  it('an organisation renamed: its instruments are found by the new name', async () => {
    const o = ok(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'institute', name_zh: '旧名研究所', city: '320100' } }), 201);
    const i = ok(await api('POST', '/api/v1/instruments', { token: admin, body: { name_zh: '稀释制冷机', category: 'physical', value_cny: 5000000, org_id: o.id } }), 201);
    assert.ok(has(await search('旧名 制冷'), i));
    ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: admin, body: { name_zh: '新名研究所' } }));
    assert.equal((await search('旧名 制冷')).total, 0);
    assert.ok(has(await search('新名 制冷'), i));
  });
});

describe('GET /api/v1/search — joint projects', () => {
  const body = (over = {}) => ({
    title: '长三角固态锂电池电解质联合攻关', title_en: 'Solid-state lithium battery electrolytes',
    summary: '突破硫化物电解质界面阻抗与量产工艺。', field: 'energy', start_year: 2024, end_year: 2026,
    lead_org_id: s.org2, total_cny: 3_000_000, members: [s.org1],
    funding: [{ source: 'fiscal', region: '320000', year: 2024, amount_cny: 2_000_000 },
      { source: 'enterprise', year: 2024, amount_cny: 1_000_000 }],
    ...over,
  });
  it('found by visitors the moment its save returns, by title, English title and summary; renamed; gone', async () => {
    assert.equal((await search('固态锂电池')).total, 0);
    const p = ok(await api('POST', '/api/v1/projects', { token: oa2, body: body() }), 201);
    const b = await search('固态锂电池');
    assert.ok(has(b, p, 'project'));
    const it = b.items.find((i) => i.type === 'project');
    assert.equal(it.url, `/projects/${p.id}`);
    assert.equal(it.year, 2024);
    assert.deepEqual(marked(it.highlight.name), ['固态锂电池']);
    assert.ok(has(await search('electrolytes'), p, 'project'), 'the English title, stemmed');
    assert.ok(has(await search('界面阻抗'), p, 'project'), 'the summary');
    assert.ok(b.facets.type.some((v) => v.value === 'project' && v.count === 1));
    assert.deepEqual(keys(await search('固态锂电池 type:项目 region:江苏 year:2024')), [`project:${p.id}`]);
    assert.deepEqual(keys(await search('固态锂电池 category:新能源')), [`project:${p.id}`], 'its field, by label');
    assert.equal(it.category, 'energy');
    assert.equal((await search('固态锂电池 region:安徽')).total, 0, 'the lead organisation\'s region');
    assert.equal((await search('固态锂电池 year:2023')).total, 0);
    ok(await api('PATCH', `/api/v1/projects/${p.id}`, { token: oa2, body: { title: '钠离子电池正极材料联合攻关' } }));
    assert.equal((await search('固态锂电池')).total, 0);
    assert.ok(has(await search('钠离子'), p, 'project'));
    assert.equal((await api('DELETE', `/api/v1/projects/${p.id}`, { token: oa2 })).status, 204);
    assert.equal((await search('钠离子')).total, 0);
  });
});

describe('GET /api/v1/search — who finds what', () => {
  it('a technology contract: its parties, their regions\' coordinators, the office and administrators', async () => {
    const q = '钙钛矿';
    assert.equal((await search(q)).total, 0, 'visitors find no contract');
    for (const t of [admin, office, oa1, member, oa2, coord]) {
      const b = await search(q, '', t);
      assert.ok(has(b, fx.contract, 'contract'), 'a party or its overseer finds it');
      assert.equal(b.items[0].url, `/contracts/${fx.contract.id}`);
    }
    assert.equal((await search(q, '', coordZj)).total, 0, 'another region\'s coordinator does not');
  });
});

describe('GET /api/v1/search — did you mean', () => {
  it('a misspelt English word is corrected when nothing matches', async () => {
    const b = await search('microscpe');
    assert.equal(b.corrected, true);
    assert.equal(b.did_you_mean, 'microscope');
    assert.ok(has(b, fx.sem));
    const d = await search('difractometer');
    assert.equal(d.did_you_mean, 'diffractometer');
    assert.ok(has(d, fx.xrd));
  });
  it('no correction for a word that is there, or for nonsense', async () => {
    const b = await search('microscope');
    assert.equal(b.corrected, false);
    assert.equal(b.did_you_mean, null);
    const n = await search('qzxwvkj');
    assert.equal(n.total, 0);
    assert.equal(n.did_you_mean, null);
  });
});

describe('GET /api/v1/search — bad input', () => {
  it('an empty query → 400 naming q', async () => {
    expectError(await api('GET', '/api/v1/search'), 400, 'required', 'q');
    expectError(await api('GET', '/api/v1/search?q=%20%20'), 400, 'required', 'q');
  });
  it('only punctuation or stop words → 200, unsearchable, no items', async () => {
    for (const q of ['，。！？', '!!! ---', 'the of and', '的 和']) {
      const b = await search(q);
      assert.equal(b.unsearchable, true, q);
      assert.equal(b.total, 0, q);
    }
    assert.ok(has(await search('the microscope'), fx.sem), 'stop words beside words are ignored');
  });
  it('unbalanced quotes, a lone minus, a lone OR → an answer', async () => {
    assert.ok(has(await search('"X射线衍射'), fx.xrd));
    assert.ok(has(await search('衍射 - OR'), fx.xrd));
  });
  it('a 10,000-character query is cut, answered, and fast', async () => {
    // (the server reads a URL of up to 192 KiB: 10,000 Chinese characters
    // are 90 KB percent-encoded, 10,000 four-byte ones 120 KB)
    const t0 = Date.now();
    const b = await search('microscope '.repeat(910));
    assert.equal(b.query_truncated, true);
    assert.ok(has(b, fx.sem));
    const c = await search('显微镜'.repeat(3334).slice(0, 10000));
    assert.equal(c.query_truncated, true);
    assert.equal(c.total, 0);
    const e = await search('😀'.repeat(10000));
    assert.equal(e.query_truncated, true);
    assert.equal(e.unsearchable, true);
    const d = await search('x'.repeat(10000));
    assert.equal(d.query_truncated, true);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });
  it('unknown filters and values → 400 naming q; bad parameters → 400 naming them', async () => {
    expectError(await api('GET', `/api/v1/search?q=${encodeURIComponent('foo:bar 电镜')}`), 400, 'bad_query', 'q');
    expectError(await api('GET', `/api/v1/search?q=${encodeURIComponent('region:火星')}`), 400, 'unknown_value', 'q');
    expectError(await api('GET', `/api/v1/search?q=${encodeURIComponent('type:spaceship')}`), 400, 'unknown_value', 'q');
    expectError(await api('GET', `/api/v1/search?q=${encodeURIComponent('org:不存在的单位')}`), 400, 'unknown_value', 'q');
    expectError(await api('GET', `/api/v1/search?q=${encodeURIComponent('year:abc')}`), 400, 'unknown_value', 'q');
    expectError(await api('GET', `/api/v1/search?q=${encodeURIComponent('电镜 category:半导体')}`), 400, 'unknown_value', 'q');
    expectError(await api('GET', '/api/v1/search?q=x&category=spaceships'), 400, 'unknown_value', 'category');
    expectError(await api('GET', '/api/v1/search?q=x&type=spaceship'), 400, 'unknown_value', 'type');
    expectError(await api('GET', '/api/v1/search?q=x&region=999999'), 400, 'unknown_value', 'region');
    expectError(await api('GET', '/api/v1/search?q=x&page=0'), 400, undefined, 'page');
    expectError(await api('GET', '/api/v1/search?q=x&page=101'), 400, undefined, 'page');
    expectError(await api('GET', '/api/v1/search?q=x&per_page=51'), 400, undefined, 'per_page');
    expectError(await api('GET', '/api/v1/search?q=x&year=nineteen'), 400, undefined, 'year');
  });
  it('control characters and invalid UTF-8 → 400 naming q', async () => {
    expectError(await api('GET', '/api/v1/search?q=%E7%94%B5%00%E9%95%9C'), 400, undefined, 'q');
    expectError(await api('GET', '/api/v1/search?q=%01abc'), 400, undefined, 'q');
    expectError(await api('GET', '/api/v1/search?q=%FF%FE'), 400, undefined, 'q');
    expectError(await api('GET', '/api/v1/search?q=%E7%94'), 400, undefined, 'q');
  });
});

describe('GET /api/v1/suggest', () => {
  const suggest = async (q, more = '') => ok(await api('GET', `/api/v1/suggest?q=${encodeURIComponent(q)}${more}`)).items;
  it('names that begin with what was typed, organisations first', async () => {
    const items = await suggest('中国科');
    assert.equal(items[0].name, '中国科学技术大学');
    assert.equal(items[0].type, 'org');
    assert.equal(items[0].url, `/orgs/${fx.ustc.id}`);
    assert.equal(items[0].match, 'prefix');
    assert.ok((await suggest('univ')).some((i) => i.id === fx.ustc.id), 'English names too');
    assert.ok((await suggest('場發射')).some((i) => i.name === '场发射扫描电子显微镜'), 'traditional folds');
  });
  it('pinyin initials: zgkx → 中国科学技术大学, csdx → 测试大学; polyphones: xm → 厦门', async () => {
    const zg = await suggest('zgkx');
    assert.equal(zg[0].name, '中国科学技术大学');
    assert.equal(zg[0].match, 'initials');
    assert.ok((await suggest('CSDX')).some((i) => i.name === '测试大学'));
    assert.ok((await suggest('xm')).some((i) => i.name === '厦门测试大学'), '厦 is xia in 厦门');
    assert.ok((await suggest('sm')).some((i) => i.name === '厦门测试大学'), '…and sha elsewhere');
  });
  it('abbreviations: zkd and 中科大 → 中国科学技术大学', async () => {
    for (const q of ['zkd', '中科大']) {
      const items = await suggest(q);
      const u = items.find((i) => i.name === '中国科学技术大学');
      assert.ok(u, q);
      assert.equal(u.match, 'abbreviation');
    }
  });
  it('an instrument name is offered once, with how many bear it', async () => {
    ok(await api('POST', '/api/v1/instruments', { token: oa2, body: { name_zh: 'X射线衍射仪', category: 'analytical', value_cny: 800000 } }), 201);
    const items = await suggest('X射线衍');
    const xrd = items.filter((i) => i.name === 'X射线衍射仪');
    assert.equal(xrd.length, 1);
    assert.equal(xrd[0].count, 2);
    assert.equal(xrd[0].url, null);
  });
  it('a new name is offered at once', async () => {
    assert.equal((await suggest('量子精密测量')).length, 0);
    ok(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'lab', name_zh: '量子精密测量实验室', city: '340100' } }), 201);
    assert.equal((await suggest('量子精密测量'))[0]?.name, '量子精密测量实验室');
  });
  it('empty input → no items; limit is kept; a bad limit → 400', async () => {
    assert.deepEqual(await suggest(''), []);
    assert.deepEqual(await suggest('   '), []);
    assert.ok((await suggest('c', '&limit=2')).length <= 2);
    expectError(await api('GET', '/api/v1/suggest?q=x&limit=21'), 400, undefined, 'limit');
    assert.equal((await suggest('测'.repeat(5000))).length, 0);
  });
});
