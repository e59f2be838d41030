// same-answers.test.mjs — the same demo community on SQLite and on
// PostgreSQL gives the same API answers: one server on each, the demo made
// with the same seed, then a walk over the read side of every capability
// (catalogue and its relevance order, search and suggestions, sharing
// figures, talent pool and expert finding, challenges and their
// recommendations, projects, consortia, rounds and overlaps, market flows,
// institutes, dashboard) compares the JSON, times and clocks masked.
// Runs in the PostgreSQL layer (tests/pg/run.sh), which sets
// SHENRONG_TEST_PG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD, PG } from '../lib/server.mjs';

let lite, pg;
const tok = {};

before(async () => {
  if (!PG) return;
  [lite, pg] = await Promise.all([
    startServer({ demo: true, scale: 0.05, backend: 'sqlite' }),
    startServer({ demo: true, scale: 0.05 }),
  ]);
  for (const s of [lite, pg]) {
    const r = s.cli(['user', 'add', '--db', s.db, '--name', 'same-admin', '--role', 'sysadmin', '--password-stdin'], PASSWORD + '\n');
    assert.equal(r.status, 0, r.stderr);
    tok[s.url] = await s.login('same-admin');
  }
});

after(async () => {
  await lite?.stop();
  await pg?.stop();
});

// what differs by when and how fast, not by what: times, durations, clocks
const VOLATILE = /(_at|_ms|^ms|^took|^generated|^now|^as_of|^updated|^created|^token|^seed|^expires)$/;
function mask(v) {
  if (Array.isArray(v)) return v.map(mask);
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = VOLATILE.test(k) ? '*' : mask(x);
    return o;
  }
  return v;
}

async function both(method, path, body) {
  const get = async (s) => {
    const r = await fetch(s.url + path, {
      method,
      headers: { Authorization: `Bearer ${tok[s.url]}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: mask(await r.json()) };
  };
  return Promise.all([get(lite), get(pg)]);
}

const q = encodeURIComponent;
const GETS = [
  '/api/v1/regions', '/api/v1/cities', '/api/v1/organisations?per_page=100',
  '/api/v1/instruments?per_page=100', '/api/v1/instruments?per_page=100&sort=value_desc&region=320000',
  `/api/v1/instruments?q=${q('光谱')}&per_page=100`, `/api/v1/instruments?q=${q('microscope OR 电镜')}&per_page=100`,
  `/api/v1/instruments?q=${q('X射线 衍射 -荧光')}&per_page=50&page=2`, '/api/v1/instruments?sort=year_desc&per_page=100',
  '/api/v1/stats', '/api/v1/sharing', '/api/v1/sharing/instruments?per_page=100',
  `/api/v1/search?q=${q('芯片')}`, `/api/v1/search?q=${q('电池 OR battery')}&per_page=50`,
  `/api/v1/search?q=${q('microscpe')}`, `/api/v1/search?q=${q('type:专家 人工智能')}`,
  `/api/v1/suggest?q=${q('zkd')}`, `/api/v1/suggest?q=${q('复旦')}`,
  '/api/v1/experts?per_page=100', `/api/v1/experts?q=${q('王')}&per_page=100`, '/api/v1/disciplines',
  '/api/v1/challenges', '/api/v1/challenges/1/recommendations', '/api/v1/challenges/2/recommendations',
  '/api/v1/projects?per_page=100', '/api/v1/projects/figures', '/api/v1/consortia',
  '/api/v1/rounds', '/api/v1/contracts?per_page=100', '/api/v1/flows', '/api/v1/dashboard',
  '/api/v1/institutes', '/api/v1/bookings?scope=managed&per_page=100',
];

test('the same demo community answers the same on SQLite and PostgreSQL', { skip: !PG && 'needs SHENRONG_TEST_PG' }, async () => {
  let compared = 0;
  for (const path of GETS) {
    const [a, b] = await both('GET', path);
    assert.equal(a.status, 200, `${path}: ${a.status} ${JSON.stringify(a.json).slice(0, 200)}`);
    assert.equal(b.status, a.status, `${path}: ${a.status} on SQLite, ${b.status} on PostgreSQL`);
    assert.deepEqual(b.json, a.json, path);
    compared++;
  }
  for (const text of ['钙钛矿太阳能电池的界面钝化与稳定性', 'lithium battery solid electrolyte', '集成电路先进封装']) {
    const [a, b] = await both('POST', '/api/v1/experts/match', { text });
    assert.equal(a.status, 200);
    assert.deepEqual(b.json, a.json, `match ${text}`);
    compared++;
  }
  console.log(`# ${compared} answers identical on both backends`);
});
