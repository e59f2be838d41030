// audit.test.mjs — /api/v1/audit (操作日志): every change leaves an entry
// with who, what, and the record before and after; refusals leave none; only
// administrators and the community office may read it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { client, expectError, ok, instrumentBody } from './helpers.mjs';

let s, api, admin, oa1, oa2, member, coord, office;
before(async () => {
  s = await startServer();
  api = client(s);
  [admin, oa1, oa2, member, coord, office] = await Promise.all(
    ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord', 'office'].map((u) => s.login(u)));
});
after(async () => { await s?.stop(); });

const audit = async (qs = '', token = admin) => ok(await api('GET', '/api/v1/audit' + (qs ? '?' + qs : ''), { token }));
/** The newest entry about entity/id. */
const latest = async (entity, id) => (await audit(`entity=${entity}&entity_id=${id}&per_page=1`)).items[0];

describe('instruments leave a trail', () => {
  let rec;
  it('create: actor, action, after = the record as the API shows it, before null', async () => {
    rec = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '审计仪器', value_cny: 1000 }) }), 201);
    const e = await latest('instrument', rec.id);
    assert.equal(e.actor, 'orgadmin1');
    assert.equal(e.action, 'create');
    assert.equal(e.entity, 'instrument');
    assert.equal(e.entity_id, rec.id);
    assert.equal(e.before, null);
    assert.deepEqual(e.after, rec);
    assert.equal(e.client, '127.0.0.1');
    assert.ok(Math.abs(e.at - Date.now() / 1000) < 120, `at ${e.at}`);
  });
  it('update: before and after', async () => {
    const updated = ok(await api('PATCH', `/api/v1/instruments/${rec.id}`, { token: admin, body: { value_cny: 2000, sharing: 'internal' } }));
    const e = await latest('instrument', rec.id);
    assert.equal(e.actor, 'admin');
    assert.equal(e.action, 'update');
    assert.equal(e.before.value_cny, 1000);
    assert.equal(e.before.sharing, 'open');
    assert.deepEqual(e.after, updated);
  });
  it('PUT is an update too', async () => {
    ok(await api('PUT', `/api/v1/instruments/${rec.id}`, { token: oa1, body: instrumentBody({ name_zh: '审计仪器（替换）', value_cny: 3000 }) }));
    const e = await latest('instrument', rec.id);
    assert.equal(e.action, 'update');
    assert.equal(e.before.name_zh, '审计仪器');
    assert.equal(e.after.name_zh, '审计仪器（替换）');
  });
  it('delete: before = the last record, after null', async () => {
    const last = ok(await api('GET', `/api/v1/instruments/${rec.id}`));
    assert.equal((await api('DELETE', `/api/v1/instruments/${rec.id}`, { token: oa1 })).status, 204);
    const e = await latest('instrument', rec.id);
    assert.equal(e.action, 'delete');
    assert.equal(e.actor, 'orgadmin1');
    assert.deepEqual(e.before, last);
    assert.equal(e.after, null);
  });
  it('the whole story of one record, newest first', async () => {
    const b = await audit(`entity=instrument&entity_id=${rec.id}`);
    assert.deepEqual(b.items.map((e) => e.action), ['delete', 'update', 'update', 'create']);
    assert.equal(b.total, 4);
  });
});

describe('organisations leave a trail', () => {
  it('create, update and delete, each with its actor', async () => {
    const o = ok(await api('POST', '/api/v1/organisations', { token: coord, body: { kind: 'lab', name_zh: '审计实验室', city: '340100' } }), 201);
    let e = await latest('org', o.id);
    assert.deepEqual([e.actor, e.action, e.before], ['coord', 'create', null]);
    assert.deepEqual(e.after, o);
    const u = ok(await api('PATCH', `/api/v1/organisations/${o.id}`, { token: office, body: { address: '合肥' } }));
    e = await latest('org', o.id);
    assert.deepEqual([e.actor, e.action], ['office', 'update']);
    assert.equal(e.before.address, null);
    assert.deepEqual(e.after, u);
    assert.equal((await api('DELETE', `/api/v1/organisations/${o.id}`, { token: admin })).status, 204);
    e = await latest('org', o.id);
    assert.deepEqual([e.actor, e.action, e.after], ['admin', 'delete', null]);
    assert.deepEqual(e.before, u);
  });
});

