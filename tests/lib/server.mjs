// server.mjs — starts a throw-away Shenrong server for a test file.
//
//   const s = await startServer();            // empty community + fixtures
//   const res = await fetch(s.url + '/api/v1/regions');
//   const tok = await s.login('admin');       // a bearer token
//   await s.stop();                           // fails if the server crashed,
//                                             // leaked or logged a sanitizer report
//
// The server is the sanitizer build (build/asan/shenrong) unless
// SHENRONG_BIN says otherwise.  Each server gets its own temporary folder,
// database and loopback port.  With SHENRONG_TEST_PG set to the folder of
// a PostgreSQL server's socket (scripts/pg-test.sh starts a throw-away
// one), the database is a fresh PostgreSQL database on it instead of a
// SQLite file; s.sql() runs SQL on either.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.SHENRONG_BIN || join(root, 'build/asan/shenrong');

const ENV = {
  ...process.env,
  SHENRONG_FAST_HASH: '1',
  SHENRONG_LOG: 'warn',
  SHENRONG_SHARE: root,
  ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:halt_on_error=1',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
};

export const PASSWORD = 'correct-horse-battery';

/** The PostgreSQL socket folder under test, or null for SQLite. */
export const PG = process.env.SHENRONG_TEST_PG || null;
const PG_USER = process.env.SHENRONG_TEST_PG_USER || 'postgres';

function pgUrl(name) {
  return `postgresql://${PG_USER}@/${name}?host=${encodeURIComponent(PG)}`;
}

/** A new empty database: a file path in dir, or a PostgreSQL URL
 *  (backend 'sqlite' asks for a file whatever SHENRONG_TEST_PG says). */
export function newDatabase(dir, backend) {
  if (!PG || backend === 'sqlite') return join(dir, 'test.db');
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const r = spawnSync('createdb', ['-h', PG, '-U', PG_USER, name], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`createdb: ${r.stderr}`);
  return pgUrl(name);
}

/** Drops a database newDatabase() made (a file goes with its folder). */
export function dropDatabase(db) {
  if (!PG || !db.startsWith('postgresql://')) return;
  const name = db.slice(db.lastIndexOf('/') + 1, db.indexOf('?'));
  spawnSync('dropdb', ['-h', PG, '-U', PG_USER, '--force', '--if-exists', name], { encoding: 'utf8' });
}

/** Runs SQL on a test database; rows as lines, columns split by '|'. */
export function runSql(db, query) {
  const r = db.startsWith('postgresql://')
    ? spawnSync('psql', ['-X', '-q', '-At', '-F', '|', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', query], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${db.startsWith('postgresql://') ? 'psql' : 'sqlite3'}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Runs the shenrong CLI; returns {status, stdout, stderr}. */
export function cli(args, input) {
  const r = spawnSync(BIN, args, { env: ENV, input: input ?? '', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without blocking: resolves to {status, stdout, stderr}. */
export function cliAsync(args, input) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { env: ENV });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
  return r;
}

async function waitHealthy(url, child, log) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log()}`);
    try {
      const r = await fetch(url + '/healthz');
      if (r.ok) return;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not become healthy: ${log()}`);
}

/**
 * Starts a server on a fresh database.  With {demo: true} the demo
 * community is generated (options.scale, default 0.02); otherwise the
 * community is empty but for regions, cities and these fixtures:
 *   orgs: 1 = 测试大学 (Hefei), 2 = 测试研究院 (Suzhou)
 *   accounts (password PASSWORD): admin (sysadmin), orgadmin1 (org_admin
 *   of 1), orgadmin2 (org_admin of 2), member1 (member of 1),
 *   coord (coordinator of 340000), office (community office)
 */
export async function startServer(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'shenrong-test-'));
  // {db}: a second server on another server's database (multi-node)
  const shared = !!options.db;
  const db = options.db ?? newDatabase(dir, options.backend);
  if (shared) {
    /* made and filled by its first server */
  } else if (options.demo) {
    must(cli(['demo', '--db', db, '--scale', String(options.scale ?? 0.02), '--seed', '7', '--quiet']), 'demo');
  } else {
    must(cli(['init', '--db', db]), 'init');
  }
  // the demo makes its own accounts (admin among them)
  const users = options.demo || shared ? [] : [['admin', 'sysadmin', []]];
  for (const [name, role, extra] of users)
    must(cli(['user', 'add', '--db', db, '--name', name, '--role', role, ...extra, '--password-stdin'], PASSWORD + '\n'), `user add ${name}`);

  let child, url, stderr = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    url = `http://127.0.0.1:${port}`;
    stderr = '';
    child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(options.threads ?? 4), ...(options.args ?? [])],
      { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d) => { stderr += d; });
    try {
      await waitHealthy(url, child, () => stderr);
      break;
    } catch (e) {
      child.kill('SIGKILL');
      if (attempt === 4 || !/cannot listen/.test(stderr)) throw e;
    }
  }

  const s = {
    url, db, dir, cli,
    log: () => stderr,
    /** Runs SQL on the server's database (sqlite3 or psql). */
    sql: (query) => runSql(db, query),
    /** Logs in through the API; returns the bearer token. */
    async login(username, password = PASSWORD) {
      const r = await fetch(url + '/api/v1/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (r.status !== 201) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
      return (await r.json()).token;
    },
    /** fetch with a bearer token and JSON body. */
    async api(method, path, { token, body, headers = {} } = {}) {
      const h = { ...headers };
      if (token) h.Authorization = `Bearer ${token}`;
      if (body !== undefined && !h['Content-Type']) h['Content-Type'] = 'application/json';
      const r = await fetch(url + path, {
        method, headers: h,
        body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
      });
      const text = await r.text();
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
      return { status: r.status, headers: r.headers, text, json };
    },
    /** Stops the server; throws if it did not exit cleanly or a sanitizer spoke. */
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      const bad = /AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/.test(stderr);
      const code = child.exitCode;
      if (!options.keep && !shared) {
        rmSync(dir, { recursive: true, force: true });
        dropDatabase(db);
      } else if (shared) {
        rmSync(dir, { recursive: true, force: true });
      }
      if (bad || code !== 0) throw new Error(`server exit ${code}; stderr:\n${stderr}`);
    },
  };

  // fixtures through the API, as a person would make them
  if (!options.demo && !shared) {
    const admin = await s.login('admin');
    const mk = async (body) => {
      const r = await s.api('POST', '/api/v1/organisations', { token: admin, body });
      if (r.status !== 201) throw new Error(`fixture org: ${r.status} ${r.text}`);
      return r.json.id;
    };
    s.org1 = await mk({ kind: 'university', name_zh: '测试大学', name_en: 'Test University', city: '340100' });
    s.org2 = await mk({ kind: 'institute', name_zh: '测试研究院', name_en: 'Test Institute', city: '320500' });
    const more = [
      ['orgadmin1', 'org_admin', ['--org', String(s.org1)]],
      ['orgadmin2', 'org_admin', ['--org', String(s.org2)]],
      ['member1', 'member', ['--org', String(s.org1)]],
      ['coord', 'coordinator', ['--region', '340000']],
      ['office', 'office', []],
    ];
    // in parallel: each is a sanitizer-built process hashing a password
    const results = await Promise.all(more.map(([name, role, extra]) =>
      cliAsync(['user', 'add', '--db', db, '--name', name, '--role', role, ...extra, '--password-stdin'], PASSWORD + '\n')
        .then((r) => [name, r])));
    for (const [name, r] of results) must(r, `user add ${name}`);
  }
  return s;
}
