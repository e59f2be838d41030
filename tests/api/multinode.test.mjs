// multinode.test.mjs — two `shenrong serve` processes on one database, as
// behind a load balancer (PostgreSQL under scripts/pg-test.sh, one SQLite
// file otherwise): 64 clients spread over both race for the same slots and
// no two bookings overlap; what one server writes, the other serves at
// once (bookings, the catalogue search, expert finding, the overlap
// detector), and its cached visitor pages follow within the freshness
// watcher's period.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD, PG } from '../lib/server.mjs';
import { client, ok } from './helpers.mjs';

const CST = 8 * 3600, DAY = 86400, HOUR = 3600;
const CLIENTS = 64, SLOTS = 10, USERS = 8;
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
const dayStart = (d) => Math.floor((Date.now() / 1000 + CST) / DAY) * DAY - CST + d * DAY;

let a, b, apiA, apiB, admin, tokens = [], A;

before(async () => {
  a = await startServer({ threads: 4 });
  b = await startServer({ threads: 4, db: a.db });
  apiA = client(a);
  apiB = client(b);
  for (let i = 0; i < USERS; i++) {
    const r = a.cli(['user', 'add', '--db', a.db, '--name', `node${i}`, '--role', 'member', '--org', String(a.org1), '--password-stdin'], PASSWORD + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  // sessions made on one server are good on the other
  tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => (i % 2 ? a : b).login(`node${i}`)));
  admin = await a.login('admin');
  A = ok(await apiA('POST', '/api/v1/instruments', { token: admin, body: { name_zh: '多节点共享质谱仪', category: 'analytical', value_cny: 2000000, org_id: a.org1 } }), 201).id;
  ok(await apiB('PATCH', `/api/v1/instruments/${A}/availability`, { token: admin, body: { approval: 'none', buffer_minutes: 0, horizon_days: 60, hours: ALL_WEEK } }));
});

after(async () => {
  await b?.stop();
  await a?.stop();
});

test(`${CLIENTS} clients over two servers racing for ${SLOTS} slots never overlap (${PG ? 'PostgreSQL' : 'SQLite'})`, async () => {
  const base = dayStart(3);
  const statuses = {};
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    const api = c % 2 ? apiA : apiB;
    const order = Array.from({ length: SLOTS }, (_, i) => i).sort(() => Math.random() - 0.5);
    for (const slot of order) {
      // overlapping, not identical: half-hour offsets make partial overlaps race too
      const start = base + slot * HOUR + (c % 2) * 1800, end = start + HOUR;
      const r = await api('POST', '/api/v1/bookings', { token: tokens[c % USERS], body: { instrument_id: A, start, end, purpose: 'multinode' } });
      const key = r.status === 409 ? `409 ${r.json.error.code}` : String(r.status);
      statuses[key] = (statuses[key] || 0) + 1;
    }
  }));
  assert.equal((statuses['201'] || 0) + (statuses['409 overlap'] || 0), CLIENTS * SLOTS, JSON.stringify(statuses));
  assert.ok(statuses['201'] >= SLOTS / 2, JSON.stringify(statuses));
  assert.equal(a.sql(`SELECT count(*) FROM booking x JOIN booking y ON x.instrument_id = y.instrument_id
    AND x.id < y.id WHERE x.holds = 1 AND y.holds = 1 AND x.hold_start < y.hold_end AND y.hold_start < x.hold_end`), '0');
  // both servers list the same bookings
  const listA = ok(await apiA('GET', `/api/v1/bookings?scope=managed&instrument=${A}&per_page=100`, { token: admin }));
  const listB = ok(await apiB('GET', `/api/v1/bookings?scope=managed&instrument=${A}&per_page=100`, { token: admin }));
  assert.equal(listA.total, statuses['201']);
  assert.deepEqual(listB.items.map((x) => x.id).sort(), listA.items.map((x) => x.id).sort());
  console.log(`# multinode race: ${JSON.stringify(statuses)}`);
});

