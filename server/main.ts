/**
 * `npm start`: opens the database (embedded by default, PostgreSQL with DATABASE_URL), migrates it,
 * loads the code tables, the built-in roles and — on first run, outside production — the demo
 * data, then serves the API and the web app on http://localhost:3000 (PORT overrides).
 */
import { allRegions } from '../domain/codes/regions';
import { loadOrCreateCheckpointKey, publicKeyFiles } from './audit/checkpoint_key';
import { loadConfig } from './config';
import { ensureAdministrator, ensureBuiltinRoles, ensureRegions } from './bootstrap';
import { openDatabase } from './db/database';
import { openReplicaRouter, type ReadRouter } from './db/replica';
import { DataDirLockedError } from './db/lock';
import { buildApp } from './http/app';
import { DEMO_PASSWORD, loadDemoData } from './demo/load_demo';
import { loadWorkflowDemo } from './demo/workflow_story';
import { ensureDictionaries } from './modules/dictionaries/store';
import { discardInterruptedImports } from './modules/entities/pending_import';
import { createMessageProvider } from './messaging/provider';

const LEVELS = { province: 1, prefecture: 2, county: 3 } as const;

async function main(): Promise<void> {
  const config = loadConfig();
  const started = Date.now();
  // Before the database: a key that cannot be read or written stops the start, not the first checkpoint.
  const checkpointKey = loadOrCreateCheckpointKey(config.checkpointKeyFile);
  const database = await openDatabase(config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: config.dataDir });
  const { db } = database;
  // An entity import cut off by the last stop left hidden records: they go before anyone can be served (docs/decisions/0007).
  await discardInterruptedImports(db, { all: database.kind === 'pglite', now: new Date() });
  await ensureRegions(db, allRegions().map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, level: LEVELS[r.level] })));
  await ensureBuiltinRoles(db);
  await ensureDictionaries(db);
  const admin = await ensureAdministrator(db, { production: config.production, demoPassword: DEMO_PASSWORD });
  const demo = config.loadDemoData ? await loadDemoData(db, { seed: config.demoSeed, entities: config.demoEntities, production: config.production }) : null;
  // Plans, tasks and draws of the demo organisation, played through the API once (server/demo/workflow_story.ts).
  const story = demo ? await loadWorkflowDemo(db, { seed: config.demoSeed, now: new Date(), checkpointKey: checkpointKey.key }) : false;

  const replica = replicaOf(config, database.kind, db);
  const app = await buildApp({
    db, ...(replica ? { replica } : {}), now: () => new Date(), production: config.production, cookieSecure: config.cookieSecure, trustProxy: config.trustProxy,
    session: { ttlHours: config.sessionTtlHours, idleMinutes: config.sessionIdleMinutes }, logLevel: config.logLevel,
    rateLimit: config.rateLimit, apiDocsPublic: config.apiDocsPublic, drawSourceMinLeadMs: config.drawSourceMinLeadMs,
    checkpoints: { key: checkpointKey.key, intervalMinutes: config.checkpointIntervalMinutes },
    messages: createMessageProvider(config.messageProvider),
  });
  await app.listen({ port: config.port, host: config.host });

  const where = database.kind === 'pglite' ? `嵌入式数据库 ${config.dataDir}`
    : `PostgreSQL（DATABASE_URL）${replica ? `；公示、统计与导出读取只读副本（DATABASE_REPLICA_URL，落后超过 ${config.replicaMaxLagSeconds} 秒时改读主库）` : ''}`;
  const lines = [
    '',
    `suiji 双随机、一公开监管平台已启动：http://localhost:${config.port}`,
    `数据库：${where}；启动用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
    `接口文档：http://localhost:${config.port}/api/docs${config.production && !config.apiDocsPublic ? '（登录后查看）' : ''}`,
  ];
  lines.push(checkpointKey.created
    ? `已生成留痕检查点签名密钥：${config.checkpointKeyFile}（权限 0600，请另行备份；公钥见 ${publicKeyFiles(config.checkpointKeyFile).pem}，密钥编号 ${checkpointKey.key.keyId}）`
    : `留痕检查点签名密钥：${config.checkpointKeyFile}（密钥编号 ${checkpointKey.key.keyId}）`);
  if (admin) lines.push(`系统管理员：admin / ${admin.password}${config.production ? '（首次登录须修改密码，此密码只显示这一次）' : ''}`);
  if (demo) {
    if (story) lines.push('已载入演示业务数据：上年度已发布的计划、任务与抽取凭证及其检查结果（已退回、待审核、已通过、已公示与一条已批准的更正），本年度已抽取的任务，下一年度审批中的计划。');
    lines.push(demo.loaded ? `已载入演示数据（种子 ${config.demoSeed}，市场主体 ${config.demoEntities} 户）。演示账号（密码均为 ${DEMO_PASSWORD}）：` : `演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const account of demo.accounts) lines.push(`  ${account.account.padEnd(14)} ${account.roleName} · ${account.departmentName}`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`收到 ${signal}，正在关闭…\n`);
    void app.close().then(() => replica?.close()).then(() => database.close()).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The streaming replica's read router (PostgreSQL only; the embedded database has no replicas). */
function replicaOf(config: ReturnType<typeof loadConfig>, kind: 'pglite' | 'postgres', db: Parameters<typeof openReplicaRouter>[0]['primary']): ReadRouter | null {
  if (!config.databaseReplicaUrl) return null;
  if (kind !== 'postgres') {
    process.stderr.write('已设置 DATABASE_REPLICA_URL，但未设置 DATABASE_URL：嵌入式数据库没有只读副本，此设置不起作用。\n');
    return null;
  }
  return openReplicaRouter({
    primary: db, replicaUrl: config.databaseReplicaUrl, maxLagSeconds: config.replicaMaxLagSeconds,
    onChange: (status) => { process.stderr.write(`只读副本状态：${status.state}${status.message ? `（${status.message}）` : ''}\n`); },
  });
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`启动失败：${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`启动失败：${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
