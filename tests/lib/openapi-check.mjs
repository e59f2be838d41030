// openapi-check.mjs — keeps docs/api/openapi.yaml true, with no dependency.
//
//   import * as oa from '../lib/openapi-check.mjs';
//   const spec = oa.loadSpec();                  // the document, parsed
//   const routes = oa.loadRoutes();              // src/http/routes.c's table
//   oa.checkRouteCoverage(spec, routes)          // -> [problem, ...]
//   oa.checkResponse(spec, {method, path, status, headers, text})
//                                                // -> [problem, ...]
//
// It holds:
//   - parseYaml(): a parser for the small subset of YAML the document is
//     written in (block mappings and sequences, flow collections of scalars,
//     quoted and plain scalars, "|" block scalars, whole-line comments).
//     Anything outside the subset is an error, never a silent guess.
//   - parseRoutes(): the C route table, read with a regular expression.
//   - validate(): a JSON-schema validator for the keywords the document
//     uses (type, nullable, enum, required, properties,
//     additionalProperties: false, items, $ref, minimum, maximum,
//     maxLength); checkSchemaKeywords() refuses any other keyword so that
//     nothing in the document is silently unchecked.
//   - checks that compare the document with the sources: routes and their
//     flags, vocabularies (src/domain/catalog.c), input field specs
//     (src/domain/instrument.c, org.c) and query parameters the handlers
//     read (src/api/*.c, src/http/params.c).
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_PATH = join(ROOT, 'docs/api/openapi.yaml');
const read = (rel) => readFileSync(join(ROOT, rel), 'utf8');

/* ------------------------------------------------------------------ */
/* YAML subset                                                          */
/* ------------------------------------------------------------------ */

class YamlError extends Error {
  constructor(msg, lineno) { super(`openapi.yaml:${lineno + 1}: ${msg}`); }
}

