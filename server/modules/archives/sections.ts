/**
 * 一次一档 (issue #10 item 8): what a task's archive holds, as an ordered list of sections. Each section yields its
 * files one at a time, in a fixed order, from data that no longer changes once the task is done — so the archive is
 * the same bytes each time it is built from the same data.
 *
 * Extension point: a module whose records belong in the archive (异议与复核, 后续处置 …) adds a section to
 * ARCHIVE_SECTIONS with the next free number; build.ts and the manifest pick it up, nothing else changes.
 */
import type { Db } from '../../db/database';
import type { AuthContext } from '../../http/request_context';
import { drawSection, planSection, taskSection } from './task_sections';
import { objectSection } from './object_sections';
import { correctionSection, publicationSection, resultSection } from './result_sections';
import { followUpSection, objectionSection } from './after_sections';

export interface ArchiveTask {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly planId: string | null;
  readonly year: number;
  readonly periodStart: string;
  readonly periodEnd: string;
}

/** An inspection object of the task, in archive order (rank, then id), with its folder name. */
export interface ArchiveObject {
  readonly id: string;
  readonly entityId: number;
  readonly entityName: string;
  readonly entityCode: string;
  readonly status: string;
  readonly folder: string;
}

export interface ArchiveContext {
  readonly db: Db;
  readonly auth: AuthContext;
  readonly task: ArchiveTask;
  readonly objects: readonly ArchiveObject[];
}

export interface ArchiveFile {
  /** Path inside the section's folder. */
  readonly name: string;
  readonly data: Buffer;
  /** Already compressed (photos, .docx): stored as is. */
  readonly stored?: boolean;
}

export interface ArchiveSection {
  /** The folder, `NN-中文名`. */
  readonly folder: string;
  /** One line for 说明.txt. */
  readonly describes: string;
  files(context: ArchiveContext): AsyncIterable<ArchiveFile>;
}

export const ARCHIVE_SECTIONS: readonly ArchiveSection[] = [
  planSection, taskSection, drawSection, objectSection, resultSection, correctionSection, publicationSection, objectionSection, followUpSection,
];

/** Pretty JSON with a final newline: the archive's text format for records. */
export function jsonFile(name: string, value: unknown): ArchiveFile {
  return { name, data: Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8') };
}

/** A name safe as one path segment on Windows and in a zip (no separators, no control characters). */
export function segment(text: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').trim().slice(0, 80);
  return cleaned === '' ? '_' : cleaned;
}
