/**
 * 行政检查通知书, print-friendly (渝北 附件2): the same content as the .docx, from GET …/notice/document. Before the
 * notice is numbered the page offers the numbering (NoticeActions); afterwards 打印, 下载 Word and 登记送达.
 */
import { FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { chineseDate, DELIVERY_METHOD_LABELS, DELIVERY_METHODS, titleLines } from '../../../../domain/inspection/notice';
import { errorMessage } from '../../api/client';
import { noticeDocxUrl, recordFormPrintPath, useNoticeDocument, useNoticeStatus, type NoticeDocument, type NoticeRow } from '../../api/notices';
import { PageLoading } from '../../components/page_states';
import { useRecordTitle } from '../../layout/record_title';
import { NoticeActions } from './notice_actions';
import { deliveredAtText } from './notice_text';
import { PrintSheet } from './print_sheet';


function DeliveryReceipt({ doc, delivery }: { doc: NoticeDocument; delivery: NoticeRow['delivery'] }) {
  const methods = DELIVERY_METHODS.map((m) => `${delivery?.method === m ? '☑' : '□'}${DELIVERY_METHOD_LABELS[m]}`).join('\u3000');
  const rows: [string, string][] = [
    ['文书名称及文号', `行政检查通知书\u3000${doc.number}`],
    ['受送达人', `${doc.entity.name}（${doc.entity.code}）`],
    ['送达地点', doc.entity.address ?? ''],
    ['送达方式', methods],
    ['签收人签字', delivery?.recipient ?? ''],
    ['送达时间', delivery ? deliveredAtText(delivery.deliveredAt) : '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日\u3000\u3000时\u3000\u3000分'],
    ['送达人签字', ''],
    ['备注（留置送达的拒收事由、见证人）', delivery?.note ?? ''],
  ];
  return (
    <table>
      <colgroup><col style={{ width: '24%' }} /><col /></colgroup>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}><td className="label">{label}</td><td style={{ height: '24pt' }}>{value}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

export function NoticeSheet({ doc, delivery }: { doc: NoticeDocument; delivery: NoticeRow['delivery'] }) {
  return (
    <>
      <h1>{titleLines(doc.title, '行政检查通知书').map((line) => <div key={line}>{line}</div>)}</h1>
      <p className="doc-number">{doc.number}</p>
      <p>{doc.entity.name}：</p>
      <p className="indent">{doc.body}</p>
      <p className="indent">检查事项如下：</p>
      {doc.items.length === 0 ? <p className="indent">（本次抽查的检查事项以实施方案为准）</p>
        : doc.items.map((item, i) => <p className="indent" key={`${item.departmentName}-${item.code}`}>{i + 1}. {item.name}（{item.departmentName}）</p>)}
      <p className="indent" style={{ marginBottom: '6pt' }}>执法检查人员：</p>
      <table>
        <colgroup><col style={{ width: '8%' }} /><col style={{ width: '15%' }} /><col /><col style={{ width: '24%' }} /><col style={{ width: '11%' }} /></colgroup>
        <thead><tr><th>序号</th><th>姓名</th><th>单位</th><th>执法证号</th><th>职责</th></tr></thead>
        <tbody>
          {doc.team.length === 0 && <tr><td colSpan={5} style={{ textAlign: 'center' }}>（尚未匹配检查人员）</td></tr>}
          {doc.team.map((m, i) => (
            <tr key={`${m.certificateNo}-${m.role}`}>
              <td style={{ textAlign: 'center' }}>{i + 1}</td><td style={{ textAlign: 'center' }}>{m.name}</td><td>{m.departmentName}</td>
              <td style={{ textAlign: 'center' }}>{m.certificateNo}</td><td style={{ textAlign: 'center' }}>{m.roleLabel}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="indent" style={{ marginTop: '10pt' }}>注意事项：</p>
      {doc.reminders.map((r, i) => <p className="indent" key={r}>{i + 1}. {r}</p>)}
      <div className="seal">
        <p>{doc.issuingDepartmentName}</p>
        <p>（印章）</p>
        <p>{chineseDate(doc.issuedOn)}</p>
      </div>
      <div className="sign-lines">
        <p><span>执法检查人员签字：</span><span className="line" /><span>联系电话：</span><span className="line short">{doc.contactPhone ?? ''}</span></p>
        <p><span>当事人签字：</span><span className="line" /><span>联系电话：</span><span className="line short" /></p>
      </div>
      <div className="cut">沿此线剪开</div>
      <p className="section-title" style={{ textAlign: 'center', fontSize: '16pt', letterSpacing: '6pt' }}>送达回证</p>
      <DeliveryReceipt doc={doc} delivery={delivery} />
    </>
  );
}

export function NoticePrintPage() {
  const { objectId = '' } = useParams();
  const status = useNoticeStatus(objectId);
  const notice = status.data?.notice ?? null;
  const doc = useNoticeDocument(objectId, notice !== null);
  useRecordTitle(notice?.number ?? status.data?.entityName);
  if (status.isPending) return <PageLoading />;
  if (status.isError) return <Alert type="error" showIcon title={errorMessage(status.error)} />;
  if (!notice) {
    return (
      <Card title={`行政检查通知书 — ${status.data.entityName}`}>
        <Space orientation="vertical" size="middle">
          <Typography.Text>该检查对象的行政检查通知书尚未编号。编号按牵头部门、年度连续生成，生成后即可打印或下载 Word。</Typography.Text>
          <NoticeActions taskObjectId={objectId} />
        </Space>
      </Card>
    );
  }
  if (doc.isPending) return <PageLoading />;
  if (doc.isError) return <Alert type="error" showIcon title={errorMessage(doc.error)} />;
  return (
    <PrintSheet
      docxUrl={noticeDocxUrl(objectId)}
      toolbar={(
        <>
          <NoticeActions taskObjectId={objectId} compact />
          <Link to={recordFormPrintPath(objectId)}><Button icon={<FileTextOutlined />}>实地核查记录表</Button></Link>
        </>
      )}
    >
      <NoticeSheet doc={doc.data} delivery={notice.delivery} />
    </PrintSheet>
  );
}
