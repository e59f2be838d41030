// bad-input.test.mjs — what the API refuses, and that a refusal changes
// nothing.  Each request answers the right status with
// {"error":{"code","message","field"}}, naming the member or parameter at
// fault where there is one.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { client, expectError, ok, instrumentBody, webLogin } from './helpers.mjs';

let s, api, admin, oa1, member, target, snapshot;
before(async () => {
  s = await startServer();
  api = client(s);
  [admin, oa1, member] = await Promise.all(['admin', 'orgadmin1', 'member1'].map((u) => s.login(u)));
  target = ok(await api('POST', '/api/v1/instruments', { token: oa1, body: instrumentBody({ name_zh: '基准仪器', description: '原始描述' }) }), 201);
});
after(async () => { await s?.stop(); });

/** What a refused request must not change: the catalogue, the organisations,
 *  the target record and the audit trail. */
async function state() {
  const [ins, orgs, rec, audit] = await Promise.all([
    api('GET', '/api/v1/instruments?status=all&per_page=100'),
    api('GET', '/api/v1/organisations?per_page=100'),
    api('GET', `/api/v1/instruments/${target.id}`),
    api('GET', '/api/v1/audit?per_page=1', { token: admin }),
  ]);
  return { instruments: ins.json, orgs: orgs.json, record: rec.json, audit: audit.json.total };
}

const post = (body, opts = {}) => api('POST', '/api/v1/instruments', { token: oa1, body, ...opts });
const patch = (body, opts = {}) => api('PATCH', `/api/v1/instruments/${target.id}`, { token: oa1, body, ...opts });

