import { describe, expect, it } from 'vitest';
import { bufferSource, readDirectory } from '../../export/zip_reader';
import { unzipBuffer } from '../../export/zip_reader';
import { stableDocx } from '../archives/docx_normalise';
import { escapeXml } from './docx_xml';
import { noticeDocxStable, noticeWord } from './notice_docx';
import { recordFormDocxStable, recordFormWord } from './record_form_docx';
import type { NoticeDocument, NoticeRow, RecordForm } from './schema';

const HOSTILE = `<script>&amp;"引号"'单引号'\u0001\u0008\u000b\u001f\ttab 🏪 ]]>`;
const entity = { name: `长春市朝阳区测试商贸有限公司${HOSTILE}`, code: '91220104MA0000001X', codeType: 'uscc', address: '长春市朝阳区人民大街100号 & <B座>', legalRepresentative: '王经理', regionName: '朝阳区' };
const task = {
  id: 't', code: 'T-2026-0001', name: `企业公示信息联合抽查${HOSTILE}`, periodStart: '2026-12-01', periodEnd: '2026-12-31', leadDepartmentName: '朝阳区市场监督管理局',
  departmentNames: ['朝阳区市场监督管理局', '南关区市场监督管理局'], methods: ['实地核查', '书面检查'], regionName: '朝阳区',
};
const team = [
  { name: '张组长', departmentName: '朝阳区市场监督管理局', certificateNo: 'JC000001', role: 'leader' as const, roleLabel: '组长' },
  { name: `李组员${HOSTILE}`, departmentName: '朝阳区市场监督管理局', certificateNo: 'JC000002', role: 'member' as const, roleLabel: '组员' },
  { name: '王组员', departmentName: '南关区市场监督管理局', certificateNo: 'JC000003', role: 'expert' as const, roleLabel: '专家' },
];
const notice: NoticeDocument = {
  title: '长春市朝阳区市场监督管理局', number: '朝阳区市场监督管理局 部门联合双随机抽检字【2026】第100001号', issuedOn: '2026-12-05', issuingDepartmentName: '朝阳区市场监督管理局',
  entity, task, inspectionDate: '2026-12-08', body: `根据《市场监督管理行政执法程序规定》，本局定于2026年12月8日对你单位进行检查，请予配合。\n第二行${HOSTILE}`,
  items: [{ departmentName: '朝阳区市场监督管理局', code: 'CY-01', name: '年度报告公示情况' }, { departmentName: '南关区市场监督管理局', code: 'NG-01', name: `食品经营许可情况${HOSTILE}` }],
  reminders: ['请准备营业执照等材料。', '检查人员应出示执法证件。'], team, contactPhone: '0431-88888888',
};
const delivery: NoticeRow['delivery'] = {
  method: 'left_at_premises', methodLabel: '留置送达', deliveredAt: '2026-12-06T02:30:00Z', recipient: `拒收${HOSTILE}`, note: '见证人：社区主任 李某', recordedByName: '张组长',
};
const line = (subitem: string, content: string, basis = '') => ({ subitem, content, checkMethod: '查阅资料', yesWording: '是', noWording: '否', basis });
const form: RecordForm = {
  title: `长春市朝阳区市场监督管理局${HOSTILE}`, noticeNumber: notice.number, entity, task, inspectionDate: '2026-12-08', team,
  departments: [
    {
      departmentName: '朝阳区市场监督管理局', items: [
        { code: 'CY-01', name: '年度报告公示情况', resultOptions: [], lines: [line('', '', '《企业信息公示暂行条例》第十四条')] },
        { code: 'CY-02', name: '即时信息公示情况', resultOptions: [], lines: [] },
        { code: 'CY-03', name: `三行的事项${HOSTILE}`, resultOptions: ['符合', '不符合', '其他'], lines: [line('许可证', '是否在有效期'), line('', '公示情况', '依据'), line(HOSTILE, HOSTILE, HOSTILE)] },
      ],
    },
    { departmentName: `南关区市场监督管理局${HOSTILE}`, items: [{ code: 'NG-01', name: '食品经营许可情况', resultOptions: ['符合', '不符合'], lines: [line('a', 'b'), line('c', 'd')] }] },
  ],
};
const stamp = new Date('2026-12-05T01:00:00Z');

/** Every part of a .docx, in the order the zip holds them. */
async function parts(docx: Buffer): Promise<[string, string][]> {
  const order = (await readDirectory(bufferSource(docx))).entries.map((e) => e.path);
  const content = await unzipBuffer(docx);
  return order.map((path) => [path, content.get(path)?.toString('utf8') ?? '<missing>']);
}

describe('the notice and the record form written as XML (the task archive)', () => {
  it('escapes as the library does: the five entities, control characters dropped, tabs and newlines kept', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0001\u001f\t\n\r`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f\t\n\r');
  });

  it.each([
    ['a notice before delivery', () => noticeWord(notice, null), () => noticeDocxStable(notice, null, stamp)],
    ['a notice with its delivery recorded', () => noticeWord(notice, delivery), () => noticeDocxStable(notice, delivery, stamp)],
    ['a notice without items, team or phone', () => noticeWord({ ...notice, items: [], team: [], contactPhone: null }, null), () => noticeDocxStable({ ...notice, items: [], team: [], contactPhone: null }, null, stamp)],
    ['a record form (merged rows, spans, blank lines)', () => recordFormWord(form), () => recordFormDocxStable(form, stamp)],
    ['a record form without items or notice number', () => recordFormWord({ ...form, departments: [], noticeNumber: null, team: [] }), () => recordFormDocxStable({ ...form, departments: [], noticeNumber: null, team: [] }, stamp)],
  ])('writes %s with the same parts, byte for byte, as the docx library', async (_name, library, written) => {
    const expected = await parts(await stableDocx(library(), stamp));
    const actual = await parts(await written());
    expect(actual.map(([path]) => path)).toEqual(expected.map(([path]) => path));
    for (const [k, [path, text]] of actual.entries()) expect(text, path).toBe(expected[k]?.[1]);
    expect(actual.find(([path]) => path === 'word/document.xml')?.[1]).toContain('&lt;script&gt;&amp;amp;&quot;引号&quot;&apos;单引号&apos;\ttab 🏪 ]]&gt;');
  });

  it('gives the same bytes each time, and other bytes for another stamp', async () => {
    const a = await noticeDocxStable(notice, delivery, stamp);
    expect((await noticeDocxStable(notice, delivery, stamp)).equals(a)).toBe(true);
    const later = await noticeDocxStable(notice, delivery, new Date('2027-01-01T00:00:00Z'));
    expect(later.equals(a)).toBe(false);
    expect((await unzipBuffer(later)).get('docProps/core.xml')?.toString()).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2027-01-01T00:00:00Z</dcterms:modified>');
  });
});
