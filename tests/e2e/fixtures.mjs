// fixtures.mjs — what the browser tests share: a chromium launcher, a
// catalogue to look at, and small helpers.  Not a test file itself (node
// --test runs only *.test.mjs here).
//
//   const s = await startServer();  await seedCatalogue(s);
//   const browser = await launch();
//   const page = await newPage(browser, s, { width: 375, height: 812 });
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = join(root, 'build/screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** true when the browser tests can run at all (else they are skipped with a reason). */
export const haveChromium = existsSync(CHROMIUM);
export const skipReason = haveChromium ? false
  : `${CHROMIUM} is missing: run scripts/deps.sh test (installs Debian's chromium)`;

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** A fresh browser context (its own cookies) and page on the server. */
export async function newPage(browser, s, viewport = DESKTOP, options = {}) {
  const context = await browser.newContext({
    baseURL: s.url, viewport, locale: 'zh-CN',
    deviceScaleFactor: 1, ...options,
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  return page;
}

export function screenshotDir() {
  mkdirSync(SHOTS, { recursive: true });
  return SHOTS;
}

/** Logs in through the form, as a person does. */
export async function formLogin(page, user, password) {
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole('main').getByRole('button', { name: '登录' }).click(),
  ]);
}

// ---- a small catalogue ----------------------------------------------------

const NAMES = [
  ['场发射扫描电子显微镜', 'Field emission scanning electron microscope', 'analytical', 'Regulus 8230', '日立'],
  ['X射线单晶衍射仪', 'Single-crystal X-ray diffractometer', 'analytical', 'D8 Venture', 'Bruker'],
  ['液相色谱-质谱联用仪', 'Liquid chromatography–mass spectrometer', 'analytical', 'Q Exactive', 'Thermo Fisher'],
  ['600兆核磁共振波谱仪', '600 MHz NMR spectrometer', 'analytical', 'Avance NEO 600', 'Bruker'],
  ['球差校正透射电子显微镜', 'Aberration-corrected TEM', 'analytical', 'Titan Themis', 'FEI'],
  ['激光共聚焦显微镜', 'Confocal laser scanning microscope', 'laser', 'LSM 980', 'Zeiss'],
  ['高性能计算集群', 'High-performance computing cluster', 'computer', null, '曙光'],
  ['万能材料试验机', 'Universal testing machine', 'physical', '5982', 'Instron'],
  ['原子力显微镜', 'Atomic force microscope', 'physical', 'Dimension Icon', 'Bruker'],
  ['电感耦合等离子体质谱仪', 'ICP mass spectrometer', 'analytical', 'iCAP RQ', 'Thermo Fisher'],
  ['同步热分析仪', 'Simultaneous thermal analyser', 'physical', 'STA 449', 'Netzsch'],
  ['矢量网络分析仪', 'Vector network analyser', 'electronic', 'ZNA67', 'Rohde & Schwarz'],
];

/**
 * Adds two organisations (Shanghai, Hangzhou) to the fixtures and a
 * catalogue across the four regions: 24 instruments in Anhui (org1), so
 * that a region filter has more than one page, and a few elsewhere.
 * Returns { org3, org4, ids: {anhui: [...], other: [...]}, facility }.
 */
export async function seedCatalogue(s) {
  const admin = await s.login('admin');
  const post = async (path, body) => {
    const r = await s.api('POST', path, { token: admin, body });
    if (r.status !== 201) throw new Error(`seed ${path}: ${r.status} ${r.text}`);
    return r.json.id;
  };
  const org3 = await post('/api/v1/organisations',
    { kind: 'institute', name_zh: '上海测试中心', name_en: 'Shanghai Test Centre', city: '310100' });
  const org4 = await post('/api/v1/organisations',
    { kind: 'enterprise', name_zh: '杭州测试科技有限公司', name_en: 'Hangzhou Test Technology Co.', city: '330100' });
  const ids = { anhui: [], other: [] };
  const mk = (i, org, extra = {}) => {
    const [zh, en, category, model, maker] = NAMES[i % NAMES.length];
    return post('/api/v1/instruments', {
      name_zh: zh + (i >= NAMES.length ? `（${Math.floor(i / NAMES.length) + 1}号）` : ''),
      name_en: en, category, model, manufacturer: maker, org_id: org,
      value_cny: 800_000 + ((i * 7_919_113) % 30_000_000), purchase_year: 2012 + (i % 12),
      sharing: ['open', 'conditional', 'open', 'internal'][i % 4],
      specs: '分辨率 0.8 nm（15 kV）；放大倍数 20～2,000,000 倍。\n配备能谱仪与背散射电子探测器。',
      ...extra,
    });
  };
  for (let i = 0; i < 24; i++) ids.anhui.push(await mk(i, s.org1));
  for (let i = 0; i < 3; i++) ids.other.push(await mk(i + 3, s.org2));
  for (let i = 0; i < 3; i++) ids.other.push(await mk(i + 6, org3));
  for (let i = 0; i < 2; i++) ids.other.push(await mk(i + 9, org4));
  const facility = await post('/api/v1/instruments', {
    kind: 'facility', name_zh: '上海同步辐射光源', name_en: 'Shanghai Synchrotron Radiation Facility',
    category: 'other', org_id: org3, value_cny: 1_400_000_000, purchase_year: 2009, sharing: 'open',
    specs: '电子储存环能量 3.5 GeV，周长 432 米。',
  });
  ids.other.push(facility);
  return { org3, org4, ids, facility };
}