describe('refused bodies change nothing', () => {
  before(async () => { snapshot = await state(); });

  describe('malformed JSON and the wrong shape', () => {
    it('malformed JSON → 400 malformed_json', async () => {
      for (const text of ['{', '{"name_zh": }', "{'name_zh': 'x'}", '{"a":1,}', 'null x', ''])
        expectError(await post(text), 400, 'malformed_json', null);
      expectError(await patch('{"value_cny": 1'), 400, 'malformed_json');
    });
    it('a JSON array, string, number or null instead of an object → 400', async () => {
      for (const text of ['[]', '[{"name_zh":"x","category":"other","value_cny":1}]', '"text"', '42', 'null'])
        expectError(await post(text), 400, undefined, null);
      expectError(await patch('[]'), 400, 'wrong_type', null);
      expectError(await api('POST', '/api/v1/organisations', { token: admin, body: '[]' }), 400, 'wrong_type', null);
    });
    it('a member given twice → 400', async () => {
      expectError(await post('{"name_zh":"a","name_zh":"b","category":"other","value_cny":1}'), 400, 'malformed_json');
    });
  });

  describe('wrong JSON types → 400 wrong_type naming the member', () => {
    const cases = [
      ['value_cny', 'abc'], ['value_cny', true], ['value_cny', 1.5], ['value_cny', [1]],
      ['name_zh', 5], ['name_zh', ['a']], ['name_zh', { zh: 'a' }], ['name_zh', false],
      ['purchase_year', '2020'], ['fee_internal', 'free'], ['org_id', '1'], ['category', 3], ['description', 1],
    ];
    for (const [field, value] of cases) {
      it(`${field}: ${JSON.stringify(value)}`, async () => {
        expectError(await post(instrumentBody({ [field]: value })), 400, 'wrong_type', field);
        expectError(await patch({ [field]: value }), 400, 'wrong_type', field);
      });
    }
    it('value_cny: 1e20 (a real beyond any integer)', async () => {
      expectError(await post('{"name_zh":"大数","category":"other","value_cny":1e20}'), 400, undefined, 'value_cny');
    });
    it('organisations too: kind 1, parent_id "2"', async () => {
      expectError(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 1, name_zh: '甲', city: '310100' } }), 400, 'wrong_type', 'kind');
      expectError(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'lab', name_zh: '甲', city: '310100', parent_id: '2' } }), 400, 'wrong_type', 'parent_id');
    });
  });

  describe('missing or empty required members → 400 required naming them', () => {
    for (const field of ['name_zh', 'category', 'value_cny']) {
      it(`without ${field}`, async () => {
        const body = instrumentBody();
        delete body[field];
        expectError(await post(body), 400, 'required', field);
      });
      it(`${field}: null`, async () => {
        expectError(await post(instrumentBody({ [field]: null })), 400, 'required', field);
        expectError(await patch({ [field]: null }), 400, 'required', field);
      });
    }
    it('an empty or blank name', async () => {
      expectError(await post(instrumentBody({ name_zh: '' })), 400, 'required', 'name_zh');
      expectError(await post(instrumentBody({ name_zh: ' \t ' })), 400, 'required', 'name_zh');
    });
    it('an empty object', async () => {
      expectError(await post({}), 400, 'required');
    });
  });

  describe('unknown and read-only members → 400 naming them', () => {
    it('an unknown member', async () => {
      expectError(await post(instrumentBody({ colour: 'red' })), 400, 'unknown_field', 'colour');
      expectError(await patch({ colour: 'red' }), 400, 'unknown_field', 'colour');
      expectError(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'lab', name_zh: '甲', city: '310100', website: 'x' } }), 400, 'unknown_field', 'website');
    });
    it('read-only members: id, region', async () => {
      expectError(await post(instrumentBody({ id: 5 })), 400, 'read_only', 'id');
      expectError(await patch({ region: '310000' }), 400, 'read_only', 'region');
      expectError(await patch({ created_at: 1 }), 400, 'unknown_field', 'created_at');
    });
  });

  describe('text that is not clean', () => {
    it('invalid UTF-8 inside a JSON string (raw bytes) → 400', async () => {
      const bytes = (inner) => Buffer.concat([Buffer.from('{"name_zh":"'), Buffer.from(inner), Buffer.from('","category":"other","value_cny":1}')]);
      for (const inner of [[0xff, 0xfe], [0xc0, 0xaf], [0xe7, 0x94], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]])
        expectError(await post(bytes(inner)), 400);
    });
    it('a lone surrogate or NUL escape → 400', async () => {
      expectError(await post('{"name_zh":"\\ud800","category":"other","value_cny":1}'), 400);
      expectError(await post('{"name_zh":"a\\u0000b","category":"other","value_cny":1}'), 400);
    });
    it('control characters → 400 control_character naming the member', async () => {
      for (const c of ['\u0001', '\u001b', '\u007f', '\u0085'])
        expectError(await post(instrumentBody({ name_zh: `仪器${c}名` })), 400, 'control_character', 'name_zh');
      expectError(await patch({ description: 'a\u0001b' }), 400, 'control_character', 'description');
      expectError(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'lab', name_zh: '甲\u0002', city: '310100' } }), 400, 'control_character', 'name_zh');
    });
    it('a newline in a one-line member → 400; in a multi-line member it is kept', async () => {
      expectError(await post(instrumentBody({ name_zh: '第一行\n第二行' })), 400, 'control_character', 'name_zh');
      expectError(await post(instrumentBody({ model: 'A\tB' })), 400, 'control_character', 'model');
    });
    it('too long → 400 too_long naming the member; the limit counts characters, not bytes', async () => {
      expectError(await post(instrumentBody({ name_zh: '长'.repeat(201) })), 400, 'too_long', 'name_zh');
      expectError(await post(instrumentBody({ name_en: 'x'.repeat(301) })), 400, 'too_long', 'name_en');
      expectError(await post(instrumentBody({ description: '述'.repeat(10001) })), 400, 'too_long', 'description');
      expectError(await patch({ specs: 's'.repeat(4001) }), 400, 'too_long', 'specs');
      expectError(await api('POST', '/api/v1/organisations', { token: admin, body: { kind: 'lab', name_zh: '名'.repeat(121), city: '310100' } }), 400, 'too_long', 'name_zh');
    });
  });

  describe('values out of range or unknown', () => {
    const year = new Date().getUTCFullYear();
    it('a negative value_cny, or one beyond 100 billion → 400 out_of_range', async () => {
      expectError(await post(instrumentBody({ value_cny: -1 })), 400, 'out_of_range', 'value_cny');
      expectError(await post(instrumentBody({ value_cny: 100000000001 })), 400, 'out_of_range', 'value_cny');
      expectError(await patch({ value_cny: -100 }), 400, 'out_of_range', 'value_cny');
    });
    it('purchase_year in the future, or before 1950 → 400 naming purchase_year', async () => {
      expectError(await post(instrumentBody({ purchase_year: year + 1 })), 400, 'out_of_range', 'purchase_year');
      expectError(await patch({ purchase_year: year + 1 }), 400, 'out_of_range', 'purchase_year');
      expectError(await post(instrumentBody({ purchase_year: 1949 })), 400, 'out_of_range', 'purchase_year');
    });
    it('negative or huge fees → 400', async () => {
      expectError(await post(instrumentBody({ fee_internal: -0.5 })), 400, 'out_of_range', 'fee_internal');
      expectError(await post(instrumentBody({ fee_external: 1e7 })), 400, 'out_of_range', 'fee_external');
    });
    it('values outside the vocabularies → 400 not_allowed', async () => {
      expectError(await post(instrumentBody({ category: 'telescope' })), 400, 'not_allowed', 'category');
      expectError(await post(instrumentBody({ kind: 'gadget' })), 400, 'not_allowed', 'kind');
      expectError(await post(instrumentBody({ status: 'broken' })), 400, 'not_allowed', 'status');
      expectError(await post(instrumentBody({ sharing: 'public' })), 400, 'not_allowed', 'sharing');
      expectError(await post(instrumentBody({ category: 'Analytical' })), 400, 'not_allowed', 'category');
    });
    it('an unknown org_id or city → 400 naming it', async () => {
      expectError(await post(instrumentBody({ org_id: 999999 }), { token: admin }), 400, 'not_found', 'org_id');
      expectError(await post(instrumentBody({ org_id: 0 })), 400, 'out_of_range', 'org_id');
      // an organisation administrator may not even ask about another one
      expectError(await post(instrumentBody({ org_id: 999999 })), 403, 'forbidden');
      expectError(await post(instrumentBody({ city: '110100' })), 400, 'not_found', 'city');
      expectError(await patch({ city: '1101001' }), 400, 'too_long', 'city');
    });
  });

  describe('the wrong transport', () => {
    it('another content type → 415', async () => {
      const json = JSON.stringify(instrumentBody());
      for (const ct of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp'])
        expectError(await post(json, { headers: { 'Content-Type': ct } }), 415, 'unsupported_media_type', null);
      expectError(await patch(json, { headers: { 'Content-Type': 'text/json' } }), 415);
    });
    it('a body over 1 MiB announced with Expect: 100-continue (as curl does) → 413 before it is sent', async () => {
      const big = JSON.stringify(instrumentBody({ description: 'x'.repeat((1 << 20) + 10) }));
      expectError(await post(big, { expectContinue: true }), 413, 'too_large', null);
      expectError(await post(JSON.stringify(instrumentBody({ description: 'x'.repeat(16 << 20) })), { expectContinue: true }), 413, 'too_large');
    });
    it('a chunked body over 1 MiB (no Content-Length) → 413', async () => {
      const big = JSON.stringify(instrumentBody({ description: 'x'.repeat((1 << 20) + 10) }));
      expectError(await post(big, { chunked: true }), 413, 'too_large', null);
    });
    it('a body of exactly 1 MiB is read (and judged on its content)', async () => {
      const head = '{"name_zh":"大","category":"other","value_cny":1,"description":"';
      const body = head + 'x'.repeat((1 << 20) - Buffer.byteLength(head) - 2) + '"}';
      assert.equal(Buffer.byteLength(body), 1 << 20);
      expectError(await post(body), 400, 'too_long', 'description');
    });
    it('a body of 4 MiB sent at once (as browsers do) → 413, not a reset connection', async () => {
      // src/http/server.c on_request() queues the 413 as soon as it sees the
      // Content-Length and closes the connection with the body unread; the
      // kernel then resets it, and the client often never reads the answer.
      // A race, so try several times: each must get its 413.
      const big = JSON.stringify(instrumentBody({ description: 'x'.repeat(4 << 20) }));
      const outcomes = [];
      for (let i = 0; i < 8; i++) {
        try {
          outcomes.push((await post(big, { localAddress: '127.0.0.1' })).status);
        } catch (e) {
          outcomes.push(e.code || e.message);
        }
      }
      assert.deepEqual(outcomes, Array(8).fill(413), 'a reset connection instead of the 413 answer');
    });
  });

  describe('who asks', () => {
    it('no session → 401; a wrong role → 403', async () => {
      expectError(await post(instrumentBody(), { token: undefined }), 401, 'login_required');
      expectError(await post(instrumentBody(), { token: member }), 403, 'forbidden');
      expectError(await patch({ value_cny: 1 }, { token: member }), 403, 'forbidden');
      expectError(await api('DELETE', `/api/v1/instruments/${target.id}`, { token: member }), 403, 'forbidden');
      expectError(await api('POST', '/api/v1/organisations', { token: oa1, body: { kind: 'lab', name_zh: '甲', city: '310100' } }), 403, 'forbidden');
    });
    it('an unknown id → 404; a non-numeric id → 404', async () => {
      expectError(await api('PATCH', '/api/v1/instruments/999999', { token: oa1, body: { value_cny: 1 } }), 404, 'not_found');
      expectError(await api('DELETE', '/api/v1/instruments/999999', { token: oa1 }), 404, 'not_found');
      expectError(await api('PATCH', '/api/v1/instruments/abc', { token: oa1, body: { value_cny: 1 } }), 404);
      expectError(await api('DELETE', '/api/v1/organisations/x1', { token: admin }), 404);
    });
    it('a wrong method → 405 with Allow', async () => {
      for (const [method, path, allow] of [
        ['DELETE', '/api/v1/instruments', 'GET, POST'],
        ['PUT', '/api/v1/organisations', 'GET, POST'],
        ['POST', `/api/v1/instruments/${target.id}`, 'GET, PUT, PATCH, DELETE'],
        ['PATCH', '/api/v1/audit', 'GET'],
        ['POST', '/api/v1/stats', 'GET'],
        ['PUT', '/api/v1/cities', 'GET'],
      ]) {
        const r = await api(method, path, { token: admin, body: method === 'DELETE' ? undefined : {} });
        expectError(r, 405, 'method_not_allowed', null);
        assert.deepEqual(r.headers.get('allow').split(', ').sort(), allow.split(', ').sort(), `${method} ${path}`);
      }
    });
  });

  describe('bad query strings → 400 naming the parameter', () => {
    it('a NUL in a value', async () => {
      expectError(await api('GET', '/api/v1/instruments?q=%00'), 400, 'control_character', 'q');
      expectError(await api('GET', '/api/v1/instruments?region=32%000000'), 400, 'control_character', 'region');
      expectError(await api('GET', '/api/v1/organisations?q=a%00'), 400, 'control_character', 'q');
    });
    it('another control character, or invalid UTF-8', async () => {
      expectError(await api('GET', '/api/v1/instruments?q=a%01b'), 400, 'control_character', 'q');
      expectError(await api('GET', '/api/v1/instruments?q=%FF'), 400, 'bad_encoding', 'q');
      expectError(await api('GET', '/api/v1/cities?region=%C0%AF'), 400, 'bad_encoding', 'region');
    });
    it('on any route, even one that reads no parameters', async () => {
      expectError(await api('GET', '/api/v1/regions?x=%00'), 400, 'control_character', 'x');
      expectError(await api('GET', '/api/v1/session?x=%00', { token: member }), 400);
    });
  });

  it('none of the refused requests changed anything (catalogue, organisations, record, audit trail)', async () => {
    const now = await state();
    assert.deepEqual(now, snapshot);
  });
});

