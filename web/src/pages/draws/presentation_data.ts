/** What the projector shows, from the draw as the server answers it (api/draws) — no rule recomputed here. */
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../api/client';
import type { DrawDetail, DrawObjectPage, DrawObjectRow } from '../../api/draws';
import { publicDrawPath, sourceKindLabel, sourceTitle } from './draw_text';
import type { PresentationData } from './presentation_view';

const FETCH_SIZE = 200;
/** The projector reveals at most this many (a longer list is on the receipt). */
const MAX_SHOWN = 1000;

/** Every selected entity in draw order (a few pages of the objects route), once the draw ran. */
export function useSelectedForPresentation(draw: DrawDetail | undefined) {
  const ran = draw !== undefined && (draw.status === 'drawn' || draw.status === 'published');
  return useQuery({
    queryKey: ['draws', 'objects', draw?.id, 'presentation'],
    enabled: ran,
    queryFn: async () => {
      const rows: DrawObjectRow[] = [];
      for (let page = 1; rows.length < MAX_SHOWN; page++) {
        const batch = await apiGet<DrawObjectPage>(`/api/draws/${encodeURIComponent(draw?.id ?? '')}/objects`, { reserve: 'false', page, pageSize: FETCH_SIZE });
        rows.push(...batch.rows);
        if (batch.rows.length < FETCH_SIZE || rows.length >= batch.total) break;
      }
      return rows;
    },
  });
}

export function presentationData(draw: DrawDetail, selected: readonly DrawObjectRow[] | undefined, origin: string): PresentationData {
  const entered = new Map((draw.sourceValues ?? []).map((v) => [v.id, v.value]));
  const ran = draw.status === 'drawn' || draw.status === 'published';
  const order = new Map(draw.strata.map((s, i) => [s.key, i]));
  return {
    taskName: draw.taskName,
    taskCode: draw.taskCode,
    attempt: draw.attempt,
    statusLabel: draw.statusLabel,
    strata: draw.strata.map((s) => ({ key: s.key, size: String(s.size), quota: String(s.quota) })),
    poolSize: draw.poolSize,
    commitmentHash: draw.commitmentHash,
    sources: (draw.commitment?.sources ?? []).map((s) => ({
      id: s.id, title: sourceTitle(s), kind: sourceKindLabel(s), availableAt: s.availableAt,
      value: s.value !== '' ? s.value : (entered.get(s.id) ?? null),
    })),
    supervisorNames: draw.supervisors.map((s) => s.name ?? '监督员'),
    requiredSupervisors: draw.requiredSupervisors,
    drawn: ran && selected ? [...selected].sort((a, b) => (order.get(a.stratum) ?? 0) - (order.get(b.stratum) ?? 0) || a.rank - b.rank).map((o) => ({ key: String(o.entityId), name: o.name, code: o.identifier, stratum: o.stratum })) : null,
    reserveCount: draw.reserveCount ?? 0,
    resultHash: draw.receiptHash,
    publicUrl: draw.status === 'published' ? `${origin}${publicDrawPath(draw.id)}` : null,
  };
}
