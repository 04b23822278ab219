/**
 * 一次一档 (issue #10 item 8): checking a task archive against its manifest. Pure: the caller reads the zip and
 * hashes each file; this decides what is missing, extra or changed, and whether the manifest itself is intact
 * (its SHA-256 in manifest.sha256 and in the zip comment).
 */

export interface ArchivedFile { readonly path: string; readonly size: number; readonly sha256: string }

export interface ManifestFacts {
  readonly files: readonly ArchivedFile[];
  readonly task: { readonly code: string; readonly name: string };
}

export interface ArchiveFindings {
  /** Listed in the manifest, not in the zip. */
  readonly missing: readonly string[];
  /** In the zip, not listed (manifest.json and manifest.sha256 themselves excepted). */
  readonly extra: readonly string[];
  /** Listed with another size or hash, or unreadable (CRC failure). */
  readonly changed: readonly { readonly path: string; readonly why: string }[];
  /** Problems of the manifest itself. */
  readonly manifest: readonly string[];
}

export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_HASH_PATH = 'manifest.sha256';
const HEX64 = /^[0-9a-f]{64}$/;

/** The manifest's file list, or why it cannot be read. */
export function parseManifest(text: string): { ok: true; value: ManifestFacts } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `manifest.json 不是有效的 JSON：${(e as Error).message}` };
  }
  const m = value as { format?: unknown; files?: unknown; task?: { code?: unknown; name?: unknown } };
  if (m.format !== 'suiji-archive/1') return { ok: false, error: 'manifest.json 的 format 不是 suiji-archive/1' };
  if (!Array.isArray(m.files)) return { ok: false, error: 'manifest.json 缺少 files 列表' };
  const files: ArchivedFile[] = [];
  for (const [i, f] of (m.files as unknown[]).entries()) {
    const file = f as { path?: unknown; size?: unknown; sha256?: unknown };
    if (typeof file.path !== 'string' || typeof file.size !== 'number' || typeof file.sha256 !== 'string' || !HEX64.test(file.sha256)) {
      return { ok: false, error: `manifest.json 的第 ${i + 1} 个文件条目格式不正确` };
    }
    files.push({ path: file.path, size: file.size, sha256: file.sha256 });
  }
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  return { ok: true, value: { files, task: { code: str(m.task?.code), name: str(m.task?.name) } } };
}

/** The hash manifest.sha256 states (`<hex>  manifest.json`), or null. */
export function statedManifestHash(text: string): string | null {
  const match = /^([0-9a-f]{64}) {2}manifest\.json\s*$/.exec(text);
  return match?.[1] ?? null;
}

/** The hash in the zip comment (`suiji-archive/1 manifest.json sha256=<hex>`), or null. */
export function commentManifestHash(comment: string): string | null {
  return /sha256=([0-9a-f]{64})/.exec(comment)?.[1] ?? null;
}

/**
 * Compares the archive's files (`actual`, with `unreadable` paths that failed their CRC) with the manifest.
 * `manifestSha256` is the hash of manifest.json as found; `stated` and `inComment` are the hashes recorded for it.
 */
export function compareArchive(manifest: ManifestFacts, actual: readonly ArchivedFile[], unreadable: readonly { path: string; why: string }[],
  manifestSha256: string, stated: string | null, inComment: string | null): ArchiveFindings {
  const found = new Map(actual.map((f) => [f.path, f]));
  const broken = new Map(unreadable.map((u) => [u.path, u.why]));
  const listed = new Set(manifest.files.map((f) => f.path));
  const missing: string[] = [];
  const changed: { path: string; why: string }[] = [];
  for (const want of manifest.files) {
    const why = broken.get(want.path);
    const got = found.get(want.path);
    if (why !== undefined) changed.push({ path: want.path, why });
    else if (!got) missing.push(want.path);
    else if (got.size !== want.size) changed.push({ path: want.path, why: `大小不符：清单 ${want.size} 字节，实际 ${got.size} 字节` });
    else if (got.sha256 !== want.sha256) changed.push({ path: want.path, why: 'SHA-256 与清单不符：内容已被改动' });
  }
  const extra = [...actual.map((f) => f.path), ...unreadable.map((u) => u.path)]
    .filter((p) => !listed.has(p) && p !== MANIFEST_PATH && p !== MANIFEST_HASH_PATH);
  const problems: string[] = [];
  if (stated === null) problems.push('缺少 manifest.sha256 或其格式不正确');
  else if (stated !== manifestSha256) problems.push('manifest.json 的 SHA-256 与 manifest.sha256 不符：清单已被改动');
  if (inComment !== null && inComment !== manifestSha256) problems.push('manifest.json 的 SHA-256 与 ZIP 注释中的不符：清单已被改动');
  return { missing, extra: [...new Set(extra)], changed, manifest: problems };
}

export function archiveIntact(f: ArchiveFindings): boolean {
  return f.missing.length === 0 && f.extra.length === 0 && f.changed.length === 0 && f.manifest.length === 0;
}
