// organisations.test.mjs — /api/v1/organisations (单位): list and filters,
// who may create and change them, the unified social credit code
// (统一社会信用代码), uniqueness, parents, and when deleting is refused.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

let s, api, admin, coord, office, member, orgadmin;
before(async () => {
  s = await startServer();
  api = client(s);
  [admin, coord, office, member, orgadmin] = await Promise.all(
    ['admin', 'coord', 'office', 'member1', 'orgadmin1'].map((u) => s.login(u)));
});
after(async () => { await s?.stop(); });

/** A valid unified social credit code (GB 32100) from its first 17 characters. */
function uscc(first17) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += chars.indexOf(first17[i]) * w[i];
  return first17 + chars[(31 - (sum % 31)) % 31];
}

const create = (token, body) => api('POST', '/api/v1/organisations', { token, body });
const total = async (qs = '') => ok(await api('GET', '/api/v1/organisations' + qs)).total;

describe('GET /api/v1/organisations', () => {
  before(async () => {
    for (const [kind, name_zh, name_en, city] of [
      ['enterprise', '上海仪器公司', 'Shanghai Instruments Co', '310100'],
      ['lab', '杭州实验室', 'Hangzhou Laboratory', '330100'],
      ['institute', '苏州材料研究所', 'Suzhou Materials Institute', '320500'],
    ]) ok(await create(admin, { kind, name_zh, name_en, city }), 201);
  });

  it('answers the list envelope', async () => {
    const b = ok(await api('GET', '/api/v1/organisations'));
    assert.deepEqual(Object.keys(b).sort(), ['items', 'page', 'per_page', 'total']);
    assert.equal(b.page, 1);
    assert.equal(b.per_page, 20);
    assert.equal(b.total, b.items.length);
    assert.ok(b.total >= 5);
    const uni = b.items.find((o) => o.id === s.org1);
    assert.equal(uni.name_zh, '测试大学');
    assert.equal(uni.kind, 'university');
    assert.equal(uni.region, '340000');
    assert.equal(uni.city, '340100');
    assert.equal(uni.city_zh, '合肥市');
    assert.equal(uni.parent_id, null);
  });
  it('is ordered by region: Shanghai before Jiangsu before Zhejiang before Anhui', async () => {
    const b = ok(await api('GET', '/api/v1/organisations'));
    const order = ['310000', '320000', '330000', '340000'];
    const idx = b.items.map((o) => order.indexOf(o.region));
    assert.deepEqual(idx, [...idx].sort((a, c) => a - c));
  });
  it('?region=320000 → only Jiangsu', async () => {
    const b = ok(await api('GET', '/api/v1/organisations?region=320000'));
    assert.deepEqual(b.items.map((o) => o.name_zh).sort(), ['测试研究院', '苏州材料研究所'].sort());
    assert.equal(b.total, 2);
  });
  it('?city=330100 → only Hangzhou', async () => {
    const b = ok(await api('GET', '/api/v1/organisations?city=330100'));
    assert.deepEqual(b.items.map((o) => o.name_zh), ['杭州实验室']);
  });
  it('?kind=enterprise → only enterprises', async () => {
    const b = ok(await api('GET', '/api/v1/organisations?kind=enterprise'));
    assert.ok(b.items.length >= 1);
    assert.ok(b.items.every((o) => o.kind === 'enterprise'));
  });
  it('?q= matches part of the Chinese name, or of the English name in any case', async () => {
    assert.deepEqual(ok(await api('GET', '/api/v1/organisations?q=' + encodeURIComponent('材料'))).items.map((o) => o.name_zh), ['苏州材料研究所']);
    assert.deepEqual(ok(await api('GET', '/api/v1/organisations?q=laboratory')).items.map((o) => o.name_zh), ['杭州实验室']);
  });
  it('filters combine', async () => {
    assert.equal(ok(await api('GET', '/api/v1/organisations?region=320000&kind=institute&q=' + encodeURIComponent('材料'))).total, 1);
    assert.equal(ok(await api('GET', '/api/v1/organisations?region=310000&kind=institute')).total, 0);
  });
  it('per_page and page cut the list; total stays', async () => {
    const all = await total();
    const p1 = ok(await api('GET', '/api/v1/organisations?per_page=2&page=1'));
    const p2 = ok(await api('GET', '/api/v1/organisations?per_page=2&page=2'));
    assert.equal(p1.items.length, 2);
    assert.equal(p1.total, all);
    assert.equal(p1.per_page, 2);
    assert.equal(p2.page, 2);
    assert.ok(p1.items.every((a) => !p2.items.some((b) => b.id === a.id)));
    assert.deepEqual(ok(await api('GET', '/api/v1/organisations?page=1000')).items, []);
  });
  it('bad parameters → 400 naming them', async () => {
    expectError(await api('GET', '/api/v1/organisations?kind=farm'), 400, 'not_allowed', 'kind');
    expectError(await api('GET', '/api/v1/organisations?per_page=101'), 400, undefined, 'per_page');
    expectError(await api('GET', '/api/v1/organisations?per_page=0'), 400, undefined, 'per_page');
    expectError(await api('GET', '/api/v1/organisations?page=0'), 400, undefined, 'page');
    expectError(await api('GET', '/api/v1/organisations?parent=x'), 400, undefined, 'parent');
  });
});

