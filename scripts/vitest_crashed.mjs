// After a vitest run exited non-zero (scripts/test_all.sh): was it only a test worker process that died?
//
//   node scripts/vitest_crashed.mjs REPORT.json RUN.log
//
// A forks-pool worker that dies (a signal, the OOM killer, a native crash) takes the test it was running with it:
// vitest then reports "Worker exited unexpectedly" as an unhandled error, leaves that test and the rest of its file
// "pending" and exits 1 — with no failed test. That is not a test failure, and not a pass either: this script names the
// files whose tests never finished, removes them from REPORT.json (the caller runs them again, alone, into a report of
// their own) and prints them, one per line, exiting 0. It exits 1, printing why, when anything else went wrong: a
// failed test, an unhandled error other than a worker's exit, or a worker exit whose file cannot be told.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const [reportPath, logPath] = process.argv.slice(2);
if (!reportPath || !logPath) {
  console.error('usage: node scripts/vitest_crashed.mjs REPORT.json RUN.log');
  process.exit(2);
}
const fail = (message) => { console.error(message); process.exit(1); };

let report;
try {
  report = JSON.parse(readFileSync(reportPath, 'utf8'));
} catch (error) {
  fail(`没有可读的测试报告 ${reportPath}：${error.message}`);
}
// eslint-disable-next-line no-control-regex
const log = readFileSync(logPath, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
if (report.numFailedTests > 0 || report.numFailedTestSuites > 0) fail(`${report.numFailedTests} 个测试失败`);

const exits = (log.match(/Worker exited unexpectedly/g) ?? []).length;
const errorsLine = /^\s*Errors\s+(\d+) errors?/m.exec(log);
const errors = errorsLine ? Number(errorsLine[1]) : 0;
if (exits === 0) fail(`测试进程以非零状态退出，但没有工作进程意外退出（未处理的错误 ${errors} 个）：见上方输出`);
if (errors !== exits) fail(`除工作进程意外退出（${exits} 次）外还有其他未处理的错误（共 ${errors} 个）：见上方输出`);

const unfinished = report.testResults.filter((file) => file.assertionResults.some((a) => a.status === 'pending'));
const files = unfinished.map((file) => relative(process.cwd(), file.name));
console.error(`测试工作进程意外退出 ${exits} 次（不是测试失败）；未跑完的测试文件：${files.length ? files.join('、') : '无（进程在文件跑完之后退出）'}`);
for (const file of unfinished) {
  const done = file.assertionResults.filter((a) => a.status === 'passed').length;
  const pending = file.assertionResults.filter((a) => a.status === 'pending');
  console.error(`  ${relative(process.cwd(), file.name)}：${done} 个已通过，${pending.length} 个未跑完（自「${pending[0]?.title ?? ''}」起）`);
}

// The unfinished files leave this report; their second run writes its own.
const kept = report.testResults.filter((file) => !unfinished.includes(file));
const sum = (files, status) => files.reduce((n, file) => n + file.assertionResults.filter((a) => a.status === status).length, 0);
writeFileSync(reportPath, JSON.stringify({
  ...report,
  testResults: kept,
  numTotalTestSuites: kept.length,
  numPassedTestSuites: kept.filter((file) => file.status === 'passed').length,
  numTotalTests: kept.reduce((n, file) => n + file.assertionResults.length, 0),
  numPassedTests: sum(kept, 'passed'),
  numPendingTests: sum(kept, 'pending'),
  numTodoTests: sum(kept, 'todo'),
}));
for (const file of files) console.log(file);