describe('what is taken', () => {
  it('application/json with parameters, in any case', async () => {
    const r = await post(JSON.stringify(instrumentBody({ name_zh: '大小写类型' })), { headers: { 'Content-Type': 'Application/JSON; charset=utf-8' } });
    ok(r, 201);
  });
  it('text is trimmed; 200 Chinese characters fit name_zh (a limit in characters, not bytes)', async () => {
    const b = ok(await post(instrumentBody({ name_zh: '  ' + '长'.repeat(200) + '  ' })), 201);
    assert.equal(b.name_zh, '长'.repeat(200));
  });
  it('newlines and tabs in multi-line members are kept', async () => {
    const b = ok(await post(instrumentBody({ description: '第一行\n第二行', areas: '材料\t化学' })), 201);
    assert.equal(b.description, '第一行\n第二行');
    assert.equal(b.areas, '材料\t化学');
  });
  it('this year as purchase_year; an integral number written as 5.0', async () => {
    const b = ok(await post(instrumentBody({ purchase_year: new Date().getUTCFullYear() })), 201);
    assert.equal(b.purchase_year, new Date().getUTCFullYear());
    assert.equal(ok(await post('{"name_zh":"整数","category":"other","value_cny":5.0}'), 201).value_cny, 5);
  });
});

describe('CSRF for cookie sessions', () => {
  let web;
  before(async () => { web = await webLogin(s, 'orgadmin1', PASSWORD); });

  it('PATCH and DELETE with only the sr_sid cookie → 403, and nothing changes', async () => {
    const before = ok(await api('GET', `/api/v1/instruments/${target.id}`));
    expectError(await api('PATCH', `/api/v1/instruments/${target.id}`, { cookie: web.cookie, body: { value_cny: 1 } }), 403, 'csrf', '_csrf');
    expectError(await api('DELETE', `/api/v1/instruments/${target.id}`, { cookie: web.cookie }), 403, 'csrf');
    assert.deepEqual(ok(await api('GET', `/api/v1/instruments/${target.id}`)), before);
  });
  it('with the X-CSRF-Token header → 200', async () => {
    const b = ok(await api('PATCH', `/api/v1/instruments/${target.id}`, { cookie: web.cookie, headers: { 'X-CSRF-Token': web.csrf }, body: { value_cny: 2 } }));
    assert.equal(b.value_cny, 2);
  });
  it('the sr_csrf visitor cookie is no session: the double-submit token alone → 401', async () => {
    const g = await fetch(s.url + '/login');
    const cookie = g.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = cookie.split('=')[1];
    expectError(await api('POST', '/api/v1/instruments', { cookie, headers: { 'X-CSRF-Token': csrf }, body: instrumentBody() }), 401, 'login_required');
  });
});

