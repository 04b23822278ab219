/**
 * The dialog that adds or edits one node of a draft. The fields follow the node's level: a 检查事项
 * has 事项类别, 检查对象, 检查方式, 检查主体, 检查依据 and 结果选项 (东胜 四(二)1, 曲阳 第11条); a
 * 检查子项 its name and an optional, more precise basis; a 检查内容 its 检查方法 and the 是/否 wording
 * of the record form. The server checks the same rules and its messages land on the fields.
 */
import { App, Checkbox, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect } from 'react';
import { CODE_PATTERN, DEFAULT_RESULT_OPTIONS, FIELD_LIMITS, type ChecklistLevel, type ItemCategory } from '../../../../domain/checklist/types';
import type { CheckMethod } from '../../../../domain/inspection/categories';
import type { ItemFieldsBody, ItemRow } from '../../api/checklists';
import { applyServerErrors } from '../../components/form_errors';
import { CATEGORY_OPTIONS, CHECKLIST_LEVEL_LABELS, METHOD_OPTIONS } from './checklist_labels';

export interface ItemDialogState {
  readonly level: ChecklistLevel;
  /** The node being edited, or null to add one. */
  readonly item: ItemRow | null;
  /** The parent of a new node (null: a new 检查事项). */
  readonly parent: ItemRow | null;
  readonly suggestedCode: string;
}

interface Values {
  code: string; name: string; category?: ItemCategory; target?: string; methods?: CheckMethod[]; subject?: string; basis?: string;
  resultOptions?: string[]; checkMethod?: string; yesWording?: string; noWording?: string;
}

const max = (n: number, label: string) => ({ max: n, message: `${label}不能超过 ${n} 个字符` });
const required = (label: string) => ({ required: true, whitespace: true, message: `请填写${label}` });
const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);

export function toBody(level: ChecklistLevel, v: Values): ItemFieldsBody {
  return {
    code: v.code.trim(), name: v.name.trim(), basis: text(v.basis),
    ...(level === 'item' ? { category: v.category ?? null, target: text(v.target), methods: v.methods ?? [], subject: text(v.subject), resultOptions: v.resultOptions ?? [] } : {}),
    ...(level === 'content' ? { checkMethod: text(v.checkMethod), yesWording: text(v.yesWording), noWording: text(v.noWording) } : {}),
  };
}

export function ItemDialog({ state, defaultSubject, onClose, onSubmit }: {
  state: ItemDialogState | null;
  defaultSubject: string;
  onClose: () => void;
  onSubmit: (state: ItemDialogState, body: ItemFieldsBody) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const level = state?.level ?? 'item';
  const label = CHECKLIST_LEVEL_LABELS[level];

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    const item = state.item;
    form.setFieldsValue(item
      ? {
        code: item.code, name: item.name, category: item.category ?? undefined, target: item.target ?? '', methods: item.methods, subject: item.subject ?? '',
        basis: item.basis ?? '', resultOptions: item.resultOptions, checkMethod: item.checkMethod ?? '', yesWording: item.yesWording ?? '', noWording: item.noWording ?? '',
      }
      : { code: state.suggestedCode, category: 'general', methods: ['on_site'], subject: defaultSubject, resultOptions: [...DEFAULT_RESULT_OPTIONS] });
  }, [state, form, defaultSubject]);

  async function submit() {
    if (!state) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    try {
      await onSubmit(state, toBody(state.level, values));
      message.success(state.item ? '修改成功' : '新增成功');
      onClose();
    } catch (error) {
      message.error(applyServerErrors(form, error));
    }
  }

  const title = state?.item ? `修改${label}` : state?.parent ? `在「${state.parent.name}」下新增${label}` : `新增${label}`;
  return (
    <Modal title={title} open={state !== null} width={720} onOk={() => void submit()} onCancel={onClose} okText="确定" cancelText="取消" forceRender mask={{ closable: false }}>
      <Form form={form} name="checklist-item" layout="horizontal" labelCol={{ flex: '110px' }} wrapperCol={{ flex: '1 1 0', style: { minWidth: 0 } }} style={{ marginTop: 16 }} labelWrap>
        <Form.Item name="code" label="编码" rules={[{ required: true, message: '请填写编码' }, max(FIELD_LIMITS.code, '编码'), { pattern: CODE_PATTERN, message: '编码只能包含字母、数字、点、下划线或短横线' }]} extra="同一版本内唯一；版本比较按编码对应">
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="name" label={`${label}名称`} rules={[required(`${label}名称`), max(FIELD_LIMITS.name, '名称')]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} placeholder={level === 'content' ? '如：是否按规定明码标价' : level === 'subitem' ? '如：明码标价' : '如：价格行为检查'} />
        </Form.Item>
        {level === 'item' && (
          <>
            <Form.Item name="category" label="事项类别" rules={[{ required: true, message: '请选择事项类别' }]} extra="重点检查事项抽查比例不设上限，可按 100% 抽查">
              <Radio.Group options={CATEGORY_OPTIONS} />
            </Form.Item>
            <Form.Item name="target" label="检查对象" rules={[required('检查对象'), max(FIELD_LIMITS.target, '检查对象')]}>
              <Input placeholder="如：辖区内商品经营者和服务提供者" />
            </Form.Item>
            <Form.Item name="methods" label="检查方式" rules={[{ required: true, type: 'array', min: 1, message: '至少选择一种检查方式' }]}>
              <Checkbox.Group options={METHOD_OPTIONS} />
            </Form.Item>
            <Form.Item name="subject" label="检查主体" rules={[required('检查主体'), max(FIELD_LIMITS.subject, '检查主体')]}>
              <Input />
            </Form.Item>
          </>
        )}
        {level === 'content' && (
          <>
            <Form.Item name="checkMethod" label="检查方法" rules={[required('检查方法'), max(FIELD_LIMITS.checkMethod, '检查方法')]}>
              <Input placeholder="如：现场查看价签、价目表" />
            </Form.Item>
            <Form.Item name="yesWording" label="“是”的表述" rules={[required('“是”的表述'), max(FIELD_LIMITS.wording, '“是”的表述')]}>
              <Input placeholder="如：已明码标价" />
            </Form.Item>
            <Form.Item
              name="noWording"
              label="“否”的表述"
              dependencies={['yesWording']}
              rules={[required('“否”的表述'), max(FIELD_LIMITS.wording, '“否”的表述'), ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) => (value && value.trim() === String(getFieldValue('yesWording') ?? '').trim()
                  ? Promise.reject(new Error('“是”与“否”的表述不能相同')) : Promise.resolve()),
              })]}
            >
              <Input placeholder="如：未按规定明码标价" />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="basis"
          label="检查依据"
          rules={[...(level === 'item' ? [required('检查依据')] : []), max(FIELD_LIMITS.basis, '检查依据')]}
          extra={level === 'item' ? '法律、法规、规章的名称和条款' : '选填：比检查事项的依据更具体的条款'}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder="如：《中华人民共和国价格法》第十三条" />
        </Form.Item>
        {level === 'item' && (
          <Form.Item name="resultOptions" label="结果选项" rules={[{ required: true, type: 'array', min: 2, message: '结果选项至少两项' }]} extra="输入后回车添加，如 正常、不正常">
            <Select mode="tags" open={false} tokenSeparators={['、', ',', '，']} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
