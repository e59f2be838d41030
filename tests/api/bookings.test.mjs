// bookings.test.mjs — booking shared instruments through the API: the
// owner's availability (rules, hours, blackouts, trained users), requests
// (single, recurring, several instruments at once), the state machine,
// fees by class, the waitlist, the inbox, calendars and feeds, the
// open-sharing figures and the monthly statement.  Every answer is checked
// against docs/api/openapi.yaml by the client; every refusal is checked to
// change nothing.
//
// Times: the server's real clock.  Bookings are put on days ahead in China
// Standard Time (UTC+8), the community's clock.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, PASSWORD } from '../lib/server.mjs';
import * as oa from '../lib/openapi-check.mjs';
import { client, expectError, ok, instrumentBody, sleep } from './helpers.mjs';

const CST = 8 * 3600, DAY = 86400, HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);
/** 00:00 CST of the day d days from today. */
const dayStart = (d) => Math.floor((now() + CST) / DAY) * DAY - CST + d * DAY;
const weekday = (t) => ((Math.floor((t + CST) / DAY) + 3) % 7) + 1;
/** 00:00 CST of the first Monday at least `from` days ahead. */
function monday(from = 2) { let t = dayStart(from); while (weekday(t) !== 1) t += DAY; return t; }
const iso = (t) => new Date((t + CST) * 1000).toISOString().slice(0, 19) + '+08:00';
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, open: '00:00', close: '24:00' }));
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '09:00', close: '17:00' }));

let s, api, tok = {}, org3, I = {};

async function instrument(token, body, availability) {
  const inst = ok(await api('POST', '/api/v1/instruments', { token, body: instrumentBody({ fee_internal: 100, fee_external: 200, ...body }) }), 201);
  if (availability) ok(await api('PATCH', `/api/v1/instruments/${inst.id}/availability`, { token: tok.admin, body: availability }));
  return inst.id;
}

const book = (who, body) => api('POST', '/api/v1/bookings', { token: tok[who], body: { purpose: '形貌表征', ...body } });
const one = (inst, start, end, extra = {}) => ({ instrument_id: inst, start, end, ...extra });
const get = (who, id) => api('GET', `/api/v1/bookings/${id}`, { token: tok[who] });
const act = (who, id, action, body) => api('POST', `/api/v1/bookings/${id}/${action}`, { token: tok[who], body });

before(async () => {
  s = await startServer();
  api = client(s);
  org3 = ok(await api('POST', '/api/v1/organisations', { token: await s.login('admin'), body: { kind: 'enterprise', name_zh: '芜湖测试公司', city: '340200' } }), 201).id;
  for (const [name, org] of [['member2', s.org2], ['member3', org3], ['member1b', s.org1]])
    assert.equal(s.cli(['user', 'add', '--db', s.db, '--name', name, '--role', 'member', '--org', String(org), '--password-stdin'], PASSWORD + '\n').status, 0);
  for (const u of ['admin', 'orgadmin1', 'orgadmin2', 'member1', 'member1b', 'member2', 'member3', 'coord', 'office'])
    tok[u] = await s.login(u);
  tok.oa1 = tok.orgadmin1;
  tok.oa2 = tok.orgadmin2;
  I.open = await instrument(tok.oa1, { name_zh: '场发射扫描电镜' }, { approval: 'none', buffer_minutes: 30, fee_cross_region: 300, hours: ALL_WEEK });
  I.week = await instrument(tok.oa1, { name_zh: '透射电镜' }, { approval: 'required', min_minutes: 60, max_minutes: 240, horizon_days: 30, hours: WEEKDAYS });
  I.b = await instrument(tok.oa1, { name_zh: '离子减薄仪' }, { approval: 'none', hours: ALL_WEEK });
  I.c = await instrument(tok.oa2, { name_zh: 'X射线衍射仪' }, { hours: ALL_WEEK });
  I.retired = await instrument(tok.oa1, { name_zh: '旧仪器', status: 'retired' }, { hours: ALL_WEEK });
  I.internal = await instrument(tok.oa1, { name_zh: '内部仪器', sharing: 'internal' }, { approval: 'none', hours: ALL_WEEK });
  I.quick = await instrument(tok.oa1, { name_zh: '快速仪器' }, { approval: 'none', min_minutes: 1, hours: ALL_WEEK });
});
after(async () => { await s?.stop(); });

