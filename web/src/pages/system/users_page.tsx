/** 用户管理: accounts, their department and roles; import/export and password reset. */
import { LockOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAssignableRoles, useResetUserPassword, usersApi, type UserCreateBody, type UserRow, type UserUpdateBody } from '../../api/system';
import { DepartmentSelect } from '../../components/department_select';
import { applyServerErrors } from '../../components/form_errors';
import { ListPage, type FormSpec } from '../../components/list_page';
import type { ListColumn } from '../../components/list_types';
import { STATUS_ENUM, ValueTag } from '../../components/value_tag';
import { PASSWORD_RULE_TEXT } from '../change_password_form';
import { generatePassword, PASSWORD_RULES } from './password_rules';

const COLUMNS: readonly ListColumn<UserRow>[] = [
  { key: 'account', title: '账号', dataIndex: 'account', search: true, width: 120 },
  { key: 'name', title: '姓名', dataIndex: 'name', search: true, width: 100 },
  {
    key: 'department', title: '部门', dataIndex: 'departmentName', ellipsis: true, width: 180,
    search: { kind: 'custom', name: 'departmentId', input: <DepartmentSelect style={{ width: 200 }} /> },
  },
  { key: 'phone', title: '手机号码', dataIndex: 'phone', search: true, width: 110 },
  {
    key: 'roles', title: '角色', width: 150,
    render: (row) => (row.roles.length === 0 ? <Typography.Text type="secondary">未分配</Typography.Text>
      : <Space size={[0, 4]} wrap>{row.roles.map((role) => <Tag key={role.id} color="blue">{role.name}</Tag>)}</Space>),
  },
  {
    key: 'status', title: '状态', dataIndex: 'status', valueEnum: STATUS_ENUM, search: true, width: 120,
    render: (row) => (
      <Space size={4}>
        <ValueTag value={row.status} valueEnum={STATUS_ENUM} />
        {row.locked && <Tooltip title="密码错误次数过多，暂时锁定"><Tag icon={<LockOutlined />} color="orange">已锁定</Tag></Tooltip>}
      </Space>
    ),
  },
  { key: 'lastLoginAt', title: '最后登录', dataIndex: 'lastLoginAt', valueType: 'dateTime', width: 165, defaultHidden: true },
];

interface UserFormValues {
  account: string;
  name: string;
  departmentId?: string;
  phone?: string;
  roleIds: string[];
  status: 'active' | 'disabled';
  password: string;
}

function RoleSelect({ value, onChange, id, fallback }: { value?: string[]; onChange?: (v: string[]) => void; id?: string; fallback: readonly { id: string; name: string }[] }) {
  const roles = useAssignableRoles();
  const options = (roles.data ?? []).map((role) => ({ value: role.id, label: role.name }));
  for (const role of fallback) if (!options.some((o) => o.value === role.id)) options.push({ value: role.id, label: role.name });
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(next: string[]) => onChange?.(next)}
      options={options}
      loading={roles.isPending}
      placeholder="请选择角色"
      showSearch={{ optionFilterProp: 'label' }}
      notFoundContent={roles.isError ? '角色加载失败' : '暂无角色'}
    />
  );
}

