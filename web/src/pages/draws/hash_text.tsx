/** A 64-hex hash in groups of four (read aloud, compared by eye; a line breaks between groups), monospace, with a copy button. */
import { Typography } from 'antd';
import type { CSSProperties } from 'react';
import { hashGroups } from './draw_text';

export const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

export function HashText({ hash, style, copyable = true }: { hash: string | null | undefined; style?: CSSProperties; copyable?: boolean }) {
  if (!hash) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text copyable={copyable ? { text: hash, tooltips: ['复制', '已复制'] } : false} style={{ fontFamily: MONO, overflowWrap: 'break-word', ...style }}>
      {hashGroups(hash).join(' ')}
    </Typography.Text>
  );
}
