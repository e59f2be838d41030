// overlaps.test.mjs — the pre-approval consultation through the API:
// a round from opening to its published list, the report as items arrive
// (also when two regions submit at the same moment), passages that point
// at the right characters, who may decide what, imports that list every
// bad row and import nothing, the check of one text, and bad input that
// changes nothing.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, PASSWORD } from '../lib/server.mjs';
import { client, expectError, ok } from './helpers.mjs';

const RESIST = '针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求，开展ArF浸没式光刻胶和EUV光刻胶关键材料研究。'
  + '重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺，解决金属离子杂质控制难题。'
  + '建立光刻胶配方设计、性能评价与工艺验证平台，开展与国内晶圆制造企业的联合验证。'
  + '形成百吨级高端光刻胶生产线，实现在14纳米及以下工艺节点的批量应用。';
// the same sentences in another order, other punctuation, full-width letters
const RESIST_2 = '建立光刻胶配方设计、性能评价与工艺验证平台,开展与国内晶圆制造企业的联合验证;'
  + '针对先进逻辑芯片和存储芯片制造对高端光刻胶的迫切需求,开展ＡｒＦ浸没式光刻胶和ＥＵＶ光刻胶关键材料研究;'
  + '形成百吨级高端光刻胶生产线,实现在14纳米及以下工艺节点的批量应用;'
  + '重点突破高纯度光致产酸剂、成膜树脂的分子设计与合成工艺,解决金属离子杂质控制难题。';
const EDA = '针对数字集成电路设计全流程工具受制于人的局面，研究逻辑综合、布局布线和静态时序分析的核心算法。'
  + '构建支持先进工艺的标准单元库和设计规则检查引擎，解决大规模设计的计算效率问题。';
const ALGAE = '针对太湖蓝藻水华频发的问题，研究水华形成的气象水文驱动机制。构建融合遥感和地面观测的蓝藻水华预测模型。';

let s, api;
const t = {};   // tokens by user

before(async () => {
  s = await startServer();
  api = client(s);
  const add = [['coord-sh', '310000'], ['coord-js', '320000'], ['coord-zj', '330000']];
  for (const [name, region] of add) {
    const r = s.cli(['user', 'add', '--db', s.db, '--name', name, '--role', 'coordinator', '--region', region, '--password-stdin'], PASSWORD + '\n');
    assert.equal(r.status, 0, r.stderr);
  }
  for (const u of ['admin', 'office', 'coord', 'coord-sh', 'coord-js', 'coord-zj', 'member1']) t[u] = await s.login(u);
});
after(async () => { await s?.stop(); });

const openRound = async (fields = ['ic', 'environment'], more = {}) =>
  ok(await api('POST', '/api/v1/rounds', { token: t.office, body: { year: 2025, title: '测试会商', fields, ...more } }), 201);
const addItem = async (who, round, body) =>
  api('POST', `/api/v1/rounds/${round}/items`, { token: t[who], body: { field: 'ic', ...body } });
const report = async (round, who = 'office') => ok(await api('GET', `/api/v1/rounds/${round}/overlaps`, { token: t[who] }));
const count = async (round) => ok(await api('GET', `/api/v1/rounds/${round}/items`, { token: t.office })).total;