const USER_FORM: FormSpec<UserRow, UserCreateBody, UserUpdateBody, UserFormValues> = {
  width: 600,
  initialValues: (row) => (row
    ? { account: row.account, name: row.name, departmentId: row.departmentId ?? undefined, phone: row.phone ?? '', roleIds: row.roles.map((r) => r.id), status: row.status }
    : { status: 'active', roleIds: [], password: generatePassword() }),
  toCreate: (v) => ({
    account: v.account.trim(), name: v.name.trim(), departmentId: v.departmentId ?? '', phone: v.phone?.trim() || null,
    roleIds: v.roleIds, status: v.status, password: v.password,
  }),
  toUpdate: (v) => ({ name: v.name.trim(), departmentId: v.departmentId ?? '', phone: v.phone?.trim() || null, roleIds: v.roleIds, status: v.status }),
  fields: ({ mode, row }) => (
    <>
      <Form.Item
        name="account"
        label="账号"
        extra={mode === 'create' ? '字母开头，3–32 位字母、数字、下划线、点或短横线；创建后不可修改' : undefined}
        rules={[
          { required: true, whitespace: true, message: '请输入账号' },
          { pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, message: '账号只能由字母开头，3–32 位字母、数字、下划线、点或短横线' },
        ]}
      >
        <Input placeholder="请输入账号" disabled={mode === 'edit'} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 32, message: '姓名不能超过 32 个字符' }]}>
        <Input placeholder="请输入姓名" />
      </Form.Item>
      <Form.Item name="departmentId" label="所属部门" rules={[{ required: true, message: '请选择所属部门' }]}>
        <DepartmentSelect fallback={row?.departmentId && row.departmentName ? { id: row.departmentId, name: row.departmentName } : null} />
      </Form.Item>
      <Form.Item name="phone" label="手机号码" rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: '请输入 11 位手机号或带区号的固定电话' }]}>
        <Input placeholder="选填" />
      </Form.Item>
      <Form.Item name="roleIds" label="角色" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个角色' }]}>
        <RoleSelect fallback={row?.roles ?? []} />
      </Form.Item>
      <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
        <Radio.Group options={[{ value: 'active', label: '正常' }, { value: 'disabled', label: '停用' }]} />
      </Form.Item>
      {mode === 'create' && (
        <Form.Item name="password" label="初始密码" rules={PASSWORD_RULES} extra={`${PASSWORD_RULE_TEXT}。用户首次登录须修改。`}>
          <Input.Password placeholder="请输入初始密码" autoComplete="new-password" visibilityToggle />
        </Form.Item>
      )}
    </>
  ),
};

function ResetPasswordDialog({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const [form] = Form.useForm<{ password: string }>();
  // Prefill as the dialog opens (not after its animation, which could overwrite what was typed).
  useEffect(() => {
    if (user) form.setFieldsValue({ password: generatePassword() });
  }, [user, form]);
  const reset = useResetUserPassword();
  const { message } = App.useApp();

  async function submit() {
    if (!user) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await reset.mutateAsync({ id: user.id, password: values.password });
      message.success(`已重置 ${user.name} 的密码，其下次登录须修改密码`);
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  return (
    <Modal
      title={user ? `重置密码：${user.name}（${user.account}）` : '重置密码'}
      open={user !== null}
      onOk={() => void submit()}
      onCancel={onClose}
      okText="确定"
      cancelText="取消"
      confirmLoading={reset.isPending}
      forceRender
    >
      <Form form={form} name="reset_password" layout="vertical" style={{ marginTop: 16 }}>
        <Form.Item name="password" label="新密码" rules={PASSWORD_RULES} extra={`${PASSWORD_RULE_TEXT}。已预填一个随机密码，请告知用户；用户下次登录须修改。`}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button size="small" onClick={() => form.setFieldsValue({ password: generatePassword() })}>重新生成</Button>
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const [resetting, setResetting] = useState<UserRow | null>(null);

  return (
    <>
      <ListPage
        noun="用户"
        api={usersApi}
        columns={COLUMNS}
        rowKey={(row) => row.id}
        rowLabel={(row) => `${row.name}（${row.account}）`}
        permissions={{
          create: 'system:user:create', update: 'system:user:update', delete: 'system:user:delete',
          import: 'system:user:import', export: 'system:user:export',
        }}
        form={USER_FORM}
        rowActions={(row) => [{
          key: 'reset', label: '重置密码', permission: 'system:user:reset-password',
          disabled: row.actions.resetPassword !== null, reason: row.actions.resetPassword ?? undefined,
          onClick: () => setResetting(row),
        }]}
        actionColumnWidth={170}
        importSpec={{
          noun: '用户',
          templateUrl: '/api/system/users/import-template',
          importPath: '/api/system/users/import',
          invalidates: ['users', 'departments', 'roles'],
          hint: '表头请勿修改。部门填写全称；角色填写名称，多个用顿号分隔；已存在的账号按表格内容更新，新账号须填写初始密码。',
        }}
      />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
