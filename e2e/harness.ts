/**
 * E2E harness: a real server (`npx tsx server/main.ts`) on a free port with a fresh data directory,
 * and Debian's chromium driven by playwright-core with a fresh profile. Builds nothing itself: it
 * expects `npm run build:web` to have run, and runs it once only when web/dist is missing.
 *
 * Env: SUIJI_E2E_DATABASE_URL — run the server on that PostgreSQL database instead of embedded PGlite.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOT_DIR = join(REPO_ROOT, 'e2e', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const START_TIMEOUT_MS = 240_000;
/** The demo password unless the server prints another one (server/demo). */
const DEFAULT_DEMO_PASSWORD = 'Suiji@2026';

export interface Harness {
  readonly baseUrl: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The demo accounts' password as printed by the server at start. */
  readonly demoPassword: string;
  /** Everything the server printed so far (stdout and stderr). */
  serverOutput(): string;
  /**
   * Saves e2e/screenshots/<name>.png and returns its path: the whole page, or only the viewport
   * (`fullPage: false`) while a dialog is open, since a stitched page splits the sticky shell.
   */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  /** Signs in from the login page with the demo password (or `password`) and waits to leave it. */
  signIn(account: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

/** Runs a journey; when it fails, saves e2e/screenshots/<failureShot>.png of where it stopped, then fails. */
export async function runJourney(harness: Harness, failureShot: string, journey: () => Promise<void>): Promise<void> {
  try {
    await journey();
  } catch (error) {
    await harness.screenshot(failureShot).catch(() => undefined);
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ensureWebBuilt(): void {
  if (existsSync(join(REPO_ROOT, 'web', 'dist', 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForServer(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`服务进程已退出（code ${child.exitCode}）：\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/auth/csrf`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`服务在 ${START_TIMEOUT_MS / 1000} 秒内没有就绪：\n${output()}`);
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  // The server runs in its own process group (npx → node → tsx → database worker): signal the
  // whole group, and wait until every process in it is gone, not just npx.
  try { process.kill(-pid, 'SIGTERM'); } catch { /* already gone */ }
  const deadline = Date.now() + 20_000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    while (groupAlive(pid)) await sleep(100);
  }
}

function removeDir(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/**
 * SUIJI_E2E_TEMPLATE_DIR (set by scripts/test_all.sh for the embedded pass): the first journey's server loads the demo
 * data into a template data directory and stops; every journey then starts on a copy of it, instead of playing the
 * same demo story again (about ten seconds a journey). Each copy is the whole directory of a cleanly stopped server,
 * so every journey still starts on exactly the state a newcomer's first start gives.
 */
async function copyDemoTemplate(env: NodeJS.ProcessEnv, dataDir: string): Promise<void> {
  const root = process.env['SUIJI_E2E_TEMPLATE_DIR'];
  if (!root) return;
  const template = join(root, 'data');
  if (!existsSync(join(template, 'ready'))) {
    const building = join(root, 'building');
    await removeDir(building);
    await mkdir(root, { recursive: true });
    const port = await freePort();
    const child = spawn('npx', ['tsx', 'server/main.ts'], {
      cwd: REPO_ROOT, env: { ...env, PORT: String(port), DATA_DIR: building }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
    try {
      await waitForServer(`http://127.0.0.1:${port}`, child, () => output);
    } finally {
      await stopServer(child);
    }
    await removeDir(template);
    await rename(building, template);
    await writeFile(join(template, 'ready'), new Date().toISOString());
  }
  await cp(template, dataDir, { recursive: true });
}

/**
 * `serverEnv`: extra environment for the server, e.g. SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS (server/config.ts: shortens
 * the 10-minute lead of a draw's random source so a journey need not wait; 30 s by default here; refused in production).
 */
export async function startHarness(serverEnv: Readonly<Record<string, string>> = {}): Promise<Harness> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`找不到 ${CHROMIUM}：请先运行 apt-get update && apt-get install -y chromium fonts-wqy-microhei`);
  }
  ensureWebBuilt();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const tempRoot = await mkdtemp(join(tmpdir(), 'suiji-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: join(tempRoot, 'data'), DEMO_ENTITIES: '2000',
    // A ceremony's random source may exist 30 s after the commitment instead of 10 min (server/config.ts; never in production).
    SUIJI_DRAW_SOURCE_MIN_LEAD_SECONDS: '30', ...serverEnv };
  delete env['DATABASE_URL'];
  const databaseUrl = process.env['SUIJI_E2E_DATABASE_URL'];
  if (databaseUrl) {
    env['DATABASE_URL'] = databaseUrl;
    // One installation, one checkpoint key: the servers of a pass share the database, so they share the key that signed
    // its checkpoints (each would otherwise make its own in its data directory and find the others' signatures foreign).
    if (!serverEnv['SUIJI_CHECKPOINT_KEY_FILE']) {
      const name = databaseUrl.replace(/[^A-Za-z0-9]+/g, '_').slice(-60);
      env['SUIJI_CHECKPOINT_KEY_FILE'] = join(tmpdir(), `suiji-e2e-keys-${name}`, 'checkpoint-ed25519.pem');
    }
  }
  if (!databaseUrl && Object.keys(serverEnv).every((k) => !k.startsWith('DEMO_'))) await copyDemoTemplate(env, env['DATA_DIR'] ?? '');
  const child = spawn('npx', ['tsx', 'server/main.ts'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });

  let context: BrowserContext | null = null;
  try {
    await waitForServer(baseUrl, child, () => output);
    context = await chromium.launchPersistentContext(join(tempRoot, 'chromium-profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
  } catch (error) {
    await stopServer(child);
    await removeDir(tempRoot);
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const printed = /密码均为\s*([^\s）)]+)/.exec(output)?.[1];
  const browserContext = context;

  return {
    baseUrl,
    context: browserContext,
    page,
    demoPassword: printed ?? DEFAULT_DEMO_PASSWORD,
    serverOutput: () => output,
    async screenshot(name, options) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      // Let opening drawers, dialogs and messages finish moving (spinners loop forever: skip those).
      await page.evaluate(() => Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined))));
      await page.screenshot({ path, fullPage: options?.fullPage ?? true });
      return path;
    },
    async signIn(account, password) {
      await page.goto(`${baseUrl}/login`);
      await page.getByPlaceholder('账号', { exact: true }).fill(account);
      await page.getByPlaceholder('密码', { exact: true }).fill(password ?? printed ?? DEFAULT_DEMO_PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    },
    async close() {
      await browserContext.close().catch(() => undefined);
      await stopServer(child);
      await removeDir(tempRoot);
    },
  };
}
