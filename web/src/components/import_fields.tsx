/** The parts both import dialogs share: the 导入方式 choice and the file picker (one file, size-checked before upload). */
import { InboxOutlined } from '@ant-design/icons';
import { App, Radio, Typography, Upload, type UploadFile, type UploadProps } from 'antd';
import type { ImportMode } from '../api/system';

export function ImportModeField({ value, onChange, errorFile }: { value: ImportMode; onChange: (mode: ImportMode) => void; errorFile: boolean }) {
  return (
    <div>
      <Typography.Text strong>导入方式</Typography.Text>
      <Radio.Group value={value} onChange={(e) => onChange(e.target.value as ImportMode)} style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 8 }}>
        <Radio value="all_or_nothing">全部正确才导入（有任何一行错误则整份文件都不导入）</Radio>
        <Radio value="valid_rows">仅导入正确的行（错误的行跳过，{errorFile ? '可下载错误文件' : '并列出原因'}）</Radio>
      </Radio.Group>
    </div>
  );
}

/** A picked file as antd hands it over (a File with the list's uid). */
export type PickedFile = Parameters<NonNullable<UploadProps['beforeUpload']>>[0];

export interface FilePickerProps {
  readonly file: PickedFile | null;
  readonly onChange: (file: PickedFile | null) => void;
  readonly accept: string;
  readonly maxBytes: number;
  /** Shown when the picked file is larger than maxBytes. */
  readonly tooLarge: string;
  readonly text: string;
  readonly hint: string;
  readonly disabled?: boolean;
}

export function FilePicker({ file, onChange, accept, maxBytes, tooLarge, text, hint, disabled }: FilePickerProps) {
  const { message } = App.useApp();
  const fileList: UploadFile[] = file ? [{ uid: file.uid, name: file.name, status: 'done', size: file.size }] : [];
  return (
    <Upload.Dragger
      accept={accept}
      maxCount={1}
      fileList={fileList}
      disabled={disabled}
      beforeUpload={(picked) => {
        if (picked.size > maxBytes) {
          message.error(tooLarge);
          return Upload.LIST_IGNORE;
        }
        onChange(picked);
        return false;
      }}
      onRemove={() => onChange(null)}
    >
      <p className="ant-upload-drag-icon"><InboxOutlined /></p>
      <p className="ant-upload-text">{text}</p>
      <p className="ant-upload-hint">{hint}</p>
    </Upload.Dragger>
  );
}
