import type { CliCommand } from '../command';
import { archiveCommand } from './archive';
import { auditCommand } from './audit';
import { statisticsCommand } from './statistics';
import { verifyDrawCommand } from './verify_draw';
import { verifyMatchCommand } from './verify_match';
import { verifyPoolCommand } from './verify_pool';

/** Every CLI command, in the order `help` lists them. */
export const commands: readonly CliCommand[] = [auditCommand, verifyDrawCommand, verifyPoolCommand, verifyMatchCommand, archiveCommand, statisticsCommand];
