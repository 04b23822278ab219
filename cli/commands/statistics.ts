/**
 * `statistics recount`: rebuilds every count the statistics dashboard keeps per task (decision 0014) from the tables
 * — a repair after a restore, a hand edit with triggers disabled, or to check the kept rows: it prints whether they
 * differed from the recount. Exit codes: 0 done (kept rows were right), 1 done (kept rows had differed and are now
 * recounted), 2 usage or database errors.
 */
import { recountAll, statisticsRows, type KeptRows } from '../../server/modules/statistics/maintained';
import type { CliCommand } from '../command';
import { configOrExplain, describeTarget, withDatabase } from './audit_database';

const USAGE = 'npm run cli -- statistics recount';

function differing(a: KeptRows, b: KeptRows): string[] {
  return (Object.keys(a) as (keyof KeptRows)[]).filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

export async function runStatistics(args: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (args.length !== 1 || args[0] !== 'recount') {
    err.write(`用法：${USAGE}\n`);
    return 2;
  }
  const config = configOrExplain(err);
  if (!config) return 2;
  return withDatabase(config, err, async (database) => {
    out.write(`数据库：${describeTarget(config)}\n`);
    const kept = await statisticsRows(database.db, 'kept');
    await recountAll(database.db);
    const wrong = differing(kept, await statisticsRows(database.db, 'kept'));
    out.write(wrong.length === 0 ? '统计计数已全部重算，与重算前一致。\n' : `统计计数已全部重算；重算前不一致的表：${wrong.join('、')}\n`);
    return wrong.length === 0 ? 0 : 1;
  });
}

export const statisticsCommand: CliCommand = {
  name: 'statistics', summary: '统计分析：按业务数据全部重算统计看板的计数（修复用；退出码 0 一致，1 重算前不一致，2 无法执行）', usage: USAGE,
  run(args) {
    return runStatistics(args, process.stdout, process.stderr);
  },
};
