/**
 * The 检查表 of a version as .xlsx (事项 / 子项 / 内容 / 方法 / 是 / 否 / 依据, one line per 检查内容),
 * and, for department lists, importing such a file into a draft: the draft's own (non-inherited)
 * nodes are replaced by the file's. A tree is imported whole per 检查事项: in 「仅导入正确的行」 mode a
 * 检查事项 with any wrong line is left out together with its lines.
 */
import { z } from 'zod';
import { CHECK_SHEET_COLUMNS, checkSheetRows, parseCheckSheet, validItemsOnly, type CheckSheetColumn, type CheckSheetRow } from '../../../domain/checklist/check_sheet';
import { describeNode } from '../../../domain/checklist/types';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { errorResponses } from '../../http/errors';
import { sendXlsx } from '../../export/xlsx';
import { ImportModeSchema, type ColumnSpec } from '../../import/columns';
import { readUploadedTable } from '../../import/upload';
import { sendTemplate } from '../../import/template';
import { editableList, requireAuth, visibleList, visibleVersion, type KindConfig } from './context';
import { ImportResult, VersionParams } from './schema';
import { loadItems } from './store';
import { lockDraft, replaceNodes, touchVersion, versionLocked } from './tree_store';

const SPECS: readonly ColumnSpec<CheckSheetColumn>[] = CHECK_SHEET_COLUMNS.map((c) => ({ key: c.key, header: c.header, required: c.required, ...(c.hint ? { hint: c.hint } : {}) }));
const MAX_ROWS = 5000;

const EXAMPLE: Record<CheckSheetColumn, string> = {
  itemCode: 'SX-001', itemName: '企业公示信息检查', category: '一般', target: '辖区内企业', methods: '实地核查、书面检查', subject: '长春市市场监督管理局',
  subitemCode: 'SX-001-01', subitemName: '年度报告公示信息', contentCode: 'SX-001-01-01', contentName: '企业通信地址、邮政编码、联系电话、电子邮箱等信息是否真实',
  checkMethod: '查阅企业年度报告，实地核查经营场所', yesWording: '公示信息真实', noWording: '公示信息不真实', basis: '《企业信息公示暂行条例》第十四条', resultOptions: '正常、不正常',
};

export function registerChecklistIoRoutes(app: TypedApp, services: AppServices, config: KindConfig): void {
  const { base, tags, noun, access, kind } = config;
  const db = services.db;

  app.get(`${base}/:id/versions/:version/export`, {
    config: { access: 'directory:checklist:list' },
    schema: { tags, summary: `导出${noun}某一版本的检查表（.xlsx）`, params: VersionParams },
  }, async (request, reply) => {
    const list = await visibleList(db, requireAuth(request.auth), config, request.params.id);
    const version = await visibleVersion(db, list, request.params.version);
    const rows = checkSheetRows((await loadItems(db, version.id)).nodes);
    async function* pages(): AsyncIterable<readonly CheckSheetRow[]> { yield rows; }
    return sendXlsx(reply, `${list.name}（第${version.version}版）检查表.xlsx`, '检查表',
      CHECK_SHEET_COLUMNS.map((c) => ({ header: c.header, width: c.width, value: (r: CheckSheetRow) => r[c.key] })), pages());
  });

  if (kind !== 'department') return;

  app.get(`${base}/import-template`, {
    config: { access: access.update },
    schema: { tags, summary: '下载抽查事项清单导入模板' },
  }, async (_request, reply) => sendTemplate(reply, '抽查事项清单导入模板.xlsx', SPECS, EXAMPLE));

  app.post(`${base}/:id/versions/:version/import`, {
    config: { access: access.update, summary: '导入抽查事项清单' },
    schema: {
      tags, summary: '从检查表（.xlsx/.csv）导入草稿的本级事项（替换草稿中原有的本级事项；multipart，字段 file）', params: VersionParams,
      querystring: z.object({ mode: ImportModeSchema.default('all_or_nothing') }), response: { 200: ImportResult, ...errorResponses },
    },
  }, async (request) => {
    const list = await editableList(db, requireAuth(request.auth), config, request.params.id);
    const version = await visibleVersion(db, list, request.params.version);
    if (version.status !== 'draft') throw versionLocked(version.version, version.status);
    const { fileName, records } = await readUploadedTable(request, SPECS, { maxRows: MAX_ROWS, noun: '行' });

    const parsed = parseCheckSheet(records);
    const current = (await loadItems(db, version.id)).nodes;
    const inherited = current.filter((n) => n.inherited);
    const inheritedCodes = new Map(inherited.map((n) => [n.code, n]));
    const clashes = parsed.nodes.flatMap((node, i) => {
      const taken = inheritedCodes.get(node.code);
      return taken ? [{ row: parsed.rows[i] ?? 0, column: '编码', message: `编码「${node.code}」已被上级清单的${describeNode(taken)}使用` }] : [];
    });
    const issues = [...parsed.issues, ...clashes].sort((a, b) => a.row - b.row);
    const chosen = request.query.mode === 'valid_rows' ? validItemsOnly({ ...parsed, issues }) : { nodes: parsed.nodes, rejectedRows: new Set(issues.map((i) => i.row)) };
    const apply = (issues.length === 0 || request.query.mode === 'valid_rows') && chosen.nodes.length > 0;
    const rejected = apply ? chosen.rejectedRows.size : records.length;
    if (apply) {
      await runChange(request, services, async (tx, record) => {
        const locked = await lockDraft(tx, list.id, version.version);
        await replaceNodes(tx, locked.id, [...inherited, ...chosen.nodes]);
        await touchVersion(tx, locked.id, services.now());
        record.target('checklist', list.id);
        record.detail({ file: fileName, mode: request.query.mode, version: locked.version, nodes: chosen.nodes.length, rejectedRows: rejected });
        record.event({ type: 'ChecklistItemsChanged', checklistId: list.id, versionId: locked.id, change: 'imported', codes: chosen.nodes.filter((n) => n.level === 'item').map((n) => n.code) });
      });
    }
    return { added: apply ? records.length - rejected : 0, updated: 0, unchanged: 0, rejected, errors: issues.slice(0, 1000) };
  });
}
