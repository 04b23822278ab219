import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chain, inlineRow, repeated, xlsx } from '../test/zip';

const folder = mkdtempSync(join(tmpdir(), 'suiji-upload-limits-'));
afterAll(() => { rmSync(folder, { recursive: true, force: true }); });

const ENTITY_HEADER = ['统一社会信用代码/注册号', '名称', '主体类型', '行政区划代码'];
const INSPECTOR_HEADER = ['姓名', '执法证号', '部门'];
const MB = 1024 * 1024;

interface ChildResult {
  idle: number;
  peak: number;
  alive: number;
  answers: { fileName: string; status: number; code: string | null; message: string | null; job: { status: string; message: string | null } | null }[];
}

/** Runs the uploads in a child server (heap capped at 1 GB, so a regression ends there, not in the machine's swap). */
function runChild(specs: readonly string[]): Promise<{ code: number | null; result: ChildResult | null; stderr: string }> {
  const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=1024', '--import', 'tsx', 'server/test/upload_memory_child.ts', ...specs], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)), env: process.env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ code, result: line ? JSON.parse(line.slice(7)) as ChildResult : null, stderr: stderr.slice(-2000) });
    });
  });
}

describe('uploads cannot exhaust the server', () => {
  it('refuses a 200 MB cell (shared or inline) and a 30 MB CSV field with a Chinese reason, staying under idle + 300 MB', async () => {
    const shared = join(folder, 'shared.xlsx');
    writeFileSync(shared, await xlsx(
      [inlineRow(1, ENTITY_HEADER), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
      chain('<si><t>', repeated('A', 200 * MB), '</t></si>'),
    ));
    const inline = join(folder, 'inline.xlsx');
    writeFileSync(inline, await xlsx(chain(inlineRow(1, ENTITY_HEADER), '<row r="2"><c r="A2" t="inlineStr"><is><t>', repeated('B', 200 * MB), '</t></is></c></row>')));
    const inspectors = join(folder, 'inspectors.xlsx');
    writeFileSync(inspectors, await xlsx(
      [inlineRow(1, INSPECTOR_HEADER), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'],
      chain('<si><t>', repeated('人', 60 * MB), '</t></si>'),
    ));
    const csv = join(folder, 'field.csv');
    // The long field comes after the first 64 KB, which the upload's header check reads: the file is accepted (202)
    // and the job ends 未导入 with the reason.
    writeFileSync(csv, Buffer.concat([
      Buffer.from(`${ENTITY_HEADER.join(',')}\r\n${'91220104MA0000001X,长春市朝阳区甲商贸有限公司,企业,220104\r\n'.repeat(2000)}91220104MA0000002X,`),
      Buffer.alloc(30 * MB, 'C'),
      Buffer.from(',企业,220104\r\n'),
    ]));
    const entities = '/api/directory/entities/import';
    const { code, result, stderr } = await runChild([
      `${entities}|chaoyang|共享字符串.xlsx|${shared}`,
      `${entities}|chaoyang|内联字符串.xlsx|${inline}`,
      `/api/directory/inspectors/import|chaoyang|人员.xlsx|${inspectors}`,
      `${entities}|chaoyang|长字段.csv|${csv}`,
    ]);
    expect(code, stderr).toBe(0);
    if (!result) throw new Error(`no result from the child: ${stderr}`);
    process.stdout.write(`upload limits: idle ${result.idle} MB, peak ${result.peak} MB (+${result.peak - result.idle} MB)\n`);
    const [sharedAnswer, inlineAnswer, inspectorAnswer, csvAnswer] = result.answers;
    expect(sharedAnswer).toMatchObject({ status: 400, code: 'IMPORT_FILE_INVALID', message: expect.stringMatching(/超过 32767 个字符/) as unknown });
    expect(inlineAnswer).toMatchObject({ status: 400, code: 'IMPORT_FILE_INVALID', message: expect.stringMatching(/第 2 行有单元格超过 32767 个字符/) as unknown });
    expect(inspectorAnswer).toMatchObject({ status: 400, code: 'IMPORT_FILE_INVALID', message: expect.stringMatching(/超过 32767 个字符/) as unknown });
    expect(csvAnswer).toMatchObject({ status: 202, job: { status: 'failed', message: expect.stringMatching(/导入失败：第 2002 行有单元格超过 32767 个字符/) as unknown } });
    expect(result.alive).toBe(200);
    expect(result.peak - result.idle).toBeLessThan(300);
  }, 600_000);
});
