import type { CliCommand } from '../command';
import { auditCommand } from './audit';
import { verifyDrawCommand } from './verify_draw';

/** Every CLI command, in the order `help` lists them. */
export const commands: readonly CliCommand[] = [auditCommand, verifyDrawCommand];
