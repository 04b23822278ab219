/**
 * 导入 from a spreadsheet: download the template, choose the mode (全部正确才导入 / 仅导入正确的行),
 * pick the file, then read the result: counts and the rows that were refused, with row number,
 * column and reason. Reused by every module that imports (users now, directories later).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Modal, Row, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/client';
import { useImport, type ImportMode, type ImportResult } from '../api/system';
import { FilePicker, ImportModeField, type PickedFile } from './import_fields';

export interface ImportSpec {
  /** '用户' → 导入用户. */
  readonly noun: string;
  readonly templateUrl: string;
  readonly importPath: string;
  /** Query-key roots to refresh after an import. */
  readonly invalidates: readonly string[];
  /** One or two lines on what the template's columns mean. */
  readonly hint?: string;
}

const MAX_BYTES = 10 * 1024 * 1024;

export function ImportDialog({ spec, open, onClose }: { spec: ImportSpec; open: boolean; onClose: () => void }) {
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
    if (!file) {
      message.warning('请先选择要导入的 Excel 文件');
      return;
    }
    importer.mutate({ file, mode }, {
      onSuccess: (value) => setResult({ mode, value }),
      onError: (error) => { message.error(errorMessage(error)); },
    });
  }

  const footer = result
    ? [
      <Button key="again" onClick={reset}>继续导入</Button>,
      <Button key="done" type="primary" onClick={close}>完成</Button>,
    ]
    : [
      <Button key="cancel" onClick={close}>取消</Button>,
      <Button key="start" type="primary" loading={importer.isPending} disabled={!file} onClick={start}>开始导入</Button>,
    ];

  return (
    <Modal title={`导入${spec.noun}`} open={open} onCancel={close} footer={footer} width={result ? 760 : 560} mask={{ closable: false }}>
      {result ? <ImportResultView result={result.value} mode={result.mode} /> : (
        <Space orientation="vertical" size={16} style={{ width: '100%', marginTop: 8 }}>
          <Alert
            type="info"
            showIcon
            title={<span>请按模板填写后上传。<a href={spec.templateUrl} download><DownloadOutlined /> 下载导入模板</a></span>}
            description={spec.hint}
          />
          <ImportModeField value={mode} onChange={setMode} errorFile={false} />
          <FilePicker
            file={file}
            onChange={setFile}
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxBytes={MAX_BYTES}
            tooLarge="文件不能超过 10 MB"
            text="点击或将 Excel 文件拖到此处"
            hint="仅支持 .xlsx 格式，单个文件不超过 10 MB"
          />
        </Space>
      )}
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
