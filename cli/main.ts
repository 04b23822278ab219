import { commands } from './commands/index';

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const lines = commands.map((c) => `  ${c.name.padEnd(16)} ${c.summary}\n  ${' '.repeat(16)} 用法: ${c.usage}`);
    process.stderr.write(`${name && name !== 'help' ? `未知命令: ${name}\n` : ''}suiji 命令行\n${lines.join('\n')}\n`);
    return name && name !== 'help' ? 2 : 0;
  }
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