describe('a round from opening to its list', () => {
  let round, sh, js, zj, pair;

  it('the office opens it; others may not; open rounds are not public', async () => {
    round = (await openRound()).id;
    expectError(await api('POST', '/api/v1/rounds', { token: t['coord-sh'], body: { year: 2025, title: 'x', fields: ['ic'] } }), 403, 'forbidden');
    expectError(await api('POST', '/api/v1/rounds', { body: { year: 2025, title: 'x', fields: ['ic'] } }), 401);
    expectError(await api('GET', `/api/v1/rounds/${round}`), 404);
    assert.ok(!ok(await api('GET', '/api/v1/rounds')).items.some((r) => r.id === round));
    assert.equal(ok(await api('GET', `/api/v1/rounds/${round}`, { token: t.member1 === undefined ? t.office : t.office })).state, 'open');
  });

  it('items from two regions that say the same: a duplicate across regions, at once', async () => {
    sh = ok(await addItem('coord-sh', round, { title: '高端光刻胶研发', content: RESIST, indicators: '分辨率38纳米以下；申请发明专利不少于15项', budget_wan: 3000 }), 201);
    assert.equal(sh.region, '310000');
    assert.equal(sh.state, 'draft');
    js = ok(await addItem('coord-js', round, { title: '先进工艺光刻胶', content: RESIST_2 }), 201);
    zj = ok(await addItem('coord-zj', round, { field: 'environment', title: '蓝藻水华预警', content: ALGAE }), 201);
    const rep = await report(round, 'coord-zj');
    assert.equal(rep.pairs.length, 1);
    pair = rep.pairs[0];
    assert.equal(pair.level, 'duplicate');
    assert.equal(pair.scope, 'round');
    assert.ok(pair.score >= 0.8, JSON.stringify(pair));
    assert.deepEqual([pair.a.ref_id, pair.b.ref_id].sort(), [sh.id, js.id].sort());
    assert.equal(pair.decision, null);
    assert.equal(ok(await api('GET', `/api/v1/rounds/${round}`, { token: t.office })).undecided, 1);
  });

  it('the same text again in the same region is no cross-region overlap', async () => {
    const again = ok(await addItem('coord-sh', round, { title: '光刻胶（重复）', content: RESIST }), 201);
    const rep = await report(round);
    assert.ok(!rep.pairs.some((p) => [p.a.ref_id, p.b.ref_id].includes(sh.id) && [p.a.ref_id, p.b.ref_id].includes(again.id)));
    ok(await api('POST', `/api/v1/guide-items/${again.id}/withdraw`, { token: t['coord-sh'] }));
    const rep2 = await report(round);
    const q = rep2.pairs.find((p) => [p.a.ref_id, p.b.ref_id].includes(again.id));
    assert.ok(!q || q.a.status === 'retired' || q.b.status === 'retired');
  });

  it('the pair side by side: passages are the shared text, by characters', async () => {
    const d = ok(await api('GET', `/api/v1/overlaps/${pair.id}`, { token: t['coord-js'] }));
    assert.equal(d.may_decide, true);
    for (const side of ['a', 'b']) {
      const content = d[side].content;
      assert.ok(d.passages[side].content.length > 0);
      for (const p of d.passages[side].content)
        assert.equal([...content].slice(p.start, p.end).join(''), p.text);
    }
    assert.ok(d.passages.a.content.some((p) => p.text.includes('光致产酸剂')));
    assert.equal(ok(await api('GET', `/api/v1/overlaps/${pair.id}`, { token: t['coord-zj'] })).may_decide, false);
    expectError(await api('GET', `/api/v1/overlaps/${pair.id}`, { token: t.member1 }), 403);
  });

  it('only the regions involved decide, each only over its own item', async () => {
    const decide = (who, body) => api('POST', `/api/v1/overlaps/${pair.id}/decision`, { token: t[who], body });
    expectError(await decide('coord-zj', { decision: 'keep', reason: '理由' }), 403, 'not_involved');
    expectError(await decide('coord-sh', { decision: 'keep' }), 400, 'required', 'reason');
    expectError(await decide('coord-sh', { decision: 'postpone' }), 400, 'not_allowed', 'decision');
    expectError(await decide('coord-js', { decision: 'withdraw', item: sh.id }), 403, 'forbidden', 'item');
    expectError(await decide('coord-js', { decision: 'merge', item: js.id }), 403, 'forbidden', 'item');
    expectError(await decide('coord-js', { decision: 'merge', item: zj.id }), 400, 'not_in_pair', 'item');
    expectError(await api('POST', `/api/v1/rounds/${round}/close`, { token: t.office }), 409, 'undecided');
    // nothing changed by the refusals
    assert.equal(ok(await api('GET', `/api/v1/guide-items/${sh.id}`, { token: t.office })).state, 'draft');
    assert.equal((await report(round)).pairs[0].decision, null);
    // Shanghai merges its own item into Jiangsu's
    const done = ok(await decide('coord-sh', { decision: 'merge', item: js.id }));
    assert.equal(done.decision, 'merge');
    assert.equal(done.decided_by, 'coord-sh');
    const merged = ok(await api('GET', `/api/v1/guide-items/${sh.id}`, { token: t.office }));
    assert.equal(merged.state, 'merged');
    assert.equal(merged.merged_into, js.id);
    expectError(await decide('coord-js', { decision: 'cofund' }), 409, 'resolved');
    // a merged item cannot change
    expectError(await api('PATCH', `/api/v1/guide-items/${sh.id}`, { token: t['coord-sh'], body: { title: '改' } }), 409, 'not_draft');
  });

  it('closing publishes the list (page and XLSX too); the round is then frozen', async () => {
    const closed = ok(await api('POST', `/api/v1/rounds/${round}/close`, { token: t.office }));
    assert.equal(closed.state, 'closed');
    assert.ok(closed.closed_at > 0);
    const list = ok(await api('GET', `/api/v1/rounds/${round}/list`));
    assert.deepEqual(list.items.map((i) => i.id).sort(), [js.id, zj.id].sort());
    assert.deepEqual(list.items.find((i) => i.id === js.id).merged_from, [sh.id]);
    assert.ok(list.items.every((i) => i.state === 'funded'));
    const x = await fetch(`${s.url}/rounds/${round}/list.xlsx`);
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-type'), /spreadsheetml/);
    assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), 'PK');
    expectError(await addItem('coord-sh', round, { title: 'x', content: RESIST }), 409, 'closed');
    expectError(await api('PATCH', `/api/v1/rounds/${round}`, { token: t.office, body: { suspect: 0.4 } }), 409, 'closed');
    expectError(await api('POST', `/api/v1/rounds/${round}/close`, { token: t.office }), 409, 'closed');
    assert.ok(ok(await api('GET', '/api/v1/rounds')).items.some((r) => r.id === round));
  });

  it('a later round meets the funded items as its history', async () => {
    const r2 = (await openRound(['ic'])).id;
    const ah = ok(await addItem('coord', r2, { title: '光刻胶再申报', content: RESIST }), 201);
    const rep = await report(r2);
    const h = rep.pairs.find((p) => p.scope === 'history');
    assert.ok(h, JSON.stringify(rep));
    assert.equal(h.a.ref_id, ah.id);
    assert.equal(h.b.ref_id, js.id);
    assert.equal(h.b.status, 'history');
    // the history side's region may decide too
    ok(await api('POST', `/api/v1/overlaps/${h.id}/decision`, { token: t['coord-js'], body: { decision: 'cofund' } }));
  });
});