describe('sessions leave a trail', () => {
  it('login and logout', async () => {
    const t = await s.login('orgadmin2');
    const me = ok(await api('GET', '/api/v1/session', { token: t })).account;
    let e = await latest('account', me.id);
    assert.deepEqual([e.actor, e.action, e.entity], ['orgadmin2', 'login', 'account']);
    assert.equal((await api('DELETE', '/api/v1/session', { token: t })).status, 204);
    e = await latest('account', me.id);
    assert.deepEqual([e.actor, e.action], ['orgadmin2', 'logout']);
  });
});

describe('refusals leave no trail', () => {
  it('403, 400 and 404 changes add no entry', async () => {
    const n = (await audit('per_page=1')).total;
    const some = ok(await api('GET', '/api/v1/instruments?per_page=1&status=all'));
    expectError(await api('POST', '/api/v1/instruments', { token: member, body: instrumentBody() }), 403);
    expectError(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ value_cny: -1 }) }), 400);
    expectError(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ org_id: s.org2 }) }), 403);
    expectError(await api('PATCH', '/api/v1/instruments/999999', { token: admin, body: { value_cny: 1 } }), 404);
    expectError(await api('POST', '/api/v1/organisations', { token: coord, body: { kind: 'lab', name_zh: '越界', city: '310100' } }), 403);
    expectError(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'lab', name_zh: '测试大学', city: '310100' } }), 409);
    if (some.items[0]) expectError(await api('DELETE', `/api/v1/instruments/${some.items[0].id}`, { token: oa2 }), 403);
    assert.equal((await audit('per_page=1')).total, n);
  });
});

describe('GET /api/v1/audit', () => {
  it('newest first; page and per_page', async () => {
    const all = await audit('per_page=200');
    const ids = all.items.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    assert.ok(all.total >= 10);
    const p2 = await audit('per_page=3&page=2');
    assert.deepEqual(p2.items.map((e) => e.id), ids.slice(3, 6));
    assert.equal(p2.page, 2);
    assert.equal(p2.per_page, 3);
    assert.equal(p2.total, all.total);
    assert.equal((await audit('')).per_page, 50);
  });
  it('?account= keeps one actor\'s entries', async () => {
    const me = ok(await api('GET', '/api/v1/session', { token: oa1 })).account;
    const b = await audit(`account=${me.id}&per_page=200`);
    assert.ok(b.items.length >= 3);
    assert.ok(b.items.every((e) => e.actor === 'orgadmin1'), b.items.map((e) => e.actor).join());
  });
  it('?entity= keeps one kind of record', async () => {
    const b = await audit('entity=org&per_page=200');
    assert.ok(b.items.length >= 3);
    assert.ok(b.items.every((e) => e.entity === 'org'));
  });
  it('bad parameters → 400 naming them', async () => {
    expectError(await api('GET', '/api/v1/audit?per_page=201', { token: admin }), 400, undefined, 'per_page');
    expectError(await api('GET', '/api/v1/audit?page=0', { token: admin }), 400, undefined, 'page');
    expectError(await api('GET', '/api/v1/audit?entity_id=x', { token: admin }), 400, undefined, 'entity_id');
    expectError(await api('GET', '/api/v1/audit?account=-1', { token: admin }), 400, undefined, 'account');
  });
  it('the community office may read it', async () => {
    assert.ok((await audit('per_page=1', office)).total > 0);
  });
  it('members, organisation administrators and coordinators → 403', async () => {
    for (const t of [member, oa1, coord]) expectError(await api('GET', '/api/v1/audit', { token: t }), 403, 'forbidden', null);
  });
  it('visitors → 401', async () => {
    expectError(await api('GET', '/api/v1/audit'), 401, 'login_required', null);
  });
});
