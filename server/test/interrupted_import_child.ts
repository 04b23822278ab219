/**
 * Child process of pending_import_kill.test.ts: opens the embedded database in the directory given, starts writing the
 * staged rows of the job given (hidden, two rows per chunk), says "midway" after the second chunk and waits there to
 * be killed.
 */
import { openDatabase } from '../db/database';
import { APPLY_CHUNKS, noWrites, writeHidden } from '../modules/entities/pending_import';

const [dataDir, jobId] = process.argv.slice(2);
if (!dataDir || !jobId) throw new Error('usage: interrupted_import_child <dataDir> <jobId>');
const database = await openDatabase({ kind: 'pglite', dataDir });
Object.assign(APPLY_CHUNKS, {
  rows: 2, minRows: 2, maxRows: 2,
  afterChunk: async (chunk: number) => {
    if (chunk < 2) return;
    process.stdout.write('midway\n');
    await new Promise(() => undefined);
  },
});
await writeHidden(database.db, jobId, noWrites(), new Date(), async () => undefined);
