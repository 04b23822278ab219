/**
 * The ceremony's steps (domain/draw/ceremony_v2.ts order; docs/draw-protocol.md §15–§17): freeze + commit + anchor,
 * supervisor presence, entry of the random values, execution, publication of the receipt. Each step is one change
 * (runChange): its writes, its log row and its events commit together or not at all.
 */
import { z } from 'zod';
import { commitLogDetail, COMMIT_ACTION, validateSourceValue, type CommitmentV2, type ReceiptV2 } from '../../../domain/draw/ceremony_v2';
import type { AppServices, TypedApp } from '../../http/app';
import { runChange } from '../../http/change';
import { AppError, badRequest, conflict, errorResponses, forbidden, notFound } from '../../http/errors';
import { idParams } from '../../http/fields';
import { shanghaiDate } from '../../http/today';
import { assertDirectoriesFresh } from '../directory_confirmations/freshness';
import { requireAuth } from '../users/routes';
import { anchorCommitment, checkSourceTimes, computeOutcome, declarationsOf, DRAW_TEST_HOOKS, freezeAndCommit, insertDrawObjects } from './ceremony';
import { checkVersion, drawInScope, relock, transition, writeDraw } from './change_support';
import { actorFacts, drawDetail, mayUse } from './detail';
import { CommitDrawInput, DrawDetail, EnterSourceValuesInput, RowVersionInput } from './schema';
import { withProgress } from './progress';
import { getDrawById } from './store';
import { applyTaskEvent, specOf, taskById } from './task_link';

const tags = ['计划与抽取-抽取'];