describe('two regions submitting at the same moment', () => {
  it('the overlap is found whichever commits first', async () => {
    for (let k = 0; k < 3; k++) {
      const round = (await openRound(['ic'])).id;
      const [a, b] = await Promise.all([
        addItem('coord-sh', round, { title: '并发甲', content: EDA }),
        addItem('coord-js', round, { title: '并发乙', content: EDA }),
      ]);
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      const rep = await report(round);
      assert.equal(rep.pairs.length, 1, `attempt ${k}: ${JSON.stringify(rep.pairs)}`);
      assert.equal(rep.clusters.length, 1);
      assert.equal(rep.clusters[0].regions, 2);
    }
  });
});

describe('imports list every bad row and import nothing', () => {
  const csv = (text) => ({ body: text, headers: { 'Content-Type': 'text/csv' } });

  it('a file with three bad rows of five', async () => {
    const round = (await openRound(['ic', 'ai'])).id;
    const file = '标题,领域,研究内容,考核指标,预算（万元）\n'
      + '光刻胶,集成电路,开展光刻胶关键材料研究,分辨率38纳米,3000\n'
      + ',集成电路,没有标题的条目,,\n'
      + '量子,量子信息,不在本轮的领域,,\n'
      + '预算错误,ic,研究内容,,三千\n'
      + 'EDA,ic,研究逻辑综合与布局布线,,500\n';
    const dry = ok(await api('POST', `/api/v1/rounds/${round}/items/import?dry_run=1`, { token: t['coord-sh'], ...csv(file) }));
    assert.equal(dry.rows, 5);
    assert.equal(dry.bad_rows, 3);
    assert.deepEqual(dry.errors.map((e) => [e.line, e.field]), [[3, 'title'], [4, 'field'], [5, 'budget_wan']]);
    const r = await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t['coord-sh'], ...csv(file) });
    const e = expectError(r, 422, 'bad_rows', 'file');
    assert.match(e.message, /lines 3, 4, 5/);
    assert.equal(await count(round), 0);
    // once fixed, all come in, with their region
    const good = file.split('\n').filter((l, i) => i === 0 || [1, 5].includes(i)).join('\n') + '\n';
    const done = ok(await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t['coord-sh'], ...csv(good) }), 201);
    assert.equal(done.imported, 2);
    const items = ok(await api('GET', `/api/v1/rounds/${round}/items?region=310000`, { token: t.office })).items;
    assert.deepEqual(items.map((i) => i.title).sort(), ['EDA', '光刻胶']);
  });

  it('files that are no sheet at all', async () => {
    const round = (await openRound(['ic'])).id;
    expectError(await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t['coord-sh'], ...csv('') }), 400, 'required', 'file');
    expectError(await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t['coord-sh'], ...csv('title,field,content\n"open') }), 400, 'bad_file', 'file');
    expectError(await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t['coord-sh'], body: Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2]) }), 400, 'bad_file');
    expectError(await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t['coord-sh'], body: Buffer.concat([Buffer.from('title,field,content\nx,ic,光刻'), Buffer.from([0xff]), Buffer.from('胶\n')]), headers: { 'Content-Type': 'text/csv' } }), 400, 'bad_file', 'file');
    expectError(await api('POST', `/api/v1/rounds/${round}/items/import`, { token: t.member1, ...csv('title,field,content\nx,ic,y\n') }), 403);
    assert.equal(await count(round), 0);
  });
});

