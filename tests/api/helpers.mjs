// helpers.mjs — what the API test files share (not a test file itself).
//
//   const s = await startServer();
//   const api = client(s);                 // every answer is checked against
//                                          // docs/api/openapi.yaml
//   const r = await api('POST', '/api/v1/instruments', { token, body });
//   expectError(r, 400, 'wrong_type', 'value_cny');
//
// client() sends JSON (an object body), text (a string body) or raw bytes (a
// Buffer body); `cookie` sets the Cookie header; `localAddress` sends from
// another loopback address (127.0.0.2 ...) so that login throttling of one
// test cannot lock out the others; `expectContinue` sends the body only
// after the server's "100 Continue" (as curl does for large bodies);
// `chunked` sends it in 64 KiB chunks without a Content-Length.  Each /api/ and /healthz answer must be
// documented: a status listed for the operation, required headers present,
// and a body of the documented shape — or the call throws.
import assert from 'node:assert/strict';
import http from 'node:http';
import * as oa from '../lib/openapi-check.mjs';

export const spec = oa.loadSpec();

/** Returns api(method, path, options) -> {status, headers, text, json}. */
export function client(s) {
  return async function api(method, path, opts = {}) {
    const { token, body, cookie, localAddress, expectContinue, chunked, check = true } = opts;
    const headers = { ...(opts.headers || {}) };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (cookie) headers.Cookie = cookie;
    let payload;
    if (body !== undefined) {
      payload = Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    const r = localAddress || expectContinue || chunked
      ? await viaHttp(s.url, method, path, headers, payload, { localAddress, expectContinue, chunked })
      : await viaFetch(s.url, method, path, headers, payload);
    try { r.json = r.text ? JSON.parse(r.text) : null; } catch { r.json = null; }
    if (check && (path.startsWith('/api/') || path.split('?')[0] === '/healthz')) {
      const problems = oa.checkResponse(spec, { method, path, status: r.status, headers: r.headers, text: r.text });
      assert.deepEqual(problems, [], `the answer to ${method} ${path} is not as docs/api/openapi.yaml says:\n  ${problems.join('\n  ')}`);
    }
    return r;
  };
}

async function viaFetch(base, method, path, headers, body) {
  const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

function viaHttp(base, method, path, headers, body, { localAddress, expectContinue, chunked } = {}) {
  const u = new URL(base);
  const data = body === undefined ? undefined : Buffer.from(body);
  const h = { ...headers };
  if (data && chunked) h['Transfer-Encoding'] = 'chunked';
  else if (data) h['Content-Length'] = data.length;
  if (data && expectContinue) h.Expect = '100-continue';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method, headers: h, localAddress }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const hs = new Headers();
        for (const [k, v] of Object.entries(res.headers)) hs.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode, headers: hs, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    const send = () => {
      if (data && chunked) for (let i = 0; i < data.length; i += 65536) req.write(data.subarray(i, i + 65536));
      else if (data) req.write(data);
      req.end();
    };
    if (data && expectContinue) req.on('continue', send);
    else send();
  });
}

/** Asserts the error answer: status, {"error":{code,message,field}}, and
 *  (when given) the code and the field (null for none). */
export function expectError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && typeof r.json.error === 'object', `not an error body: ${r.text}`);
  const e = r.json.error;
  assert.deepEqual(Object.keys(e).sort(), ['code', 'field', 'message']);
  assert.equal(typeof e.code, 'string');
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'an empty message');
  assert.ok(e.field === null || typeof e.field === 'string');
  if (code !== undefined) assert.equal(e.code, code, `code: ${r.text}`);
  if (field !== undefined) assert.equal(e.field, field, `field: ${r.text}`);
  return e;
}

/** Asserts a 2xx and returns the JSON body. */
export function ok(r, status = 200) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  return r.json;
}

/** Logs in through the web form, as a browser does: GET /login for the
 *  sr_csrf cookie and the _csrf field, POST /login, then read the session's
 *  own CSRF token from a page.  Returns {cookie: 'sr_sid=...', csrf}. */
export async function webLogin(s, username, password) {
  const hidden = (html) => /name="_csrf" value="([0-9a-f]+)"/.exec(html)?.[1];
  const g = await fetch(s.url + '/login');
  const visitorCookie = g.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const formCsrf = hidden(await g.text());
  assert.match(visitorCookie, /^sr_csrf=[0-9a-f]{32}$/);
  assert.ok(formCsrf, 'the login form has a _csrf field');
  const p = await fetch(s.url + '/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: visitorCookie },
    body: new URLSearchParams({ username, password, _csrf: formCsrf, next: '/' }),
  });
  assert.equal(p.status, 303, `web login of ${username}: ${p.status}`);
  const sid = p.headers.getSetCookie().find((c) => c.startsWith('sr_sid='));
  assert.ok(sid, 'the login sets sr_sid');
  const cookie = sid.split(';')[0];
  const home = await fetch(s.url + '/', { headers: { Cookie: cookie } });
  const csrf = hidden(await home.text());
  assert.ok(csrf, 'a logged-in page carries the session CSRF token');
  return { cookie, csrf };
}

/** A minimal valid instrument body, with overrides. */
export function instrumentBody(over = {}) {
  return { name_zh: '测试仪器', category: 'analytical', value_cny: 100000, ...over };
}

/** Compares by code point (SQLite's order for UTF-8 text). */
export function codePointCompare(a, b) {
  const x = [...a].map((c) => c.codePointAt(0)), y = [...b].map((c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
