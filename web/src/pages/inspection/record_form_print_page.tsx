/**
 * 实地核查记录表 / 一企一表, print-friendly (渝北 附件1; 曲阳第15条): the entity, the task, the team with 执法证号, then every
 * participating department's items for this entity with empty 检查情况 and 检查结果 columns to fill in on site, a 备注
 * row and the signatures — or the reason of a refusal and the witness (渝北 四（八）, 曲阳第18条).
 */
import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { Link, useParams } from 'react-router';
import { chineseDate, resultChoices, titleLines } from '../../../../domain/inspection/notice';
import { errorMessage } from '../../api/client';
import { noticePrintPath, recordFormDocxUrl, useRecordForm, type RecordForm } from '../../api/notices';
import { PageLoading } from '../../components/page_states';
import { useRecordTitle } from '../../layout/record_title';
import { NoticeActions } from './notice_actions';
import { PrintSheet } from './print_sheet';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function HeaderTable({ form }: { form: RecordForm }) {
  return (
    <table>
      <colgroup><col style={{ width: '22%' }} /><col style={{ width: '30%' }} /><col style={{ width: '16%' }} /><col /></colgroup>
      <tbody>
        <tr><td className="label">企业名称</td><td colSpan={3}>{form.entity.name}</td></tr>
        <tr><td className="label">统一社会信用代码/注册号</td><td>{form.entity.code}</td><td className="label">所属区县</td><td>{form.entity.regionName}</td></tr>
        <tr><td className="label">法定代表人（负责人）</td><td>{form.entity.legalRepresentative ?? ''}</td><td className="label">检查日期</td><td>{chineseDate(form.inspectionDate)}</td></tr>
        <tr><td className="label">经营地址</td><td colSpan={3}>{form.entity.address ?? ''}</td></tr>
        <tr><td className="label">抽查任务</td><td colSpan={3}>{form.task.name}（任务编号 {form.task.code}）</td></tr>
        <tr><td className="label">参与部门</td><td>{form.task.departmentNames.join('、')}</td><td className="label">检查方式</td><td>{form.task.methods.join('、')}</td></tr>
        <tr>
          <td className="label">检查人员</td>
          <td colSpan={3}>
            {form.team.length === 0 ? '（尚未匹配检查人员）' : form.team.map((m) => (
              <div key={`${m.certificateNo}-${m.role}`}>{m.roleLabel} {m.name}（{m.departmentName}，执法证号 {m.certificateNo}）</div>
            ))}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function ItemsTable({ department }: { department: RecordForm['departments'][number] }) {
  return (
    <table>
      <colgroup>
        <col style={{ width: '6%' }} /><col style={{ width: '14%' }} /><col style={{ width: '28%' }} /><col style={{ width: '20%' }} /><col style={{ width: '14%' }} /><col style={{ width: '18%' }} />
      </colgroup>
      <thead><tr><th>序号</th><th>检查事项</th><th>检查内容</th><th>检查方法及依据</th><th>检查情况</th><th>检查结果</th></tr></thead>
      <tbody>
        {department.items.flatMap((item, k) => {
          const lines = item.lines.length > 0 ? item.lines : [{ subitem: '', content: '', checkMethod: '', yesWording: '', noWording: '', basis: '' }];
          return lines.map((line, j) => (
            <tr key={`${item.code}-${j}`}>
              {j === 0 && <td rowSpan={lines.length} style={{ textAlign: 'center' }}>{k + 1}</td>}
              {j === 0 && <td rowSpan={lines.length}><div>{item.code}</div><div>{item.name}</div></td>}
              <td>{line.subitem && line.content ? `${line.subitem}：${line.content}` : line.content || line.subitem}</td>
              <td className="small">{line.checkMethod}{line.basis && <div>依据：{line.basis}</div>}</td>
              <td className="blank" />
              <td className="small">{resultChoices(item.resultOptions, line).map((o) => <div key={o}>□{o}</div>)}</td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}

export function RecordFormSheet({ form }: { form: RecordForm }) {
  return (
    <>
      <h1>{titleLines(form.title, '实地核查记录表').map((line) => <div key={line}>{line}</div>)}</h1>
      <p className="right small" style={{ marginBottom: '6pt' }}>行政检查通知书文号：{form.noticeNumber ?? '（尚未编号）'}</p>
      <HeaderTable form={form} />
      {form.departments.length === 0 && <p className="small" style={{ marginTop: '10pt' }}>本任务的实施方案未列检查事项。</p>}
      {form.departments.map((department, i) => (
        <section key={department.departmentName}>
          <p className="section-title">{NUMERALS[i] ?? i + 1}、{department.departmentName}检查事项</p>
          <ItemsTable department={department} />
        </section>
      ))}
      <table style={{ marginTop: '12pt' }}>
        <colgroup><col style={{ width: '20%' }} /><col /></colgroup>
        <tbody><tr><td className="label" style={{ textAlign: 'center' }}>备注</td><td style={{ height: '54pt' }} /></tr></tbody>
      </table>
      <table style={{ marginTop: '12pt' }}>
        <colgroup><col style={{ width: '50%' }} /><col /></colgroup>
        <tbody>
          <tr><td className="sign">被检查对象（盖章）：</td><td className="sign">检查人员签字：</td></tr>
          <tr><td className="sign">法定代表人（负责人）或受委托人签字：</td><td className="sign">执法证号：</td></tr>
          <tr><td className="sign">拒绝签字或无法到达现场的原因：</td><td className="sign">见证人签字：</td></tr>
          <tr><td className="sign">核查时间：{'\u3000\u3000\u3000\u3000'}年{'\u3000\u3000'}月{'\u3000\u3000'}日</td><td className="sign">记录人：</td></tr>
        </tbody>
      </table>
      <p className="small" style={{ marginTop: '8pt' }}>
        说明：检查结果由执法检查人员如实填写，并由执法人员及检查对象签字确认；法定代表人（负责人）或受委托人拒绝签字的，或无法到达现场的，执法检查人员应注明原因，必要时邀请相关人员签字见证。
      </p>
    </>
  );
}

export function RecordFormPrintPage() {
  const { objectId = '' } = useParams();
  const form = useRecordForm(objectId);
  useRecordTitle(form.data?.entity.name);
  if (form.isPending) return <PageLoading />;
  if (form.isError) return <Alert type="error" showIcon title={errorMessage(form.error)} />;
  return (
    <PrintSheet
      docxUrl={recordFormDocxUrl(objectId)}
      toolbar={(
        <>
          <NoticeActions taskObjectId={objectId} compact />
          <Link to={noticePrintPath(objectId)}><Button icon={<FileTextOutlined />}>行政检查通知书</Button></Link>
        </>
      )}
    >
      <RecordFormSheet form={form.data} />
    </PrintSheet>
  );
}
