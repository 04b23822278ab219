/**
 * The commit form's values → the declarations the protocol hashes (docs/draw-protocol.md §15.1), checked with the
 * domain's checkSourceDeclarations before they are sent (the server checks them again).
 */
import dayjs, { type Dayjs } from 'dayjs';
import { checkSourceDeclarations, type SourceDeclaration, type SourceType } from '../../../../domain/draw/sources';
import type { CommitBody } from '../../api/draws';
import { sourceTitle } from './draw_text';

const ID_OF: Readonly<Record<string, string>> = { 'fc-ssq': 'ssq', 'fc-3d': 'fc3d', 'tc-pl3': 'pl3' };

export interface SourceValues {
  readonly type: SourceType;
  readonly name?: string;
  readonly round?: string;
  readonly count?: string;
  readonly availableAt?: Dayjs;
  readonly description?: string;
  /** Dice thrown before the commitment next to a lottery or beacon (§15.3). */
  readonly value?: string;
}

export interface CommitValues {
  readonly drawDate?: Dayjs;
  readonly sources?: readonly SourceValues[];
  readonly sourceException?: string;
}

/** `2026-12-08T13:15:00Z`: the declaration's UTC instant without milliseconds (§15.1). */
export function utcInstant(value: Dayjs): string {
  return value.toDate().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The declarations as the protocol hashes them: ids derived from the game or beacon, unique; descriptions filled in. */
export function toDeclarations(values: readonly SourceValues[]): (SourceDeclaration & { type: SourceType })[] {
  const used = new Set<string>();
  const outside = values.some((v) => v.type === 'lottery' || v.type === 'beacon');
  return values.map((v) => {
    const name = v.type === 'dice' ? '' : (v.name ?? '').trim();
    const stem = v.type === 'lottery' ? (ID_OF[name] ?? 'lottery') : v.type === 'beacon' ? (name.replace(/[^a-z0-9_-]/g, '-').slice(0, 24) || 'beacon') : 'dice';
    let id = stem;
    for (let n = 2; used.has(id); n++) id = `${stem}-${n}`;
    used.add(id);
    const declaration: SourceDeclaration & { type: SourceType } = {
      id, type: v.type, name,
      round: v.type === 'dice' ? '' : (v.round ?? '').trim(),
      count: v.type === 'lottery' ? '' : (v.count ?? '').trim(),
      availableAt: v.availableAt ? utcInstant(v.availableAt) : '',
      // Next to an outside source the dice are thrown now and sealed in the commitment; alone they are entered later.
      value: v.type === 'dice' && outside ? (v.value ?? '') : '',
      description: '',
    };
    const when = v.availableAt ? v.availableAt.format('YYYY-MM-DD HH:mm') : '';
    const description = (v.description ?? '').trim() || `${when} 产生的${sourceTitle(declaration)}`.trim();
    return { ...declaration, description };
  });
}

/** The domain's verdict on the declarations, or null when they would be accepted. */
export function declarationProblem(values: CommitValues): string | null {
  const checked = checkSourceDeclarations(toDeclarations(values.sources ?? []), (values.sourceException ?? '').trim());
  return checked.ok ? null : checked.error.message;
}

export function toCommitBody(values: CommitValues, rowVersion: number): CommitBody {
  return {
    rowVersion,
    drawDate: (values.drawDate ?? dayjs()).format('YYYY-MM-DD'),
    sources: toDeclarations(values.sources ?? []),
    sourceException: (values.sourceException ?? '').trim(),
  };
}
