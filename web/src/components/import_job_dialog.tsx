/**
 * 导入 for large files that the server imports in the background (server/import/job_runner.ts): download the
 * template, choose the mode, upload (.xlsx or .csv, UTF-8 or GBK), then watch the job's progress bar; at the end
 * the counts, the server's message and the error file (original cells + 错误原因, fit to fix and import again).
 * The dialog may be closed while the job runs; reopened, it shows the caller's latest job again.
 */
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Col, Modal, Progress, Row, Space, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ImportJobView } from '../../../server/import/jobs';
import { errorMessage } from '../api/client';
import { useInvalidate } from '../api/resource';
import type { ImportMode } from '../api/system';
import { FilePicker, ImportModeField, type PickedFile } from './import_fields';

export interface ImportJobSpec {
  readonly noun: string;
  readonly templateUrl: string;
  readonly upload: (file: File, mode: ImportMode) => Promise<ImportJobView>;
  readonly job: (id: string) => Promise<ImportJobView>;
  readonly recent: () => Promise<ImportJobView[]>;
  readonly errorFileUrl: (id: string) => string;
  readonly invalidates: readonly string[];
  readonly hint?: string;
}

const MAX_BYTES = 300 * 1024 * 1024;

export function ImportJobDialog({ spec, open, onClose }: { spec: ImportJobSpec; open: boolean; onClose: () => void }) {
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
        <Space orientation="vertical" size={16} style={{ width: '100%', marginTop: 8 }}>
          <Alert
            type="info"
            showIcon
            title={<span>请按模板填写后上传。<a href={spec.templateUrl} download><DownloadOutlined /> 下载导入模板</a></span>}
            description={spec.hint}
          />
          <ImportModeField value={mode} onChange={setMode} errorFile />
          <FilePicker
            file={file}
            onChange={setFile}
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            maxBytes={MAX_BYTES}
            tooLarge="文件不能超过 300 MB，请拆分后分批导入"
            text="点击或将文件拖到此处"
            hint="支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），单个文件不超过 300 MB、约 100 万行"
            disabled={uploading}
          />
        </Space>
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
