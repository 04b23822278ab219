/** The change-password form used by the forced page and the dialog. */
import { Form, Input, type FormInstance } from 'antd';
import type { ChangePasswordInput } from '../api/auth';

export interface ChangePasswordValues extends ChangePasswordInput {
  confirmPassword: string;
}

export const PASSWORD_RULE_TEXT = '8–64 位，须同时包含字母和数字，且不能与账号相同';

export function ChangePasswordFields({ form }: { form: FormInstance<ChangePasswordValues> }) {
  return (
    <>
      <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请输入原密码' }]}>
        <Input.Password autoComplete="current-password" placeholder="请输入原密码" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label="新密码"
        extra={PASSWORD_RULE_TEXT}
        rules={[
          { required: true, message: '请输入新密码' },
          { min: 8, max: 64, message: '密码长度应为 8–64 位' },
          { pattern: /^(?=.*[A-Za-z])(?=.*\d).*$/, message: '密码须同时包含字母和数字' },
          {
            validator: (_, value: string | undefined) => (value && value === form.getFieldValue('oldPassword')
              ? Promise.reject(new Error('新密码不能与原密码相同')) : Promise.resolve()),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" placeholder="请输入新密码" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label="确认新密码"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          {
            validator: (_, value: string | undefined) => (value && value !== form.getFieldValue('newPassword')
              ? Promise.reject(new Error('两次输入的新密码不一致')) : Promise.resolve()),
          },
        ]}
      >
        <Input.Password autoComplete="new-password" placeholder="请再次输入新密码" />
      </Form.Item>
    </>
  );
}
