/**
 * `npm run cli -- audit verify`: walks the operation log's hash chain (全程留痕) in the database the
 * server would open — DATABASE_URL (PostgreSQL), else the embedded database in DATA_DIR/pgdata —
 * and reports whether it is intact. Exit 0 intact, 1 broken, 2 could not check.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyChain, type ChainProblem } from '../../server/audit/chain';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase, type Database, type DatabaseTarget } from '../../server/db/database';
import { DataDirLockedError } from '../../server/db/lock';
import type { CliCommand } from '../command';

const USAGE = 'npm run cli -- audit verify';

const PROBLEM_LABELS: Record<ChainProblem, string> = { edited: '被修改', deleted: '被删除', reordered: '顺序被调换' };

function describeTarget(config: Config): string {
  if (!config.databaseUrl) return `嵌入式数据库 ${join(config.dataDir, 'pgdata')}`;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL（DATABASE_URL）';
  }
}

async function verify(out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    err.write(`配置错误：${(error as Error).message}\n`);
    return 2;
  }
  const target: DatabaseTarget = config.databaseUrl ? { kind: 'postgres', url: config.databaseUrl, poolSize: 1 } : { kind: 'pglite', dataDir: config.dataDir };
  if (target.kind === 'pglite' && !existsSync(join(config.dataDir, 'pgdata'))) {
    err.write(`数据目录 ${config.dataDir} 中没有数据库（pgdata）。请用 DATA_DIR 指向服务使用的数据目录，或设置 DATABASE_URL。\n`);
    return 2;
  }
  let database: Database;
  try {
    database = await openDatabase(target);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      err.write(`${error.message}\n嵌入式数据库同一时间只能由一个进程打开：请先停止服务再校验（或在服务运行时通过「系统监控 → 操作日志 → 校验留痕链」校验）。\n`);
    } else {
      err.write(`无法打开数据库（${describeTarget(config)}）：${(error as Error).message}\n`);
    }
    return 2;
  }
  try {
    out.write(`数据库：${describeTarget(config)}\n`);
    const report = await verifyChain(database.db);
    if (report.ok) {
      out.write(`留痕链完整：共 ${report.rows} 条操作日志，逐条校验通过。\n链头哈希：${report.head}\n`);
      return 0;
    }
    out.write(`留痕链断裂：第 ${report.seq} 条操作日志${PROBLEM_LABELS[report.problem]}。\n${report.message}\n（已读到第 ${report.rows} 条记录时发现；此后的记录无法据此链确认。）\n`);
    return 1;
  } finally {
    await database.close();
  }
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: '校验操作日志哈希链（全程留痕）：完整退出码 0，断裂 1，无法校验 2',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'verify' || rest.length > 0) {
      process.stderr.write(`${sub && sub !== 'verify' ? `未知子命令：${sub}\n` : rest.length > 0 ? `多余的参数：${rest.join(' ')}\n` : ''}用法：${USAGE}\n`);
      return 2;
    }
    return verify(process.stdout, process.stderr);
  },
};