/** Parses the YAML subset described above into plain JS values. */
export function parseYaml(text) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  const indentOf = (l) => l.length - l.trimStart().length;
  const isBlankOrComment = (l) => /^\s*(#.*)?$/.test(l);

  lines.forEach((l, n) => {
    if (/^\s*\t/.test(l)) throw new YamlError('a tab in the indentation', n);
  });

  // the next line that holds something, or -1
  function peek() {
    while (i < lines.length && isBlankOrComment(lines[i])) i++;
    return i < lines.length ? i : -1;
  }

  function parseNode(indent) {
    const n = peek();
    if (n < 0) return null;
    const ind = indentOf(lines[n]);
    if (ind < indent) return null;
    const body = lines[n].slice(ind);
    if (body === '-' || body.startsWith('- ')) return parseSeq(ind);
    return parseMap(ind);
  }

  function splitKey(body, n) {
    let key, rest;
    if (body[0] === "'" || body[0] === '"') {
      const { value, end } = quoted(body, 0, n);
      key = value;
      rest = body.slice(end);
      if (!rest.startsWith(':')) throw new YamlError('expected ":" after a quoted key', n);
      rest = rest.slice(1);
    } else {
      const c = body.search(/:(\s|$)/);
      if (c <= 0) throw new YamlError(`expected "key: value", got ${JSON.stringify(body)}`, n);
      key = body.slice(0, c);
      if (/^[#'"{}[\],&*!|>%@`?]/.test(key) || /\s#/.test(key)) throw new YamlError(`quote the key ${JSON.stringify(key)}`, n);
      rest = body.slice(c + 1);
    }
    if (rest !== '' && !/^\s/.test(rest)) throw new YamlError('expected a blank after ":"', n);
    return { key, rest: rest.trim() };
  }

  function parseMap(ind) {
    const out = {};
    for (;;) {
      const n = peek();
      if (n < 0) break;
      const li = indentOf(lines[n]);
      if (li < ind) break;
      if (li > ind) throw new YamlError('unexpected indentation', n);
      const body = lines[n].slice(ind);
      if (body === '-' || body.startsWith('- ')) throw new YamlError('a sequence item where a key was expected', n);
      const { key, rest } = splitKey(body, n);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new YamlError(`duplicate key ${key}`, n);
      i = n + 1;
      out[key] = valueAfterKey(rest, ind, n);
    }
    return out;
  }

  function valueAfterKey(rest, ind, n) {
    if (rest === '' || rest.startsWith('#')) {
      const m = peek();
      if (m >= 0 && indentOf(lines[m]) > ind) return parseNode(indentOf(lines[m]));
      return null;
    }
    if (/^\|[-+]?$/.test(rest)) return blockScalar(rest, ind);
    if (/^>/.test(rest)) throw new YamlError('folded scalars (>) are outside the subset; use |', n);
    const v = inline(rest, n);
    const m = peek();
    if (m >= 0 && indentOf(lines[m]) > ind) throw new YamlError('unexpected indentation after a value', m);
    return v;
  }

  function parseSeq(ind) {
    const out = [];
    for (;;) {
      const n = peek();
      if (n < 0) break;
      const li = indentOf(lines[n]);
      if (li < ind) break;
      if (li > ind) throw new YamlError('unexpected indentation', n);
      const body = lines[n].slice(ind);
      if (!(body === '-' || body.startsWith('- '))) break;
      const rest = body.slice(1).trim();
      if (rest === '' || rest.startsWith('#')) {
        i = n + 1;
        const m = peek();
        out.push(m >= 0 && indentOf(lines[m]) > ind ? parseNode(indentOf(lines[m])) : null);
      } else if (looksLikeKey(rest)) {
        // "- key: value": a mapping whose first line starts after "- "
        const at = ind + body.length - body.slice(1).trimStart().length;
        lines[n] = ' '.repeat(at) + lines[n].slice(at);
        out.push(parseMap(at));
      } else {
        i = n + 1;
        out.push(inline(rest, n));
        const m = peek();
        if (m >= 0 && indentOf(lines[m]) > ind) throw new YamlError('unexpected indentation after an item', m);
      }
    }
    return out;
  }

  function looksLikeKey(s) {
    if (s[0] === '[' || s[0] === '{') return false;
    if (s[0] === "'" || s[0] === '"') {
      try { const { end } = quoted(s, 0, -1); return s[end] === ':'; } catch { return false; }
    }
    return /^[^\s#][^:]*?:(\s|$)/.test(s);
  }

  function blockScalar(header, ind) {
    const chomp = header[1] || '';
    const body = [];
    let blockInd = -1;
    while (i < lines.length) {
      const l = lines[i];
      if (/^\s*$/.test(l)) { body.push(''); i++; continue; }
      const li = indentOf(l);
      if (li <= ind) break;
      if (blockInd < 0) blockInd = li;
      if (li < blockInd) throw new YamlError('a block scalar line less indented than its first', i);
      body.push(l.slice(blockInd));
      i++;
    }
    while (body.length && body[body.length - 1] === '') body.pop();
    const s = body.join('\n');
    if (chomp === '+') throw new YamlError('"|+" is outside the subset', i - 1);
    return chomp === '-' || s === '' ? s : s + '\n';
  }

  function quoted(s, at, n) {
    const q = s[at];
    let j = at + 1, out = '';
    for (;;) {
      if (j >= s.length) throw new YamlError('an unclosed quoted scalar (quoted scalars must fit on one line)', n);
      const c = s[j];
      if (q === "'" && c === "'") {
        if (s[j + 1] === "'") { out += "'"; j += 2; continue; }
        return { value: out, end: j + 1 };
      }
      if (q === '"' && c === '\\') {
        const esc = s[j + 1];
        const simple = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', 0: '\0' };
        if (esc in simple) { out += simple[esc]; j += 2; continue; }
        if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) {
          out += String.fromCharCode(parseInt(s.slice(j + 2, j + 6), 16));
          j += 6;
          continue;
        }
        throw new YamlError(`an escape \\${esc} outside the subset`, n);
      }
      if (q === '"' && c === '"') return { value: out, end: j + 1 };
      out += c;
      j++;
    }
  }

  function plain(s, n) {
    if (/^[&*!%@`|>?]/.test(s) || /^-(\s|$)/.test(s)) throw new YamlError(`a plain scalar may not start with ${s[0]}`, n);
    if (/:\s/.test(s) || s.endsWith(':')) throw new YamlError(`quote ${JSON.stringify(s)}: it holds ": "`, n);
    if (s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
    if (/^(true|True|TRUE)$/.test(s)) return true;
    if (/^(false|False|FALSE)$/.test(s)) return false;
    if (/^(yes|no|on|off|y|n)$/i.test(s)) throw new YamlError(`quote ${s}: YAML 1.1 reads it as a boolean`, n);
    if (/^[-+]?(0|[1-9][0-9]*)$/.test(s)) return Number(s);
    if (/^0[0-9]+$/.test(s) || /^0[xo]/.test(s)) throw new YamlError(`quote ${s}: octal or hex`, n);
    if (/^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) return Number(s);
    return s;
  }

  // a value on the rest of a line: quoted, flow collection or plain, then
  // an optional comment
  function inline(s, n) {
    let v, end;
    if (s[0] === "'" || s[0] === '"') {
      ({ value: v, end } = quoted(s, 0, n));
    } else if (s[0] === '[' || s[0] === '{') {
      ({ value: v, end } = flow(s, 0, n));
    } else {
      const c = s.search(/\s#/);
      return plain(c < 0 ? s.trimEnd() : s.slice(0, c).trimEnd(), n);
    }
    const tail = s.slice(end).trim();
    if (tail !== '' && !tail.startsWith('#')) throw new YamlError(`unexpected ${JSON.stringify(tail)} after a value`, n);
    return v;
  }

  function flow(s, at, n) {
    const open = s[at], close = open === '[' ? ']' : '}';
    const out = open === '[' ? [] : {};
    let j = at + 1;
    const ws = () => { while (s[j] === ' ') j++; };
    const item = () => {
      ws();
      if (s[j] === '[' || s[j] === '{') { const r = flow(s, j, n); j = r.end; return r.value; }
      if (s[j] === "'" || s[j] === '"') { const r = quoted(s, j, n); j = r.end; return r.value; }
      const m = /^[^,[\]{}:#]*/.exec(s.slice(j));
      j += m[0].length;
      const t = m[0].trim();
      if (t === '') throw new YamlError('an empty item in a flow collection', n);
      return plain(t, n);
    };
    ws();
    if (s[j] === close) return { value: out, end: j + 1 };
    for (;;) {
      if (open === '[') {
        out.push(item());
      } else {
        const k = item();
        ws();
        if (s[j] !== ':') throw new YamlError('expected ":" in a flow mapping', n);
        j++;
        out[String(k)] = item();
      }
      ws();
      if (s[j] === ',') { j++; continue; }
      if (s[j] === close) return { value: out, end: j + 1 };
      throw new YamlError(`expected "," or "${close}" in a flow collection`, n);
    }
  }

  const doc = parseNode(0);
  const rest = peek();
  if (rest >= 0) throw new YamlError('unexpected text after the document', rest);
  return doc;
}

/** The document, parsed. */
export function loadSpec(path = SPEC_PATH) {
  return parseYaml(readFileSync(path, 'utf8'));
}

/* ------------------------------------------------------------------ */
/* The route table                                                      */
/* ------------------------------------------------------------------ */

/** Reads routes[] from routes.c: [{method, path, handler, flags: [..]}]. */
export function parseRoutes(src) {
  const table = /const struct route routes\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(src);
  if (!table) throw new Error('routes.c: cannot find "const struct route routes[] = {"');
  const body = table[1].replace(/\/\*[\s\S]*?\*\//g, '');
  const out = [];
  const re = /\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*([^}]*?)\s*\}/g;
  let m;
  while ((m = re.exec(body))) {
    const flags = m[4].split('|').map((f) => f.trim()).filter((f) => f && f !== '0');
    out.push({ method: m[1], path: m[2], handler: m[3], flags });
  }
  const lines = body.split('\n').filter((l) => /\{\s*"/.test(l)).length;
  if (lines !== out.length) throw new Error(`routes.c: read ${out.length} routes from ${lines} table lines; the regular expression needs updating`);
  return out;
}

export function loadRoutes() {
  return parseRoutes(read('src/http/routes.c'));
}

/** Routes the document must describe: /api/ and /healthz. */
export function apiRoutes(routes) {
  return routes.filter((r) => r.path.startsWith('/api/') || r.path === '/healthz');
}

/** "/api/v1/instruments/:id" -> "/api/v1/instruments/{id}" */
export function toOpenApiPath(p) {
  return p.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** [{method: 'GET', path: '/api/v1/...', op}] for every operation in spec. */
export function operations(spec) {
  const out = [];
  for (const [path, item] of Object.entries(spec.paths || {}))
    for (const m of METHODS)
      if (item[m]) out.push({ method: m.toUpperCase(), path, op: item[m] });
  return out;
}

/** (a) every route is documented and the reverse; each problem a string. */
export function checkRouteCoverage(spec, routes) {
  const problems = [];
  const want = new Set(apiRoutes(routes).map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
  const have = new Set(operations(spec).map((o) => `${o.method} ${o.path}`));
  for (const w of want) if (!have.has(w)) problems.push(`${w} is in src/http/routes.c but not in docs/api/openapi.yaml`);
  for (const h of have) if (!want.has(h)) problems.push(`${h} is in docs/api/openapi.yaml but not in src/http/routes.c`);
  return problems;
}

/** Each route's flags, handler and path parameters agree with its operation. */
export function checkRouteFlags(spec, routes) {
  const problems = [];
  for (const r of apiRoutes(routes)) {
    const path = toOpenApiPath(r.path);
    const op = spec.paths?.[path]?.[r.method.toLowerCase()];
    if (!op) continue;
    const where = `${r.method} ${path}`;
    const codes = Object.keys(op.responses || {});
    const need = (code, why) => { if (!codes.includes(code)) problems.push(`${where}: ${why}, so it must list ${code}`); };
    const sec = op.security || spec.security || [];
    const schemes = sec.flatMap((req) => Object.keys(req));
    if (op['x-handler'] !== r.handler) problems.push(`${where}: x-handler is ${op['x-handler']}, routes.c says ${r.handler}`);
    if (r.flags.includes('NEED_LOGIN')) {
      if (!schemes.includes('bearerAuth') || !schemes.includes('cookieAuth')) problems.push(`${where}: NEED_LOGIN, so security must offer bearerAuth and cookieAuth`);
      need('401', 'NEED_LOGIN');
    } else if (schemes.length) {
      problems.push(`${where}: no NEED_LOGIN in routes.c, yet the document asks for security`);
    }
    if (r.flags.includes('NEED_CSRF') && r.flags.includes('NEED_LOGIN')) {
      const cookieReqs = sec.filter((req) => 'cookieAuth' in req);
      if (!cookieReqs.length || !cookieReqs.every((req) => 'csrfToken' in req)) problems.push(`${where}: NEED_CSRF, so cookieAuth must come with csrfToken`);
      need('403', 'NEED_CSRF');
    } else if (schemes.includes('csrfToken')) {
      problems.push(`${where}: no NEED_CSRF in routes.c, yet the document asks for csrfToken`);
    }
    const body = op.requestBody?.content?.['application/json'];
    if (r.flags.includes('BODY_JSON')) {
      if (!body) problems.push(`${where}: BODY_JSON, so it needs an application/json requestBody`);
      need('400', 'BODY_JSON (malformed JSON)');
      need('413', 'BODY_JSON (a body over the limit)');
      need('415', 'BODY_JSON (another content type)');
    } else if (op.requestBody) {
      problems.push(`${where}: no BODY_JSON in routes.c, yet the document has a requestBody`);
    }
    need('400', 'every route checks its query string');
    need('405', 'every path answers other methods with 405');
    need('503', 'every route may find the database busy');
    const pathParams = [...r.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
    const params = (op.parameters || []).map((p) => resolveRef(spec, p));
    for (const name of pathParams) {
      if (!params.some((p) => p.in === 'path' && p.name === name && p.required === true)) problems.push(`${where}: path parameter ${name} is not described (in: path, required: true)`);
      need('404', `the path has :${name}`);
    }
    for (const p of params) if (p.in === 'path' && !pathParams.includes(p.name)) problems.push(`${where}: describes path parameter ${p.name} that the path lacks`);
  }
  return problems;
}

/* ------------------------------------------------------------------ */
/* Schemas                                                              */
/* ------------------------------------------------------------------ */

/** Follows a local $ref ("#/components/...") if x is one. */
export function resolveRef(spec, x) {
  let seen = 0;
  while (x && typeof x === 'object' && typeof x.$ref === 'string') {
    if (!x.$ref.startsWith('#/')) throw new Error(`only local $ref are supported: ${x.$ref}`);
    let t = spec;
    for (const part of x.$ref.slice(2).split('/')) {
      t = t?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (t === undefined) throw new Error(`$ref ${x.$ref} points nowhere`);
    x = t;
    if (++seen > 32) throw new Error('a $ref loop');
  }
  return x;
}

const SCHEMA_KEYWORDS = new Set(['type', 'nullable', 'enum', 'required', 'properties', 'additionalProperties',
  'items', '$ref', 'minimum', 'maximum', 'maxLength', 'description', 'example', 'default', 'format']);
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

/** Refuses schema keywords validate() does not understand. */
export function checkSchemaKeywords(spec) {
  const problems = [];
  const walk = (s, where) => {
    if (!s || typeof s !== 'object') return;
    for (const k of Object.keys(s)) if (!SCHEMA_KEYWORDS.has(k) && !k.startsWith('x-')) problems.push(`${where}: keyword ${k} is outside the checked subset`);
    if (s.type !== undefined && !TYPES.has(s.type)) problems.push(`${where}: type ${s.type}`);
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) problems.push(`${where}: additionalProperties may only be false`);
    if (s.required && !Array.isArray(s.required)) problems.push(`${where}: required must be a list`);
    if (s.required && s.properties) for (const r of s.required) if (!(r in s.properties)) problems.push(`${where}: required ${r} is not among the properties`);
    if (s.$ref) { try { resolveRef(spec, s); } catch (e) { problems.push(`${where}: ${e.message}`); } }
    for (const [k, v] of Object.entries(s.properties || {})) walk(v, `${where}.${k}`);
    if (s.items) walk(s.items, `${where}[]`);
  };
  for (const [name, s] of Object.entries(spec.components?.schemas || {})) walk(s, `schemas.${name}`);
  for (const o of operations(spec)) {
    for (const p of o.op.parameters || []) walk(resolveRef(spec, p).schema, `${o.method} ${o.path} parameter`);
    for (const [code, r] of Object.entries(o.op.responses || {})) {
      const res = resolveRef(spec, r);
      for (const [ct, c] of Object.entries(res.content || {})) walk(c.schema, `${o.method} ${o.path} ${code} ${ct}`);
    }
    for (const [ct, c] of Object.entries(o.op.requestBody?.content || {})) walk(c.schema, `${o.method} ${o.path} body ${ct}`);
  }
  return problems;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Validates value against schema; returns a list of problems ("at.path: ..."). */
export function validate(spec, schema, value, at = '$') {
  const problems = [];
  const s = resolveRef(spec, schema);
  if (!s || typeof s !== 'object') return problems;
  if (value === null) {
    if (s.type !== undefined && s.nullable !== true) problems.push(`${at}: null, but the document says ${s.type} and not nullable`);
    return problems;
  }
  const t = typeOf(value);
  if (s.type !== undefined) {
    const ok = s.type === t || (s.type === 'number' && t === 'integer');
    if (!ok) { problems.push(`${at}: ${t} ${JSON.stringify(value).slice(0, 60)}, the document says ${s.type}`); return problems; }
  }
  if (s.enum && !s.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${s.enum.join(', ')}`);
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) problems.push(`${at}: ${value} < minimum ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) problems.push(`${at}: ${value} > maximum ${s.maximum}`);
  }
  if (typeof value === 'string' && s.maxLength !== undefined && [...value].length > s.maxLength) problems.push(`${at}: longer than ${s.maxLength}`);
  if (t === 'object') {
    for (const r of s.required || []) if (!Object.prototype.hasOwnProperty.call(value, r)) problems.push(`${at}: required property ${r} is missing`);
    for (const [k, v] of Object.entries(value)) {
      if (s.properties && Object.prototype.hasOwnProperty.call(s.properties, k)) problems.push(...validate(spec, s.properties[k], v, `${at}.${k}`));
      else if (s.additionalProperties === false) problems.push(`${at}: property ${k} is not in the document`);
    }
  }
  if (t === 'array' && s.items) value.forEach((v, n) => problems.push(...validate(spec, s.items, v, `${at}[${n}]`)));
  return problems;
}

/* ------------------------------------------------------------------ */
/* Live answers                                                         */
/* ------------------------------------------------------------------ */

function segmentMatches(tpl, seg, spec, op) {
  const m = /^\{(.+)\}$/.exec(tpl);
  if (!m) return tpl === seg;
  const p = (op?.parameters || []).map((x) => resolveRef(spec, x)).find((x) => x.in === 'path' && x.name === m[1]);
  if (p?.schema?.type === 'integer') return /^[1-9][0-9]{0,18}$/.test(seg);
  return seg.length > 0;
}

/** The document's path template for a concrete path, or null. */
export function matchPath(spec, path) {
  const clean = path.split('?')[0].replace(/(.)\/$/, '$1');
  const segs = clean.split('/');
  for (const [tpl, item] of Object.entries(spec.paths || {})) {
    const t = tpl.split('/');
    if (t.length !== segs.length) continue;
    const anyOp = METHODS.map((m) => item[m]).find(Boolean);
    if (t.every((x, n) => segmentMatches(x, decodeURIComponent(segs[n]), spec, anyOp))) return tpl;
  }
  return null;
}

function header(headers, name) {
  if (!headers) return null;
  if (typeof headers.get === 'function') return headers.get(name);
  const k = Object.keys(headers).find((h) => h.toLowerCase() === name.toLowerCase());
  return k ? headers[k] : null;
}

/**
 * Checks one real answer against the document:
 *   {method, path, status, headers, text}
 * The status must be listed for the operation (a method the path does not
 * take must answer 405 with Allow equal to the documented methods; a path
 * the document does not have must answer 404 under /api/); headers marked
 * required must be there; a JSON body must validate against the schema.
 * Returns a list of problems, empty when the answer is documented.
 */
export function checkResponse(spec, { method, path, status, headers, text }) {
  const where = `${method} ${path} → ${status}`;
  const problems = [];
  const tpl = matchPath(spec, path);
  let op = tpl ? spec.paths[tpl][method.toLowerCase() === 'head' ? 'get' : method.toLowerCase()] : null;
  let res;
  if (!tpl) {
    if (status !== 404) return [`${where}: the path is not in the document, so only 404 is expected`];
    res = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  } else if (!op) {
    const documented = METHODS.filter((m) => spec.paths[tpl][m]).map((m) => m.toUpperCase());
    if (status !== 405) return [`${where}: ${tpl} does not take ${method}, so 405 is expected`];
    const allow = (header(headers, 'allow') || '').split(',').map((x) => x.trim()).filter(Boolean);
    if ([...allow].sort().join() !== [...documented].sort().join()) problems.push(`${where}: Allow says ${allow.join(', ')}, the document has ${documented.join(', ')}`);
    op = METHODS.map((m) => spec.paths[tpl][m]).find((o) => o?.responses?.['405']);
    if (!op) return [...problems, `${where}: no operation of ${tpl} lists 405`];
    res = resolveRef(spec, op.responses['405']);
  } else {
    const r = op.responses?.[String(status)];
    if (!r) return [`${where}: status ${status} is not listed for ${method.toUpperCase()} ${tpl} (listed: ${Object.keys(op.responses || {}).join(', ')})`];
    res = resolveRef(spec, r);
  }
  for (const [name, h] of Object.entries(res.headers || {})) {
    const hh = resolveRef(spec, h);
    if (hh.required && header(headers, name) == null) problems.push(`${where}: header ${name} is required by the document but missing`);
  }
  const json = res.content?.['application/json'];
  if (!json) {
    if (text && text.length && method !== 'HEAD') problems.push(`${where}: the document says no body, got ${JSON.stringify(text.slice(0, 80))}`);
    return problems;
  }
  const ct = header(headers, 'content-type') || '';
  if (!/^application\/json\b/.test(ct)) problems.push(`${where}: Content-Type ${ct}, the document says application/json`);
  let body;
  try { body = JSON.parse(text); } catch { return [...problems, `${where}: the body is not JSON: ${JSON.stringify(String(text).slice(0, 80))}`]; }
  problems.push(...validate(spec, json.schema, body).map((p) => `${where}: ${p}`));
  return problems;
}

/* ------------------------------------------------------------------ */
/* The sources                                                          */
/* ------------------------------------------------------------------ */

/** The vocabularies of catalog.c: {vocab_category: ['analytical', ...], ...} */
export function parseVocabularies(src = read('src/domain/catalog.c')) {
  const out = {};
  const re = /const struct term (vocab_[a-z_]+)\[\]\s*=\s*\{([\s\S]*?)\n\};/g;
  let m;
  while ((m = re.exec(src))) out[m[1]] = [...m[2].matchAll(/\{\s*"([^"]+)"\s*,/g)].map((x) => x[1]);
  return out;
}

/** The field spec named name in src: [{name, type, flags, min, max, vocab}]. */
export function parseFieldSpec(src, name) {
  const m = new RegExp(`const struct field ${name}\\[\\]\\s*=\\s*\\{([\\s\\S]*?)\\n\\};`).exec(src);
  if (!m) throw new Error(`cannot find the field spec ${name}`);
  const defines = Object.fromEntries([...src.matchAll(/#define\s+([A-Z_][A-Z0-9_]*)\s+([0-9]+)LL?\b/g)].map((d) => [d[1], Number(d[2])]));
  const num = (s) => {
    s = s.trim();
    if (s === 'INT64_MAX') return Infinity;
    if (s in defines) return defines[s];
    const v = Number(s.replace(/L+$/, ''));
    if (Number.isNaN(v)) throw new Error(`${name}: cannot read the number ${s}`);
    return v;
  };
  const out = [];
  const re = /\{\s*"([a-z_]+)"\s*,\s*(FT_[A-Z]+)\s*,\s*([^,]+?)\s*,\s*offsetof\([^)]*\)\s*,\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*([A-Za-z_]+)\s*,/g;
  let f;
  while ((f = re.exec(m[1]))) {
    out.push({
      name: f[1], type: f[2],
      flags: f[3].split('|').map((x) => x.trim()).filter((x) => x !== '0'),
      min: num(f[4]), max: num(f[5]), vocab: f[6] === 'NULL' ? null : f[6],
    });
  }
  const rows = m[1].split('\n').filter((l) => /\{\s*"/.test(l)).length;
  if (rows !== out.length) throw new Error(`${name}: read ${out.length} of ${rows} fields; the regular expression needs updating`);
  return out;
}

/** Compares the enum schemas with catalog.c's vocabularies. */
export function checkVocabularies(spec, vocabs = parseVocabularies()) {
  const pairs = { Category: 'vocab_category', InstrumentKind: 'vocab_instrument_kind', Status: 'vocab_status',
    Sharing: 'vocab_sharing', OrgKind: 'vocab_org_kind', Role: 'vocab_role' };
  const problems = [];
  for (const [schema, vocab] of Object.entries(pairs)) {
    const have = spec.components?.schemas?.[schema]?.enum;
    const want = vocabs[vocab];
    if (!want) problems.push(`catalog.c has no ${vocab}`);
    else if (JSON.stringify(have) !== JSON.stringify(want)) problems.push(`schemas.${schema}.enum is ${JSON.stringify(have)}, catalog.c ${vocab} is ${JSON.stringify(want)}`);
  }
  for (const v of Object.keys(vocabs)) if (!Object.values(pairs).includes(v)) problems.push(`catalog.c has ${v}, which no schema documents (add it to checkVocabularies)`);
  return problems;
}

/** Compares an input schema (and its patch twin) with a C field spec. */
export function checkInputSchema(spec, schemaName, fields, { patch } = {}) {
  const problems = [];
  const s = spec.components?.schemas?.[schemaName];
  if (!s) return [`no schemas.${schemaName}`];
  const where = `schemas.${schemaName}`;
  const writable = fields.filter((f) => !f.flags.includes('F_READONLY'));
  const names = writable.map((f) => f.name);
  const props = Object.keys(s.properties || {});
  for (const n of names) if (!props.includes(n)) problems.push(`${where}: field ${n} of the C spec is not documented`);
  for (const p of props) if (!names.includes(p)) problems.push(`${where}: property ${p} is not a writable field of the C spec`);
  if (s.additionalProperties !== false) problems.push(`${where}: the server refuses unknown members, so additionalProperties must be false`);
  const req = writable.filter((f) => f.flags.includes('F_REQUIRED')).map((f) => f.name).sort();
  const have = [...(s.required || [])].sort();
  if (patch ? have.length : JSON.stringify(req) !== JSON.stringify(have)) problems.push(`${where}: required is ${JSON.stringify(have)}, the C spec says ${JSON.stringify(patch ? [] : req)}`);
  const vocabSchema = { vocab_category: 'Category', vocab_instrument_kind: 'InstrumentKind', vocab_status: 'Status', vocab_sharing: 'Sharing', vocab_org_kind: 'OrgKind' };
  for (const f of writable) {
    const raw = s.properties?.[f.name];
    if (!raw) continue;
    const p = resolveRef(spec, raw);
    const at = `${where}.${f.name}`;
    const type = { FT_TEXT: 'string', FT_ENUM: 'string', FT_INT: 'integer', FT_NUM: 'number' }[f.type];
    if (p.type !== type) problems.push(`${at}: type ${p.type}, the C spec says ${type}`);
    if (f.type === 'FT_ENUM') {
      if (raw.$ref !== `#/components/schemas/${vocabSchema[f.vocab]}`) problems.push(`${at}: should be $ref to schemas.${vocabSchema[f.vocab]} (${f.vocab})`);
    } else if (p.nullable !== true) {
      problems.push(`${at}: null unsets the field (or is refused as required), so it must be nullable`);
    }
    if (f.type === 'FT_TEXT' && f.max > 0 && p.maxLength !== f.max) problems.push(`${at}: maxLength ${p.maxLength}, the C spec says ${f.max}`);
    if (f.type === 'FT_INT' || f.type === 'FT_NUM') {
      if (p.minimum !== f.min) problems.push(`${at}: minimum ${p.minimum}, the C spec says ${f.min}`);
      const max = f.max === Infinity ? undefined : f.max;
      if (p.maximum !== max) problems.push(`${at}: maximum ${p.maximum}, the C spec says ${max}`);
    }
  }
  return problems;
}

/** The body of the C function name in src, or null. */
function functionBody(src, name) {
  const m = new RegExp(`\\n(?:static\\s+)?int\\s+${name}\\s*\\([^)]*\\)\\s*\\n\\{([\\s\\S]*?)\\n\\}`).exec(src);
  return m ? m[1] : null;
}

/**
 * The query parameters each API handler reads, from the sources:
 * {handler: {name: {int: bool, min, max, def}}}.
 */
export function handlerQueryParams(routes) {
  const dir = join(ROOT, 'src/api');
  const api = readdirSync(dir).filter((f) => f.endsWith('.c')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const helpers = read('src/http/params.c');
  const out = {};
  const collect = (body, into) => {
    for (const m of body.matchAll(/q_str\(\s*r\s*,\s*"([^"]+)"\s*\)/g)) into[m[1]] ??= { int: false };
    for (const m of body.matchAll(/q_int\(\s*r\s*,\s*"([^"]+)"\s*,\s*([^,]+),\s*([^,]+),\s*([^,]+),/g))
      into[m[1]] = { int: true, def: m[2].trim(), min: m[3].trim(), max: m[4].trim() };
  };
  for (const r of apiRoutes(routes)) {
    const body = functionBody(api, r.handler);
    if (body === null) throw new Error(`cannot find the handler ${r.handler} in src/api/*.c`);
    const into = (out[r.handler] = {});
    collect(body, into);
    for (const call of body.matchAll(/\b(params_[a-z_]+)\s*\(/g)) {
      const hb = functionBody(helpers, call[1]);
      if (hb === null) throw new Error(`cannot find ${call[1]} in src/http/params.c`);
      collect(hb, into);
    }
  }
  return out;
}

/** The documented query parameters equal those each handler reads. */
export function checkQueryParams(spec, routes) {
  const problems = [];
  const read = handlerQueryParams(routes);
  for (const r of apiRoutes(routes)) {
    const path = toOpenApiPath(r.path);
    const op = spec.paths?.[path]?.[r.method.toLowerCase()];
    if (!op) continue;
    const where = `${r.method} ${path}`;
    const doc = Object.fromEntries((op.parameters || []).map((p) => resolveRef(spec, p)).filter((p) => p.in === 'query').map((p) => [p.name, p]));
    const src = read[r.handler];
    for (const [name, q] of Object.entries(src)) {
      const p = doc[name];
      if (!p) { problems.push(`${where}: the handler reads ?${name}, which is not documented`); continue; }
      const sch = resolveRef(spec, p.schema || {});
      if (q.int) {
        if (sch.type !== 'integer') problems.push(`${where}: ?${name} is read as an integer, the document says ${sch.type}`);
        const min = q.min === 'INT64_MAX' ? undefined : Number(q.min);
        const max = q.max === 'INT64_MAX' ? undefined : Number(q.max);
        if (sch.minimum !== min) problems.push(`${where}: ?${name} minimum ${sch.minimum}, the handler says ${min}`);
        if (sch.maximum !== max) problems.push(`${where}: ?${name} maximum ${sch.maximum}, the handler says ${max}`);
      }
    }
    for (const name of Object.keys(doc)) if (!(name in src)) problems.push(`${where}: ?${name} is documented, but the handler does not read it`);
  }
  return problems;
}