export function registerDrawCeremonyRoutes(app: TypedApp, services: AppServices): void {
  const detailOf = async (auth: ReturnType<typeof requireAuth>, id: string) => {
    const rec = await getDrawById(services.db, id);
    if (!rec) throw notFound('抽取');
    return drawDetail(services.db, auth, rec, services.now());
  };

  app.post('/api/draws/:id/commit', {
    config: { access: 'workflow:draw:operate', summary: '冻结名录并发布抽取承诺' },
    schema: { tags, summary: '冻结名录库、声明随机数来源并发布承诺（承诺写入操作日志并由检查点签名，之后才可能产生随机数）', params: idParams, body: CommitDrawInput, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const key = services.checkpoints?.key;
    if (!key) throw new AppError(503, 'CHECKPOINT_KEY_MISSING', '未配置留痕检查点签名密钥，承诺无法锚定，不能抽取');
    const rec = await drawInScope(services.db, auth, request.params.id);
    checkVersion(rec, request.body.rowVersion);
    transition(auth, rec, { type: 'commit' });
    const now = services.now();
    if (request.body.drawDate < shanghaiDate(now)) throw badRequest('VALIDATION_FAILED', `抽取日期 ${request.body.drawDate} 早于今天`, [{ field: 'drawDate', message: '抽取日期不能早于今天' }]);
    checkSourceTimes(declarationsOf(request.body), now, services.drawSourceMinLeadMs);
    const task = await taskById(services.db, rec.taskId);
    if (!task) throw notFound('抽查任务');
    for (const departmentId of [task.leadDepartmentId, ...task.participatingDepartmentIds]) await assertDirectoriesFresh(services.db, departmentId, now);
    await withProgress(rec.id, () => runChange(request, services, async (tx, record) => {
      const current = await relock(tx, rec.id, request.body.rowVersion);
      const moved = transition(auth, current, { type: 'commit' });
      const { commitment, frozen, sha256 } = await freezeAndCommit(tx, current, specOf(task), request.body, now);
      const binding = commitLogDetail(commitment);
      await writeDraw(tx, current, moved.draw, {
        drawDate: request.body.drawDate, poolSize: frozen.packed.size, commitment, commitmentHash: binding.commitmentHash, committedAt: now,
      }, now);
      record.target('draw', rec.id);
      record.detail({ ...binding, drawId: rec.id, poolSize: frozen.packed.size, poolSha256: sha256, poolRoot: frozen.commitment.root, ledgerHash: frozen.ledgerHash, excluded: frozen.excluded });
      for (const e of moved.events) record.event(e);
    }, { action: COMMIT_ACTION }));
    await anchorCommitment(services.db, rec.id, key, services.now);
    return detailOf(auth, rec.id);
  });

  app.post('/api/draws/:id/presence', {
    config: { access: 'workflow:draw:supervise', summary: '确认到场监督' },
    schema: { tags, summary: '抽取监督员以本人账号确认到场（不能是操作人；同一人只计一次）', params: idParams, body: RowVersionInput, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const rec = await drawInScope(services.db, auth, request.params.id);
    checkVersion(rec, request.body.rowVersion);
    transition(auth, rec, { type: 'confirm_presence' });
    await runChange(request, services, async (tx, record) => {
      const current = await relock(tx, rec.id, request.body.rowVersion);
      const moved = transition(auth, current, { type: 'confirm_presence' });
      await writeDraw(tx, current, moved.draw, {}, services.now());
      record.target('draw', rec.id);
      record.detail({ taskId: rec.taskId, attempt: rec.attempt, supervisorIds: moved.draw.supervisorIds, required: rec.requiredSupervisors });
      for (const e of moved.events) record.event(e);
    });
    const key = services.checkpoints?.key;
    if (key) await anchorCommitment(services.db, rec.id, key, services.now);
    return detailOf(auth, rec.id);
  });

  app.post('/api/draws/:id/source-values', {
    config: { access: 'authenticated', summary: '录入随机值' },
    schema: { tags, summary: '录入各随机数来源公布的值（须在其声明的产生时间之后，按规范写法原样录入）', params: idParams, body: EnterSourceValuesInput, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    if (!mayUse(auth, 'enter_seed')) throw forbidden('没有权限：workflow:draw:operate 或 workflow:draw:supervise');
    const rec = await drawInScope(services.db, auth, request.params.id);
    checkVersion(rec, request.body.rowVersion);
    transition(auth, rec, { type: 'enter_seed' });
    const commitment = rec.commitment as CommitmentV2;
    const expected = commitment.sources.filter((s) => s.value === '');
    const given = new Map<string, { value: string; index: number }>();
    for (const [index, v] of request.body.values.entries()) {
      if (!expected.some((s) => s.id === v.id)) throw badRequest('VALIDATION_FAILED', `承诺中没有待录入的随机数“${v.id}”`, [{ field: `values.${index}.id`, message: '不是承诺声明的待录入随机数' }]);
      if (given.has(v.id)) throw badRequest('VALIDATION_FAILED', `随机数“${v.id}”录入了不止一次`, [{ field: `values.${index}.id`, message: '重复录入' }]);
      given.set(v.id, { value: v.value, index });
    }
    const missing = expected.filter((s) => !given.has(s.id));
    if (missing.length > 0) throw badRequest('VALIDATION_FAILED', `还须录入：${missing.map((s) => s.id).join('、')}`, missing.map((s) => ({ field: 'values', message: `缺少随机数“${s.id}”` })));
    const now = services.now();
    for (const s of expected) {
      if (now.getTime() < Date.parse(s.availableAt)) {
        throw conflict('SOURCE_NOT_YET_AVAILABLE', `随机数“${s.id}”声明的产生时间是 ${s.availableAt}，现在还不能录入（承诺要求随机数在承诺锚定之后才产生）`);
      }
    }
    for (const s of expected) {
      const entry = given.get(s.id) as { value: string; index: number };
      const checked = validateSourceValue(s, entry.value);
      if (!checked.ok) throw badRequest(checked.error.code, checked.error.message, [{ field: `values.${entry.index}.value`, message: checked.error.message }]);
    }
    const values = expected.map((s) => ({ id: s.id, value: (given.get(s.id) as { value: string }).value }));
    await runChange(request, services, async (tx, record) => {
      const current = await relock(tx, rec.id, request.body.rowVersion);
      const moved = transition(auth, current, { type: 'enter_seed' });
      await writeDraw(tx, current, moved.draw, { sourceValues: values }, now);
      record.target('draw', rec.id);
      record.detail({ taskId: rec.taskId, attempt: rec.attempt, commitmentHash: rec.commitmentHash, sourceValues: values });
      for (const e of moved.events) record.event(e);
    });
    return detailOf(auth, rec.id);
  });

  app.post('/api/draws/:id/execute', {
    config: { access: 'workflow:draw:operate', summary: '执行抽取' },
    schema: { tags, summary: '由承诺、名录库与随机值计算抽取结果并保存（同样的输入总得到同样的结果）', params: idParams, body: RowVersionInput, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const rec = await drawInScope(services.db, auth, request.params.id);
    checkVersion(rec, request.body.rowVersion);
    transition(auth, rec, { type: 'execute' });
    await withProgress(rec.id, async () => {
      const outcome = await computeOutcome(services.db, rec);
      await runChange(request, services, async (tx, record) => {
        const current = await relock(tx, rec.id, request.body.rowVersion);
        const moved = transition(auth, current, { type: 'execute' });
        await insertDrawObjects(tx, rec.id, outcome.objects);
        await writeDraw(tx, current, moved.draw, { receipt: outcome.receipt, receiptHash: outcome.receipt.resultHash, executedAt: services.now() }, services.now());
        record.target('draw', rec.id);
        record.detail({
          taskId: rec.taskId, attempt: rec.attempt, commitmentHash: rec.commitmentHash, seed: outcome.receipt.seed, resultHash: outcome.receipt.resultHash,
          selected: outcome.objects.filter((o) => !o.reserve).length, reserve: outcome.objects.filter((o) => o.reserve).length,
        });
        for (const e of moved.events) record.event(e);
        if (DRAW_TEST_HOOKS.beforeExecuteCommit) await DRAW_TEST_HOOKS.beforeExecuteCommit();
      });
    });
    return detailOf(auth, rec.id);
  });

  app.post('/api/draws/:id/publish', {
    config: { access: 'workflow:draw:operate', summary: '公布抽取凭证' },
    schema: { tags, summary: '公布抽取凭证（公开版本）；任务进入已抽取', params: idParams, body: RowVersionInput, response: { 200: DrawDetail, ...errorResponses } },
  }, async (request) => {
    const auth = requireAuth(request.auth);
    const rec = await drawInScope(services.db, auth, request.params.id);
    checkVersion(rec, request.body.rowVersion);
    transition(auth, rec, { type: 'publish_receipt' });
    await runChange(request, services, async (tx, record) => {
      const current = await relock(tx, rec.id, request.body.rowVersion);
      const moved = transition(auth, current, { type: 'publish_receipt' });
      await writeDraw(tx, current, moved.draw, { publishedAt: services.now() }, services.now());
      for (const e of await applyTaskEvent(tx, rec.taskId, { type: 'draw_completed' }, actorFacts(auth))) record.event(e);
      record.target('draw', rec.id);
      record.detail({ taskId: rec.taskId, attempt: rec.attempt, commitmentHash: rec.commitmentHash, resultHash: rec.receiptHash });
      for (const e of moved.events) record.event(e);
    });
    return detailOf(auth, rec.id);
  });

  app.get('/api/draws/:id/receipt', {
    config: { access: 'workflow:draw:list' },
    schema: { tags, summary: '完整抽取凭证（含各分层名单，供指定核验者使用）', params: idParams, response: { 200: z.custom<ReceiptV2>((v) => typeof v === 'object' && v !== null), ...errorResponses } },
  }, async (request) => {
    const rec = await drawInScope(services.db, requireAuth(request.auth), request.params.id);
    if (!rec.receipt) throw notFound('抽取凭证');
    return rec.receipt as ReceiptV2;
  });

}
