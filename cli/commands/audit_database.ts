/**
 * Opening the database the server would open — DATABASE_URL (PostgreSQL), else the embedded
 * database in DATA_DIR/pgdata — for the `audit` subcommands, with the Chinese explanations of why
 * it could not be opened (exit 2).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../server/config';
import { openDatabase, type Database, type DatabaseTarget } from '../../server/db/database';
import { DataDirLockedError } from '../../server/db/lock';

export function describeTarget(config: Config): string {
  if (!config.databaseUrl) return `嵌入式数据库 ${join(config.dataDir, 'pgdata')}`;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return 'PostgreSQL（DATABASE_URL）';
  }
}

export function configOrExplain(err: NodeJS.WritableStream): Config | null {
  try {
    return loadConfig();
  } catch (error) {
    err.write(`配置错误：${(error as Error).message}\n`);
    return null;
  }
}

/** Runs `work` with the server's database open; 2 (explained on `err`) when it cannot be opened. */
export async function withDatabase(config: Config, err: NodeJS.WritableStream, work: (database: Database) => Promise<number>): Promise<number> {
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
    return await work(database);
  } finally {
    await database.close();
  }
}