/** What a refused request must not change. */
async function state() {
  const [mine, managed, audit] = await Promise.all([
    api('GET', '/api/v1/bookings?per_page=100', { token: tok.member1 }),
    api('GET', '/api/v1/bookings?scope=managed&per_page=100', { token: tok.admin }),
    api('GET', '/api/v1/audit?per_page=1', { token: tok.admin }),
  ]);
  return { mine: ok(mine), managed: ok(managed).total, audit: ok(audit).total };
}

describe('the documents agree with the sources', () => {
  it('AvailabilityInput equals rules_fields (plus hours); BookingInput has booking_fields', () => {
    const spec = oa.loadSpec();
    const rules = oa.parseFieldSpec(readFileSync(new URL('../../src/domain/availability.c', import.meta.url), 'utf8'), 'rules_fields');
    const av = spec.components.schemas.AvailabilityInput;
    assert.deepEqual(Object.keys(av.properties).sort(), [...rules.map((f) => f.name), 'hours'].sort());
    for (const f of rules) {
      const p = oa.resolveRef(spec, av.properties[f.name]);
      assert.equal(p.type, { FT_INT: 'integer', FT_NUM: 'number', FT_ENUM: 'string' }[f.type], f.name);
      if (f.type !== 'FT_ENUM') assert.deepEqual([p.minimum, p.maximum], [f.min, f.max], f.name);
    }
    const bf = oa.parseFieldSpec(readFileSync(new URL('../../src/domain/booking.c', import.meta.url), 'utf8'), 'booking_fields');
    const bi = spec.components.schemas.BookingInput;
    for (const f of bf) assert.equal(bi.properties[f.name].maxLength, f.max, f.name);
    assert.deepEqual(bi.required, ['start', 'end', 'purpose']);
  });
});

describe('availability', () => {
  it('anyone reads rules, hours and upcoming blackouts', async () => {
    const a = ok(await api('GET', `/api/v1/instruments/${I.week}/availability`));
    assert.equal(a.approval, 'required');
    assert.equal(a.min_minutes, 60);
    assert.equal(a.customised, true);
    assert.deepEqual(a.hours[0], { weekday: 1, open: '09:00', close: '17:00' });
    expectError(await api('GET', '/api/v1/instruments/999999/availability'), 404, 'not_found');
  });
  it('only the owner\'s administrators change them', async () => {
    const body = { buffer_minutes: 10 };
    expectError(await api('PATCH', `/api/v1/instruments/${I.b}/availability`, { body }), 401);
    expectError(await api('PATCH', `/api/v1/instruments/${I.b}/availability`, { token: tok.member1, body }), 403, 'forbidden');
    expectError(await api('PATCH', `/api/v1/instruments/${I.b}/availability`, { token: tok.oa2, body }), 403, 'forbidden');
    const a = ok(await api('PATCH', `/api/v1/instruments/${I.b}/availability`, { token: tok.oa1, body }));
    assert.equal(a.buffer_minutes, 10);
    ok(await api('PATCH', `/api/v1/instruments/${I.b}/availability`, { token: tok.oa1, body: { buffer_minutes: null } }));
  });
  it('bad rules and hours → 400 naming the member; nothing changes', async () => {
    const before = ok(await api('GET', `/api/v1/instruments/${I.week}/availability`));
    for (const [body, field] of [
      [{ min_minutes: 0 }, 'min_minutes'], [{ min_minutes: 300, max_minutes: 100 }, 'max_minutes'],
      [{ approval: 'maybe' }, 'approval'], [{ horizon_days: 'soon' }, 'horizon_days'], [{ colour: 1 }, 'colour'],
      [{ hours: [{ weekday: 0, open: '09:00', close: '10:00' }] }, 'hours[0].weekday'],
      [{ hours: [{ weekday: 1, open: '25:00', close: '26:00' }] }, 'hours[0].open'],
      [{ hours: [{ weekday: 1, open: '10:00', close: '09:00' }] }, 'hours[0].close'],
      [{ hours: [{ weekday: 1, open: '09:00', close: '12:00' }, { weekday: 1, open: '11:00', close: '13:00' }] }, 'hours'],
      [{ hours: 'weekdays' }, 'hours'],
    ]) expectError(await api('PATCH', `/api/v1/instruments/${I.week}/availability`, { token: tok.oa1, body }), 400, undefined, field);
    assert.deepEqual(ok(await api('GET', `/api/v1/instruments/${I.week}/availability`)), before);
  });
  it('blackouts: added, shown, refused over booked time, removed', async () => {
    const t = monday(9) + 7 * DAY;
    const b = ok(await api('POST', `/api/v1/instruments/${I.week}/blackouts`, { token: tok.oa1, body: { start: t + 13 * HOUR, end: t + 15 * HOUR, kind: 'maintenance', reason: '更换灯丝' } }), 201);
    assert.equal(b.start_iso.endsWith('+08:00'), true);
    const a = ok(await api('GET', `/api/v1/instruments/${I.week}/availability`));
    assert.ok(a.blackouts.some((x) => x.id === b.id && x.reason === '更换灯丝'));
    expectError(await api('POST', `/api/v1/instruments/${I.week}/blackouts`, { token: tok.member1, body: { start: t, end: t + HOUR } }), 403);
    expectError(await api('POST', `/api/v1/instruments/${I.week}/blackouts`, { token: tok.oa1, body: { start: t + HOUR, end: t } }), 400, 'before_start', 'end');
    expectError(await api('POST', `/api/v1/instruments/${I.week}/blackouts`, { token: tok.oa1, body: { start: t, end: t + HOUR, kind: 'party' } }), 400, 'not_allowed', 'kind');
    // over a booking: refused
    const held = ok(await book('member1', one(I.b, t + 10 * HOUR, t + 11 * HOUR)), 201);
    expectError(await api('POST', `/api/v1/instruments/${I.b}/blackouts`, { token: tok.oa1, body: { start: t + 9 * HOUR, end: t + 12 * HOUR } }), 409, 'booked', 'start');
    ok(await act('member1', held.bookings[0].id, 'cancel', {}));
    // removal
    expectError(await api('DELETE', `/api/v1/blackouts/${b.id}`, { token: tok.oa2 }), 403);
    const r = await api('DELETE', `/api/v1/blackouts/${b.id}`, { token: tok.oa1 });
    assert.equal(r.status, 204);
    expectError(await api('DELETE', `/api/v1/blackouts/${b.id}`, { token: tok.oa1 }), 404);
  });
  it('trained users are the owner\'s to mark and to see', async () => {
    expectError(await api('GET', `/api/v1/instruments/${I.week}/trained`, { token: tok.member1 }), 403);
    expectError(await api('POST', `/api/v1/instruments/${I.week}/trained`, { token: tok.oa1, body: { username: 'nobody-here' } }), 400, 'not_found', 'username');
    const l = ok(await api('POST', `/api/v1/instruments/${I.week}/trained`, { token: tok.oa1, body: { username: 'member1b', trained: true } }));
    assert.deepEqual(l.items.map((x) => x.username), ['member1b']);
    assert.equal(ok(await api('GET', `/api/v1/instruments/${I.week}/trained`, { token: tok.admin })).total, 1);
  });
});

