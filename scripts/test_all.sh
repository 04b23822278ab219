#!/usr/bin/env bash
# `npm test`: every suite, on both databases. It fails — never skips — when a suite cannot run:
#   lint (eslint, type-aware) + tsc → unit (domain, cli, verifiers) → db suite on the embedded
#   database → db suite on PostgreSQL (a fresh database per test file) → web build → browser (e2e)
#   journeys on the embedded database and on PostgreSQL.
# PostgreSQL: SUIJI_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres), a role that may
# create databases; and a streaming replica of it, SUIJI_TEST_REPLICA_URL, which this script starts itself when unset
# (scripts/pg_replica.sh: as root or postgres on the machine that runs PostgreSQL). Browser: /usr/bin/chromium (override with CHROMIUM_PATH) and a CJK font.
#
# `bash scripts/test_all.sh --api-only` runs only the unit and both db suites; `--compat` the unit suite and the
# part of the db suite that depends on the runtime, on the embedded database (CI runs it again on a second Node.js LTS
# this way: PGlite's WebAssembly and worker thread, streams and zlib of imports, exports and archives, crypto of the
# audit chain and the draw, the HTTP layer with the walk over every route, and the demo story played through the API —
# without repeating the PostgreSQL pass or the modules whose code is plain queries).
set -euo pipefail
cd "$(dirname "$0")/.."
api_only=false
compat=false
[ "${1:-}" = "--api-only" ] && api_only=true
[ "${1:-}" = "--compat" ] && api_only=true && compat=true

export SUIJI_TEST_PG_URL="${SUIJI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
results="$(mktemp -d)"
trap 'rm -rf "$results" "$results-e2e-template"' EXIT

step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

# vitest_run NAME PROJECT [ARGS...]: one vitest run with its JSON report in $results/NAME.json. A test worker process
# that dies (a signal, the OOM killer, a native crash — vitest says "Worker exited unexpectedly") is not a test
# failure: the files it left unfinished run again, alone and one at a time, into $results/NAME-again.json, and count
# there; a second death, a failed test or any other error fails the run (scripts/vitest_crashed.mjs,
# docs/decisions/0010-ci-time.md).
vitest_run() {
  local name="$1" project="$2"
  shift 2
  if npx vitest run --project "$project" "$@" --reporter=default --reporter=json --outputFile.json="$results/$name.json" 2>&1 | tee "$results/$name.log"; then
    rm -f "$results/$name.log"
    return 0
  fi
  echo
  local again
  again="$(node scripts/vitest_crashed.mjs "$results/$name.json" "$results/$name.log")" || return 1
  rm -f "$results/$name.log"
  if command -v dmesg >/dev/null; then dmesg 2>/dev/null | grep -iE "killed process|out of memory|segfault" | tail -n 5 || true; fi
  [ -z "$again" ] && return 0
  echo "重新运行（单个进程）：$again"
  # shellcheck disable=SC2086
  SUIJI_DB_WORKERS=1 npx vitest run --project "$project" $again --maxWorkers=1 --reporter=default --reporter=json --outputFile.json="$results/$name-again.json"
}

step "检查 PostgreSQL 与浏览器"
node -e "
const pg = require('pg');
const c = new pg.Client({ connectionString: process.env.SUIJI_TEST_PG_URL });
c.connect().then(() => c.query('select version()')).then((r) => { console.log(r.rows[0].version); return c.end(); })
 .catch((e) => { console.error('无法连接 PostgreSQL（' + process.env.SUIJI_TEST_PG_URL + '）：' + e.message + '\n测试需要 PostgreSQL；请启动它或设置 SUIJI_TEST_PG_URL。'); process.exit(1); });"
chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if ! $api_only && [ ! -x "$chromium_bin" ]; then echo "找不到浏览器 $chromium_bin：请安装 Debian 的 chromium 与 fonts-wqy-microhei（见 README）"; exit 1; fi
echo "Node.js $(node --version)"