describe('bad items change nothing', () => {
  let round;
  before(async () => { round = (await openRound(['ic'])).id; });

  const cases = [
    ['an empty item', { title: '', content: '' }, 400, 'required', 'title'],
    ['no content', { title: 'x' }, 400, 'required', 'content'],
    ['punctuation only', { title: 'x', content: '。。。！！！' }, 400, 'no_text', 'content'],
    ['a field the round lacks', { field: 'quantum', title: 'x', content: '量子计算' }, 400, 'not_in_round', 'field'],
    ['an unknown field key', { field: 'cooking', title: 'x', content: '烹饪' }, 400, 'not_allowed', 'field'],
    ['a number for the title', { title: 5, content: 'x' }, 400, 'wrong_type', 'title'],
    ['a negative budget', { title: 'x', content: '光刻胶', budget_wan: -1 }, 400, 'out_of_range', 'budget_wan'],
    ['an unknown member', { title: 'x', content: '光刻胶', state: 'funded' }, 400, 'unknown_field', 'state'],
    ['a control character', { title: 'x', content: '光刻\u0001胶' }, 400, 'control_character', 'content'],
    ['another region', { title: 'x', content: '光刻胶', region: '320000' }, 403, 'forbidden', null],
    ['a text of 1 MB', { title: 'x', content: '研'.repeat(330000) }, 400, 'too_long', 'content'],
  ];
  for (const [what, body, status, code, field] of cases)
    it(what, async () => {
      expectError(await addItem('coord-sh', round, body), status, code, field);
      assert.equal(await count(round), 0);
    });

  it('malformed bodies', async () => {
    expectError(await api('POST', `/api/v1/rounds/${round}/items`, { token: t['coord-sh'], body: '{"title":' }), 400, 'malformed_json');
    expectError(await api('POST', `/api/v1/rounds/${round}/items`, { token: t['coord-sh'], body: '[]' }), 400, 'wrong_type');
    expectError(await api('POST', `/api/v1/rounds/${round}/items`, { token: t['coord-sh'], body: 'x', headers: { 'Content-Type': 'text/plain' } }), 415);
    expectError(await api('POST', '/api/v1/rounds/999999/items', { token: t['coord-sh'], body: { field: 'ic', title: 'x', content: '光刻胶' } }), 404);
    assert.equal(await count(round), 0);
  });
});

