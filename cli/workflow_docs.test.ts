import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DRAW_EVENT_LABELS, DRAW_STATUS_LABELS, DRAW_TRANSITIONS } from '../domain/workflow/draw_states';
import { PLAN_EVENT_LABELS, PLAN_STATUS_LABELS, PLAN_TRANSITIONS } from '../domain/workflow/plan_states';
import { TASK_EVENT_LABELS, TASK_STATUS_LABELS, TASK_TRANSITIONS } from '../domain/workflow/task_states';
import { transitionTableMarkdown } from '../domain/workflow/transition_docs';
import { RESULT_EVENT_LABELS, RESULT_STATUS_LABELS, RESULT_TRANSITIONS } from '../domain/inspection/result_states';

describe('docs/workflow.md', () => {
  const doc = readFileSync(new URL('../docs/workflow.md', import.meta.url), 'utf8');
  it('shows the transition tables exactly as the code defines them', () => {
    expect(doc).toContain(transitionTableMarkdown(PLAN_TRANSITIONS, PLAN_STATUS_LABELS, PLAN_EVENT_LABELS));
    expect(doc).toContain(transitionTableMarkdown(TASK_TRANSITIONS, TASK_STATUS_LABELS, TASK_EVENT_LABELS));
    expect(doc).toContain(transitionTableMarkdown(DRAW_TRANSITIONS, DRAW_STATUS_LABELS, DRAW_EVENT_LABELS));
    expect(doc).toContain(transitionTableMarkdown(RESULT_TRANSITIONS, RESULT_STATUS_LABELS, RESULT_EVENT_LABELS));
  });
});
