/**
 * 留痕检查点: the signed checkpoints of the operation-log head and their public key are public (the
 * portal publishes them, so anyone can hold a copy the database cannot reach); writing one on
 * demand needs `monitor:audit:checkpoint` and is itself logged.
 */
import type { AppServices, TypedApp } from '../../http/app';
import { allCheckpoints, checkpointLines, createCheckpoint, listCheckpoints } from '../../audit/checkpoints';
import type { CheckpointKey } from '../../audit/checkpoint_key';
import { runChange } from '../../http/change';
import { AppError, conflict, errorResponses } from '../../http/errors';
import { CheckpointKeyInfo, CheckpointListQuery, CheckpointPage, CheckpointSchema } from './schema';

const publicTags = ['公示-留痕检查点'];
const tags = ['系统监控'];

function requireKey(services: AppServices): CheckpointKey {
  if (!services.checkpoints) throw new AppError(503, 'CHECKPOINT_KEY_MISSING', '服务未配置留痕检查点签名密钥');
  return services.checkpoints.key;
}

export function registerCheckpointRoutes(app: TypedApp, services: AppServices): void {
  app.get('/api/public/audit/checkpoints', {
    config: { access: 'public' },
    schema: { tags: publicTags, summary: '留痕检查点（新的在前；suiji-checkpoint/1 格式，Ed25519 签名）', querystring: CheckpointListQuery, response: { 200: CheckpointPage, ...errorResponses } },
  }, async (request) => listCheckpoints(services.db, request.query.page, request.query.pageSize));

  app.get('/api/public/audit/checkpoint-key', {
    config: { access: 'public' },
    schema: { tags: publicTags, summary: '留痕检查点的验签公钥', response: { 200: CheckpointKeyInfo, ...errorResponses } },
  }, async () => {
    const key = requireKey(services);
    return { algorithm: 'Ed25519' as const, keyId: key.keyId, publicKeyPem: key.publicKeyPem, publicKeyBase64: key.publicKeyBase64 };
  });

  app.get('/api/public/audit/checkpoints/export', {
    config: { access: 'public' },
    schema: { tags: publicTags, summary: '下载全部留痕检查点（JSON Lines，旧的在前；用于 audit verify --checkpoints）' },
  }, async (_request, reply) => {
    const body = checkpointLines(await allCheckpoints(services.db));
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="suiji-checkpoints.jsonl"; filename*=UTF-8''${encodeURIComponent('留痕检查点.jsonl')}`)
      .send(body);
  });

  app.post('/api/monitor/audit-checkpoints', {
    config: { access: 'monitor:audit:checkpoint', summary: '生成留痕检查点' },
    schema: { tags, summary: '立即为当前链头生成签名检查点（生成本身也记入操作日志）', response: { 201: CheckpointSchema, ...errorResponses } },
  }, async (request, reply) => {
    const key = requireKey(services);
    const checkpoint = await runChange(request, services, async (tx, record) => {
      const created = await createCheckpoint(tx, key, services.now(), 'manual');
      if (!created) throw conflict('AUDIT_LOG_EMPTY', '操作日志为空，没有可签名的链头');
      record.target('audit_checkpoint', String(created.seq));
      record.detail({ seq: created.seq, headHash: created.headHash, keyId: created.keyId });
      record.event({ type: 'AuditCheckpointCreated', seq: created.seq, headHash: created.headHash, keyId: created.keyId });
      return created;
    });
    return reply.status(201).send(checkpoint);
  });
}
