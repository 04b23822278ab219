/** 登录日志: sign-ins, sign-outs, failures, lockouts and throttled attempts. */
import { loginLogsApi, type LoginLogRow } from '../../api/system';
import { ListPage } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import type { ValueEnum } from '../../components/value_tag';
import { browserOf } from './user_agent';

const OUTCOME_ENUM = {
  success: { text: '登录成功', color: 'green' },
  failure: { text: '登录失败', color: 'red' },
  locked: { text: '账号锁定', color: 'volcano' },
  throttled: { text: '频繁尝试', color: 'orange' },
  logout: { text: '退出', color: 'default' },
} as const satisfies ValueEnum;

const COLUMNS: readonly ListColumn<LoginLogRow>[] = [
  { key: 'at', title: '时间', dataIndex: 'at', valueType: 'dateTime', width: 170, search: { kind: 'dateRange', from: 'from', to: 'to' } },
  { key: 'account', title: '账号', dataIndex: 'account', search: true, width: 140 },
  { key: 'outcome', title: '结果', dataIndex: 'outcome', valueEnum: OUTCOME_ENUM, search: true, width: 110 },
  { key: 'reason', title: '说明', dataIndex: 'reason', ellipsis: true },
  { key: 'ip', title: 'IP', dataIndex: 'ip', search: true, width: 140 },
  { key: 'userAgent', title: '浏览器', width: 200, render: (row) => (row.userAgent ? <span title={row.userAgent}>{browserOf(row.userAgent)}</span> : '—') },
];

export function LoginLogsPage() {
  return (
    <ListPage
      noun="登录日志"
      api={loginLogsApi}
      columns={COLUMNS}
      rowKey={(row) => String(row.id)}
      rowLabel={(row) => `${row.account} ${row.at}`}
      permissions={{ export: 'monitor:login-log:export' }}
    />
  );
}
