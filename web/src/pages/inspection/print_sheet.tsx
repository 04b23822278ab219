/**
 * An A4 sheet on screen and on paper: the toolbar (打印, 下载 Word, …) and the platform's menu and header disappear when
 * printing, the sheet keeps the margins of 党政机关公文格式 (GB/T 9704: 上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm).
 */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import type { ReactNode } from 'react';

const CSS = `
.print-toolbar { max-width: 210mm; margin: 0 auto 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.print-scroll { overflow-x: auto; padding-bottom: 24px; }
.print-sheet { width: 210mm; min-height: 297mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm; box-sizing: border-box; background: #fff;
  box-shadow: 0 2px 14px rgba(0, 0, 0, .18); color: #000; font-family: FangSong, STFangsong, '仿宋', '仿宋_GB2312', 'Noto Serif CJK SC', SimSun, serif;
  font-size: 14pt; line-height: 1.75; }
.print-sheet h1 { font-family: SimSun, 'Songti SC', 'Noto Serif CJK SC', serif; font-size: 20pt; font-weight: 700; text-align: center; line-height: 1.45; margin: 0 0 10pt; letter-spacing: 1pt; }
.print-sheet .doc-number { text-align: center; font-size: 14pt; margin: 0 0 18pt; }
.print-sheet p { margin: 0; }
.print-sheet .indent { text-indent: 2em; }
.print-sheet .right { text-align: right; }
.print-sheet .section-title { font-family: SimHei, 'Heiti SC', 'Noto Sans CJK SC', sans-serif; font-weight: 700; font-size: 12pt; margin: 14pt 0 6pt; }
.print-sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10.5pt; line-height: 1.5; }
.print-sheet th, .print-sheet td { border: 1px solid #000; padding: 4pt 5pt; vertical-align: middle; word-break: break-all; }
.print-sheet th { font-weight: 700; text-align: center; }
.print-sheet td.label { font-weight: 700; }
.print-sheet td.blank { height: 34pt; }
.print-sheet td.sign { height: 38pt; vertical-align: top; }
.print-sheet tr { break-inside: avoid; }
.print-sheet .cut { text-align: center; font-size: 10.5pt; letter-spacing: 2pt; margin: 18pt 0 10pt; border-top: 1px dashed #000; padding-top: 4pt; }
.print-sheet .small { font-size: 10.5pt; line-height: 1.6; }
.print-sheet .seal { margin-top: 24pt; text-align: right; }
.print-sheet .sign-lines { margin-top: 16pt; }
.print-sheet .sign-lines p { display: flex; align-items: flex-end; gap: 4pt; margin-bottom: 10pt; white-space: nowrap; }
.print-sheet .sign-lines .line { flex: 1; border-bottom: 1px solid #000; min-height: 1.4em; padding-left: 4pt; }
.print-sheet .sign-lines .line.short { flex: 0 0 30%; }
@media (max-width: 840px) {
  .print-sheet { width: 100%; min-height: 0; padding: 16px; font-size: 12pt; }
  .print-sheet h1 { font-size: 16pt; }
  .print-sheet .doc-number { font-size: 11pt; }
}
@media print {
  @page { size: A4; margin: 0; }
  html, body, #root { background: #fff !important; height: auto !important; }
  .ant-layout-sider, .ant-layout-header, .ant-breadcrumb, .ant-drawer, .ant-message, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content { background: #fff !important; padding: 0 !important; margin: 0 !important; min-height: 0 !important; }
  .print-scroll { overflow: visible; padding: 0; }
  .print-sheet { width: 210mm; min-height: 0; box-shadow: none; margin: 0; }
}
`;

export function PrintSheet({ toolbar, docxUrl, children }: { toolbar?: ReactNode; docxUrl: string | null; children: ReactNode }) {
  return (
    <div>
      <style>{CSS}</style>
      <div className="print-toolbar no-print">
        <Space wrap>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button>
          {docxUrl && <Button icon={<DownloadOutlined />} href={docxUrl}>下载 Word</Button>}
          {toolbar}
        </Space>
      </div>
      <div className="print-scroll">
        <article className="print-sheet">{children}</article>
      </div>
    </div>
  );
}
