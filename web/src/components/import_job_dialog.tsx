/**
 * The one 导入 dialog (issue #8 item 8: one component, one set of rules): download the template, choose the mode, pick
 * the file — the same formats and the size of server/import/rules.ts for every import — then the outcome:
 * - 立即导入 (`importPath`: users, inspectors, experts, checklist items): the server answers with the counts and every
 *   refused row with its row number, column and reason;
 * - 后台导入 (`upload`/`job`: the entity directory): the job's progress bar; at the end the counts, the server's message
 *   and the error file (original cells + 错误原因, fit to fix and import again). The dialog may be closed while the
 *   job runs; reopened, it shows the caller's latest job again.
 */
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Col, Modal, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ImportJobView } from '../../../server/import/jobs';
import { IMPORT_FORMATS, IMPORT_RULES, importHint, type ImportRun } from '../../../domain/import/rules';
import { errorMessage } from '../api/client';
import { useInvalidate } from '../api/resource';
import { useImport, type ImportMode, type ImportResult } from '../api/system';
import { FilePicker, ImportModeField, type PickedFile } from './import_fields';

interface ImportCommon {
  /** '用户' → 导入用户. */
  readonly noun: string;
  readonly templateUrl: string;
  /** Query-key roots to refresh after an import. */
  readonly invalidates: readonly string[];
  /** One or two lines on what the template's columns mean. */
  readonly hint?: string;
}

/** 立即导入: the upload's response is the result. */
export interface ImportSpec extends ImportCommon {
  readonly importPath: string;
}

/** 后台导入: the upload starts a job whose progress the dialog follows. */
export interface ImportJobSpec extends ImportCommon {
  readonly upload: (file: File, mode: ImportMode) => Promise<ImportJobView>;
  readonly job: (id: string) => Promise<ImportJobView>;
  readonly recent: () => Promise<ImportJobView[]>;
  readonly errorFileUrl: (id: string) => string;
}

const isJob = (spec: ImportSpec | ImportJobSpec): spec is ImportJobSpec => 'upload' in spec;

export function ImportDialog({ spec, open, onClose }: { spec: ImportSpec | ImportJobSpec; open: boolean; onClose: () => void }) {
  return isJob(spec) ? <ImportJobDialog spec={spec} open={open} onClose={onClose} /> : <ImmediateImportDialog spec={spec} open={open} onClose={onClose} />;
}

/** The template link, the mode and the file picker, with the rules of the way the import runs. */
function ImportForm({ spec, run, mode, onMode, file, onFile, disabled }: {
  spec: ImportCommon; run: ImportRun; mode: ImportMode; onMode: (m: ImportMode) => void; file: PickedFile | null; onFile: (f: PickedFile | null) => void; disabled?: boolean;
}) {
  const rule = IMPORT_RULES[run];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', marginTop: 8 }}>
      <Alert
        type="info"
        showIcon
        title={<span>请按模板填写后上传。<a href={spec.templateUrl} download><DownloadOutlined /> 下载导入模板</a></span>}
        description={spec.hint}
      />
      <ImportModeField value={mode} onChange={onMode} errorFile={run === 'job'} />
      <FilePicker
        file={file}
        onChange={onFile}
        accept={IMPORT_FORMATS.accept}
        maxBytes={rule.maxBytes}
        tooLarge={`文件不能超过 ${rule.maxLabel}，请拆分后分批导入`}
        text="点击或将 Excel 或 CSV 文件拖到此处"
        hint={importHint(run)}
        disabled={disabled}
      />
    </Space>
  );
}

function ImmediateImportDialog({ spec, open, onClose }: { spec: ImportSpec; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [result, setResult] = useState<{ mode: ImportMode; value: ImportResult } | null>(null);
  const importer = useImport(spec.importPath, spec.invalidates);

  function reset() {
    setFile(null);
    setResult(null);
    importer.reset();
  }

  function close() {
    reset();
    onClose();
  }

  function start() {
    if (!file) return;
    importer.mutate({ file, mode }, {
      onSuccess: (value) => setResult({ mode, value }),
      onError: (error) => { message.error(errorMessage(error)); },
    });
  }

  const footer = result
    ? [<Button key="again" onClick={reset}>继续导入</Button>, <Button key="done" type="primary" onClick={close}>完成</Button>]
    : [
      <Button key="cancel" onClick={close}>取消</Button>,
      <Button key="start" type="primary" loading={importer.isPending} disabled={!file} onClick={start}>开始导入</Button>,
    ];

  return (
    <Modal title={`导入${spec.noun}`} open={open} onCancel={close} footer={footer} width={result ? 760 : 620} mask={{ closable: false }}>
      {result ? <ImportResultView result={result.value} mode={result.mode} />
        : <ImportForm spec={spec} run="immediate" mode={mode} onMode={setMode} file={file} onFile={setFile} disabled={importer.isPending} />}
    </Modal>
  );
}

function ImportResultView({ result, mode }: { result: ImportResult; mode: ImportMode }) {
  const refusedAll = mode === 'all_or_nothing' && result.errors.length > 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', marginTop: 8 }}>
      {refusedAll ? (
        <Alert type="error" showIcon title="文件中有错误，按“全部正确才导入”方式，本次没有导入任何数据" description="请按下表修改后重新导入，或改用“仅导入正确的行”。" />
      ) : result.errors.length > 0 ? (
        <Alert type="warning" showIcon title="正确的行已导入，以下行未导入" />
      ) : (
        <Alert type="success" showIcon title="导入完成，全部行均已处理" />
      )}
      <Row gutter={16}>
        <Col span={6}><Statistic title="新增" value={result.added} /></Col>
        <Col span={6}><Statistic title="更新" value={result.updated} /></Col>
        <Col span={6}><Statistic title="无变化" value={result.unchanged} /></Col>
        <Col span={6}><Statistic title="未导入" value={result.rejected} styles={{ content: result.rejected > 0 ? { color: '#cf1322' } : undefined }} /></Col>
      </Row>
      {result.errors.length > 0 && (
        <Table
          size="small"
          rowKey={(error) => `${error.row}:${error.column}:${error.message}`}
          dataSource={result.errors}
          pagination={{ pageSize: 8, showTotal: (total) => `共 ${total} 处错误`, showSizeChanger: false }}
          columns={[
            { key: 'row', title: '行号', width: 80, render: (_, error) => `第 ${error.row} 行` },
            { key: 'column', title: '列', width: 140, render: (_, error) => error.column || '—' },
            { key: 'message', title: '问题', render: (_, error) => error.message },
          ]}
        />
      )}
    </Space>
  );
}

