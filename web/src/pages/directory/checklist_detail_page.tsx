/**
 * One list: its versions (草稿 / 现行 / 历史版本) and the items of the chosen version. The maintainer
 * 「修订」s the version in force into a draft, edits the draft's tree, and publishes it with the
 * reason; published versions are read-only. Versions can be compared (版本比较).
 */
import { DiffOutlined, DownloadOutlined, PlusOutlined, SendOutlined, SyncOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { nextChildCode } from '../../../../domain/checklist/tree';
import type { ChecklistKind } from '../../../../domain/checklist/types';
import {
  CHECKLIST_PAGES, CHECKLIST_TEMPLATE_URL, checklistExportUrl, checklistImportPath, useChecklist, useChecklistActions, useChecklistVersion,
  type ItemRow, type VersionRow,
} from '../../api/checklists';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { ImportDialog } from '../../components/import_job_dialog';
import { ValueTag } from '../../components/value_tag';
import { useCurrentUser } from '../../auth/current_user';
import { JointSourcesDialog, PublishDialog } from './checklist_dialogs';
import { ItemDialog, type ItemDialogState } from './checklist_item_dialog';
import { VERSION_STATUS_ENUM } from './checklist_labels';
import { ChecklistTree } from './checklist_tree';
import { useRecordTitle } from '../../layout/record_title';

function defaultVersion(versions: readonly VersionRow[], canEdit: boolean): number | null {
  const draft = versions.find((v) => v.status === 'draft');
  const current = versions.find((v) => v.status === 'published');
  return (canEdit ? draft?.version : undefined) ?? current?.version ?? versions[0]?.version ?? null;
}

function ChecklistDetail({ kind }: { kind: ChecklistKind }) {
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const detail = useChecklist(kind, id);
  const list = detail.data;
  useRecordTitle(list?.name);
  const asked = Number(search.get('version'));
  const version = list ? (list.versions.some((v) => v.version === asked) ? asked : defaultVersion(list.versions, list.canEdit)) : null;
  const content = useChecklistVersion(kind, id, version);
  const actions = useChecklistActions(kind, id);
  const [itemDialog, setItemDialog] = useState<ItemDialogState | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [sourcesOpen, setSourcesOpen] = useState(false);

  if (detail.isError) return <Card><Alert type="error" showIcon title="清单加载失败" description={errorMessage(detail.error)} /></Card>;
  if (!list) return <Card loading />;

  const selected = list.versions.find((v) => v.version === version) ?? null;
  const items = content.data?.items ?? [];
  const editable = Boolean(list.canEdit && selected?.status === 'draft');
  const choose = (v: number) => setSearch({ version: String(v) });
  const run = async (work: Promise<unknown>, done: string) => {
    try { await work; message.success(done); } catch (error) { message.error(errorMessage(error)); }
  };

  function revise() {
    void actions.revise.mutateAsync(undefined).then((v) => { message.success(`已生成第 ${v.version} 版草稿`); choose(v.version); }, (error: unknown) => message.error(errorMessage(error)));
  }

  function discard(v: number) {
    modal.confirm({
      title: `放弃第 ${v} 版草稿？`, content: '草稿中的全部修改将被删除，现行版本不受影响。', okText: '放弃草稿', okButtonProps: { danger: true }, cancelText: '取消',
      onOk: () => actions.discard.mutateAsync(v).then(() => { message.success('草稿已放弃'); setSearch({}); }, (error: unknown) => { message.error(errorMessage(error)); }),
    });
  }

  function remove(item: ItemRow) {
    if (version === null) return;
    modal.confirm({
      title: `删除「${item.name}」？`, content: item.level === 'content' ? '将删除此检查内容。' : '将同时删除其下的全部子项和内容。', okText: '删除', okButtonProps: { danger: true }, cancelText: '取消',
      onOk: () => run(actions.deleteItem.mutateAsync({ version, itemId: item.id }), '已删除'),
    });
  }

  function move(item: ItemRow, direction: -1 | 1) {
    if (version === null) return;
    const ids = items.filter((i) => i.parentId === item.parentId).map((i) => i.id);
    const at = ids.indexOf(item.id);
    const other = ids[at + direction];
    if (!other) return;
    ids[at + direction] = item.id;
    ids[at] = other;
    void run(actions.reorder.mutateAsync({ version, parentId: item.parentId, itemIds: ids }), '顺序已调整');
  }

  function openAdd(parent: ItemRow | null) {
    const level = parent ? (parent.level === 'item' ? 'subitem' : 'content') : 'item';
    const nodes = items.map((i) => ({ code: i.code, parentCode: items.find((p) => p.id === i.parentId)?.code ?? null }));
    setItemDialog({ level, parent, item: null, suggestedCode: nextChildCode(nodes, parent?.code ?? null) });
  }

  const owner = list.departmentName ?? `${list.regionName}双随机办`;
  const firstPublication = list.currentVersion === null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless">
        <div style={{ display: 'flex', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap' }}>
          <div style={{ flex: 1, minWidth: 360 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }}>{list.name}</Typography.Title>
            <Descriptions size="small" column={3} items={[
              { key: 'kind', label: '类型', children: list.kindLabel },
              { key: 'owner', label: '维护单位', children: owner },
              { key: 'region', label: '行政区划', children: list.regionName },
              { key: 'current', label: '现行版本', children: list.currentVersion === null ? '未发布' : `第 ${list.currentVersion} 版（${formatDateTime(list.publishedAt)}）` },
              { key: 'items', label: '检查事项', children: `${list.itemCount} 项` },
              { key: 'base', label: '上级清单', children: list.baseChecklistId ? <Link to={`${CHECKLIST_PAGES[kind]}/${list.baseChecklistId}`}>{list.baseChecklistName}</Link> : '—' },
            ]} />
            {list.actions.edit !== null && <Alert type="info" showIcon title={list.actions.edit} style={{ marginTop: 8 }} />}
          </div>
          <Space wrap>
            {list.canEdit && list.currentVersion !== null && list.draftVersion === null && <Button type="primary" icon={<PlusOutlined />} loading={actions.revise.isPending} onClick={revise}>修订（新建草稿版本）</Button>}
            <Button icon={<DiffOutlined />} disabled={list.versions.length < 2} onClick={() => void navigate(`${CHECKLIST_PAGES[kind]}/${list.id}/diff`)}>版本比较</Button>
            <Button onClick={() => void navigate(CHECKLIST_PAGES[kind])}>返回列表</Button>
          </Space>
        </div>
      </Card>
      <Card variant="borderless" styles={{ body: { padding: '12px 20px' } }}>
        <Space wrap size={12} align="center">
          <Typography.Text strong>版本</Typography.Text>
          <Segmented<number>
            value={version ?? undefined}
            onChange={choose}
            options={list.versions.map((v) => ({ value: v.version, label: <span>第 {v.version} 版 <ValueTag value={v.status} valueEnum={VERSION_STATUS_ENUM} /></span> }))}
          />
          {selected && (
            <Typography.Text type="secondary">
              {selected.status === 'draft'
                ? `草稿，修改于 ${formatDateTime(selected.updatedAt)}`
                : `${formatDateTime(selected.publishedAt)} 由 ${selected.publishedByName ?? '—'} 发布 · ${selected.changeReasonLabel ?? ''}`}
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Card
        variant="borderless"
        title={selected ? <Space>第 {selected.version} 版<ValueTag value={selected.status} valueEnum={VERSION_STATUS_ENUM} />{selected.nodeCount > 0 && <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>共 {selected.nodeCount} 个节点</Typography.Text>}</Space> : '版本'}
        extra={selected && (
          <Space wrap>
            {editable && kind === 'department' && <Button icon={<PlusOutlined />} onClick={() => openAdd(null)}>新增检查事项</Button>}
            {editable && kind === 'joint' && <Button icon={<PlusOutlined />} onClick={() => setSourcesOpen(true)}>从部门清单纳入</Button>}
            {editable && kind === 'department' && <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>导入</Button>}
            {editable && list.baseChecklistId && <Button icon={<SyncOutlined />} loading={actions.syncBase.isPending} onClick={() => void run(actions.syncBase.mutateAsync(selected.version), '已同步上级清单的现行版本')}>同步上级清单</Button>}
            <Button icon={<DownloadOutlined />} onClick={() => window.location.assign(checklistExportUrl(kind, list.id, selected.version))}>导出检查表</Button>
            {editable && !firstPublication && <Button danger onClick={() => discard(selected.version)}>放弃草稿</Button>}
            {editable && <Button type="primary" icon={<SendOutlined />} disabled={(content.data?.issues.length ?? 1) > 0} onClick={() => setPublishOpen(true)}>发布</Button>}
          </Space>
        )}
      >
        {selected && selected.status !== 'draft' && selected.changeNote && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${selected.changeReasonLabel ?? '变更说明'}：${selected.changeNote}`} />
        )}
        {editable && content.data && content.data.issues.length > 0 && (
          <Alert
            type="warning" showIcon style={{ marginBottom: 12 }}
            title={`还有 ${content.data.issues.length} 处需要完善，完善后才能发布`}
            description={<ul style={{ margin: 0, paddingLeft: 20 }}>{content.data.issues.slice(0, 8).map((i) => <li key={`${i.code ?? ''}${i.message}`}>{i.message}</li>)}</ul>}
          />
        )}
        {content.isError && <Alert type="error" showIcon title="版本加载失败" description={errorMessage(content.error)} />}
        <ChecklistTree items={items} kind={kind} editable={editable} loading={content.isFetching} actions={{ onAdd: openAdd, onEdit: (item) => setItemDialog({ level: item.level, parent: null, item, suggestedCode: item.code }), onDelete: remove, onMove: move }} />
        {selected?.status === 'published' && <Tag color="green" style={{ marginTop: 12 }}>现行版本：已发布的版本不能修改，如需调整请「修订」</Tag>}
      </Card>
      {version !== null && (
        <>
          <ItemDialog
            state={itemDialog}
            defaultSubject={list.departmentName ?? me.department?.name ?? ''}
            onClose={() => setItemDialog(null)}
            onSubmit={async (state, body) => {
              if (state.item) await actions.updateItem.mutateAsync({ version, itemId: state.item.id, body });
              else await actions.addItem.mutateAsync({ version, body: { ...body, parentId: state.parent?.id ?? null } });
            }}
          />
          <PublishDialog open={publishOpen} version={version} firstPublication={firstPublication} onClose={() => setPublishOpen(false)} onSubmit={async (body) => { await actions.publish.mutateAsync({ version, body }); }} />
          {kind === 'joint' && <JointSourcesDialog open={sourcesOpen} listId={list.id} version={version} onClose={() => setSourcesOpen(false)} onSubmit={async (ids) => { await actions.addSources.mutateAsync({ version, sourceItemIds: ids }); }} />}
          {kind === 'department' && (
            <ImportDialog
              open={importOpen}
              onClose={() => setImportOpen(false)}
              spec={{ noun: '检查事项', templateUrl: CHECKLIST_TEMPLATE_URL, importPath: checklistImportPath(list.id, version), invalidates: ['checklists'], hint: '按检查表格式每行一个检查内容；导入将替换草稿中本级的全部事项（上级清单的事项保留）。' }}
            />
          )}
        </>
      )}
    </Space>
  );
}

export function ChecklistDetailPage() {
  return <ChecklistDetail kind="department" />;
}

export function JointChecklistDetailPage() {
  return <ChecklistDetail kind="joint" />;
}
