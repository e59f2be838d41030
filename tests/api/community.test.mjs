// community.test.mjs — /healthz, regions (省级区域), cities (地级市), stats.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

let s, api;
before(async () => { s = await startServer(); api = client(s); });
after(async () => { await s?.stop(); });

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} with the schema version, never cached', async () => {
    const r = await api('GET', '/healthz');
    const b = ok(r);
    assert.equal(b.status, 'ok');
    assert.ok(Number.isInteger(b.schema) && b.schema >= 1);
    assert.match(r.headers.get('content-type'), /^application\/json/);
  });
  it('POST /healthz → 405 in the JSON error shape, Allow: GET', async () => {
    // /healthz is an API route, but the 405 is answered before a route is
    // chosen, and reply_error() (src/http/request.c) now answers HTML for
    // paths outside /api/ without a route
    const r = await api('POST', '/healthz');
    expectError(r, 405, 'method_not_allowed', null);
    assert.equal(r.headers.get('allow'), 'GET');
  });
});

describe('GET /api/v1/regions', () => {
  it('lists the 4 regions of the Yangtze River Delta in order', async () => {
    const b = ok(await api('GET', '/api/v1/regions'));
    assert.deepEqual(b.items.map((g) => g.code), ['310000', '320000', '330000', '340000']);
    assert.deepEqual(b.items.map((g) => g.name_zh), ['上海市', '江苏省', '浙江省', '安徽省']);
    assert.deepEqual(b.items.map((g) => g.name_en), ['Shanghai', 'Jiangsu', 'Zhejiang', 'Anhui']);
    assert.equal(b.total, 4);
    assert.equal(b.page, 1);
    assert.equal(b.per_page, 4);
  });
  it('counts the fixture organisations where they are (Hefei, Suzhou)', async () => {
    const b = ok(await api('GET', '/api/v1/regions'));
    const by = Object.fromEntries(b.items.map((g) => [g.code, g]));
    assert.equal(by['340000'].organisations, 1);
    assert.equal(by['320000'].organisations, 1);
    assert.equal(by['310000'].organisations, 0);
    for (const g of b.items) { assert.equal(g.instruments, 0); assert.equal(g.value_cny, 0); }
  });
});

describe('GET /api/v1/regions/{code}', () => {
  it('340000 → 安徽省 with its 16 cities, 合肥市 first', async () => {
    const b = ok(await api('GET', '/api/v1/regions/340000'));
    assert.equal(b.code, '340000');
    assert.equal(b.name_zh, '安徽省');
    assert.equal(b.cities.length, 16);
    assert.deepEqual(b.cities[0], { code: '340100', name_zh: '合肥市', name_en: 'Hefei', instruments: 0 });
  });
  it('310000 (a municipality) has one city row, itself', async () => {
    const b = ok(await api('GET', '/api/v1/regions/310000'));
    assert.deepEqual(b.cities.map((c) => c.code), ['310100']);
  });
  it('an unknown code → 404', async () => {
    expectError(await api('GET', '/api/v1/regions/999999'), 404, 'not_found', null);
    expectError(await api('GET', '/api/v1/regions/shanghai'), 404, 'not_found', null);
  });
  it('DELETE → 405, Allow: GET', async () => {
    const r = await api('DELETE', '/api/v1/regions/310000');
    expectError(r, 405);
    assert.equal(r.headers.get('allow'), 'GET');
  });
});

describe('GET /api/v1/cities', () => {
  it('lists all 41 cities', async () => {
    const b = ok(await api('GET', '/api/v1/cities'));
    assert.equal(b.items.length, 41);
    assert.equal(b.total, 41);
    assert.equal(new Set(b.items.map((c) => c.code)).size, 41);
    const counts = {};
    for (const c of b.items) counts[c.region] = (counts[c.region] || 0) + 1;
    assert.deepEqual(counts, { 310000: 1, 320000: 13, 330000: 11, 340000: 16 });
  });
  it('?region=320000 → the 13 cities of Jiangsu, 南京市 first', async () => {
    const b = ok(await api('GET', '/api/v1/cities?region=320000'));
    assert.equal(b.items.length, 13);
    assert.equal(b.total, 13);
    assert.ok(b.items.every((c) => c.region === '320000'));
    assert.equal(b.items[0].name_zh, '南京市');
    assert.ok(b.items.some((c) => c.code === '320500' && c.name_en === 'Suzhou'));
  });
  it('?region=999999 → 400 naming region', async () => {
    expectError(await api('GET', '/api/v1/cities?region=999999'), 400, undefined, 'region');
  });
  it('?region= (empty) means every region', async () => {
    assert.equal(ok(await api('GET', '/api/v1/cities?region=')).total, 41);
  });
});

describe('GET /api/v1/stats', () => {
  it('answers the figures with the 4 regions', async () => {
    const b = ok(await api('GET', '/api/v1/stats'));
    assert.equal(b.instruments, 0);
    assert.equal(b.facilities, 0);
    assert.equal(b.organisations, 2);
    assert.equal(b.regions.length, 4);
  });
});

describe('unknown API paths', () => {
  it('GET /api/v1/nothing → 404 in the JSON error shape', async () => {
    expectError(await api('GET', '/api/v1/nothing'), 404, 'not_found', null);
  });
  it('GET /api/v2/regions → 404', async () => {
    expectError(await api('GET', '/api/v2/regions'), 404);
  });
});