if ! $api_only; then
  step "lint + tsc"
  npm run --silent lint
fi

step "单元测试（domain、cli、校验器）"
vitest_run unit unit

step "接口与存储测试：嵌入式数据库（PGlite）"
db_paths=()
if $compat; then
  db_paths=(server/db server/import server/export server/audit server/messaging server/http server/demo
    server/modules/draws server/modules/entities server/modules/archives server/modules/notices server/modules/entity_access)
fi
SUIJI_TEST_DB=pglite vitest_run db-pglite db "${db_paths[@]}"

if ! $compat; then
  # A real streaming replica of the test cluster (scripts/pg_replica.sh): on this pass the public portal, statistics
  # and exports of every test read through it, and server/db/replica.test.ts checks the lag and outage fall-backs.
  started_replica=false
  if [ -z "${SUIJI_TEST_REPLICA_URL:-}" ]; then
    step "启动 PostgreSQL 只读副本（pg_basebackup -R）"
    SUIJI_TEST_REPLICA_URL="$(bash scripts/pg_replica.sh start)"
    started_replica=true
  fi
  export SUIJI_TEST_REPLICA_URL
  step "接口与存储测试：PostgreSQL（公示、统计与导出读取只读副本 $SUIJI_TEST_REPLICA_URL）"
  SUIJI_TEST_DB=pg vitest_run db-pg db
  if $started_replica; then bash scripts/pg_replica.sh stop; fi
  unset SUIJI_TEST_REPLICA_URL
fi

if ! $api_only; then
  step "构建前端"
  npm run --silent build:web

  step "浏览器测试：嵌入式数据库"
  # The demo data is loaded once into a template data directory; each journey starts on a copy (e2e/harness.ts).
  SUIJI_E2E_TEMPLATE_DIR="$results-e2e-template" vitest_run e2e-pglite e2e

  step "浏览器测试：PostgreSQL"
  e2e_db="suiji_e2e_$$_$RANDOM"
  base="${SUIJI_TEST_PG_URL%/*}"
  node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.env.SUIJI_TEST_PG_URL});c.connect().then(()=>c.query(\"create database $e2e_db template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'\")).then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})"
  drop_e2e_db() {
    node -e "const pg=require('pg');const c=new pg.Client({connectionString:process.env.SUIJI_TEST_PG_URL});c.connect().then(()=>c.query('drop database if exists $e2e_db with (force)')).then(()=>c.end()).catch(()=>{})"
  }
  trap 'drop_e2e_db; rm -rf "$results" "$results-e2e-template"' EXIT
  # The browser pass on PostgreSQL runs the journeys whose screens rest on what the two databases do differently
  # (docs/decisions/0010-ci-time.md): the whole plan → draw → result chain, the phone workbench and its offline outbox,
  # the COPY import, pinyin ordering by the database's collation, the public portal, objections and the archive's
  # streams. Every other journey runs on the embedded database above; the API suite ran every route on PostgreSQL.
  # The ceremony and dispatch journeys make their own PostgreSQL database in every pass (they ran above).
  pg_journeys=(workflow_journey results_workbench_journey entity_import_journey columns_journey portal_journey objection_journey archive_journey)
  SUIJI_E2E_DATABASE_URL="$base/$e2e_db" vitest_run e2e-pg e2e "${pg_journeys[@]/#/e2e/}"
fi

node -e "
const fs = require('fs');
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync('$results')) {
  const r = JSON.parse(fs.readFileSync('$results/' + f, 'utf8'));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
  console.log(f.replace('.json', '').padEnd(12), r.numPassedTests, 'passed', r.numFailedTests, 'failed');
}
if (skipped > 0) { console.error(skipped + ' skipped: a skipped test is a failure here'); failed += skipped; }
console.log(passed + ' passed, ' + failed + ' failed');
process.exit(failed > 0 ? 1 : 0);"