describe('POST /api/v1/organisations', () => {
  it('a system administrator → 201 with Location; GET there answers the same record', async () => {
    const r = await create(admin, { kind: 'university', name_zh: '宁波大学测试', name_en: 'Ningbo Test University', city: '330200', address: '宁波市江北区' });
    const b = ok(r, 201);
    assert.equal(r.headers.get('location'), `/api/v1/organisations/${b.id}`);
    assert.equal(b.region, '330000');
    assert.equal(b.region_zh, '浙江省');
    assert.equal(b.city_en, 'Ningbo');
    assert.equal(b.instruments, 0);
    assert.deepEqual(ok(await api('GET', r.headers.get('location'))), b);
  });
  it('text is trimmed', async () => {
    const b = ok(await create(admin, { kind: 'lab', name_zh: '  修剪实验室  ', city: '310100' }), 201);
    assert.equal(b.name_zh, '修剪实验室');
  });
  it('the community office (共同体办公室) → 201 in any region', async () => {
    ok(await create(office, { kind: 'centre', name_zh: '办公室创建的中心', city: '320100' }), 201);
  });
  it('a coordinator of 340000 → 201 in Anhui', async () => {
    const b = ok(await create(coord, { kind: 'enterprise', name_zh: '芜湖测试企业', city: '340200' }), 201);
    assert.equal(b.region, '340000');
  });
  it('a coordinator of 340000 → 403 in Jiangsu, and nothing is created', async () => {
    const n = await total('?region=320000');
    expectError(await create(coord, { kind: 'enterprise', name_zh: '越权企业', city: '320100' }), 403, 'forbidden', null);
    assert.equal(await total('?region=320000'), n);
  });
  it('a member → 403; an organisation administrator → 403', async () => {
    expectError(await create(member, { kind: 'lab', name_zh: '成员建的', city: '340100' }), 403, 'forbidden');
    expectError(await create(orgadmin, { kind: 'lab', name_zh: '管理员建的', city: '340100' }), 403, 'forbidden');
  });
  it('no token → 401', async () => {
    expectError(await create(undefined, { kind: 'lab', name_zh: '无名', city: '340100' }), 401, 'login_required');
  });
  it('required members → 400 naming each', async () => {
    expectError(await create(admin, { name_zh: '缺类型', city: '340100' }), 400, 'required', 'kind');
    expectError(await create(admin, { kind: 'lab', city: '340100' }), 400, 'required', 'name_zh');
    expectError(await create(admin, { kind: 'lab', name_zh: '缺城市' }), 400, 'required', 'city');
    expectError(await create(admin, { kind: 'lab', name_zh: '   ', city: '340100' }), 400, 'required', 'name_zh');
  });
  it('an unknown kind or city → 400 naming it', async () => {
    expectError(await create(admin, { kind: 'farm', name_zh: '农场', city: '340100' }), 400, 'not_allowed', 'kind');
    expectError(await create(admin, { kind: 'lab', name_zh: '外地', city: '110100' }), 400, 'not_found', 'city');
  });
  it('region is read-only → 400 naming it', async () => {
    expectError(await create(admin, { kind: 'lab', name_zh: '定区域', city: '340100', region: '340000' }), 400, 'read_only', 'region');
  });
});