describe('requests', () => {
  it('a single request → 201 with its series; ISO 8601 in and out; fee class by organisation', async () => {
    const t = dayStart(3);
    const r = await book('member1', { instrument_id: I.open, start: iso(t + 9 * HOUR), end: iso(t + 10 * HOUR), sample: '薄膜样品', project: '长三角联合攻关 2026-01' });
    const sr = ok(r, 201);
    assert.equal(r.headers.get('location'), `/api/v1/booking-series/${sr.id}`);
    assert.deepEqual(sr.instruments, [I.open]);
    const b = sr.bookings[0];
    assert.equal(b.start, t + 9 * HOUR);
    assert.equal(b.start_iso, iso(t + 9 * HOUR));
    assert.equal(b.hold_end, t + 10 * HOUR + 30 * 60, 'the buffer is held');
    assert.equal(b.state, 'approved');
    assert.equal(b.fee_class, 'internal');
    assert.equal(b.rate, 100);
    assert.equal(b.project, '长三角联合攻关 2026-01');
    for (const [who, cls, rate, h] of [['member3', 'external', 200, 11], ['member2', 'cross_region', 300, 13]]) {
      const x = ok(await book(who, one(I.open, t + h * HOUR, t + (h + 1) * HOUR)), 201).bookings[0];
      assert.deepEqual([x.fee_class, x.rate, x.user_org_id], [cls, rate, who === 'member3' ? org3 : s.org2]);
    }
    assert.deepEqual(ok(await api('GET', `/api/v1/booking-series/${sr.id}`, { token: tok.member1 })), sr);
  });

  it('bad requests get a clear error naming the member and change nothing', async () => {
    const mon = monday(3), tue = mon + DAY, sat = mon + 5 * DAY;
    const hold = ok(await book('member3', one(I.week, tue + 9 * HOUR, tue + 11 * HOUR)), 201).bookings[0];
    const bl = ok(await api('POST', `/api/v1/instruments/${I.week}/blackouts`, { token: tok.oa1, body: { start: tue + 14 * HOUR, end: tue + 16 * HOUR } }), 201);
    const snapshot = await state();
    const cases = [
      ['in the past', one(I.week, now() - 2 * HOUR, now() - HOUR), 400, 'in_past', 'start'],
      ['end before start', one(I.week, tue + 12 * HOUR, tue + 11 * HOUR), 400, 'before_start', 'end'],
      ['outside opening hours', one(I.week, tue + 16 * HOUR, tue + 18 * HOUR), 400, 'outside_hours', 'start'],
      ['on a Saturday', one(I.week, sat + 10 * HOUR, sat + 11 * HOUR), 400, 'outside_hours', 'start'],
      ['inside a blackout', one(I.week, tue + 13 * HOUR, tue + 15 * HOUR), 400, 'blackout', 'start'],
      ['too short', one(I.week, tue + 12 * HOUR, tue + 12 * HOUR + 1800), 400, 'too_short', 'end'],
      ['too long', one(I.week, mon + 9 * HOUR, mon + 14 * HOUR), 400, 'too_long', 'end'],
      ['beyond the horizon', one(I.week, mon + 35 * DAY + 9 * HOUR, mon + 35 * DAY + 10 * HOUR), 400, 'beyond_horizon', 'start'],
      ['overlapping', one(I.week, tue + 10 * HOUR, tue + 12 * HOUR), 409, 'overlap', 'start'],
      ['a retired instrument', one(I.retired, tue + 10 * HOUR, tue + 11 * HOUR), 409, 'retired', 'instrument_id'],
      ['an instrument for its owner only', one(I.internal, tue + 10 * HOUR, tue + 11 * HOUR), 403, 'internal_only', 'instrument_id'],
      ['an instrument that does not exist', one(999999, tue + 10 * HOUR, tue + 11 * HOUR), 400, 'not_found', 'instrument_id'],
      ['a start that is not a time', one(I.week, 'next tuesday', tue + 11 * HOUR), 400, 'bad_time', 'start'],
      ['no purpose', { instrument_id: I.week, start: tue + 12 * HOUR, end: tue + 13 * HOUR, purpose: '' }, 400, 'required', 'purpose'],
      ['an unknown member', one(I.week, tue + 12 * HOUR, tue + 13 * HOUR, { colour: 'red' }), 400, 'unknown_field', 'colour'],
      ['both instrument_id and instruments', one(I.week, tue + 12 * HOUR, tue + 13 * HOUR, { instruments: [I.b] }), 400, 'not_allowed', 'instruments'],
      ['a repeat without a count', one(I.week, tue + 12 * HOUR, tue + 13 * HOUR, { repeat: { frequency: 'weekly' } }), 400, 'out_of_range', 'repeat.count'],
      ['a waitlist for several', { instruments: [I.week, I.b], start: tue + 12 * HOUR, end: tue + 13 * HOUR, waitlist: true }, 400, 'not_allowed', 'waitlist'],
    ];
    for (const [what, body, status, code, field] of cases) {
      const r = await book(what === 'an instrument for its owner only' ? 'member3' : 'member1', body);
      expectError(r, status, code, field);
      assert.ok(r.json.error.message.length > 10, what);
    }
    expectError(await api('POST', '/api/v1/bookings', { body: one(I.week, tue + 12 * HOUR, tue + 13 * HOUR, { purpose: 'x' }) }), 401);
    expectError(await book('coord', one(I.week, tue + 12 * HOUR, tue + 13 * HOUR)), 403, 'needs_organisation');
    // acting on someone else's booking
    expectError(await get('member1', hold.id), 403, 'forbidden');
    expectError(await act('member1', hold.id, 'cancel', {}), 403, 'forbidden');
    expectError(await act('member1', hold.id, 'approve'), 403, 'forbidden');
    expectError(await act('oa2', hold.id, 'approve'), 403, 'forbidden');
    expectError(await act('member3', hold.id, 'check-in'), 403, 'forbidden');
    expectError(await api('PATCH', `/api/v1/bookings/${hold.id}`, { token: tok.member1, body: { start: tue + 12 * HOUR, end: tue + 13 * HOUR } }), 403);
    // approving twice; checking in before the start
    ok(await act('oa1', hold.id, 'approve'));
    const twice = expectError(await act('oa1', hold.id, 'approve'), 409, 'wrong_state', null);
    assert.match(twice.message, /approved/);
    expectError(await act('oa1', hold.id, 'check-in'), 409, 'not_started');
    expectError(await act('oa1', 999999, 'approve'), 404, 'not_found');
    expectError(await act('oa1', hold.id, 'reject', {}), 400, 'required', 'reason');
    const after = await state();
    assert.deepEqual({ ...after, audit: after.audit - 1 }, snapshot, 'only the approval was written');
    assert.equal((await api('DELETE', `/api/v1/blackouts/${bl.id}`, { token: tok.oa1 })).status, 204);
  });

  it('approval: required, once trained, below a cost limit; the owners are told', async () => {
    const t = monday(3) + 2 * DAY;
    const x = ok(await book('member1', one(I.week, t + 9 * HOUR, t + 10 * HOUR)), 201).bookings[0];
    assert.equal(x.state, 'requested');
    const inbox = ok(await api('GET', '/api/v1/me/notifications?unread=1', { token: tok.oa1 }));
    assert.ok(inbox.items.some((n) => n.kind === 'request_received' && n.booking_id === x.id));
    assert.ok(inbox.unread >= 1);
    // member1b is trained on it, and the rule lets the trained in at once
    ok(await api('PATCH', `/api/v1/instruments/${I.week}/availability`, { token: tok.oa1, body: { approval: 'untrained' } }));
    assert.equal(ok(await book('member1b', one(I.week, t + 11 * HOUR, t + 12 * HOUR)), 201).bookings[0].state, 'approved');
    assert.equal(ok(await book('member1', one(I.week, t + 13 * HOUR, t + 14 * HOUR)), 201).bookings[0].state, 'requested');
    ok(await api('PATCH', `/api/v1/instruments/${I.week}/availability`, { token: tok.oa1, body: { approve_below: 150 } }));
    assert.equal(ok(await book('member1', one(I.week, t + 15 * HOUR, t + 16 * HOUR)), 201).bookings[0].state, 'approved');
    ok(await api('PATCH', `/api/v1/instruments/${I.week}/availability`, { token: tok.oa1, body: { approval: 'required', approve_below: null } }));
  });
});

