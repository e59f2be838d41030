// stylesheet.test.mjs — static/style.css and the pages stay in step: every
// class a page writes (src/web/*.c) is styled, the sheet downloads nothing
// (no web fonts, no @import, no remote url()), and the server serves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../lib/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const css = readFileSync(join(root, 'static/style.css'), 'utf8');
const cssNoComments = css.replace(/\/\*[\s\S]*?\*\//g, '');

/** Class names written literally by the page code, e.g. class=\"card\". */
function pageClasses() {
  const dir = join(root, 'src/web');
  const names = new Set();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.c'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/class=\\"([^"\\]*)/g))
      for (const c of m[1].split(/\s+/)) if (c && !c.endsWith('-')) names.add(c);
  }
  return names;
}

test('every class the pages write is styled', () => {
  const classes = pageClasses();
  assert.ok(classes.size > 40, `only ${classes.size} classes found: is src/web/ there?`);
  const missing = [...classes].filter((c) => !new RegExp(`\\.${c}(?![\\w-])`).test(cssNoComments));
  assert.deepEqual(missing, [], 'classes in src/web/*.c with no rule in static/style.css');
  // status badges are written as "st-" + the status key
  for (const st of ['in_service', 'maintenance', 'retired']) assert.match(cssNoComments, new RegExp(`\\.st-${st}\\b`));
});

test('the stylesheet downloads nothing and stays small', () => {
  assert.doesNotMatch(cssNoComments, /@import|@font-face|url\(\s*["']?(https?:)?\/\//i);
  assert.match(cssNoComments, /"PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif/);
  assert.match(cssNoComments, /@media print/);
  assert.match(cssNoComments, /:focus-visible/);
  const lines = css.split('\n').length;
  assert.ok(lines < 400, `${lines} lines`);
  const open = (cssNoComments.match(/{/g) || []).length, close = (cssNoComments.match(/}/g) || []).length;
  assert.equal(open, close, 'braces balance');
});

test('the server serves the stylesheet as CSS', async () => {
  const s = await startServer();
  try {
    const r = await fetch(s.url + '/static/style.css');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/css/);
    assert.equal(await r.text(), css);
    const home = await (await fetch(s.url + '/')).text();
    // the version in the URL makes a new release fetch the new stylesheet
    assert.match(home, /<link rel="stylesheet" href="\/static\/style.css\?v=[0-9.]+">/);
  } finally {
    await s.stop();
  }
});