function ImportJobDialog({ spec, open, onClose }: { spec: ImportJobSpec; open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [uploading, setUploading] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);

  // Reopened while a job of this user is still running: show it.
  const recent = useQuery({ queryKey: ['import-job', 'recent', spec.noun], queryFn: spec.recent, enabled: open && jobId === null, staleTime: 0 });
  useEffect(() => {
    const latest = recent.data?.[0];
    if (open && jobId === null && latest && !latest.finished) setJobId(latest.id);
  }, [open, jobId, recent.data]);

  const job = useQuery({
    queryKey: ['import-job', jobId],
    queryFn: async () => {
      const value = await spec.job(jobId ?? '');
      if (value.finished) await invalidate(spec.invalidates);
      return value;
    },
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data?.finished ? false : 1000),
  });

  function reset() {
    setFile(null);
    setJobId(null);
  }

  function close() {
    if (job.data?.finished) reset();
    onClose();
  }

  async function start() {
    if (!file) return;
    setUploading(true);
    try {
      const started = await spec.upload(file, mode);
      setJobId(started.id);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setUploading(false);
    }
  }

  const current = job.data;
  const footer = current?.finished
    ? [<Button key="again" onClick={reset}>继续导入</Button>, <Button key="done" type="primary" onClick={close}>完成</Button>]
    : jobId
      ? [<Button key="hide" onClick={close}>在后台继续</Button>]
      : [
        <Button key="cancel" onClick={close}>取消</Button>,
        <Button key="start" type="primary" loading={uploading} disabled={!file} onClick={() => void start()}>{uploading ? '正在上传…' : '开始导入'}</Button>,
      ];

  return (
    <Modal title={`导入${spec.noun}`} open={open} onCancel={close} footer={footer} width={620} mask={{ closable: false }}>
      {jobId ? <JobView job={current ?? null} errorFileUrl={current ? spec.errorFileUrl(current.id) : ''} /> : (
        <ImportForm spec={spec} run="job" mode={mode} onMode={setMode} file={file} onFile={setFile} disabled={uploading} />
      )}
    </Modal>
  );
}

function JobView({ job, errorFileUrl }: { job: ImportJobView | null; errorFileUrl: string }) {
  if (!job) return <Progress percent={0} status="active" style={{ marginTop: 24 }} />;
  const failed = job.status === 'failed' || job.status === 'interrupted';
  const partial = job.finished && !failed && job.rejected > 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', marginTop: 8 }}>
      <Space size={24}>
        <Typography.Text type="secondary">文件：{job.fileName}</Typography.Text>
        <Typography.Text type="secondary">方式：{job.mode === 'all_or_nothing' ? '全部正确才导入' : '仅导入正确的行'}</Typography.Text>
      </Space>
      <Progress percent={job.progress} status={failed ? 'exception' : job.finished ? (partial ? 'normal' : 'success') : 'active'} aria-label="导入进度" />
      {!job.finished && (
        <Alert type="info" showIcon title={`${job.statusLabel}：已读取 ${job.processedRows.toLocaleString()} 行${job.rejected > 0 ? `，其中 ${job.rejected.toLocaleString()} 行有错误` : ''}`}
          description="导入在服务器后台进行，可以关闭此窗口，稍后再打开「导入」查看进度。" />
      )}
      {job.finished && (
        <Alert
          type={failed ? 'error' : partial ? 'warning' : 'success'}
          showIcon
          title={failed ? (job.status === 'interrupted' ? '导入已中断' : '未导入') : partial ? '正确的行已导入，有错误的行未导入' : '导入完成'}
          description={job.message}
        />
      )}
      {job.finished && (
        <Row gutter={16}>
          <Col span={6}><Statistic title="新增" value={job.added} /></Col>
          <Col span={6}><Statistic title="更新" value={job.updated} /></Col>
          <Col span={6}><Statistic title="无变化" value={job.unchanged} /></Col>
          <Col span={6}><Statistic title="有错误" value={job.rejected} styles={{ content: job.rejected > 0 ? { color: '#cf1322' } : undefined }} /></Col>
        </Row>
      )}
      {job.finished && job.hasErrorFile && (
        <Alert
          type="warning"
          title={<a href={errorFileUrl} download><FileExcelOutlined /> 下载错误文件</a>}
          description="错误文件列出每个有错误的行：原行号、原始内容（出错的单元格标红）、错误列和错误原因。在其中修改后可直接重新导入。"
        />
      )}
    </Space>
  );
}