describe('series and groups', () => {
  it('a weekly series: all or none; one instance moved or cancelled alone', async () => {
    const t = dayStart(2) + 20 * HOUR;
    const blocker = ok(await book('member3', one(I.b, t + 14 * DAY, t + 14 * DAY + HOUR)), 201).bookings[0];
    const body = one(I.b, t, t + HOUR, { repeat: { frequency: 'weekly', count: 4 } });
    const e = expectError(await book('member1', body), 409, 'overlap', 'start');
    assert.match(e.message, /occurrence 3 of 4/);
    ok(await act('member3', blocker.id, 'cancel', {}));
    const sr = ok(await book('member1', body), 201);
    assert.equal(sr.occurrences, 4);
    assert.deepEqual(sr.bookings.map((b) => b.start), [0, 1, 2, 3].map((k) => t + k * 7 * DAY));
    // move the second a day later
    const second = sr.bookings[1];
    const moved = ok(await api('PATCH', `/api/v1/bookings/${second.id}`, { token: tok.member1, body: { start: second.start + DAY, end: second.end + DAY } }));
    assert.equal(moved.start, second.start + DAY);
    // onto the third's own time: that is taken
    expectError(await api('PATCH', `/api/v1/bookings/${second.id}`, { token: tok.member1, body: { start: sr.bookings[2].start, end: sr.bookings[2].end } }), 409, 'overlap');
    expectError(await api('PATCH', `/api/v1/bookings/${second.id}`, { token: tok.member1, body: { start: 1, end: 2, at: 3 } }), 400, 'unknown_field');
    // cancel the third alone, then the rest
    assert.equal(ok(await act('member1', sr.bookings[2].id, 'cancel', { reason: '出差' })).state, 'cancelled');
    assert.equal(ok(await get('member1', sr.bookings[0].id)).state, 'approved');
    ok(await act('member1', sr.bookings[0].id, 'cancel', { scope: 'series' }));
    const after = ok(await api('GET', `/api/v1/booking-series/${sr.id}`, { token: tok.member1 }));
    assert.deepEqual(after.bookings.map((b) => b.state), ['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expectError(await act('member1', sr.bookings[0].id, 'cancel', { scope: 'everything' }), 400, 'not_allowed', 'scope');
  });

  it('several instruments at once: all or none; a rejection releases the whole slot', async () => {
    const t = dayStart(4) + 2 * HOUR;
    const blocker = ok(await book('member3', one(I.c, t, t + HOUR)), 201).bookings[0];
    const body = { instruments: [I.open, I.b, I.c], start: t, end: t + HOUR };
    const before = ok(await api('GET', '/api/v1/bookings?per_page=1', { token: tok.member1 })).total;
    expectError(await book('member1', body), 409, 'overlap');
    assert.equal(ok(await api('GET', '/api/v1/bookings?per_page=1', { token: tok.member1 })).total, before);
    ok(await act('member3', blocker.id, 'cancel', {}));
    const sr = ok(await book('member1', body), 201);
    assert.deepEqual(sr.instruments.sort(), [I.open, I.b, I.c].sort());
    assert.deepEqual(sr.bookings.map((b) => b.state).sort(), ['approved', 'approved', 'requested']);
    const theirs = sr.bookings.find((b) => b.instrument_id === I.c);
    expectError(await act('oa1', theirs.id, 'reject', { reason: 'x' }), 403);
    const rej = ok(await act('oa2', theirs.id, 'reject', { reason: '设备检修' }));
    assert.equal(rej.state, 'rejected');
    const after = ok(await api('GET', `/api/v1/booking-series/${sr.id}`, { token: tok.member1 }));
    assert.deepEqual(after.bookings.map((b) => b.state), ['rejected', 'rejected', 'rejected']);
    const inbox = ok(await api('GET', '/api/v1/me/notifications', { token: tok.member1 }));
    assert.ok(inbox.items.some((n) => n.kind === 'rejected' && n.booking_id === theirs.id && /设备检修/.test(n.text_zh)));
  });
});

describe('use, fees and figures', () => {
  let done;
  it('approved → checked in → checked out: the fee follows the checked-in time; rated once', async () => {
    const start = now() + 2;
    const b = ok(await book('member2', one(I.quick, start, start + 120)), 201).bookings[0];
    expectError(await act('oa1', b.id, 'check-in'), 409, 'not_started');
    await sleep((start - now() + 1) * 1000);
    const inb = ok(await act('oa1', b.id, 'check-in'));
    assert.equal(inb.state, 'checked_in');
    expectError(await act('member2', b.id, 'cancel', {}), 409, 'wrong_state');
    await sleep(1100);
    done = ok(await act('oa1', b.id, 'check-out'));
    assert.equal(done.state, 'completed');
    assert.ok(done.checked_out_at > done.checked_in_at);
    assert.equal(done.fee, Math.round(200 * (done.checked_out_at - done.checked_in_at) / 3600 * 100) / 100);
    expectError(await act('member2', b.id, 'rating', { rating: 9 }), 400, 'out_of_range', 'rating');
    expectError(await act('member1', b.id, 'rating', { rating: 4 }), 403);
    assert.equal(ok(await act('member2', b.id, 'rating', { rating: 4, comment: '很好' })).rating, 4);
    expectError(await act('member2', b.id, 'rating', { rating: 5 }), 409, 'already_rated');
  });
  it('the figures count it: instrument, organisation, city, region, community', async () => {
    const year = new Date((now() + CST) * 1000).getUTCFullYear();
    const f = ok(await api('GET', `/api/v1/instruments/${I.quick}/sharing`));
    assert.equal(f.year, year);
    assert.equal(f.completed_bookings, 1);
    assert.equal(f.cross_region_hours, f.external_hours);
    assert.equal(f.users_served, 1);
    assert.equal(f.ratings, 1);
    assert.equal(f.rating_avg, 4);
    assert.equal(f.under, true);
    assert.equal(f.quota_class, 'general');
    const o = ok(await api('GET', `/api/v1/organisations/${s.org1}/sharing?year=${year}`));
    assert.equal(o.completed_bookings, 1);
    assert.ok(o.instruments >= 5);
    assert.equal(ok(await api('GET', '/api/v1/cities/340100/sharing')).completed_bookings, 1);
    assert.equal(ok(await api('GET', '/api/v1/regions/340000/sharing')).orgs_served, 1);
    assert.equal(ok(await api('GET', '/api/v1/regions/320000/sharing')).completed_bookings, 0);
    assert.equal(ok(await api('GET', '/api/v1/sharing')).completed_bookings, 1);
    assert.equal(ok(await api('GET', `/api/v1/organisations/${s.org1}/sharing?year=${year - 1}`)).completed_bookings, 0);
    expectError(await api('GET', '/api/v1/sharing?year=1800'), 400, 'invalid', 'year');
    expectError(await api('GET', '/api/v1/regions/999999/sharing'), 404);
    expectError(await api('GET', '/api/v1/cities/999999/sharing'), 404);
  });
  it('the report of instruments by use is for coordinators, the office and administrators', async () => {
    expectError(await api('GET', '/api/v1/sharing/instruments'), 401);
    expectError(await api('GET', '/api/v1/sharing/instruments', { token: tok.member1 }), 403);
    const c = ok(await api('GET', '/api/v1/sharing/instruments?under_quota=1&order=asc', { token: tok.coord }));
    assert.ok(c.items.every((x) => x.region === '340000' && x.under));
    expectError(await api('GET', '/api/v1/sharing/instruments?region=320000', { token: tok.coord }), 403, 'forbidden', 'region');
    const all = ok(await api('GET', '/api/v1/sharing/instruments?per_page=100', { token: tok.office }));
    assert.ok(all.items.some((x) => x.region === '320000'));
    const mine = ok(await api('GET', '/api/v1/sharing/instruments?per_page=100', { token: tok.oa2 }));
    assert.ok(mine.items.every((x) => x.org_id === s.org2));
    expectError(await api('GET', '/api/v1/sharing/instruments?order=sideways', { token: tok.office }), 400, 'not_allowed', 'order');
  });
  it('the monthly statement as JSON, CSV and XLSX, for those allowed', async () => {
    const month = new Date((done.checked_out_at + CST) * 1000).toISOString().slice(0, 7);
    const j = ok(await api('GET', `/api/v1/organisations/${s.org1}/statement?month=${month}`, { token: tok.oa1 }));
    const line = j.lines.find((l) => l.booking_id === done.id);
    assert.equal(line.fee, done.fee);
    assert.equal(line.fee_class, 'cross_region');
    assert.equal(j.by_class.cross_region.fee, j.fee);
    const csv = await fetch(`${s.url}/api/v1/organisations/${s.org1}/statement?month=${month}&format=csv`, { headers: { Authorization: `Bearer ${tok.coord}` } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="statement-\d+-\d{4}-\d{2}\.csv"/);
    const raw = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...raw.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'a byte-order mark for Excel');
    assert.match(raw.toString('utf8'), new RegExp(`预约编号.*\\r\\n${done.id},${I.quick},快速仪器,member2,测试研究院,cross_region,`, 's'));
    const x = await fetch(`${s.url}/api/v1/organisations/${s.org1}/statement?month=${month}&format=xlsx`, { headers: { Authorization: `Bearer ${tok.office}` } });
    assert.equal(x.status, 200);
    const bytes = Buffer.from(await x.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    expectError(await api('GET', `/api/v1/organisations/${s.org1}/statement`, { token: tok.member1 }), 403);
    expectError(await api('GET', `/api/v1/organisations/${s.org1}/statement`, { token: tok.oa2 }), 403);
    expectError(await api('GET', `/api/v1/organisations/${s.org1}/statement?month=2026-13`, { token: tok.oa1 }), 400, 'bad_month', 'month');
    expectError(await api('GET', `/api/v1/organisations/${s.org1}/statement?format=pdf`, { token: tok.oa1 }), 400, 'not_allowed', 'format');
  });
});

describe('the waitlist and the inbox', () => {
  it('a freed slot is offered to the first waiting, who is told and accepts', async () => {
    const t = dayStart(5) + 3 * HOUR;
    const held = ok(await book('member1', one(I.open, t, t + 2 * HOUR)), 201).bookings[0];
    const w1 = ok(await book('member3', one(I.open, t, t + HOUR, { waitlist: true })), 201).bookings[0];
    const w2 = ok(await book('member2', one(I.open, t, t + HOUR, { waitlist: true })), 201).bookings[0];
    assert.deepEqual([w1.state, w2.state], ['waitlisted', 'waitlisted']);
    ok(await act('member1', held.id, 'cancel', {}));
    assert.equal(ok(await get('member3', w1.id)).state, 'offered');
    assert.equal(ok(await get('member2', w2.id)).state, 'waitlisted');
    const inbox = ok(await api('GET', '/api/v1/me/notifications?unread=1', { token: tok.member3 }));
    const offer = inbox.items.find((n) => n.kind === 'waitlist_offer' && n.booking_id === w1.id);
    assert.ok(offer, JSON.stringify(inbox));
    assert.match(offer.text_en, /free/);
    expectError(await act('member2', w1.id, 'accept'), 403);
    assert.equal(ok(await act('member3', w1.id, 'accept')).state, 'approved');
    expectError(await act('member3', w1.id, 'decline'), 409, 'wrong_state');
    // the inbox: one read, then all
    ok(await api('POST', '/api/v1/me/notifications/read', { token: tok.member3, body: { id: offer.id } }));
    const r = ok(await api('POST', '/api/v1/me/notifications/read', { token: tok.member3, body: { all: true } }));
    assert.equal(r.unread, 0);
    expectError(await api('POST', '/api/v1/me/notifications/read', { token: tok.member3, body: {} }), 400, 'required', 'id');
  });
});

describe('calendars', () => {
  it('free and taken time over any range, without personal details', async () => {
    const t = dayStart(6);
    ok(await book('member1', one(I.open, t + 10 * HOUR, t + 11 * HOUR)), 201);
    const sl = ok(await api('GET', `/api/v1/instruments/${I.open}/slots?from=${encodeURIComponent(iso(t))}&to=${encodeURIComponent(iso(t + DAY))}`));
    assert.deepEqual(sl.taken.map((x) => [x.start, x.end, x.state]), [[t + 10 * HOUR, t + 11 * HOUR + 1800, 'approved']]);
    assert.deepEqual(sl.free.map((x) => [x.start, x.end]), [[t, t + 10 * HOUR], [t + 11 * HOUR + 1800, t + DAY]]);
    assert.ok(!/member1|purpose|username/.test(JSON.stringify(sl)), 'no personal details');
    // a whole year in one call (LibreBooking's API shows a week)
    const year = ok(await api('GET', `/api/v1/instruments/${I.open}/slots?from=${dayStart(0)}&to=${dayStart(366)}`));
    assert.ok(year.taken.length >= 3);
    expectError(await api('GET', `/api/v1/instruments/${I.open}/slots?from=${dayStart(0)}&to=${dayStart(400)}`), 400, 'too_long', 'to');
    expectError(await api('GET', `/api/v1/instruments/${I.open}/slots?from=yesterday`), 400, 'bad_time', 'from');
    expectError(await api('GET', '/api/v1/instruments/999999/slots'), 404);
  });
  it('iCalendar feeds: per instrument, and per user behind a secret address', async () => {
    const ics = await fetch(`${s.url}/instruments/${I.open}/calendar.ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers.get('content-type'), /^text\/calendar/);
    const text = await ics.text();
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /BEGIN:VEVENT\r\nUID:booking-\d+@shenrong\r\n/);
    assert.ok(!/member1/.test(text));
    assert.ok(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
    const feed = ok(await api('POST', '/api/v1/me/calendar-feed', { token: tok.member1 }), 201);
    assert.match(feed.url, /^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const mine = await fetch(s.url + feed.url);
    assert.equal(mine.status, 200);
    assert.match(await mine.text(), /SUMMARY:场发射扫描电镜/);
    // a new address retires the old
    ok(await api('POST', '/api/v1/me/calendar-feed', { token: tok.member1 }), 201);
    assert.equal((await fetch(s.url + feed.url)).status, 404);
    assert.equal((await fetch(s.url + '/calendar/nothing.ics')).status, 404);
  });
  it('lists: mine, and the owner\'s to decide', async () => {
    const mine = ok(await api('GET', '/api/v1/bookings?per_page=5', { token: tok.member1 }));
    assert.ok(mine.items.every((b) => b.account_id === mine.items[0].account_id));
    const todo = ok(await api('GET', '/api/v1/bookings?scope=managed&state=requested&per_page=100', { token: tok.oa1 }));
    assert.ok(todo.items.length > 0 && todo.items.every((b) => b.owner_org_id === s.org1 && b.state === 'requested'));
    expectError(await api('GET', '/api/v1/bookings?scope=managed', { token: tok.member1 }), 403);
    expectError(await api('GET', `/api/v1/bookings?scope=managed&org=${s.org2}`, { token: tok.oa1 }), 403);
    expectError(await api('GET', '/api/v1/bookings?state=happy', { token: tok.member1 }), 400, 'not_allowed', 'state');
    expectError(await api('GET', '/api/v1/bookings?per_page=500', { token: tok.member1 }), 400, 'invalid', 'per_page');
  });
});