describe('one text against everything', () => {
  let round;
  before(async () => {
    round = (await openRound(['ic'])).id;
    ok(await addItem('coord-js', round, { title: 'EDA 工具', content: EDA }), 201);
  });

  it('finds the draft for a coordinator, with passages on both sides', async () => {
    const r = ok(await api('POST', '/api/v1/overlaps/check', { token: t['coord-zj'], body: { title: '国产EDA', content: EDA + '并开展示范应用。', limit: 50 } }));
    assert.ok(r.searched >= 1);
    const hit = r.items.find((i) => i.document.title === 'EDA 工具');
    assert.ok(hit, JSON.stringify(r));
    assert.equal(hit.level, 'duplicate');
    assert.equal(hit.document.kind, 'guide_item');
    assert.ok(hit.passages.query.content[0].text.includes('逻辑综合'));
    assert.ok(hit.passages.document.content[0].text.includes('逻辑综合'));
  });

  it('hides drafts from members', async () => {
    const r = ok(await api('POST', '/api/v1/overlaps/check', { token: t.member1, body: { content: EDA } }));
    assert.ok(!r.items.some((i) => i.document.status === 'round'));
  });

  it('refuses bad input, naming the field', async () => {
    const check = (body) => api('POST', '/api/v1/overlaps/check', { token: t.member1, body });
    expectError(await check({}), 400, 'required', 'content');
    expectError(await check({ content: '  ' }), 400, 'required', 'content');
    expectError(await check({ content: 'x', limit: 0 }), 400, 'out_of_range', 'limit');
    expectError(await check({ content: 'x', limit: 'ten' }), 400, 'wrong_type', 'limit');
    expectError(await check({ content: '研'.repeat(330000) }), 400, 'too_long', 'content');
    expectError(await check({ content: 'x', colour: 'red' }), 400, 'unknown_field', 'colour');
    expectError(await check({ content: '研'.repeat(400000) }), 413);
  });
});

describe('thresholds', () => {
  it('a stricter duplicate threshold turns a duplicate into suspected', async () => {
    const round = (await openRound(['ic'])).id;
    ok(await addItem('coord-sh', round, { title: 'a', content: RESIST }), 201);
    ok(await addItem('coord-js', round, { title: 'b', content: RESIST_2 }), 201);
    const before = (await report(round)).pairs[0];
    assert.equal(before.level, 'duplicate');
    assert.ok(before.score < 1);
    const r = ok(await api('PATCH', `/api/v1/rounds/${round}`, { token: t.office, body: { duplicate: 1 } }));
    assert.equal(r.duplicate, 1);
    const after = (await report(round)).pairs[0];
    assert.equal(after.level, 'suspected', JSON.stringify(after));
    assert.equal(after.id, before.id);
    expectError(await api('PATCH', `/api/v1/rounds/${round}`, { token: t.office, body: { suspect: 0.7, duplicate: 0.6 } }), 400, 'out_of_range', 'duplicate');
    expectError(await api('PATCH', `/api/v1/rounds/${round}`, { token: t['coord-sh'], body: { suspect: 0.3 } }), 403);
  });
});