// Unknown member names are echoed in `field`, cut to a bounded length.  An
// earlier version overflowed a stack buffer here (ASan), so these come last:
// if the server dies, the after() hook reports the sanitizer's words.
describe('unknown member names are cut safely', () => {
  it('an unknown member with a long ASCII name → 400 naming its first 40 characters', async () => {
    const key = 'k'.repeat(100);
    expectError(await post({ [key]: 1 }), 400, 'unknown_field', 'k'.repeat(40));
  });
  it('an unknown member with a long Chinese name → 400 naming it (a prefix of whole characters)', async () => {
    // src/domain/fields.c fields_apply(): the copy is cut at 47 bytes, which
    // splits a 3-byte character; utf8_valid() then fails and the name is
    // dropped, so field is null and the message says "unknown field ".
    const key = '未知字段'.repeat(10);
    const e = expectError(await post({ [key]: 1 }), 400, 'unknown_field');
    assert.ok(typeof e.field === 'string' && e.field.length >= 10 && key.startsWith(e.field), `field ${JSON.stringify(e.field)}`);
    assert.ok(e.message.includes(e.field), e.message);
  });
  it('a short Chinese name is named in full', async () => {
    expectError(await post({ 颜色: '红' }), 400, 'unknown_field', '颜色');
  });
});
