/**
 * One set of import rules (domain/import/rules.ts, issue #8 item 8): every import takes .xlsx and .csv, and the size the
 * server accepts is the one the web's dialog announces — 10 MB for an immediate import (the inspector import refused
 * above 5 MB while its dialog said 10 MB), 300 MB for a background job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_RULES, importHint } from '../../domain/import/rules';
import { startTestServer, type TestServer } from '../test/harness';
import { uploadFile } from '../test/upload';
import { ENTITY_IMPORT_LIMITS } from '../modules/entities/import_routes';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const HEADER = '姓名,执法证号,部门\r\n';
const ROW = '张三,JC000001,长春市朝阳区市场监督管理局\r\n';
/** A CSV of the inspector template of about `bytes` bytes (rows repeated). */
const csvOf = (bytes: number) => HEADER + ROW.repeat(Math.ceil(bytes / Buffer.byteLength(ROW)));

describe('one set of import rules for every import', () => {
  it('reads the inspector import as .csv as well as .xlsx', async () => {
    const chaoyang = await server.as('chaoyang');
    const response = await uploadFile(chaoyang, '/api/directory/inspectors/import?mode=valid_rows', '人员.csv', `${HEADER}${ROW}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ added: 1, rejected: 0 });
  });

  it('takes an immediate import up to the size the dialog announces (10 MB), then refuses it naming that size', async () => {
    const chaoyang = await server.as('chaoyang');
    // 6 MB: past the old 5 MB limit, within 10 MB; refused only for its row count.
    const six = await uploadFile(chaoyang, '/api/directory/inspectors/import', '人员.csv', csvOf(6 * 1024 * 1024));
    expect(six.json()).toMatchObject({ code: 'TOO_MANY_ROWS', message: '一次最多导入 5000 名执法检查人员' });
    const eleven = await uploadFile(chaoyang, '/api/directory/inspectors/import', '人员.csv', csvOf(11 * 1024 * 1024));
    expect(eleven.statusCode).toBe(400);
    expect(eleven.json()).toMatchObject({ code: 'FILE_TOO_LARGE', message: `文件超过 ${IMPORT_RULES.immediate.maxLabel}，请拆分成几个文件分批导入` });
  });

  it('gives the entity import job the background size, and the dialog its words from the same rules', () => {
    expect(ENTITY_IMPORT_LIMITS.maxBytes).toBe(IMPORT_RULES.job.maxBytes);
    expect(importHint('immediate')).toBe('支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），单个文件不超过 10 MB、5000 行以内');
    expect(importHint('job')).toBe('支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），单个文件不超过 300 MB、约 100 万行');
  });
});
