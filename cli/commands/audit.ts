/**
 * `npm run cli -- audit …` (全程留痕), against the database the server would open:
 *  - `verify [--checkpoints FILE] [--public-key FILE]` walks the operation log's hash chain and
 *    compares signed checkpoints with it: those of FILE (held outside the database — the only proof
 *    against a cut tail, TRUNCATE or a recomputed chain), else those stored in the database (weaker).
 *    Exit 0 intact, 1 broken or a checkpoint mismatch, 2 could not check.
 *  - `checkpoint` signs the current head now; `checkpoints export FILE` writes every checkpoint.
 */
import type { KeyObject } from 'node:crypto';
import type { Checkpoint, CheckpointComparison } from '../../domain/audit/checkpoint';
import { verifyChain, type ChainProblem, type ChainReport } from '../../server/audit/chain';
import { allCheckpoints, compareWithChain } from '../../server/audit/checkpoints';
import type { CliCommand } from '../command';
import { checkpointNow, exportCheckpoints, publicKeyFor, readCheckpointFile } from './audit_checkpoints';
import { configOrExplain, describeTarget, withDatabase } from './audit_database';

const USAGE = [
  'npm run cli -- audit verify [--checkpoints FILE] [--public-key FILE]',
  'npm run cli -- audit checkpoint',
  'npm run cli -- audit checkpoints export FILE',
].join('\n       ');

const PROBLEM_LABELS: Record<ChainProblem, string> = { edited: '被修改', deleted: '被删除', reordered: '顺序被调换' };

interface VerifyOptions { readonly checkpoints: string | null; readonly publicKey: string | null }

function parseVerifyArgs(args: readonly string[]): VerifyOptions | string {
  let checkpoints: string | null = null;
  let publicKey: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag === '--checkpoints' || flag === '--public-key') && value && !value.startsWith('--')) {
      if (flag === '--checkpoints') checkpoints = value;
      else publicKey = value;
      i++;
    } else {
      return flag === '--checkpoints' || flag === '--public-key' ? `${flag} 需要一个文件路径` : `多余的参数：${flag ?? ''}`;
    }
  }
  return { checkpoints, publicKey };
}

function writeChain(out: NodeJS.WritableStream, report: ChainReport): void {
  if (report.ok) {
    out.write(`留痕链完整：共 ${report.rows} 条操作日志，逐条校验通过（含各条的领域事件）。\n链头哈希：${report.head}\n`);
  } else {
    out.write(`留痕链断裂：第 ${report.seq} 条操作日志${PROBLEM_LABELS[report.problem]}。\n${report.message}\n（已读到第 ${report.rows} 条记录时发现；此后的记录无法据此链确认。）\n`);
  }
}

function writeComparison(out: NodeJS.WritableStream, comparison: CheckpointComparison, rows: number): void {
  for (const finding of comparison.findings) out.write(`  ✗ ${finding.message}\n`);
  if (comparison.findings.length === 0) {
    out.write(`  ✓ ${comparison.checked} 个检查点签名有效，所指记录的哈希与签名时一致。\n`);
  }
  if (comparison.anchoredSeq > 0 && comparison.anchoredSeq < rows) {
    out.write(`  第 ${comparison.anchoredSeq + 1}–${rows} 条在最新的有效检查点之后，只由哈希链本身保证（尾部删除或重算无法据此发现）。\n`);
  }
}

async function verify(options: VerifyOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const config = configOrExplain(err);
  if (!config) return 2;
  let fromFile: Checkpoint[] | null = null;
  if (options.checkpoints) {
    const read = readCheckpointFile(options.checkpoints);
    if (!read.ok) {
      err.write(`${read.message}\n`);
      return 2;
    }
    fromFile = read.checkpoints;
  }
  const key = publicKeyFor(config, options.publicKey);
  if (!key.ok) {
    err.write(`${key.message}\n`);
    return 2;
  }
  if (fromFile && !key.key) {
    err.write(`没有验签公钥：请用 --public-key 指定公钥文件（PEM 或 base64），或在服务所在机器上运行（读取 ${config.checkpointKeyFile}）。\n`);
    return 2;
  }
  return withDatabase(config, err, async (database) => {
    out.write(`数据库：${describeTarget(config)}\n`);
    const report = await verifyChain(database.db);
    writeChain(out, report);
    const rows = report.ok ? report.rows : report.seq - 1;
    const publicKey: KeyObject | null = key.key;
    let comparison: CheckpointComparison | null = null;
    if (fromFile && publicKey) {
      out.write(`检查点：文件 ${options.checkpoints ?? ''} 中 ${fromFile.length} 个，验签用${key.source}\n`);
      comparison = await compareWithChain(database.db, fromFile, publicKey);
      writeComparison(out, comparison, rows);
    } else {
      const stored = await allCheckpoints(database.db);
      out.write('检查点：未指定 --checkpoints，只核对数据库内保存的检查点。能改写数据库的人也能删改这些检查点，'
        + '因此这只是较弱的核对；要证明日志未被截断或重算，请用保存在别处的检查点文件：audit verify --checkpoints FILE\n');
      if (stored.length === 0) {
        out.write('  数据库内没有检查点。\n');
      } else if (!publicKey) {
        out.write(`  数据库内有 ${stored.length} 个检查点，但找不到验签公钥（${config.checkpointKeyFile}），未核对；可用 --public-key 指定。\n`);
      } else {
        out.write(`  数据库内 ${stored.length} 个，验签用${key.source}\n`);
        comparison = await compareWithChain(database.db, stored, publicKey);
        writeComparison(out, comparison, rows);
      }
    }
    const intact = report.ok && (comparison?.findings.length ?? 0) === 0;
    out.write(intact
      ? '结论：通过。未发现修改、删除、截断或重算。\n'
      : `结论：未通过。${report.ok ? '' : '哈希链断裂；'}${comparison && comparison.findings.length > 0 ? `${comparison.findings.length} 个检查点与现有记录不符。` : ''}\n`);
    return intact ? 0 : 1;
  });
}

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: '全程留痕：校验操作日志哈希链与签名检查点（完整退出码 0，不符 1，无法校验 2）、生成与导出检查点',
  usage: USAGE,
  async run(args) {
    const [sub, ...rest] = args;
    const usage = (problem: string) => {
      process.stderr.write(`${problem ? `${problem}\n` : ''}用法：${USAGE}\n`);
      return 2;
    };
    if (sub === undefined) return usage('');
    switch (sub) {
      case 'verify': {
        const options = parseVerifyArgs(rest);
        return typeof options === 'string' ? usage(options) : verify(options, process.stdout, process.stderr);
      }
      case 'checkpoint':
        return rest.length > 0 ? usage(`多余的参数：${rest.join(' ')}`) : checkpointNow(process.stdout, process.stderr, new Date());
      case 'checkpoints': {
        const [action, file, ...extra] = rest;
        if (action !== 'export' || !file || extra.length > 0) return usage(action && action !== 'export' ? `未知子命令：checkpoints ${action}` : '');
        return exportCheckpoints(file, process.stdout, process.stderr);
      }
      default:
        return usage(`未知子命令：${sub}`);
    }
  },
};
