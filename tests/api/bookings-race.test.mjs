// bookings-race.test.mjs — the invariant under concurrency: 64 clients
// race through the HTTP API for the same slots with single, recurring and
// several-instrument requests; afterwards a SQL check over the database
// finds no two rows holding an instrument that overlap, every slot is held
// exactly once, no request failed for a busy database, and every loser got
// 409 "overlap".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { client, ok } from './helpers.mjs';

const CST = 8 * 3600, DAY = 86400, HOUR = 3600;
const CLIENTS = 64, SLOTS = 12, USERS = 16;
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
const dayStart = (d) => Math.floor((Date.now() / 1000 + CST) / DAY) * DAY - CST + d * DAY;

let s, api, tokens = [], A, B;

const sql = (query) => s.sql(query);

before(async () => {
  s = await startServer({ threads: 4 });
  api = client(s);
  const admin = await s.login('admin');
  for (let i = 0; i < USERS; i++) {
    const org = i % 2 ? s.org1 : s.org2;
    const r = s.cli(['user', 'add', '--db', s.db, '--name', `racer${i}`, '--role', 'member', '--org', String(org), '--password-stdin'], PASSWORD + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => s.login(`racer${i}`)));
  const mk = async (name) => {
    const id = ok(await api('POST', '/api/v1/instruments', { token: admin, body: { name_zh: name, category: 'analytical', value_cny: 1000000, org_id: s.org1 } }), 201).id;
    ok(await api('PATCH', `/api/v1/instruments/${id}/availability`, { token: admin, body: { approval: 'none', buffer_minutes: 15, horizon_days: 60, hours: ALL_WEEK } }));
    return id;
  };
  A = await mk('竞争仪器甲');
  B = await mk('竞争仪器乙');
});
after(async () => { await s?.stop(); });

test(`${CLIENTS} clients racing for ${SLOTS} slots never overlap`, async () => {
  const base = dayStart(2);
  // every (slot, kind) pair, each client in its own shuffled order
  const combos = [];
  for (let slot = 0; slot < SLOTS; slot++)
    for (const kind of ['single', 'group', 'series']) combos.push({ slot, kind });
  const body = ({ slot, kind }) => {
    const start = base + slot * HOUR, end = start + 45 * 60;
    if (kind === 'single') return { instrument_id: A, start, end, purpose: 'race' };
    if (kind === 'group') return { instruments: [A, B], start, end, purpose: 'race' };
    return { instrument_id: B, start, end, purpose: 'race', repeat: { frequency: 'weekly', count: 3 } };
  };
  const statuses = {};
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => {
    const mine = [...combos].sort(() => Math.random() - 0.5).slice(0, 12);
    for (const combo of mine) {
      const r = await api('POST', '/api/v1/bookings', { token: tokens[c % USERS], body: body(combo) });
      const key = r.status === 409 ? `409 ${r.json.error.code}` : String(r.status);
      statuses[key] = (statuses[key] || 0) + 1;
    }
  }));
  const seconds = (Date.now() - t0) / 1000;
  const total = CLIENTS * 12;
  assert.equal((statuses['201'] || 0) + (statuses['409 overlap'] || 0), total, JSON.stringify(statuses));
  assert.ok(!statuses['503'], 'no request failed because the database was busy');
  assert.ok(statuses['201'] >= SLOTS, JSON.stringify(statuses));
  // the invariant, by SQL over the whole table
  assert.equal(sql(`SELECT count(*) FROM booking a JOIN booking b ON a.instrument_id = b.instrument_id
    AND a.id < b.id WHERE a.holds = 1 AND b.holds = 1 AND a.hold_start < b.hold_end AND b.hold_start < a.hold_end`), '0');
  // every slot of A is held exactly once (by a single or a group)
  assert.equal(sql(`SELECT count(*) FROM booking WHERE instrument_id = ${A} AND holds = 1`), String(SLOTS));
  assert.equal(sql(`SELECT count(DISTINCT start_at) FROM booking WHERE instrument_id = ${A} AND holds = 1`), String(SLOTS));
  // B in the first week: each slot once (a group's or a series' first occurrence)
  assert.equal(sql(`SELECT count(*) FROM booking WHERE instrument_id = ${B} AND holds = 1 AND start_at < ${base + DAY}`), String(SLOTS));
  // all or none: no group holds one instrument without the other, no series misses an occurrence
  assert.equal(sql(`SELECT count(*) FROM booking_series s WHERE (SELECT count(*) FROM booking b
    WHERE b.series_id = s.id) <> s.occurrences * s.resources`), '0');
  assert.equal(sql('SELECT count(*) FROM booking WHERE holds = 0'), '0');
  console.log(`# race: ${total} requests by ${CLIENTS} clients in ${seconds.toFixed(1)} s: ${JSON.stringify(statuses)}`);
});