describe('unified social credit code (uscc)', () => {
  it('a valid code such as 91350100M000100Y43 is accepted', async () => {
    const b = ok(await create(admin, { kind: 'enterprise', name_zh: '信用代码正确的公司', city: '310100', uscc: '91350100M000100Y43' }), 201);
    assert.equal(b.uscc, '91350100M000100Y43');
  });
  it('another computed valid code is accepted', async () => {
    const code = uscc('91340100MA2N00001');
    ok(await create(admin, { kind: 'enterprise', name_zh: '合肥信用公司', city: '340100', uscc: code }), 201);
  });
  it('a wrong check character → 400 bad_checksum naming uscc; nothing is created', async () => {
    const n = await total();
    expectError(await create(admin, { kind: 'enterprise', name_zh: '校验错误的公司', city: '310100', uscc: '91350100M000100Y44' }), 400, 'bad_checksum', 'uscc');
    assert.equal(await total(), n);
  });
  it('too short, too long, or letters outside the code set (I, O, S, V, Z) → 400 naming uscc', async () => {
    expectError(await create(admin, { kind: 'enterprise', name_zh: '短码', city: '310100', uscc: '91350100M000100Y4' }), 400, undefined, 'uscc');
    expectError(await create(admin, { kind: 'enterprise', name_zh: '长码', city: '310100', uscc: '91350100M000100Y431' }), 400, undefined, 'uscc');
    expectError(await create(admin, { kind: 'enterprise', name_zh: '字母码', city: '310100', uscc: '91350100I000100Y43' }), 400, undefined, 'uscc');
  });
});

describe('uniqueness', () => {
  it('a name already taken → 409 taken naming name_zh', async () => {
    expectError(await create(admin, { kind: 'lab', name_zh: '测试大学', city: '310100' }), 409, 'taken', 'name_zh');
  });
  it('a credit code already used → 409 naming uscc', async () => {
    // src/domain/org.c finish() maps every UNIQUE failure to field name_zh
    const code = uscc('91320500MA1X00002');
    ok(await create(admin, { kind: 'enterprise', name_zh: '先注册的公司', city: '320500', uscc: code }), 201);
    expectError(await create(admin, { kind: 'enterprise', name_zh: '后注册的公司', city: '320500', uscc: code }), 409, 'taken', 'uscc');
  });
});

describe('parent organisations (上级单位)', () => {
  let parent;
  before(async () => {
    parent = ok(await create(admin, { kind: 'institute', name_zh: '上级研究院', city: '310100' }), 201);
  });
  it('a parent that exists → 201, with parent_id and parent_zh', async () => {
    const b = ok(await create(admin, { kind: 'lab', name_zh: '下属实验室', city: '310100', parent_id: parent.id }), 201);
    assert.equal(b.parent_id, parent.id);
    assert.equal(b.parent_zh, '上级研究院');
    const kids = ok(await api('GET', `/api/v1/organisations?parent=${parent.id}`));
    assert.deepEqual(kids.items.map((o) => o.id), [b.id]);
  });
  it('a parent that does not exist → 400 naming parent_id', async () => {
    expectError(await create(admin, { kind: 'lab', name_zh: '孤儿实验室', city: '310100', parent_id: 999999 }), 400, 'not_found', 'parent_id');
  });
  it('its own parent, or a cycle → 400 naming parent_id', async () => {
    const a = ok(await create(admin, { kind: 'lab', name_zh: '环甲', city: '310100' }), 201);
    const b = ok(await create(admin, { kind: 'lab', name_zh: '环乙', city: '310100', parent_id: a.id }), 201);
    expectError(await api('PATCH', `/api/v1/organisations/${a.id}`, { token: admin, body: { parent_id: a.id } }), 400, undefined, 'parent_id');
    expectError(await api('PATCH', `/api/v1/organisations/${a.id}`, { token: admin, body: { parent_id: b.id } }), 400, 'cycle', 'parent_id');
    assert.equal(ok(await api('GET', `/api/v1/organisations/${a.id}`)).parent_id, null);
  });
  it('a parent with member organisations cannot be deleted → 409', async () => {
    expectError(await api('DELETE', `/api/v1/organisations/${parent.id}`, { token: admin }), 409, 'in_use');
  });
});

