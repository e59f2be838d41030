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
    const more = src('src/http/routes.c').replace(/(\{ "GET", "\/api\/v1\/audit",[^\n]*\n)/, '$1\t{ "GET", "/api/v1/bookings", api_bookings, API },\n');
    assert.notEqual(more, src('src/http/routes.c'));
    assert.deepEqual(oa.checkRouteCoverage(spec, oa.parseRoutes(more)), ['GET /api/v1/bookings is in src/http/routes.c but not in docs/api/openapi.yaml']);
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
    assert.match(oa.checkResponse(spec, { method: 'GET', path: '/api/v1/bookings', status: 200, headers: h, text: '{}' }).join(), /not in the document/);
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

  // [method, path, {as, body, headers, save}, expected status]; {name} in a
  // path is a value saved by an earlier step.
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
    ['DELETE', '/api/v1/session', { as: 'orgadmin2' }, 204],
  ];

  it('each request answers as expected, and as documented', async () => {
    for (const [method, rawPath, o, want] of steps) {
      const fill = (v) => (typeof v === 'string' && /^\{[a-z]+\}$/.test(v) ? saved[v.slice(1, -1)] : v);
      const path = rawPath.replace(/\{([a-z]+)\}/g, (_, k) => saved[k]);
      let body = o.body;
      if (body && typeof body === 'object') body = JSON.stringify(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, fill(v)])));
      const headers = { ...(o.headers || {}) };
      if (body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
      if (o.as) headers.Authorization = `Bearer ${tokens[o.as]}`;
      const res = await fetch(s.url + path, { method, headers, body });
      const text = await res.text();
      assert.equal(res.status, want, `${method} ${path}: ${text.slice(0, 300)}`);
      assert.deepEqual(oa.checkResponse(spec, { method, path, status: res.status, headers: res.headers, text }), [], `${method} ${path}`);
      if (o.save) saved[o.save] = JSON.parse(text).id;
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
