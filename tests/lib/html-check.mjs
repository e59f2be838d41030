// html-check.mjs — is a page valid, accessible HTML?  Used by the page
// tests; needs Debian's tidy (scripts/deps.sh test installs it).
//
//   const problems = checkPage(html);    // [] when the page is good
//   assert.deepEqual(problems, []);
//
// Two kinds of check:
//   tidy      `tidy -q -e --show-warnings yes` must report nothing, except
//             the warnings in TIDY_ALLOWED, each with the reason it is
//             allowed.  (cgit runs its pages through tidy the same way.)
//   structure <html lang>, one non-empty <title>, exactly one <h1>, every
//             form control labelled, ids unique, no <script> at all (pages
//             never depend on JavaScript, and a stray "<script" in a page
//             is how an escaping bug shows).
import { spawnSync } from 'node:child_process';

export const TIDY = process.env.TIDY || '/usr/bin/tidy';

/**
 * Warnings tidy may give and why each is not a fault of the page.  Match
 * on the message after "Warning: ".
 */
export const TIDY_ALLOWED = [
  {
    re: /^<a> proprietary attribute "aria-current"$/,
    why: 'aria-current is WAI-ARIA 1.1 (2017) and valid HTML; tidy 5.6 (Debian 12) predates it. ' +
      'The navigation marks the current section with it.',
  },
];

/** Runs tidy on html; returns [{line, col, level, msg}] for every report not allowed. */
export function tidyProblems(html, allowed = TIDY_ALLOWED) {
  const r = spawnSync(TIDY, ['-q', '-e', '--show-warnings', 'yes', '--show-info', 'no',
    '-utf8', '--gnu-emacs', 'no'], { input: html, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${TIDY}: ${r.error.message}`);
  const out = [];
  for (const line of (r.stderr || '').split('\n')) {
    if (!line.trim()) continue;
    const m = /^line (\d+) column (\d+) - (Warning|Error|Access|Info|Config): (.*)$/.exec(line);
    if (!m) { out.push({ line: 0, col: 0, level: 'tidy', msg: line }); continue; }
    const [, ln, col, level, msg] = m;
    if (level === 'Warning' && allowed.some((a) => a.re.test(msg))) continue;
    out.push({ line: +ln, col: +col, level, msg });
  }
  if (r.status === 2 && !out.length) out.push({ line: 0, col: 0, level: 'Error', msg: 'tidy exited 2' });
  return out;
}

// ---- a small tag scanner: enough for our own server-written pages ----

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta',
  'source', 'track', 'wbr']);

function attrsOf(s) {
  const a = {};
  const re = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  let m;
  while ((m = re.exec(s))) a[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? '';
  return a;
}

const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Tags in document order: {name, close, attrs, at, text (up to the next tag)}. */
export function scanTags(html) {
  const tags = [];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let m;
  while ((m = re.exec(html))) {
    const next = html.indexOf('<', re.lastIndex);
    tags.push({ name: m[2].toLowerCase(), close: m[1] === '/', attrs: attrsOf(m[3]), at: m.index,
      text: decode(html.slice(re.lastIndex, next < 0 ? html.length : next)) });
  }
  return tags;
}

/** Structural and accessibility problems of a page, as strings. */
export function structureProblems(html) {
  const p = [];
  const tags = scanTags(html);
  if (/<script/i.test(html)) p.push('contains "<script"');
  if (!/^<!DOCTYPE html>/i.test(html.trimStart())) p.push('no <!DOCTYPE html>');

  const htmlTag = tags.find((t) => t.name === 'html' && !t.close);
  if (!htmlTag || !htmlTag.attrs.lang) p.push('<html> has no lang');

  const titles = tags.filter((t) => t.name === 'title' && !t.close);
  // an SVG chart carries its own <title> for screen readers: count only the head's
  const headEnd = html.search(/<\/head>/i);
  const headTitles = titles.filter((t) => headEnd < 0 || t.at < headEnd);
  if (headTitles.length !== 1) p.push(`${headTitles.length} <title> in <head>`);
  else if (!headTitles[0].text.trim()) p.push('empty <title>');

  const h1 = tags.filter((t) => t.name === 'h1' && !t.close).length;
  if (h1 !== 1) p.push(`${h1} <h1> elements (want exactly one)`);

  const ids = new Map();
  for (const t of tags) {
    if (t.close || t.attrs.id === undefined) continue;
    ids.set(t.attrs.id, (ids.get(t.attrs.id) || 0) + 1);
  }
  for (const [id, n] of ids) if (n > 1) p.push(`id "${id}" used ${n} times`);

  // labels: <label for=id> anywhere, or the control inside a <label>
  const labelFor = new Set();
  for (const t of tags) if (t.name === 'label' && !t.close && t.attrs.for) labelFor.add(t.attrs.for);
  let inLabel = 0;
  for (const t of tags) {
    if (t.name === 'label') { inLabel += t.close ? -1 : 1; continue; }
    if (t.close || !['input', 'select', 'textarea'].includes(t.name)) continue;
    const type = (t.attrs.type || 'text').toLowerCase();
    if (t.name === 'input' && ['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    const labelled = inLabel > 0 || (t.attrs.id && labelFor.has(t.attrs.id)) ||
      (t.attrs['aria-label'] || '').trim() || t.attrs['aria-labelledby'];
    if (!labelled) p.push(`<${t.name} name="${t.attrs.name ?? ''}"> has no label`);
  }
  for (const f of labelFor) if (!ids.has(f)) p.push(`<label for="${f}"> points at no element`);

  // the few void elements must not be closed, and what opens must close
  const stack = [];
  for (const t of tags) {
    if (VOID.has(t.name)) continue;
    if (!t.close) { stack.push(t.name); continue; }
    const i = stack.lastIndexOf(t.name);
    if (i < 0) { p.push(`stray </${t.name}>`); continue; }
    stack.length = i;
  }
  return p;
}

/** Every problem of a page (tidy's and ours) as strings; [] when good. */
export function checkPage(html, { allowed = TIDY_ALLOWED } = {}) {
  return [
    ...tidyProblems(html, allowed).map((e) => `tidy ${e.level} line ${e.line}:${e.col}: ${e.msg}`),
    ...structureProblems(html),
  ];
}
