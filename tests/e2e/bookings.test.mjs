// bookings.test.mjs — booking through the pages, as people do it: a
// researcher finds the instrument, opens the booking form from its page
// (prefilled from a free slot of the calendar), is refused a time outside
// the opening hours with the reason beside what was typed, books, and waits;
// the owner's administrator sees the request, approves it; the researcher
// reads the approval in the inbox and sees the slot taken in the calendar.
// Every booking page is valid, labelled HTML in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { checkPage, TIDY } from '../lib/html-check.mjs';
import { launch, newPage, formLogin, skipReason } from './fixtures.mjs';

const CST = 8 * 3600, DAY = 86400, HOUR = 3600;
const dayStart = (d) => Math.floor((Date.now() / 1000 + CST) / DAY) * DAY - CST + d * DAY;
const weekday = (t) => ((Math.floor((t + CST) / DAY) + 3) % 7) + 1;
const local = (t) => new Date((t + CST) * 1000).toISOString().slice(0, 16);   // for datetime-local
const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '09:00', close: '17:00' }));

let s, browser, inst, day;
before(async () => {
  if (skipReason) return;
  s = await startServer();
  const admin = await s.login('admin');
  const r = await s.api('POST', '/api/v1/instruments', { token: admin, body: {
    name_zh: '球差校正透射电子显微镜', name_en: 'Aberration-corrected TEM', category: 'analytical',
    value_cny: 28000000, org_id: s.org1, fee_internal: 300, fee_external: 600 } });
  assert.equal(r.status, 201, r.text);
  inst = r.json.id;
  const a = await s.api('PATCH', `/api/v1/instruments/${inst}/availability`, { token: admin,
    body: { approval: 'required', fee_cross_region: 650, hours: WEEKDAYS } });
  assert.equal(a.status, 200, a.text);
  day = dayStart(2);
  while (weekday(day) > 5) day += DAY;          // a weekday at least two days ahead
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

test('a researcher books through the pages; the owner approves; the inbox and calendar follow', { skip: skipReason }, async () => {
  const researcher = await newPage(browser, s);
  await researcher.goto('/login');
  await formLogin(researcher, 'member1', PASSWORD);

  // the instrument's page leads to its calendar, whose free slots lead to the form
  await researcher.goto(`/instruments/${inst}`);
  await researcher.locator('#booking-links').getByRole('link', { name: '预约日历' }).click();
  await researcher.waitForURL(new RegExp(`/instruments/${inst}/calendar`));
  await researcher.goto(`/instruments/${inst}/calendar?date=${local(day).slice(0, 10)}`);
  const free = researcher.locator(`table.calendar td.cal-free a[href*="start=${encodeURIComponent(local(day + 10 * HOUR))}"]`);
  assert.equal(await free.count(), 1, 'the 10:00 slot is free and links to the form');
  await Promise.all([researcher.waitForURL(/\/book\?start=/), free.click()]);
  await researcher.getByRole('heading', { level: 1, name: /预约：球差校正透射电子显微镜/ }).waitFor();
  assert.equal(await researcher.getByLabel('开始时间').inputValue(), local(day + 10 * HOUR));
  assert.equal(await researcher.getByLabel('结束时间').inputValue(), local(day + 11 * HOUR));

  // outside the opening hours: refused, the reason shown, what was typed kept
  await researcher.getByLabel('结束时间').fill(local(day + 18 * HOUR));
  await researcher.getByLabel('用途').fill('二维材料原子像观察');
  await researcher.getByLabel('样品说明').fill('MoS₂ 薄膜，铜网');
  const [refused] = await Promise.all([
    researcher.waitForNavigation(),
    researcher.getByRole('button', { name: '提交预约' }).click(),
  ]);
  assert.equal(refused.status(), 400);
  assert.match(await researcher.getByRole('alert').innerText(), /outside the opening hours/);
  assert.equal(await researcher.getByLabel('用途').inputValue(), '二维材料原子像观察');
  assert.equal(await researcher.locator('.field.invalid #f-start').count(), 1, 'the start is marked');

  // within the hours: booked, waiting for the owner
  await researcher.getByLabel('结束时间').fill(local(day + 12 * HOUR));
  await Promise.all([
    researcher.waitForURL(/\/bookings\/\d+$/),
    researcher.getByRole('button', { name: '提交预约' }).click(),
  ]);
  const bookingUrl = new URL(researcher.url()).pathname;
  assert.equal(await researcher.locator('.badge.bk-requested').first().innerText(), '待审核');
  assert.match(await researcher.locator('table.facts').innerText(), /二维材料原子像观察/);
  assert.equal(await researcher.getByRole('button', { name: '批准', exact: true }).count(), 0, 'a requester cannot approve');

  // the owner's administrator sees it among the requests to decide and approves
  const owner = await newPage(browser, s);
  await owner.goto('/login');
  await formLogin(owner, 'orgadmin1', PASSWORD);
  await owner.locator('header nav').getByRole('link', { name: '我的预约' }).click();
  await owner.waitForURL(/\/bookings$/);
  const row = owner.locator('table.bookings').first().locator('tr', { hasText: '球差校正透射电子显微镜' });
  assert.match(await row.innerText(), /member1/);
  await Promise.all([owner.waitForURL(/\/bookings\/\d+$/), row.getByRole('link').first().click()]);
  assert.equal(new URL(owner.url()).pathname, bookingUrl);
  await Promise.all([owner.waitForNavigation(), owner.getByRole('button', { name: '批准', exact: true }).click()]);
  assert.equal(await owner.locator('.badge.bk-approved').first().innerText(), '已批准');
  // approving twice is not offered, and the check-in waits for the start
  assert.equal(await owner.getByRole('button', { name: '批准', exact: true }).count(), 0);
  await Promise.all([owner.waitForNavigation(), owner.getByRole('button', { name: /签到/ }).click()]);
  assert.equal(await owner.getByRole('alert').innerText().then((t) => /starts at/.test(t)), true);

  // the researcher is told, and the calendar shows the time taken
  await researcher.goto('/inbox');
  const note = researcher.locator('.inbox li[data-kind="approved"]');
  assert.match(await note.innerText(), /已获批准/);
  await Promise.all([researcher.waitForNavigation(), researcher.getByRole('button', { name: '全部标为已读' }).click()]);
  assert.match(await researcher.locator('#unread').innerText(), /未读 0 条/);
  await researcher.goto(`/instruments/${inst}/calendar?date=${local(day).slice(0, 10)}`);
  const row10 = researcher.locator('table.calendar tr', { hasText: '10:00' });
  assert.equal(await row10.locator('td.cal-taken').count(), 1);
  assert.ok(!/member1/.test(await researcher.locator('main').innerText()), 'the calendar names nobody');

  // the researcher cancels; the slot is free again
  await researcher.goto(bookingUrl);
  await Promise.all([researcher.waitForNavigation(), researcher.getByRole('button', { name: '取消预约' }).click()]);
  assert.equal(await researcher.locator('.badge.bk-cancelled').first().innerText(), '已取消');
  await researcher.context().close();
  await owner.context().close();
});

const skipPages = skipReason || (existsSync(TIDY) ? false : `${TIDY} is missing`);

test('every booking page is valid, labelled HTML in both languages', { skip: skipPages }, async () => {
  // a booking to show, a completed one for the statement and figures
  const member = await s.login('member1'), admin = await s.login('admin');
  const b = await s.api('POST', '/api/v1/bookings', { token: member, body: {
    instrument_id: inst, start: day + 9 * HOUR, end: day + 10 * HOUR, purpose: '<script>测试</script>' } });
  assert.equal(b.status, 201, b.text);
  const id = b.json.bookings[0].id;
  const pages = [
    ['calendar week', `/instruments/${inst}/calendar`, 200],
    ['calendar month', `/instruments/${inst}/calendar?view=month`, 200],
    ['booking form', `/instruments/${inst}/book`, 200, 'member1'],
    ['a booking (requester)', `/bookings/${id}`, 200, 'member1'],
    ['a booking (owner)', `/bookings/${id}`, 200, 'orgadmin1'],
    ['bookings (owner)', '/bookings', 200, 'orgadmin1'],
    ['inbox', '/inbox', 200, 'orgadmin1'],
    ['availability', `/instruments/${inst}/availability`, 200, 'orgadmin1'],
    ['availability refused', `/instruments/${inst}/availability`, 403, 'orgadmin2'],
    ['statement', `/orgs/${s.org1}/statement`, 200, 'orgadmin1'],
    ['sharing report', '/sharing', 200, 'office'],
    ['instrument with figures', `/instruments/${inst}`, 200],
    ['organisation with figures', `/orgs/${s.org1}`, 200],
    ['region with figures', '/regions/340000', 200, 'coord'],
  ];
  const cookies = {};
  for (const u of ['member1', 'orgadmin1', 'orgadmin2', 'office', 'coord']) {
    const page = await newPage(browser, s);
    await page.goto('/login');
    await formLogin(page, u, PASSWORD);
    cookies[u] = (await page.context().cookies()).filter((c) => c.name === 'sr_sid').map((c) => `${c.name}=${c.value}`).join('');
    await page.context().close();
  }
  for (const lang of ['zh', 'en'])
    for (const [what, path, status, user] of pages) {
      const res = await fetch(s.url + path, { headers: { Cookie: [`lang=${lang}`, user ? cookies[user] : ''].filter(Boolean).join('; ') } });
      const html = await res.text();
      assert.equal(res.status, status, `${what}: ${html.slice(0, 300)}`);
      assert.deepEqual(checkPage(html), [], `${what} (${lang})`);
      assert.ok(!html.includes('<script>测试'), `${what}: input is escaped`);
    }
  void admin;
});
