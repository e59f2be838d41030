// session.test.mjs — /api/v1/session: logging in (登录) and out, the cookie
// session of the web form with its CSRF token, and login throttling.
//
// Throttling counts failures per account and per client address; the tests
// that fail on purpose send from their own loopback addresses (127.0.0.x),
// and the throttling tests come last and lock only accounts ('office',
// 'coord') that no later test uses, so the rest of the file is never locked
// out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { client, expectError, ok, webLogin, sleep } from './helpers.mjs';

let s, api;
before(async () => { s = await startServer(); api = client(s); });
after(async () => { await s?.stop(); });

const login = (username, password, extra = {}) => api('POST', '/api/v1/session', { body: { username, password }, ...extra });

describe('POST /api/v1/session', () => {
  it('the right password → 201 with a token, a CSRF token and the account', async () => {
    const r = await login('orgadmin1', PASSWORD);
    const b = ok(r, 201);
    assert.match(b.token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(b.csrf, /^[0-9a-f]{32}$/);
    assert.equal(b.account.username, 'orgadmin1');
    assert.equal(b.account.role, 'org_admin');
    assert.equal(b.account.org_id, s.org1);
    assert.equal(b.account.region, null);
  });
  it('user names are case-insensitive', async () => {
    assert.equal(ok(await login('OrgAdmin1', PASSWORD), 201).account.username, 'orgadmin1');
  });
  it('two logins give two different tokens', async () => {
    const a = ok(await login('member1', PASSWORD), 201).token;
    const b = ok(await login('member1', PASSWORD), 201).token;
    assert.notEqual(a, b);
  });
  it('a wrong password → 401 bad_credentials', async () => {
    const e = expectError(await login('member1', 'not-the-password', { localAddress: '127.0.0.5' }), 401, 'bad_credentials', null);
    assert.equal(e.message, 'wrong user name or password');
  });
  it('an unknown user → 401 with the very same message', async () => {
    const known = expectError(await login('member1', 'not-the-password', { localAddress: '127.0.0.5' }), 401);
    const unknown = expectError(await login('nobody-here', 'not-the-password', { localAddress: '127.0.0.5' }), 401);
    assert.equal(unknown.code, known.code);
    assert.equal(unknown.message, known.message);
  });
  it('missing members → 400 naming them', async () => {
    expectError(await api('POST', '/api/v1/session', { body: { password: PASSWORD } }), 400, 'required', 'username');
    expectError(await api('POST', '/api/v1/session', { body: { username: 'admin' } }), 400, 'required', 'password');
  });
  it('a number for a user name → 400 wrong_type naming username', async () => {
    expectError(await api('POST', '/api/v1/session', { body: { username: 5, password: PASSWORD } }), 400, 'wrong_type', 'username');
  });
  it('an unknown member → 400 unknown_field naming it', async () => {
    expectError(await api('POST', '/api/v1/session', { body: { username: 'admin', password: PASSWORD, remember: 'yes' } }), 400, 'unknown_field', 'remember');
  });
  it('a JSON array → 400', async () => {
    expectError(await api('POST', '/api/v1/session', { body: '[]' }), 400, 'wrong_type', null);
  });
  it('a form post → 415', async () => {
    expectError(await api('POST', '/api/v1/session', { body: 'username=admin', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  });
});

describe('GET /api/v1/session', () => {
  it('with a token → 200, the account and kind "api"', async () => {
    const token = await s.login('coord');
    const b = ok(await api('GET', '/api/v1/session', { token }));
    assert.equal(b.kind, 'api');
    assert.equal(b.account.username, 'coord');
    assert.equal(b.account.role, 'coordinator');
    assert.equal(b.account.region, '340000');
    assert.equal(b.account.org_id, null);
  });
  it('without a token → 401 login_required with WWW-Authenticate: Bearer', async () => {
    const r = await api('GET', '/api/v1/session');
    expectError(r, 401, 'login_required', null);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
  });
  it('with a made-up token → 401', async () => {
    expectError(await api('GET', '/api/v1/session', { token: 'A'.repeat(43) }), 401, 'login_required');
    expectError(await api('GET', '/api/v1/session', { token: 'short' }), 401, 'login_required');
  });
  it('PUT → 405 with Allow listing POST, GET, DELETE', async () => {
    const r = await api('PUT', '/api/v1/session', { body: {} });
    expectError(r, 405, 'method_not_allowed');
    assert.deepEqual(r.headers.get('allow').split(', ').sort(), ['DELETE', 'GET', 'POST']);
  });
});

describe('DELETE /api/v1/session', () => {
  it('ends the session: 204, then the token answers 401 everywhere', async () => {
    const token = await s.login('orgadmin2');
    ok(await api('GET', '/api/v1/session', { token }));
    const r = await api('DELETE', '/api/v1/session', { token });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    expectError(await api('GET', '/api/v1/session', { token }), 401, 'login_required');
    expectError(await api('POST', '/api/v1/instruments', { token, body: { name_zh: '仪器', category: 'other', value_cny: 1 } }), 401, 'login_required');
    expectError(await api('DELETE', '/api/v1/session', { token }), 401);
  });
  it('other sessions of the same account live on', async () => {
    const a = await s.login('office');
    const b = await s.login('office');
    assert.equal((await api('DELETE', '/api/v1/session', { token: a })).status, 204);
    ok(await api('GET', '/api/v1/session', { token: b }));
  });
  it('without a session → 401', async () => {
    expectError(await api('DELETE', '/api/v1/session'), 401, 'login_required');
  });
});

describe('the web form session (cookie sr_sid) and CSRF', () => {
  let web;
  before(async () => { web = await webLogin(s, 'orgadmin1', PASSWORD); });

  it('GET /api/v1/session with the cookie → kind "web"', async () => {
    const b = ok(await api('GET', '/api/v1/session', { cookie: web.cookie }));
    assert.equal(b.kind, 'web');
    assert.equal(b.account.username, 'orgadmin1');
  });
  it('a state change with only the cookie → 403 csrf; nothing is created', async () => {
    const before = ok(await api('GET', `/api/v1/instruments?org=${s.org1}&status=all`)).total;
    const r = await api('POST', '/api/v1/instruments', { cookie: web.cookie, body: { name_zh: '无令牌仪器', category: 'other', value_cny: 1 } });
    expectError(r, 403, 'csrf');
    assert.equal(ok(await api('GET', `/api/v1/instruments?org=${s.org1}&status=all`)).total, before);
  });
  it('a wrong X-CSRF-Token → 403', async () => {
    const r = await api('POST', '/api/v1/instruments', { cookie: web.cookie, headers: { 'X-CSRF-Token': '0'.repeat(32) }, body: { name_zh: '错令牌仪器', category: 'other', value_cny: 1 } });
    expectError(r, 403, 'csrf');
  });
  it('the CSRF token of another session → 403', async () => {
    const other = await webLogin(s, 'orgadmin1', PASSWORD);
    assert.notEqual(other.csrf, web.csrf);
    const r = await api('POST', '/api/v1/instruments', { cookie: web.cookie, headers: { 'X-CSRF-Token': other.csrf }, body: { name_zh: '他人令牌仪器', category: 'other', value_cny: 1 } });
    expectError(r, 403, 'csrf');
  });
  it('the cookie with its X-CSRF-Token → 201', async () => {
    const r = await api('POST', '/api/v1/instruments', { cookie: web.cookie, headers: { 'X-CSRF-Token': web.csrf }, body: { name_zh: '浏览器登记的仪器', category: 'other', value_cny: 1 } });
    const b = ok(r, 201);
    assert.equal(b.org_id, s.org1);
  });
  it('a GET needs no CSRF token', async () => {
    ok(await api('GET', '/api/v1/session', { cookie: web.cookie }));
  });
  it('DELETE /api/v1/session with the cookie: 403 without the token, 204 with it, then the cookie is dead', async () => {
    const w = await webLogin(s, 'member1', PASSWORD);
    expectError(await api('DELETE', '/api/v1/session', { cookie: w.cookie }), 403, 'csrf');
    ok(await api('GET', '/api/v1/session', { cookie: w.cookie }));
    assert.equal((await api('DELETE', '/api/v1/session', { cookie: w.cookie, headers: { 'X-CSRF-Token': w.csrf } })).status, 204);
    expectError(await api('GET', '/api/v1/session', { cookie: w.cookie }), 401);
  });
  it('a bearer token needs no CSRF token (browsers do not send it on their own)', async () => {
    const token = await s.login('orgadmin1');
    ok(await api('POST', '/api/v1/instruments', { token, body: { name_zh: '令牌登记的仪器', category: 'other', value_cny: 1 } }), 201);
  });
});

describe('login throttling', () => {
  // Failures past the free ones lock the account, and the address, for a
  // time that doubles; the lock is kept in whole seconds.  Six failures give
  // a lock of at least one full second, so what follows at once is locked.
  async function failUntilLockedAtLeastASecond(username, localAddress) {
    let failures = 0;
    const deadline = Date.now() + 10000;
    while (failures < 6 && Date.now() < deadline) {
      const r = await login(username, 'wrong-password-1', { localAddress });
      if (r.status === 401) failures++;
      else if (r.status === 429) await sleep(250);   // an earlier, short lock
      else assert.fail(`a failed login answered ${r.status}: ${r.text}`);
    }
    assert.equal(failures, 6, 'six failures were counted');
  }

  it('6 failures for one account → 429 with Retry-After; the right password is refused while locked', async () => {
    await failUntilLockedAtLeastASecond('office', '127.0.0.2');
    const r = await login('office', 'wrong-password-2', { localAddress: '127.0.0.2' });
    const e = expectError(r, 429, 'too_many_attempts', null);
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 900, `Retry-After ${r.headers.get('retry-after')}`);
    assert.match(e.message, /too many/);
    // the right password, at once, from the same and from another address
    const right = await login('office', PASSWORD, { localAddress: '127.0.0.2' });
    expectError(right, 429, 'too_many_attempts');
    assert.ok(Number(right.headers.get('retry-after')) >= 1);
    expectError(await login('office', PASSWORD, { localAddress: '127.0.0.3' }), 429, 'too_many_attempts');
    // the address is locked for other accounts too; others elsewhere are not
    expectError(await login('admin', PASSWORD, { localAddress: '127.0.0.2' }), 429, 'too_many_attempts');
    ok(await login('admin', PASSWORD, { localAddress: '127.0.0.4' }), 201);
  });

  it('the lock ends: after Retry-After the right password works and clears the count', async () => {
    let r;
    const deadline = Date.now() + 8000;
    do {
      r = await login('office', PASSWORD, { localAddress: '127.0.0.3' });
      if (r.status === 429) await sleep(Number(r.headers.get('retry-after')) * 1000);
    } while (r.status === 429 && Date.now() < deadline);
    ok(r, 201);
    // the account's count was cleared: one more failure is not locked out
    expectError(await login('office', 'wrong-password-3', { localAddress: '127.0.0.6' }), 401, 'bad_credentials');
  });

  it('a few typos followed by the right password never lock', async () => {
    for (let i = 0; i < 3; i++)
      expectError(await login('coord', 'wrong-password-4', { localAddress: '127.0.0.7' }), 401, 'bad_credentials');
    ok(await login('coord', PASSWORD, { localAddress: '127.0.0.7' }), 201);
  });
});
