// overlaps.test.mjs — the pre-approval consultation in a real browser, as
// the people who run it: the office opens a round; two regions'
// coordinators submit their guide items through the form (one refused
// first, keeping what was typed); Jiangsu's coordinator finds the
// duplicate in the report, reads the two texts side by side with the
// shared passages marked, and merges its item into Shanghai's; the office
// closes the round and the consolidated list is published; a check of
// one text marks what it repeats.  Every page on the way is valid HTML,
// in Chinese and in English, on a desktop and a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { checkPage } from '../lib/html-check.mjs';
import { launch, newPage, formLogin, skipReason, screenshotDir, PHONE } from './fixtures.mjs';

const RESIST = '针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。'
  + '重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。'
  + '建立光刻胶配方设计、性能评价与工艺验证平台，开展与国内晶圆制造企业的联合验证。';
const RESIST_JS = '建立光刻胶配方设计、性能评价与工艺验证平台，开展与国内晶圆制造企业的联合验证。'
  + '针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。'
  + '重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。'
  + '同时建设百吨级生产线。';

let s, browser;
before(async () => {
  if (skipReason) return;
  s = await startServer();
  for (const [name, region] of [['coord-sh', '310000'], ['coord-js', '320000']]) {
    const r = s.cli(['user', 'add', '--db', s.db, '--name', name, '--role', 'coordinator', '--region', region, '--password-stdin'], PASSWORD + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await s?.stop();
});

/** The page's HTML is valid and accessible (tidy and structure). */
async function valid(page) {
  assert.deepEqual(checkPage(await page.content()), [], page.url());
}

async function submit(page) {
  await Promise.all([page.waitForNavigation(), page.getByRole('main').getByRole('button').first().click()]);
}

test('a consultation round, from opening to its published list', { skip: skipReason }, async () => {
  const shots = screenshotDir();

  // the office opens the round
  const office = await newPage(browser, s);
  await office.goto('/login?next=/rounds/new');
  await formLogin(office, 'office', PASSWORD);
  await office.getByRole('heading', { level: 1, name: '开启新一轮会商' }).waitFor();
  await valid(office);
  await office.getByLabel('年度').fill('2025');
  await office.getByLabel('名称').fill('2025年度集成电路联合攻关指南会商');
  await office.getByLabel('集成电路').check();
  await office.getByLabel('人工智能').check();
  await Promise.all([office.waitForNavigation(), office.getByRole('button', { name: '开启' }).click()]);
  const roundPath = new URL(office.url()).pathname;
  assert.match(roundPath, /^\/rounds\/\d+$/);
  await office.getByRole('heading', { level: 1, name: /2025年度集成电路联合攻关指南会商/ }).waitFor();
  await valid(office);

  // Shanghai's coordinator submits an item; an empty content is refused
  // with the title kept
  const sh = await newPage(browser, s);
  await sh.goto(`/login?next=${roundPath}/items/new`);
  await formLogin(sh, 'coord-sh', PASSWORD);
  await sh.getByLabel('标题').fill('高端光刻胶关键材料研发');
  const [refused] = await Promise.all([sh.waitForNavigation(), sh.getByRole('button', { name: '提交' }).click()]);
  assert.equal(refused.status(), 400);
  assert.match(await sh.locator('#form-error').innerText(), /研究内容/);
  assert.equal(await sh.getByLabel('标题').inputValue(), '高端光刻胶关键材料研发');
  await valid(sh);
  await sh.getByLabel('研究内容').fill(RESIST);
  await sh.getByLabel('考核指标').fill('分辨率达到38纳米以下；申请发明专利不少于15项。');
  await sh.getByLabel('预算（万元）').fill('3000');
  await Promise.all([sh.waitForNavigation(), sh.getByRole('button', { name: '提交' }).click()]);
  assert.match(new URL(sh.url()).pathname, /^\/guide-items\/\d+$/);
  await sh.locator('#no-overlaps').waitFor();
  const shItem = new URL(sh.url()).pathname.split('/').pop();

  // Jiangsu's coordinator submits nearly the same; the item's page shows
  // the duplicate at once
  const js = await newPage(browser, s, PHONE);
  await js.goto(`/login?next=${roundPath}/items/new`);
  await formLogin(js, 'coord-js', PASSWORD);
  await js.getByLabel('标题').fill('先进制程光刻胶材料攻关');
  await js.getByLabel('研究内容').fill(RESIST_JS);
  await Promise.all([js.waitForNavigation(), js.getByRole('button', { name: '提交' }).click()]);
  await js.locator('#item-overlaps').waitFor();
  assert.match(await js.locator('#item-overlaps').innerText(), /重复/);
  await valid(js);

  // the report: one cross-region duplicate, to decide
  await js.goto(roundPath);
  const row = js.locator('#round-pairs tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /高端光刻胶关键材料研发/);
  assert.match(await row.innerText(), /待决定/);
  assert.equal(await js.locator('#undecided').innerText(), '1');
  await js.screenshot({ path: `${shots}/overlaps-round-phone.png`, fullPage: true });
  await valid(js);

  // side by side, with the shared passages marked on both sides
  await Promise.all([js.waitForNavigation(), row.getByRole('link').first().click()]);
  assert.match(new URL(js.url()).pathname, /^\/overlaps\/\d+$/);
  const marksA = await js.locator('#side-a mark').allInnerTexts();
  const marksB = await js.locator('#side-b mark').allInnerTexts();
  assert.ok(marksA.some((m) => m.includes('光致产酸剂')), marksA.join('|'));
  assert.ok(marksB.some((m) => m.includes('光致产酸剂')), marksB.join('|'));
  assert.ok(!marksB.some((m) => m.includes('百吨级生产线')), 'the added sentence is not marked');
  await valid(js);
  await js.setViewportSize({ width: 1280, height: 900 });
  await js.screenshot({ path: `${shots}/overlaps-pair.png`, fullPage: true });

  // keeping both without a reason is refused; merging into Shanghai's is not
  await js.getByRole('radio', { name: '均保留' }).check();
  const [noReason] = await Promise.all([js.waitForNavigation(), js.getByRole('button', { name: '记录决定' }).click()]);
  assert.equal(noReason.status(), 400);
  await js.getByRole('alert').waitFor();
  await js.getByRole('radio', { name: '合并' }).check();
  await js.getByLabel(/涉及的条目/).selectOption(shItem);
  await Promise.all([js.waitForNavigation(), js.getByRole('button', { name: '记录决定' }).click()]);
  assert.match(await js.locator('#decision').innerText(), /合并/);
  assert.equal(await js.locator('#decide').count(), 0, 'a merge is final');

  // the office closes the round: the list is published, in both languages
  await office.goto(roundPath);
  assert.equal(await office.locator('#undecided').innerText(), '0');
  await Promise.all([office.waitForNavigation(), office.getByRole('button', { name: '结束会商' }).click()]);
  assert.match(new URL(office.url()).pathname, /\/list$/);
  const list = office.locator('#list tbody tr');
  assert.equal(await list.count(), 1);
  assert.match(await list.innerText(), /高端光刻胶关键材料研发/);
  assert.match(await list.innerText(), /合并了 #\d+/);
  await valid(office);

  // anyone may read it, in English too, and download the workbook
  const visitor = await newPage(browser, s, undefined, { locale: 'en-GB' });
  await visitor.goto(new URL(office.url()).pathname + '?lang=en');
  await visitor.getByRole('heading', { level: 1, name: /consolidated list/ }).waitFor();
  await valid(visitor);
  const [download] = await Promise.all([visitor.waitForEvent('download'), visitor.locator('#xlsx').click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);

  // one text against everything: the funded item is found and marked
  await sh.goto('/check');
  await sh.getByLabel('研究内容').fill('本项目拟开展ArF浸没式光刻胶和EUV光刻胶关键材料研究，重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺。');
  await Promise.all([sh.waitForNavigation(), sh.getByRole('button', { name: '查重' }).click()]);
  const match = sh.locator('#match-1');
  assert.match(await match.innerText(), /高端光刻胶关键材料研发/);
  assert.ok((await match.locator('mark').count()) >= 2);
  await valid(sh);
  await sh.screenshot({ path: `${shots}/overlaps-check.png`, fullPage: true });
});
