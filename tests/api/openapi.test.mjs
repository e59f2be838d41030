// openapi.test.mjs — keeps docs/api/openapi.yaml true.
//
//   (a) against the sources: every /api/ route and /healthz of
//       src/http/routes.c is documented with the same method and path, and
//       the reverse; flags agree (NEED_LOGIN ↔ security and 401, NEED_CSRF ↔
//       csrfToken and 403, BODY_JSON ↔ requestBody, 400/413/415); enums equal
//       src/domain/catalog.c; input schemas equal the field specs; query
//       parameters equal those the handlers read.
//   (b) against a live server: a table of real requests, each answering the
//       expected status, which must be listed for the operation, with a body
//       of the documented shape.  Every operation must be seen succeeding.
//   (c) the checker itself: it must notice drift, or it proves nothing.
//
// The other files in tests/api/ check every answer they get the same way
// (helpers.mjs client()).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import * as oa from '../lib/openapi-check.mjs';
import { client, instrumentBody } from './helpers.mjs';

const spec = oa.loadSpec();
const routes = oa.loadRoutes();
const src = (rel) => readFileSync(join(oa.ROOT, rel), 'utf8');

describe('(a) the document and the sources agree', () => {
  it('is OpenAPI 3.0.3 with paths and components', () => {
    assert.equal(spec.openapi, '3.0.3');
    assert.ok(spec.info?.title && spec.info?.version);
    assert.ok(Object.keys(spec.paths).length > 0);
    assert.deepEqual(Object.keys(spec.components.securitySchemes).sort(), ['bearerAuth', 'cookieAuth', 'csrfToken']);
  });
  it('the route table was read (sanity)', () => {
    const api = oa.apiRoutes(routes);
    assert.ok(api.length >= 20, `${api.length} API routes`);
    assert.ok(api.some((r) => r.method === 'GET' && r.path === '/healthz'));
    assert.ok(api.some((r) => r.method === 'PATCH' && r.path === '/api/v1/instruments/:id'));
  });
  it('every /api/ route and /healthz is documented, and every operation is a route', () => {
    assert.deepEqual(oa.checkRouteCoverage(spec, routes), []);
  });
  it('operations agree with the routes\' flags and handlers', () => {
    assert.deepEqual(oa.checkRouteFlags(spec, routes), []);
  });
  it('operationIds are unique', () => {
    const ids = oa.operations(spec).map((o) => o.op.operationId);
    assert.ok(ids.every(Boolean), 'every operation has an operationId');
    assert.equal(new Set(ids).size, ids.length);
  });
  it('every $ref resolves, and schemas use only keywords the validator checks', () => {
    assert.deepEqual(oa.checkSchemaKeywords(spec), []);
    const refs = [...JSON.stringify(spec).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
    for (const r of new Set(refs)) assert.doesNotThrow(() => oa.resolveRef(spec, { $ref: r }), r);
  });
  it('every response has a description; error responses use the Error schema', () => {
    for (const o of oa.operations(spec))
      for (const [code, r] of Object.entries(o.op.responses)) {
        const res = oa.resolveRef(spec, r);
        assert.ok(res.description, `${o.method} ${o.path} ${code} has a description`);
        if (Number(code) >= 400) assert.equal(res.content['application/json'].schema.$ref, '#/components/schemas/Error', `${o.method} ${o.path} ${code}`);
      }
  });
  it('enums equal the vocabularies of src/domain/catalog.c', () => {
    assert.deepEqual(oa.checkVocabularies(spec), []);
  });
  it('the sort enum equals the sorts of src/domain/instrument.c', () => {
    const c = src('src/domain/instrument.c');
    const table = /sorts\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(c)[1];
    const keys = [...table.matchAll(/\{\s*"([a-z_]+)"\s*,/g)].map((m) => m[1]);
    const p = spec.paths['/api/v1/instruments'].get.parameters.map((x) => oa.resolveRef(spec, x)).find((x) => x.name === 'sort');
    assert.deepEqual(p.schema.enum, keys);
  });
  it('the instrument status parameter is the Status enum plus "all"', () => {
    const p = spec.paths['/api/v1/instruments'].get.parameters.map((x) => oa.resolveRef(spec, x)).find((x) => x.name === 'status');
    assert.deepEqual(p.schema.enum, [...spec.components.schemas.Status.enum, 'all']);
  });
  it('input schemas equal the field specs (names, types, required, limits)', () => {
    const fi = oa.parseFieldSpec(src('src/domain/instrument.c'), 'instrument_fields');
    const fo = oa.parseFieldSpec(src('src/domain/org.c'), 'org_fields');
    assert.ok(fi.length >= 20 && fo.length >= 8, 'the field specs were read');
    assert.deepEqual([
      ...oa.checkInputSchema(spec, 'InstrumentInput', fi),
      ...oa.checkInputSchema(spec, 'InstrumentPatch', fi, { patch: true }),
      ...oa.checkInputSchema(spec, 'OrganisationInput', fo),
      ...oa.checkInputSchema(spec, 'OrganisationPatch', fo, { patch: true }),
    ], []);
  });
  it('query parameters equal those the handlers read', () => {
    assert.deepEqual(oa.checkQueryParams(spec, routes), []);
  });
});

describe('the YAML subset parser', () => {
  it('reads the document exactly as PyYAML does (when python3-yaml is installed)', (t) => {
    const py = spawnSync('python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1], encoding="utf-8"))))', oa.SPEC_PATH], { encoding: 'utf8' });
    if (py.status !== 0) { t.skip('python3 with yaml is not available'); return; }
    assert.deepEqual(spec, JSON.parse(py.stdout));
  });
  it('is a valid OpenAPI 3.0 document (when openapi-spec-validator is installed)', (t) => {
    const py = spawnSync('python3', ['-c', [
      'import sys, json',
      'try:\n  from openapi_spec_validator import validate\nexcept ImportError:\n  sys.exit(3)',
      'validate(json.load(sys.stdin))',
    ].join('\n')], { input: JSON.stringify(spec), encoding: 'utf8' });
    if (py.status === 3 || py.error) { t.skip('openapi-spec-validator is not available'); return; }
    assert.equal(py.status, 0, py.stderr.split('\n').slice(-12).join('\n'));
  });
  it('reads the constructs the document uses', () => {
    const doc = oa.parseYaml([
      '# a comment',
      'a: 1',
      'b: text with spaces  # a comment',
      "c: 'quoted: ''x'''",
      'd: "tab\\there"',
      'e: [x, "y", 3, true, null]',
      'f: {}',
      'g:',
      '  - one',
      '  - k: v',
      '    l: [1]',
      '  -',
      '    m: 2',
      'h: |',
      '  line one',
      '',
      '  line two',
      'i: |-',
      '  kept',
      "'200':",
      '  description: ok',
      'j: -3',
      'k: 1.5',
    ].join('\n'));
    assert.deepEqual(doc, {
      a: 1, b: 'text with spaces', c: "quoted: 'x'", d: 'tab\there', e: ['x', 'y', 3, true, null], f: {},
      g: ['one', { k: 'v', l: [1] }, { m: 2 }], h: 'line one\n\nline two\n', i: 'kept',
      200: { description: 'ok' }, j: -3, k: 1.5,
    });
  });
  it('refuses what is outside the subset instead of guessing', () => {
    for (const bad of ['a: b: c', 'a: &x 1', 'a: *x', 'a: >\n  folded', 'a: 1\na: 2', 'a: 1\n  b: 2',
      'a:\n\t- x', "a: 'open", 'a: yes', 'a: 0123', '- a\nb: 1', 'a: [1, 2'])
      assert.throws(() => oa.parseYaml(bad), /openapi\.yaml:\d+:/, JSON.stringify(bad));
  });
});

describe('(c) the checker notices drift', () => {
  it('a route added without documentation, and an operation without a route', () => {
    const more = src('src/http/routes.c').replace(/(\{ "GET", "\/api\/v1\/audit",[^\n]*\n)/, '$1\t{ "GET", "/api/v1/widgets", api_widgets, API },\n');
    assert.notEqual(more, src('src/http/routes.c'));
    assert.deepEqual(oa.checkRouteCoverage(spec, oa.parseRoutes(more)), ['GET /api/v1/widgets is in src/http/routes.c but not in docs/api/openapi.yaml']);
    const fewer = src('src/http/routes.c').replace(/\t\{ "GET", "\/api\/v1\/stats",[^\n]*\n/, '');
    assert.deepEqual(oa.checkRouteCoverage(spec, oa.parseRoutes(fewer)), ['GET /api/v1/stats is in docs/api/openapi.yaml but not in src/http/routes.c']);
  });
  it('a flag changed in the route table', () => {
    const open = src('src/http/routes.c').replace('api_audit, API | NEED_LOGIN', 'api_audit, API');
    assert.match(oa.checkRouteFlags(spec, oa.parseRoutes(open)).join('\n'), /GET \/api\/v1\/audit: no NEED_LOGIN/);
  });
  it('a vocabulary or a field limit changed in C', () => {
    const vocabs = oa.parseVocabularies();
    vocabs.vocab_sharing = [...vocabs.vocab_sharing, 'paid'];
    assert.equal(oa.checkVocabularies(spec, vocabs).length, 1);
    const fi = oa.parseFieldSpec(src('src/domain/instrument.c').replace('offsetof(struct instrument, name_zh), 0, 200', 'offsetof(struct instrument, name_zh), 0, 250'), 'instrument_fields');
    assert.match(oa.checkInputSchema(spec, 'InstrumentInput', fi).join('\n'), /name_zh: maxLength 200, the C spec says 250/);
  });
  it('a response shape that changed', () => {
    const good = { error: { code: 'x', message: 'y', field: null } };
    const schema = { $ref: '#/components/schemas/Error' };
    assert.deepEqual(oa.validate(spec, schema, good), []);
    assert.match(oa.validate(spec, schema, { error: { code: 'x', message: 'y' } }).join(), /required property field is missing/);
    assert.match(oa.validate(spec, schema, { error: { code: 1, message: 'y', field: null } }).join(), /\$\.error\.code: integer/);
    assert.match(oa.validate(spec, schema, { error: { code: 'x', message: null, field: null } }).join(), /not nullable/);
    assert.match(oa.validate(spec, schema, { ...good, extra: 1 }).join(), /property extra is not in the document/);
    assert.match(oa.validate(spec, { $ref: '#/components/schemas/Sharing' }, 'paid').join(), /not one of/);
    assert.match(oa.validate(spec, { $ref: '#/components/schemas/RegionList' }, { items: [{}], total: 1, page: 1, per_page: 1 }).join(), /items\[0\]: required property code/);
  });
  it('a status the operation does not list, a missing header, a path the document lacks', () => {
    const json = JSON.stringify({ error: { code: 'x', message: 'y', field: null } });
    const h = new Headers({ 'content-type': 'application/json' });
    assert.match(oa.checkResponse(spec, { method: 'GET', path: '/api/v1/regions', status: 418, headers: h, text: json }).join(), /status 418 is not listed/);
    assert.match(oa.checkResponse(spec, { method: 'PUT', path: '/api/v1/regions', status: 405, headers: h, text: json }).join(), /Allow says/);
    assert.match(oa.checkResponse(spec, { method: 'GET', path: '/api/v1/widgets', status: 200, headers: h, text: '{}' }).join(), /not in the document/);
    assert.deepEqual(oa.checkResponse(spec, { method: 'GET', path: '/api/v1/instruments/abc', status: 404, headers: h, text: json }), []);
    assert.deepEqual(oa.checkResponse(spec, { method: 'DELETE', path: '/api/v1/instruments/7', status: 204, headers: h, text: '' }), []);
  });
});

describe('(b) live answers are documented', () => {
  let s;
  const tokens = {};
  const saved = {};
  const seen = new Map();   // "METHOD /template" -> [statuses]
  before(async () => {
    s = await startServer();
    for (const u of ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'coord']) tokens[u] = await s.login(u);
  });
  after(async () => { await s?.stop(); });

  // [method, path, {as, body, headers, save, pick, wait}, expected status];
  // {name} in a path is a value saved by an earlier step (the answer's id,
  // or what pick() takes from it); a body may be a function (for times);
  // wait is milliseconds to wait first.
  const now = () => Math.floor(Date.now() / 1000);
  const day = (n) => Math.floor((now() + 28800) / 86400) * 86400 - 28800 + n * 86400 + 10 * 3600;   // 10:00 CST, n days on
  const WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
  const firstBooking = (series) => series.bookings[0].id;
  const booking = (ins, start, more = {}) => () => ({ instrument_id: saved[ins], start: start(), end: start() + 1800, purpose: '文档', ...more });
  const steps = [
    ['GET', '/healthz', {}, 200],
    ['POST', '/api/v1/session', { body: { username: 'admin', password: 'correct-horse-battery' } }, 201],
    ['POST', '/api/v1/session', { body: { username: 'admin', password: 'not-the-one-x' } }, 401],
    ['POST', '/api/v1/session', { body: '{' }, 400],
    ['POST', '/api/v1/session', { body: 'x', headers: { 'Content-Type': 'text/plain' } }, 415],
    ['GET', '/api/v1/session', { as: 'coord' }, 200],
    ['GET', '/api/v1/session', {}, 401],
    ['GET', '/api/v1/regions', {}, 200],
    ['GET', '/api/v1/regions/320000', {}, 200],
    ['GET', '/api/v1/regions/000000', {}, 404],
    ['GET', '/api/v1/cities?region=340000', {}, 200],
    ['GET', '/api/v1/cities?region=1', {}, 400],
    ['POST', '/api/v1/organisations', { as: 'admin', body: { kind: 'enterprise', name_zh: '文档测试公司', name_en: 'Doc Co', city: '330100', uscc: '91350100M000100Y43' }, save: 'org' }, 201],
    ['POST', '/api/v1/organisations', { as: 'admin', body: { kind: 'lab', name_zh: '文档子实验室', city: '330100', parent_id: '{org}' }, save: 'child' }, 201],
    ['POST', '/api/v1/organisations', { as: 'admin', body: { kind: 'enterprise', name_zh: '文档测试公司', city: '330100' } }, 409],
    ['POST', '/api/v1/organisations', { as: 'coord', body: { kind: 'lab', name_zh: '越界实验室', city: '330100' } }, 403],
    ['POST', '/api/v1/organisations', { body: { kind: 'lab', name_zh: '无名', city: '330100' } }, 401],
    ['GET', '/api/v1/organisations', {}, 200],
    ['GET', '/api/v1/organisations?kind=enterprise&region=330000', {}, 200],
    ['GET', '/api/v1/organisations?per_page=500', {}, 400],
    ['GET', '/api/v1/organisations/{child}', {}, 200],
    ['GET', '/api/v1/organisations/999999', {}, 404],
    ['PUT', '/api/v1/organisations/{org}', { as: 'admin', body: { kind: 'enterprise', name_zh: '文档测试公司', city: '330100', address: '杭州' } }, 200],
    ['PATCH', '/api/v1/organisations/{org}', { as: 'admin', body: { name_en: 'Doc Company' } }, 200],
    ['PATCH', '/api/v1/organisations/{org}', { as: 'admin', body: { uscc: '91350100M000100Y44' } }, 400],
    ['DELETE', '/api/v1/organisations/{org}', { as: 'admin' }, 409],
    ['DELETE', '/api/v1/organisations/{child}', { as: 'admin' }, 204],
    ['POST', '/api/v1/instruments', { as: 'orgadmin1', body: instrumentBody({ name_zh: '文档仪器', fee_internal: 120.5, purchase_year: 2019 }), save: 'ins' }, 201],
    ['POST', '/api/v1/instruments', { as: 'admin', body: instrumentBody({ name_zh: '文档设施', kind: 'facility', org_id: '{org}' }), save: 'fac' }, 201],
    ['POST', '/api/v1/instruments', { as: 'orgadmin1', body: instrumentBody({ value_cny: 'abc' }) }, 400],
    ['POST', '/api/v1/instruments', { as: 'member1', body: instrumentBody() }, 403],
    ['POST', '/api/v1/instruments', { as: 'orgadmin1', body: 'x', headers: { 'Content-Type': 'text/plain' } }, 415],
    ['GET', '/api/v1/instruments', {}, 200],
    ['GET', '/api/v1/instruments?q=%E6%96%87%E6%A1%A3&status=all&sort=value_desc&per_page=5', {}, 200],
    ['GET', '/api/v1/instruments?q=' + encodeURIComponent('仪器 '.repeat(150)), {}, 200],
    ['GET', '/api/v1/instruments?per_page=0', {}, 400],
    ['GET', '/api/v1/instruments?q=%00', {}, 400],
    ['GET', '/api/v1/instruments/{ins}', {}, 200],
    ['GET', '/api/v1/instruments/{fac}', {}, 200],
    ['GET', '/api/v1/instruments/999999', {}, 404],
    ['GET', '/api/v1/instruments/abc', {}, 404],
    ['PUT', '/api/v1/instruments/{ins}', { as: 'orgadmin1', body: instrumentBody({ name_zh: '文档仪器（新）' }) }, 200],
    ['PATCH', '/api/v1/instruments/{ins}', { as: 'orgadmin1', body: { status: 'maintenance', fee_external: 300 } }, 200],
    ['PATCH', '/api/v1/instruments/{ins}', { as: 'orgadmin2', body: { status: 'retired' } }, 403],
    ['PATCH', '/api/v1/instruments/{ins}', { as: 'orgadmin1', body: { bogus: 1 } }, 400],
    ['DELETE', '/api/v1/instruments/{fac}', { as: 'admin' }, 204],
    ['DELETE', '/api/v1/instruments/{fac}', { as: 'admin' }, 404],
    ['DELETE', '/api/v1/instruments', { as: 'admin' }, 405],
    ['PATCH', '/api/v1/regions/310000', {}, 405],
    ['GET', '/api/v1/stats', {}, 200],
    ['GET', '/api/v1/audit?per_page=20', { as: 'admin' }, 200],
    ['GET', '/api/v1/audit', { as: 'member1' }, 403],
    ['GET', '/api/v1/audit', {}, 401],
    ['GET', '/api/v1/nowhere', {}, 404],
    // bookings, calendars, figures, inbox
    ['POST', '/api/v1/instruments', { as: 'orgadmin1', body: instrumentBody({ name_zh: '文档预约仪器', fee_internal: 100, fee_external: 200 }), save: 'bins' }, 201],
    ['POST', '/api/v1/instruments', { as: 'orgadmin1', body: instrumentBody({ name_zh: '文档审核仪器' }), save: 'rins' }, 201],
    ['GET', '/api/v1/instruments/{bins}/availability', {}, 200],
    ['PATCH', '/api/v1/instruments/{bins}/availability', { as: 'orgadmin1', body: { approval: 'none', min_minutes: 1, hours: WEEK } }, 200],
    ['PATCH', '/api/v1/instruments/{rins}/availability', { as: 'orgadmin1', body: { hours: WEEK } }, 200],
    ['PATCH', '/api/v1/instruments/{bins}/availability', { as: 'member1', body: { approval: 'none' } }, 403],
    ['PATCH', '/api/v1/instruments/{bins}/availability', { as: 'orgadmin1', body: { hours: [{ weekday: 8, open: '09:00', close: '10:00' }] } }, 400],
    ['POST', '/api/v1/instruments/{bins}/blackouts', { as: 'orgadmin1', body: () => ({ start: day(20), end: day(21), reason: '维护' }), save: 'blk' }, 201],
    ['DELETE', '/api/v1/blackouts/{blk}', { as: 'orgadmin1' }, 204],
    ['POST', '/api/v1/instruments/{bins}/trained', { as: 'orgadmin1', body: { username: 'member1' } }, 200],
    ['GET', '/api/v1/instruments/{bins}/trained', { as: 'orgadmin1' }, 200],
    ['POST', '/api/v1/bookings', { as: 'member1', body: () => ({ instrument_id: saved.bins, start: now() + 2, end: now() + 600, purpose: '文档' }), save: 'use', pick: firstBooking }, 201],
    ['POST', '/api/v1/bookings', { as: 'member1', body: booking('bins', () => day(3)), save: 'held', pick: firstBooking }, 201],
    ['POST', '/api/v1/bookings', { as: 'member1', body: booking('bins', () => day(3)) }, 409],
    ['POST', '/api/v1/bookings', { as: 'coord', body: booking('bins', () => day(3) + 7200) }, 403],
    ['POST', '/api/v1/bookings', { as: 'member1', body: booking('bins', () => day(3) + 7200, { colour: 'red' }) }, 400],
    ['POST', '/api/v1/bookings', { as: 'orgadmin2', body: booking('bins', () => day(3), { waitlist: true }), save: 'wa', pick: firstBooking }, 201],
    ['POST', '/api/v1/bookings', { as: 'orgadmin1', body: booking('bins', () => day(3), { waitlist: true }), save: 'wb', pick: firstBooking }, 201],
    ['POST', '/api/v1/bookings/{held}/cancel', { as: 'member1', body: {} }, 200],
    ['POST', '/api/v1/bookings/{wa}/decline', { as: 'orgadmin2' }, 200],
    ['POST', '/api/v1/bookings/{wb}/accept', { as: 'orgadmin1' }, 200],
    ['POST', '/api/v1/bookings', { as: 'member1', body: booking('rins', () => day(4)), save: 'reqa', pick: firstBooking }, 201],
    ['POST', '/api/v1/bookings', { as: 'member1', body: booking('rins', () => day(4) + 7200), save: 'reqb', pick: firstBooking }, 201],
    ['POST', '/api/v1/bookings', { as: 'member1', body: booking('rins', () => day(6), { repeat: { frequency: 'weekly', count: 2 } }), save: 'ser' }, 201],
    ['POST', '/api/v1/bookings/{reqa}/approve', { as: 'orgadmin1' }, 200],
    ['POST', '/api/v1/bookings/{reqa}/approve', { as: 'orgadmin1' }, 409],
    ['POST', '/api/v1/bookings/{reqb}/reject', { as: 'orgadmin1', body: { reason: '文档' } }, 200],
    ['PATCH', '/api/v1/bookings/{reqa}', { as: 'member1', body: () => ({ start: day(5), end: day(5) + 3600 }) }, 200],
    ['GET', '/api/v1/bookings/{reqa}', { as: 'member1' }, 200],
    ['GET', '/api/v1/bookings/{reqa}', { as: 'coord' }, 403],
    ['GET', '/api/v1/bookings?scope=managed&state=requested', { as: 'orgadmin1' }, 200],
    ['GET', '/api/v1/booking-series/{ser}', { as: 'member1' }, 200],
    ['GET', '/api/v1/instruments/{bins}/slots', {}, 200],
    ['GET', '/api/v1/instruments/{bins}/slots?from=2026-01-01&to=2028-01-01', {}, 400],
    ['POST', '/api/v1/bookings/{use}/check-in', { as: 'orgadmin1', wait: 2500 }, 200],
    ['POST', '/api/v1/bookings/{use}/check-out', { as: 'orgadmin1', wait: 1100 }, 200],
    ['POST', '/api/v1/bookings/{use}/rating', { as: 'member1', body: { rating: 5 } }, 200],
    ['GET', '/api/v1/me/notifications', { as: 'member1' }, 200],
    ['POST', '/api/v1/me/notifications/read', { as: 'member1', body: { all: true } }, 200],
    ['POST', '/api/v1/me/calendar-feed', { as: 'member1' }, 201],
    ['GET', '/api/v1/instruments/{bins}/sharing', {}, 200],
    ['GET', '/api/v1/organisations/{org}/sharing?year=2026', {}, 200],
    ['GET', '/api/v1/cities/340100/sharing', {}, 200],
    ['GET', '/api/v1/regions/340000/sharing', {}, 200],
    ['GET', '/api/v1/sharing', {}, 200],
    ['GET', '/api/v1/sharing/instruments?under_quota=1', { as: 'coord' }, 200],
    ['GET', '/api/v1/sharing/instruments', { as: 'member1' }, 403],
    ['GET', '/api/v1/organisations/{org}/statement', { as: 'admin' }, 200],
    // technology market, institutes' assessment, the dashboard
    ['POST', '/api/v1/contracts', { as: 'orgadmin1', body: { kind: 'development', title: '文档合同', amount_cny: 100000, income_cny: 80000, buyer_org_id: 2, signed_on: '2024-06-15', field: 'new_materials' }, save: 'ct' }, 201],
    ['POST', '/api/v1/contracts', { as: 'orgadmin1', body: { kind: 'development', title: '负数', amount_cny: -1, income_cny: 0, buyer_org_id: 2, signed_on: '2024-06-15', field: 'new_materials' } }, 400],
    ['GET', '/api/v1/contracts?year=2024', { as: 'admin' }, 200],
    ['GET', '/api/v1/contracts/{ct}', { as: 'orgadmin1' }, 200],
    ['PATCH', '/api/v1/contracts/{ct}', { as: 'orgadmin1', body: { income_cny: 90000 } }, 200],
    ['POST', '/api/v1/contracts/{ct}/return', { as: 'coord', body: { reason: '请补充附件' } }, 200],
    ['PATCH', '/api/v1/contracts/{ct}', { as: 'orgadmin1', body: { title: '文档合同（补正）' } }, 200],
    ['POST', '/api/v1/contracts/{ct}/verify', { as: 'orgadmin2' }, 403],
    ['POST', '/api/v1/contracts/{ct}/verify', { as: 'coord' }, 200],
    ['POST', '/api/v1/contracts/{ct}/verify', { as: 'coord' }, 409],
    ['POST', '/api/v1/contracts/import?dry_run=1', { as: 'orgadmin1', body: 'kind,title,amount_cny,income_cny,buyer,signed_on,field\ndevelopment,x,1000,1000,2,2024-01-02,new_energy\n', headers: { 'Content-Type': 'text/csv' } }, 200],
    ['POST', '/api/v1/contracts/import', { as: 'orgadmin1', body: 'kind,title,amount_cny,income_cny,buyer,signed_on,field\ndevelopment,x,1000,1000,2,2024-01-02,new_energy\n', headers: { 'Content-Type': 'text/csv' } }, 201],
    ['POST', '/api/v1/contracts/import', { as: 'orgadmin1', body: 'kind,title,amount_cny,income_cny,buyer,signed_on,field\ndevelopment,x,1000,1000,1,2024-01-02,new_energy\n', headers: { 'Content-Type': 'text/csv' } }, 422],
    ['GET', '/api/v1/flows?year=2024', {}, 200],
    ['GET', '/api/v1/flows?region=999999', {}, 400],
    ['GET', '/api/v1/dashboard?year=2024&region=340000', {}, 200],
    ['PUT', '/api/v1/assessment/2024', { as: 'admin', body: { weights: { contract_income: 90 } } }, 400],
    ['PUT', '/api/v1/assessment/2024', { as: 'admin', body: { weights: { contract_income: 70, instrument_hours: 30 } } }, 200],
    ['GET', '/api/v1/assessment/2024', {}, 200],
    ['POST', '/api/v1/organisations', { as: 'admin', body: { kind: 'centre', name_zh: '文档创新中心', city: '320500' }, save: 'centre' }, 201],
    ['POST', '/api/v1/institutes', { as: 'admin', body: { org_id: 2, centre_id: '{centre}' } }, 201],
    ['POST', '/api/v1/institutes', { as: 'coord', body: { org_id: 2, centre_id: '{centre}' } }, 403],
    ['GET', '/api/v1/institutes?year=2024', {}, 200],
    ['DELETE', '/api/v1/institutes/2', { as: 'admin' }, 204],
    // talent pool: experts, finding, import, panel draws
    ['POST', '/api/v1/experts', { as: 'orgadmin1', body: { name: '文档专家', title: 'professor', disciplines: ['52020'], keywords: ['深度学习', '计算机视觉'], email: 'doc@example.cn', orcid: '0000-0002-1825-0097' }, save: 'ex' }, 201],
    ['POST', '/api/v1/experts', { as: 'orgadmin1', body: { name: '文档专家二', title: 'professor', disciplines: ['52020'], orcid: '0000-0002-1825-0098' } }, 400],
    ['POST', '/api/v1/experts', { as: 'orgadmin1', body: { name: '文档专家', title: 'engineer', disciplines: ['520'], orcid: '0000-0002-1825-0097' } }, 409],
    ['POST', '/api/v1/experts', { as: 'admin', body: { name: '文档对手', org_id: 2, title: 'associate', disciplines: '52020 51030', keywords: '知识图谱；芯片' }, save: 'exo' }, 201],
    ['GET', '/api/v1/experts?q=%E6%96%87%E6%A1%A3&discipline=520&per_page=5', {}, 200],
    ['GET', '/api/v1/experts?discipline=99999', {}, 400],
    ['GET', '/api/v1/experts/{ex}', {}, 200],
    ['PUT', '/api/v1/experts/{ex}', { as: 'orgadmin1', body: { name: '文档专家', title: 'professor', disciplines: ['52020', '52030'], keywords: ['深度学习'], orcid: '0000-0002-1825-0097' } }, 200],
    ['PATCH', '/api/v1/experts/{ex}', { as: 'orgadmin1', body: { keywords: ['深度学习', '类脑芯片'], papers: 12 } }, 200],
    ['PATCH', '/api/v1/experts/{ex}', { as: 'orgadmin2', body: { papers: 1 } }, 403],
    ['GET', '/api/v1/experts/{ex}/contact', { as: 'coord' }, 200],
    ['GET', '/api/v1/experts/{ex}/contact', { as: 'member1' }, 403],
    ['POST', '/api/v1/experts/match', { body: { text: '基于深度学习的类脑芯片设计', limit: 5 } }, 200],
    ['POST', '/api/v1/experts/match', { body: { text: '' } }, 400],
    ['POST', '/api/v1/experts/import?dry_run=1', { as: 'admin', body: '姓名,单位,职称,学科代码,研究方向\n导入一,测试大学,教授/研究员,52020,深度学习\n导入二,测试研究院,engineer,52020,知识图谱\n导入三,测试研究院,associate,52020,计算机视觉\n', headers: { 'Content-Type': 'text/csv' } }, 200],
    ['POST', '/api/v1/experts/import', { as: 'admin', body: '姓名,单位,职称,学科代码,研究方向\n导入一,测试大学,教授/研究员,52020,深度学习\n导入二,测试研究院,engineer,52020,知识图谱\n导入三,测试研究院,associate,52020,计算机视觉\n', headers: { 'Content-Type': 'text/csv' } }, 201],
    ['POST', '/api/v1/experts/import', { as: 'admin', body: '姓名,单位,职称,学科代码\n导入四,测试大学,professor,99999\n', headers: { 'Content-Type': 'text/csv' } }, 422],
    ['GET', '/api/v1/experts/{ex}/conflicts', { as: 'orgadmin1' }, 200],
    ['POST', '/api/v1/experts/{ex}/conflicts', { as: 'orgadmin1', body: { expert_id: '{exo}', reason: '合作者' }, save: 'xc' }, 201],
    ['DELETE', '/api/v1/expert-conflicts/{xc}', { as: 'orgadmin1' }, 204],
    ['GET', '/api/v1/session', { as: 'member1', save: 'mem', pick: (j) => j.account.id }, 200],
    ['PATCH', '/api/v1/experts/{ex}', { as: 'orgadmin1', body: { account_id: '{mem}' } }, 200],
    ['GET', '/api/v1/me/expert', { as: 'member1' }, 200],
    ['GET', '/api/v1/me/expert/export', { as: 'member1' }, 200],
    ['GET', '/api/v1/me/expert', { as: 'orgadmin2' }, 404],
    ['GET', '/api/v1/disciplines', {}, 200],
    ['POST', '/api/v1/panel-draws', { as: 'coord', body: { item: '文档评审', text: '深度学习', n: 2, disciplines: ['52020'], org_max: 1 }, save: 'pd' }, 201],
    ['POST', '/api/v1/panel-draws', { as: 'coord', body: { item: '文档评审', n: 50, disciplines: ['52020'] } }, 400],
    ['POST', '/api/v1/panel-draws', { as: 'member1', body: { item: '文档评审', n: 1, disciplines: ['52020'] } }, 403],
    ['GET', '/api/v1/panel-draws', { as: 'coord' }, 200],
    ['GET', '/api/v1/panel-draws/{pd}', { as: 'coord', save: 'pdm', pick: (j) => j.members[0].expert_id }, 200],
    ['POST', '/api/v1/panel-draws/{pd}/decline', { as: 'coord', body: { expert_id: '{pdm}', reason: '出差' } }, 200],
    ['POST', '/api/v1/panel-draws/{pd}/rerun', { as: 'coord' }, 200],
    ['DELETE', '/api/v1/me/expert', { as: 'member1' }, 204],
    ['DELETE', '/api/v1/experts/{exo}', { as: 'admin' }, 204],
    // joint projects, consortia, challenges (揭榜挂帅)
    ['POST', '/api/v1/projects', { as: 'orgadmin2', body: { title: '文档联合攻关项目', start_year: 2024, end_year: 2026, lead_org_id: 2, total_cny: 1000, members: [1], funding: [{ source: 'fiscal', region: '320000', year: 2024, amount_cny: 600 }, { source: 'social', year: 2025, amount_cny: 400 }] }, save: 'prj' }, 201],
    ['POST', '/api/v1/projects', { as: 'orgadmin2', body: { title: '文档', start_year: 2024, end_year: 2026, lead_org_id: 2, total_cny: 999, members: [1], funding: [{ source: 'social', year: 2025, amount_cny: 400 }] } }, 400],
    ['GET', '/api/v1/projects?cross_region=1&region=340000&year=2025', {}, 200],
    ['GET', '/api/v1/projects/{prj}', {}, 200],
    ['PATCH', '/api/v1/projects/{prj}', { as: 'orgadmin2', body: { status: 'active', title_en: 'Doc joint project' } }, 200],
    ['PATCH', '/api/v1/projects/{prj}', { as: 'orgadmin1', body: { status: 'completed' } }, 403],
    ['POST', '/api/v1/projects/{prj}/milestones', { as: 'orgadmin2', body: { title: '中期检查', due_on: '2025-06-30' }, save: 'ms' }, 201],
    ['POST', '/api/v1/projects/{prj}/milestones', { as: 'orgadmin1', body: { title: '中期检查', due_on: '2025-06-30' } }, 403],
    ['PATCH', '/api/v1/milestones/{ms}', { as: 'orgadmin2', body: { status: 'done' } }, 200],
    ['DELETE', '/api/v1/milestones/{ms}', { as: 'orgadmin2' }, 204],
    ['POST', '/api/v1/projects/{prj}/outputs', { as: 'orgadmin2', body: { kind: 'paper', title: '文档论文' }, save: 'pout' }, 201],
    ['DELETE', '/api/v1/project-outputs/{pout}', { as: 'orgadmin2' }, 204],
    ['POST', '/api/v1/projects/import?dry_run=1', { as: 'orgadmin2', body: 'title,lead,members,start_year,end_year,fiscal_cny\n导入项目,2,1,2024,2025,100\n', headers: { 'Content-Type': 'text/csv' } }, 200],
    ['POST', '/api/v1/projects/import', { as: 'orgadmin2', body: 'title,lead,members,start_year,end_year,fiscal_cny\n导入项目,2,1,2024,2025,100\n', headers: { 'Content-Type': 'text/csv' } }, 201],
    ['POST', '/api/v1/projects/import', { as: 'orgadmin2', body: 'title,lead,members,start_year,end_year,fiscal_cny,total_cny\n导入项目,2,1,2024,2025,100,99\n', headers: { 'Content-Type': 'text/csv' } }, 422],
    ['GET', '/api/v1/projects/figures?year=2024&region=320000', {}, 200],
    ['POST', '/api/v1/organisations', { as: 'coord', body: { kind: 'enterprise', name_zh: '文档测试企业', city: '340100' }, save: 'ent' }, 201],
    ['POST', '/api/v1/consortia', { as: 'coord', body: () => ({ name: '文档创新联合体', lead_org_id: saved.ent, members: [{ org_id: 1 }, { org_id: 2, role: 'research' }] }), save: 'cons' }, 201],
    ['POST', '/api/v1/consortia', { as: 'coord', body: { name: '文档联合体二', lead_org_id: 1 } }, 400],
    ['GET', '/api/v1/consortia?region=320000', {}, 200],
    ['GET', '/api/v1/consortia/{cons}', {}, 200],
    ['PATCH', '/api/v1/consortia/{cons}', { as: 'coord', body: { description: '文档' } }, 200],
    ['DELETE', '/api/v1/consortia/{cons}', { as: 'coord' }, 204],
    ['POST', '/api/v1/challenges', { as: 'coord', body: () => ({ title: '文档榜单', statement: '征集碳化硅衬底量产工艺攻关团队。', indicators: '良率≥60%', field: 'semiconductor', budget_cny: 1000000, deadline: new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10), ip_terms: 'shared', poster_org_id: saved.ent }), save: 'ch' }, 201],
    ['POST', '/api/v1/challenges', { as: 'coord', body: () => ({ title: '文档榜单', statement: 'x', indicators: 'y', field: 'ic', budget_cny: 1, deadline: '2020-01-01', ip_terms: 'shared', poster_org_id: saved.ent }) }, 400],
    ['PATCH', '/api/v1/challenges/{ch}', { as: 'coord', body: { budget_cny: 2000000 } }, 200],
    ['POST', '/api/v1/challenges/{ch}/return', { as: 'coord', body: { reason: '请补充指标' } }, 200],
    ['PATCH', '/api/v1/challenges/{ch}', { as: 'coord', body: { indicators: '良率≥60%，微管密度≤0.5' } }, 200],
    ['POST', '/api/v1/challenges/{ch}/publish', { as: 'coord' }, 200],
    ['POST', '/api/v1/challenges/{ch}/publish', { as: 'coord' }, 409],
    ['GET', '/api/v1/challenges?open=1&field=semiconductor', {}, 200],
    ['GET', '/api/v1/challenges/{ch}', {}, 200],
    ['GET', '/api/v1/challenges/{ch}/recommendations?limit=3', {}, 200],
    ['POST', '/api/v1/challenges/{ch}/responses', { as: 'orgadmin2', body: { lead_org_id: 2, members: [1], plan: '文档方案', budget_cny: 900000 }, save: 'rsp' }, 201],
    ['POST', '/api/v1/challenges/{ch}/responses', { as: 'orgadmin2', body: { lead_org_id: 2, plan: '文档方案', budget_cny: 900000 } }, 409],
    ['POST', '/api/v1/challenges/{ch}/responses', { as: 'member1', body: { lead_org_id: 1, plan: '另一方案', budget_cny: 800000 }, save: 'rspb' }, 201],
    ['GET', '/api/v1/challenges/{ch}/responses', { as: 'coord' }, 200],
    ['GET', '/api/v1/responses/{rsp}', { as: 'orgadmin2' }, 200],
    ['POST', '/api/v1/responses/{rspb}/withdraw', { as: 'member1' }, 200],
    ['POST', '/api/v1/responses/{rspb}/select', { as: 'coord' }, 409],
    ['POST', '/api/v1/responses/{rsp}/shortlist', { as: 'coord' }, 200],
    ['POST', '/api/v1/responses/{rsp}/select', { as: 'orgadmin2' }, 403],
    ['POST', '/api/v1/responses/{rsp}/select', { as: 'coord' }, 200],
    ['POST', '/api/v1/challenges', { as: 'coord', body: () => ({ title: '文档榜单二', statement: '征集团队。', indicators: '达到指标', field: 'ic', budget_cny: 0, deadline: new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10), ip_terms: 'team', poster_org_id: saved.ent }), save: 'chb' }, 201],
    ['POST', '/api/v1/challenges/{chb}/publish', { as: 'coord' }, 200],
    ['POST', '/api/v1/challenges/{chb}/close', { as: 'coord' }, 200],
    ['DELETE', '/api/v1/projects/{prj}', { as: 'orgadmin2' }, 204],
    ['DELETE', '/api/v1/session', { as: 'orgadmin2' }, 204],
    // pre-approval consultation: rounds, items, overlaps, the check
    ['POST', '/api/v1/rounds', { as: 'admin', body: { year: 2025, title: '文档会商', fields: ['ic', 'ai'] }, save: 'rd' }, 201],
    ['POST', '/api/v1/rounds', { as: 'coord', body: { year: 2025, title: '越权', fields: ['ic'] } }, 403],
    ['POST', '/api/v1/rounds', { as: 'admin', body: { year: 2025, title: 'x', fields: ['cooking'] } }, 400],
    ['GET', '/api/v1/rounds', {}, 200],
    ['GET', '/api/v1/rounds/{rd}', { as: 'coord' }, 200],
    ['GET', '/api/v1/rounds/{rd}', {}, 404],
    ['PATCH', '/api/v1/rounds/{rd}', { as: 'admin', body: { suspect: 0.45 } }, 200],
    ['POST', '/api/v1/rounds/{rd}/items', { as: 'coord', body: { field: 'ic', title: '高端光刻胶', content: '针对先进芯片制造对高端光刻胶的需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。重点突破光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。' }, save: 'gi' }, 201],
    ['POST', '/api/v1/rounds/{rd}/items', { as: 'admin', body: { region: '310000', field: 'ic', title: '光刻胶（沪）', content: '重点突破光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。针对先进芯片制造对高端光刻胶的需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。' }, save: 'gib' }, 201],
    ['POST', '/api/v1/rounds/{rd}/items', { as: 'coord', body: { field: 'ic', title: '', content: '' } }, 400],
    ['GET', '/api/v1/rounds/{rd}/items', { as: 'coord' }, 200],
    ['POST', '/api/v1/rounds/{rd}/items/import?dry_run=1', { as: 'coord', body: 'title,field,content\nEDA,ic,研究逻辑综合与布局布线的核心算法\n,ic,x\n', headers: { 'Content-Type': 'text/csv' } }, 200],
    ['POST', '/api/v1/rounds/{rd}/items/import', { as: 'coord', body: 'title,field,content\nEDA,ic,研究逻辑综合与布局布线的核心算法\n,ic,x\n', headers: { 'Content-Type': 'text/csv' } }, 422],
    ['POST', '/api/v1/rounds/{rd}/items/import', { as: 'coord', body: 'title,field,content\nEDA,ic,研究逻辑综合与布局布线的核心算法\n', headers: { 'Content-Type': 'text/csv' } }, 201],
    ['GET', '/api/v1/rounds/{rd}/items?region=340000', { as: 'coord', save: 'gix', pick: (j) => j.items.find((i) => i.title === 'EDA').id }, 200],
    ['POST', '/api/v1/guide-items/{gix}/withdraw', { as: 'coord' }, 200],
    ['POST', '/api/v1/guide-items/{gib}/withdraw', { as: 'coord' }, 403],
    ['GET', '/api/v1/guide-items/{gi}', { as: 'coord' }, 200],
    ['PATCH', '/api/v1/guide-items/{gi}', { as: 'coord', body: { budget_wan: 3000 } }, 200],
    ['GET', '/api/v1/rounds/{rd}/overlaps?scope=round', { as: 'coord', save: 'ov', pick: (j) => j.pairs[0].id }, 200],
    ['GET', '/api/v1/rounds/{rd}/overlaps', { as: 'member1' }, 403],
    ['GET', '/api/v1/overlaps/{ov}', { as: 'coord' }, 200],
    ['POST', '/api/v1/overlaps/{ov}/decision', { as: 'coord', body: { decision: 'keep' } }, 400],
    ['POST', '/api/v1/rounds/{rd}/close', { as: 'admin' }, 409],
    ['POST', '/api/v1/overlaps/{ov}/decision', { as: 'coord', body: { decision: 'keep', reason: '技术路线不同' } }, 200],
    ['POST', '/api/v1/overlaps/check', { as: 'member1', body: { content: '开展ArF浸没式光刻胶和EUV光刻胶关键材料研究' } }, 200],
    ['POST', '/api/v1/overlaps/check', { as: 'member1', body: { content: '' } }, 400],
    ['POST', '/api/v1/overlaps/check', { body: { content: '光刻胶' } }, 401],
    ['POST', '/api/v1/rounds/{rd}/close', { as: 'admin' }, 200],
    ['GET', '/api/v1/rounds/{rd}/list', {}, 200],
    ['POST', '/api/v1/guide-items/{gi}/withdraw', { as: 'coord' }, 409],
    // search (tests/api/search.test.mjs checks what it finds)
    ['GET', `/api/v1/search?q=${encodeURIComponent('测试 OR 光谱')}`, {}, 200],
    ['GET', `/api/v1/search?q=${encodeURIComponent('type:org')}&per_page=5`, { as: 'admin' }, 200],
    ['GET', `/api/v1/search?q=${encodeURIComponent('region:nowhere')}`, {}, 400],
    ['GET', '/api/v1/search?q=', {}, 400],
    ['GET', `/api/v1/suggest?q=${encodeURIComponent('测试')}`, {}, 200],
    ['GET', '/api/v1/suggest?q=x&limit=0', {}, 400],
  ];

  it('each request answers as expected, and as documented', async () => {
    for (const [method, rawPath, o, want] of steps) {
      const fill = (v) => (typeof v === 'string' && /^\{[a-z]+\}$/.test(v) ? saved[v.slice(1, -1)] : v);
      const path = rawPath.replace(/\{([a-z]+)\}/g, (_, k) => saved[k]);
      let body = typeof o.body === 'function' ? o.body() : o.body;
      if (o.wait) await new Promise((r) => setTimeout(r, o.wait));
      if (body && typeof body === 'object') body = JSON.stringify(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fill(v)])));
      const headers = { ...(o.headers || {}) };
      if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
      if (o.as) headers.Authorization = `Bearer ${tokens[o.as]}`;
      const res = await fetch(s.url + path, { method, headers, body });
      const text = await res.text();
      assert.equal(res.status, want, `${method} ${path}: ${text.slice(0, 300)}`);
      assert.deepEqual(oa.checkResponse(spec, { method, path, status: res.status, headers: res.headers, text }), [], `${method} ${path}`);
      if (o.save) saved[o.save] = o.pick ? o.pick(JSON.parse(text)) : JSON.parse(text).id;
      const tpl = oa.matchPath(spec, path);
      if (tpl) seen.set(`${method} ${tpl}`, [...(seen.get(`${method} ${tpl}`) || []), res.status]);
    }
  });

  it('413 and 429 answers are documented too', async () => {
    const api = client(s);   // checks each answer against the document
    const big = 'x'.repeat((1 << 20) + 1);
    for (const [method, path] of [['POST', '/api/v1/session'], ['POST', '/api/v1/organisations'], ['PUT', `/api/v1/instruments/${saved.ins}`], ['PATCH', `/api/v1/organisations/${saved.org}`]])
      assert.equal((await api(method, path, { token: tokens.admin, body: big, expectContinue: true })).status, 413, `${method} ${path}`);
    let r;
    for (let i = 0; i < 12 && r?.status !== 429; i++)
      r = await api('POST', '/api/v1/session', { body: { username: 'member1', password: 'wrong-password-x' }, localAddress: '127.0.0.9' });
    assert.equal(r.status, 429);
  });

  it('every documented operation was seen succeeding', () => {
    const missing = oa.operations(spec)
      .filter((o) => !(seen.get(`${o.method} ${o.path}`) || []).some((st) => st >= 200 && st < 300))
      .map((o) => `${o.method} ${o.path}`);
    assert.deepEqual(missing, []);
  });
});
