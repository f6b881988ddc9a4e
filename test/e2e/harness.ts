// Shared by the end-to-end tests: starts the real `ml-connector` CLI (serve or demo) as a child process
// and reads its one JSON line, launches Debian's headless Chromium through playwright-core with a fresh
// profile, and saves screenshots (test-results/screenshots; also docs/screenshots with
// MLC_UPDATE_SCREENSHOTS=1). Everything binds and talks to 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const repoRoot = resolve(import.meta.dirname, '../..');
const cli = join(repoRoot, 'scripts', 'ml-connector.mjs');

export interface Started {
  /** The UI address with its token fragment, as printed. */
  url: string;
  token: string;
  /** The whole JSON line (the demo adds dataDir and sandboxes). */
  info: Record<string, unknown>;
  child: ChildProcess;
  /** What the process wrote to stderr so far (for failure messages). */
  stderr: () => string;
  stop(): Promise<void>;
}

/** Runs `node scripts/ml-connector.mjs <args>` and resolves with the first JSON line that has a url. */
export function startCli(args: string[], { timeoutMs = 90_000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<Started> {
  const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    err = (err + chunk).slice(-20_000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<Started>((resolvePromise, reject) => {
    const fail = (why: string) => {
      void stop();
      reject(new Error(`ml-connector ${args.join(' ')}: ${why}\n--- stderr ---\n${err}`));
    };
    const timer = setTimeout(() => fail(`printed no {"url","token"} line within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(`exited (${code ?? signal}) before printing its JSON line`);
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let info: Record<string, unknown>;
      try {
        info = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (typeof info['url'] !== 'string') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolvePromise({ url: info['url'], token: String(info['token'] ?? ''), info, child, stderr: () => err, stop });
    });
  });
}

export interface Workspace extends Started {
  dataDir: string;
  /** Stops the process and removes its data folder. */
  close(): Promise<void>;
}

/** A fresh, empty data folder (removed by the workspace's close()). */
export const makeDataDir = () => mkdtempSync(join(tmpdir(), 'mlc-e2e-'));

/** `ml-connector serve --data-dir <dir> --port 0`, in a fresh data folder unless one is given. */
export async function startServe(dataDir = makeDataDir()): Promise<Workspace> {
  const started = await startCli(['serve', '--data-dir', dataDir, '--port', '0']).catch((e: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return { ...started, dataDir, close: async () => (await started.stop(), rmSync(dataDir, { recursive: true, force: true })) };
}

/** `ml-connector demo --port 0` in a fresh data folder: sandboxes and a ready workspace. */
export async function startDemo(): Promise<Workspace> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlc-e2e-demo-'));
  const started = await startCli(['demo', '--data-dir', dataDir, '--port', '0'], { timeoutMs: 110_000 }).catch((e: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return { ...started, dataDir, close: async () => (await started.stop(), rmSync(dataDir, { recursive: true, force: true })) };
}

/** `ml-connector sandbox <system> --port 0`: the system's faithful sandbox; its JSON line is in `info`. */
export function startSandbox(system: 'sage300' | 'hubspot', extra: string[] = []): Promise<Started> {
  return startCli(['sandbox', system, '--port', '0', ...extra]);
}

/** One call of the contract over the served HTTP transport (for test setup and waiting, not for what the UI must show). */
export async function apiCall<T = unknown>(started: Pick<Started, 'url' | 'token'>, channel: string, input: unknown = {}): Promise<T> {
  const origin = new URL(started.url).origin;
  const res = await fetch(`${origin}/api/${channel}`, { method: 'POST', headers: { authorization: `Bearer ${started.token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`);
  return body.value;
}

/** Waits until no flow is queued or running (the demo's first scheduled runs, for instance). */
export async function waitForIdleFlows(started: Pick<Started, 'url' | 'token'>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const flows = await apiCall<{ state: string; lastRun: { status: string } | null }[]>(started, 'flows:list');
    if (flows.every((f) => f.state !== 'running' && f.lastRun?.status !== 'running' && f.lastRun?.status !== 'queued')) return;
    if (Date.now() > deadline) throw new Error('flows still running after ' + timeoutMs + ' ms');
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** POST/PATCH/PUT JSON to a sandbox's admin API (what a tester does at the ERP desk or in HubSpot). */
export async function sandboxAdmin(adminUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${adminUrl}/${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox admin ${method} ${path}: HTTP ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** In the mapping editor: adds `transform` as transform number `position` of `field`, then closes the pop-up. */
export async function addTransform(page: Page, field: string, position: number, transform: string): Promise<void> {
  await page.getByRole('button', { name: `Transforms of ${field}` }).click();
  await page.getByRole('button', { name: 'Add transform' }).click();
  await page.locator(`input[aria-label="Transform ${position}"]`).click();
  await page.getByRole('option', { name: transform }).click();
  await page.keyboard.press('Escape');
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile, 1280×800, no network but what the page asks of 127.0.0.1. */
export async function openBrowser({ colorScheme = 'light' }: { colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'mlc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.status() !== 401) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-window screenshot as a test artifact (and as the README's picture when asked to). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = join(repoRoot, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  // Finished transitions only: a drawer caught mid-slide is not what the admin sees.
  await page.screenshot({ path: file, animations: 'disabled' });
  if (process.env['MLC_UPDATE_SCREENSHOTS'] === '1') {
    const docs = join(repoRoot, 'docs', 'screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, join(docs, `${name}.png`));
  }
  return file;
}

/** What `withServeAndSandboxes` starts; read it inside a test (the hooks fill it in before the first). */
export interface ServeAndSandboxes {
  ws: Workspace;
  sage: Started;
  hubspot: Started;
  browser: BrowserSession;
}

/**
 * For a describe block: `serve` on a fresh data folder, the Sage 300 and HubSpot sandboxes and Chromium,
 * started before its tests and stopped after them; a failing test leaves a FAILED- screenshot.
 */
export function withServeAndSandboxes(): ServeAndSandboxes {
  const env = {} as ServeAndSandboxes;
  beforeAll(async () => {
    [env.ws, env.sage, env.hubspot] = await Promise.all([startServe(), startSandbox('sage300'), startSandbox('hubspot')]);
    env.browser = await openBrowser();
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await saveScreenshot(env.browser.page, `FAILED-${task.name.slice(0, 40)}`);
  });
  afterAll(async () => {
    await env.browser?.close();
    await Promise.all([env.ws?.close(), env.sage?.stop(), env.hubspot?.stop()]);
  });
  return env;
}

/** Connections to both sandboxes and the Sage 300 customers flow of `env`, after its first run. */
export async function syncedCustomersFlow({ ws, sage, hubspot }: ServeAndSandboxes): Promise<{ id: string; name: string }> {
  const erp = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'sage300', name: 'Company A', settings: { url: String(sage.info['url']), user: 'WEBAPI' }, secrets: { password: String(sage.info['password']) } });
  const crm = await apiCall<{ id: string }>(ws, 'connections:create', { system: 'hubspot', name: 'Portal', settings: { baseUrl: String(hubspot.info['url']) }, secrets: { accessToken: String(hubspot.info['token']) } });
  const [customers] = await apiCall<{ id: string; name: string }[]>(ws, 'flows:fromTemplate', { template: 'sage300-hubspot', erpConnectionId: erp.id, crmConnectionId: crm.id, flows: ['customers'] });
  await apiCall(ws, 'runs:syncNow', { flowIds: [customers!.id] });
  await waitForIdleFlows(ws);
  return customers!;
}