describe('PUT and PATCH /api/v1/organisations/{id}', () => {
  let o;
  before(async () => {
    o = ok(await create(admin, { kind: 'lab', name_zh: '待修改实验室', name_en: 'Lab To Change', city: '340100', address: '合肥市蜀山区' }), 201);
  });
  it('PATCH changes only what is sent', async () => {
    const b = ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: admin, body: { address: '合肥市包河区' } }));
    assert.equal(b.address, '合肥市包河区');
    assert.equal(b.name_en, 'Lab To Change');
    assert.equal(b.name_zh, '待修改实验室');
    assert.ok(b.updated_at >= o.updated_at);
    assert.equal(b.created_at, o.created_at);
  });
  it('PATCH null unsets an optional member', async () => {
    assert.equal(ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: admin, body: { name_en: null } })).name_en, null);
  });
  it('PATCH a city elsewhere moves the region with it', async () => {
    const b = ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: admin, body: { city: '320200' } }));
    assert.equal(b.region, '320000');
    assert.equal(b.city_zh, '无锡市');
    ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: admin, body: { city: '340100' } }));
  });
  it('PUT replaces: optional members left out become null', async () => {
    const b = ok(await api('PUT', `/api/v1/organisations/${o.id}`, { token: admin, body: { kind: 'centre', name_zh: '改名中心', city: '340100' } }));
    assert.equal(b.kind, 'centre');
    assert.equal(b.name_zh, '改名中心');
    assert.equal(b.address, null);
    assert.equal(b.name_en, null);
    assert.deepEqual(ok(await api('GET', `/api/v1/organisations/${o.id}`)), b);
  });
  it('PUT without a required member → 400, and nothing changes', async () => {
    expectError(await api('PUT', `/api/v1/organisations/${o.id}`, { token: admin, body: { kind: 'lab', city: '340100' } }), 400, 'required', 'name_zh');
    assert.equal(ok(await api('GET', `/api/v1/organisations/${o.id}`)).name_zh, '改名中心');
  });
  it('renaming onto a taken name → 409', async () => {
    expectError(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: admin, body: { name_zh: '测试研究院' } }), 409, 'taken');
  });
  it('a coordinator may change one in their region, not move it out', async () => {
    ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: coord, body: { address: '协调员改的地址' } }));
    expectError(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: coord, body: { city: '310100' } }), 403, 'forbidden');
    assert.equal(ok(await api('GET', `/api/v1/organisations/${o.id}`)).city, '340100');
  });
  it('a coordinator may not change one in another region → 403', async () => {
    expectError(await api('PATCH', `/api/v1/organisations/${s.org2}`, { token: coord, body: { address: 'x' } }), 403, 'forbidden');
  });
  it('a member → 403; no token → 401', async () => {
    expectError(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: member, body: { address: 'x' } }), 403);
    expectError(await api('PATCH', `/api/v1/organisations/${o.id}`, { body: { address: 'x' } }), 401);
  });
  it('an id that does not exist → 404; one that is not a number → 404', async () => {
    expectError(await api('PATCH', '/api/v1/organisations/999999', { token: admin, body: { address: 'x' } }), 404, 'not_found');
    expectError(await api('PUT', '/api/v1/organisations/999999', { token: admin, body: { kind: 'lab', name_zh: '无', city: '340100' } }), 404, 'not_found');
    expectError(await api('GET', '/api/v1/organisations/999999'), 404, 'not_found');
    expectError(await api('GET', '/api/v1/organisations/abc'), 404);
    expectError(await api('GET', '/api/v1/organisations/0'), 404);
  });
});

describe('DELETE /api/v1/organisations/{id}', () => {
  it('refused (409 in_use) while it has instruments; works once they are gone', async () => {
    const o = ok(await create(admin, { kind: 'lab', name_zh: '有仪器的实验室', city: '310100' }), 201);
    const ins = ok(await api('POST', '/api/v1/instruments', { token: admin, body: { name_zh: '将被删除的仪器', category: 'other', value_cny: 1, org_id: o.id } }), 201);
    expectError(await api('DELETE', `/api/v1/organisations/${o.id}`, { token: admin }), 409, 'in_use', null);
    ok(await api('GET', `/api/v1/organisations/${o.id}`));
    assert.equal((await api('DELETE', `/api/v1/instruments/${ins.id}`, { token: admin })).status, 204);
    assert.equal((await api('DELETE', `/api/v1/organisations/${o.id}`, { token: admin })).status, 204);
    expectError(await api('GET', `/api/v1/organisations/${o.id}`), 404);
  });
  it('refused while it has accounts (org2 has orgadmin2)', async () => {
    expectError(await api('DELETE', `/api/v1/organisations/${s.org2}`, { token: admin }), 409, 'in_use');
  });
  it('an unused one → 204 with no body; again → 404', async () => {
    const o = ok(await create(admin, { kind: 'lab', name_zh: '空实验室', city: '310100' }), 201);
    const r = await api('DELETE', `/api/v1/organisations/${o.id}`, { token: admin });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    expectError(await api('DELETE', `/api/v1/organisations/${o.id}`, { token: admin }), 404, 'not_found');
  });
  it('a coordinator elsewhere, a member → 403; no token → 401; the record stays', async () => {
    const o = ok(await create(admin, { kind: 'lab', name_zh: '不可删实验室', city: '310100' }), 201);
    expectError(await api('DELETE', `/api/v1/organisations/${o.id}`, { token: coord }), 403);
    expectError(await api('DELETE', `/api/v1/organisations/${o.id}`, { token: member }), 403);
    expectError(await api('DELETE', `/api/v1/organisations/${o.id}`), 401);
    ok(await api('GET', `/api/v1/organisations/${o.id}`));
  });
});
