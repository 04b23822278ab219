import type { TransitionTable } from './machine';

/**
 * The allowed transitions of a machine as a Markdown table (status × event → next status), for
 * docs/workflow.md; cli/workflow_docs.test.ts keeps the document equal to the code.
 */
export function transitionTableMarkdown<S extends string, E extends string>(
  table: TransitionTable<S, E>, statusLabels: Readonly<Record<S, string>>, eventLabels: Readonly<Record<E, string>>,
): string {
  const statuses = Object.keys(table) as S[];
  const events = Object.keys(eventLabels) as E[];
  const cell = (status: S, event: E): string => {
    const target = table[status][event];
    if (target === undefined) return '—';
    return [target].flat().map((s) => statusLabels[s as S]).join(' 或 ');
  };
  const header = `| 状态 \\ 事件 | ${events.map((e) => `${eventLabels[e]} \`${e}\``).join(' | ')} |`;
  const rule = `|---|${events.map(() => '---').join('|')}|`;
  const rows = statuses.map((s) => `| ${statusLabels[s]} \`${s}\` | ${events.map((e) => cell(s, e)).join(' | ')} |`);
  return [header, rule, ...rows].join('\n');
}
