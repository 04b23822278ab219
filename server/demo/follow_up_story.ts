/**
 * The 后续处置 part of the demo story (issue #10 items 7 and 10), played at the end of the results scene through the
 * API: approving last year's results opened their follow-ups by themselves (server/modules/follow_ups/open.ts); now
 * the 市场监管局 transfers the 露天焚烧 finding to the 生态环境局 (谁主管、谁负责, 曲阳第22条), which accepts it.
 * The 责令改正 of the result corrected to 未发现问题 was closed by the correction's approval itself (server/modules/follow_ups/
 * sync.ts). The unreachable entity's follow-up stays open with its 经营异常名录 suggestion.
 */
import type { ResultsStage } from './results_story';
import { idOf, shanghai, versionOf } from './story_session';

interface Row { id: string; disposalLabel: string | null; measure: string | null; status: string; rowVersion: number }

export async function followUpScene(stage: ResultsStage, year: number): Promise<void> {
  const { clock } = stage;
  clock.now = shanghai(`${year}-05-08`, '10:00');
  const market = await stage.as('scjg_admin');
  const page = await market.get('/api/inspection/follow-ups?box=outgoing&pageSize=50') as unknown as { rows: Row[] };
  const transfer = page.rows.find((r) => r.disposalLabel === '移送' && r.status === 'open');

  if (transfer) {
    const options = await market.get(`/api/inspection/follow-ups/${transfer.id}/receiver-options`) as unknown as { id: string; name: string }[];
    const ecology = options.find((d) => d.name.includes('生态环境'));
    if (!ecology) throw new Error('演示数据：没有可接收移送的生态环境部门');
    const sent = await market.post(`/api/inspection/follow-ups/${transfer.id}/transfer`, {
      rowVersion: transfer.rowVersion, toDepartmentId: ecology.id,
      reason: '抽查中发现该户后院露天堆放并焚烧废包装物，涉嫌违反《中华人民共和国大气污染防治法》第七十七条，属生态环境部门管辖，现将线索及现场照片移送贵局依法处理。',
    });
    clock.now = shanghai(`${year}-05-09`, '15:00');
    await (await stage.as('sthj_admin')).post(`/api/inspection/follow-ups/${idOf(sent)}/accept`, { rowVersion: versionOf(sent) });
  }
}