test('a booking made through one server is refused as overlapping through the other', async () => {
  const start = dayStart(9) + 10 * HOUR;
  ok(await apiA('POST', '/api/v1/bookings', { token: tokens[0], body: { instrument_id: A, start, end: start + HOUR, purpose: 'first' } }), 201);
  const r = await apiB('POST', '/api/v1/bookings', { token: tokens[1], body: { instrument_id: A, start: start + 1800, end: start + 2 * HOUR, purpose: 'second' } });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'overlap');
});

test('what one server saves, the other finds at once', async () => {
  const name = '跨节点电子显微镜';
  const id = ok(await apiA('POST', '/api/v1/instruments', { token: admin, body: { name_zh: name, category: 'analytical', value_cny: 3000000, org_id: a.org1 } }), 201).id;
  const found = ok(await apiB('GET', `/api/v1/instruments?q=${encodeURIComponent('跨节点')}`, { token: admin }));
  assert.ok(found.items.some((x) => x.id === id), JSON.stringify(found));
  const all = ok(await apiB('GET', `/api/v1/search?q=${encodeURIComponent('跨节点')}`, { token: admin }));
  assert.ok(all.items.some((x) => x.name === name), JSON.stringify(all));
  // expert finding keeps an index in memory: B's must take in A's new expert
  ok(await apiB('POST', '/api/v1/experts/match', { body: { text: '钙钛矿太阳能电池的界面钝化' } }));
  const ex = ok(await apiA('POST', '/api/v1/experts', { token: admin, body: { name: '节点专家', title: 'professor', org_id: a.org1, disciplines: ['52020'], keywords: ['钙钛矿', '界面钝化'] } }), 201).id;
  const m = ok(await apiB('POST', '/api/v1/experts/match', { body: { text: '钙钛矿太阳能电池的界面钝化' } }));
  assert.ok(m.items.some((x) => x.expert.id === ex), JSON.stringify(m));
});

test("the overlap detector's index on one server takes in a project saved through the other", async () => {
  const summary = '研究硫化物固态电解质与高镍正极之间的界面副反应机理，开发原位包覆与梯度掺杂工艺，'
    + '建立百安时级固态电池中试线，实现界面阻抗降低一个数量级、循环寿命超过两千次的目标。';
  const check = async () => ok(await apiB('POST', '/api/v1/overlaps/check', { token: admin, body: { title: '固态电池界面', content: summary } }));
  await check();   // B's index is built now, without the project
  const p = ok(await apiA('POST', '/api/v1/projects', { token: admin, body: {
    title: '多节点固态电池界面工程联合攻关', summary, field: 'energy', start_year: 2025, end_year: 2027,
    lead_org_id: a.org1, total_cny: 2_000_000, members: [a.org2],
    funding: [{ source: 'fiscal', region: '340000', year: 2025, amount_cny: 2_000_000 }] } }), 201);
  const r = await check();
  const hit = r.items.find((i) => i.document.kind === 'project' && i.document.id === p.id);
  assert.ok(hit, JSON.stringify(r).slice(0, 500));
  assert.equal(hit.level, 'duplicate');
});

test("a visitor's cached page on one server follows a write on the other", async () => {
  const path = `/api/v1/instruments?q=${encodeURIComponent('缓存节点')}`;
  const before = ok(await apiB('GET', path));
  ok(await apiB('GET', path));   // now cached on B
  const id = ok(await apiA('POST', '/api/v1/instruments', { token: admin, body: { name_zh: '缓存节点光谱仪', category: 'analytical', value_cny: 1500000, org_id: a.org1 } }), 201).id;
  let seen = false;
  for (let i = 0; i < 40 && !seen; i++) {
    const r = ok(await apiB('GET', path));
    seen = r.items.some((x) => x.id === id);
    if (!seen) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(seen, 'B served the new instrument within 2 s');
  assert.equal(before.items.some((x) => x.id === id), false);
});
