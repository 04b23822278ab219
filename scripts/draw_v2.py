"""suiji-draw/2 for the independent verifier (docs/draw-protocol.md §15–§18), standard library only.

Imported by verify_draw.py when a receipt says "protocol": "suiji-draw/2". Written from the document:
typed source grammars, the /2 commitment, its anchor in the signed operation log (Ed25519 from
RFC 8032, in checkpoint_crypto.py because Python's standard library has none), the previous attempt's
anchor, the published attempt list and the published hashes. The outcome checks are /1's.
"""
import base64
import datetime
import hashlib
import json
import re
import unicodedata

import verify_draw as v1
from checkpoint_crypto import canonical_json, ed25519_self_test, ed25519_verify  # noqa: F401 (ed25519_self_test: used by verify_draw)
from verify_draw import Mismatch, ce, field, from_hex, malformed, obj, record, string, array, tagged_hash

PROTOCOL = "suiji-draw/2"
TAG_COMMITMENT = "suiji/draw/v2/commitment"
TAG_SEED = "suiji/draw/v2/seed"

def strict_loads(text, code, what):
    """JSON with one reading (§18.1 step 1): a repeated key anywhere is refused."""
    def pairs(items):
        out = {}
        for k, val in items:
            if k in out:
                raise Mismatch(code, "%s中的键“%s”出现了不止一次" % (what, k))
            out[k] = val
        return out
    def constant(name):
        raise ValueError("不允许 %s" % name)
    try:
        return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except ValueError as e:
        raise Mismatch(code, "%s不是有效的 JSON：%s" % (what, e))


# ---------------------------------------------------------------------------------------------
# Text rules (§18.2)

WS = v1.WS
BIDI = v1.BIDI
INVISIBLE = [(0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
             (0x200B, 0x200D), (0x2060, 0x2064), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0)]
INSTANT_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,3}))?(Z|([+-])([0-9]{2}):([0-9]{2}))")
UTC_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
ROW_AT_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
HEX64_RE = re.compile(r"[0-9a-f]{64}")
SMALL_RE = re.compile(r"[1-9][0-9]{0,2}")


def non_blank(s):
    return any(c not in WS for c in s)


def invisible(s):
    return any(a <= ord(c) <= b for c in s for (a, b) in INVISIBLE)


def calendar_date(y, m, d):
    try:
        datetime.date(y, m, d)
        return True
    except ValueError:
        return False


def instant(s):
    """Milliseconds since the epoch of `YYYY-MM-DDTHH:MM:SS[.s{1,3}](Z|±HH:MM)`, or None."""
    m = INSTANT_RE.fullmatch(s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    if not calendar_date(y, mo, d) or h > 23 or mi > 59 or se > 59:
        return None
    offset = 0
    if m.group(8) != "Z":
        oh, om = int(m.group(10)), int(m.group(11))
        if oh > 23 or om > 59:
            return None
        offset = (-1 if m.group(9) == "-" else 1) * (oh * 60 + om)
    days = (datetime.date(y, mo, d) - datetime.date(1970, 1, 1)).days
    ms = int(((m.group(7) or "") + "00")[:3])
    return (((days * 24 + h) * 60 + mi - offset) * 60 + se) * 1000 + ms


def nfc(s):
    return v1.well_formed(s) and unicodedata.normalize("NFC", s) == s


def check_task_id(t, path):
    if (not nfc(t) or not non_blank(t) or t[0] in WS or t[-1] in WS or len(t.encode("utf-8")) > 256
            or any(v1.is_control(c) or c in BIDI for c in t) or invisible(t)):
        raise Mismatch("INVALID_PARAMS", "任务编号无效", path)


def check_identifier_v2(id_, path):
    if invisible(id_):
        raise Mismatch("INVALID_ID", "标识“%s”含有零宽或不可见字符" % id_, path)
    v1.check_canonical_identifier(id_, path)
    if re.fullmatch(r"[0-9A-Za-z]{17}|[0-9A-Za-z]{19}", id_):
        raise Mismatch("INVALID_USCC", "标识“%s”像是少写或多写一位的统一社会信用代码" % id_, path)
    if any(0xFF01 <= ord(c) <= 0xFF5E for c in id_):
        raise Mismatch("NON_CANONICAL_ID", "标识“%s”含有全角字母或数字" % id_, path)


# ---------------------------------------------------------------------------------------------
# Sources (§15)

SOURCE_KEYS = ["id", "type", "name", "round", "count", "availableAt", "value", "description"]
GAMES = {"fc-ssq": re.compile(r"20[0-9]{2}(?!000)[0-9]{3}"), "fc-3d": re.compile(r"20[0-9]{2}(?!000)[0-9]{3}"),
         "tc-pl3": re.compile(r"[0-9]{2}(?!000)[0-9]{3}")}
_RED = "(0[1-9]|[12][0-9]|3[0-3])"
SSQ_RE = re.compile(_RED + "( " + _RED + "){5} (0[1-9]|1[0-6])")


def check_value(s, value, path):
    ok = False
    if s["type"] == "lottery" and s["name"] == "fc-ssq":
        if SSQ_RE.fullmatch(value):
            reds = [int(x) for x in value.split(" ")[:6]]
            ok = all(reds[i] < reds[i + 1] for i in range(5))
    elif s["type"] == "lottery":
        ok = re.fullmatch(r"[0-9]{3}", value) is not None
    elif s["type"] == "beacon":
        ok = re.fullmatch("[0-9a-f]{%d}" % (2 * int(s["count"])), value) is not None
    elif s["type"] == "dice":
        ok = re.fullmatch("[1-6]( [1-6]){%d}" % (int(s["count"]) - 1), value) is not None
    if not ok:
        raise Mismatch("INVALID_SOURCE_VALUE", "随机数“%s”的值“%s”不是规范形式" % (s["id"], value), path)


def check_declaration(s, path):
    def bad(key, message):
        return Mismatch("INVALID_SOURCE", "随机数来源“%s”：%s" % (s["id"], message), path + "." + key)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", s["id"]):
        raise bad("id", "编号无效")
    t = s["type"]
    if t == "lottery":
        if s["name"] not in GAMES:
            raise bad("name", "未知的彩票玩法")
        if not GAMES[s["name"]].fullmatch(s["round"]):
            raise bad("round", "期号格式错误")
        if s["count"] != "":
            raise bad("count", "彩票来源不填写 count")
    elif t == "beacon":
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,63}", s["name"]):
            raise bad("name", "信标名称无效")
        if not re.fullmatch(r"[1-9][0-9]{0,15}", s["round"]):
            raise bad("round", "信标轮次无效")
        if s["count"] not in ("16", "32", "64"):
            raise bad("count", "信标值长度无效")
    elif t == "dice":
        if s["name"] != "" or s["round"] != "":
            raise bad("name", "骰子来源不填写 name 和 round")
        if not re.fullmatch(r"[1-9][0-9]?", s["count"]) or int(s["count"]) > 64:
            raise bad("count", "掷骰次数须为 1–64")
    else:
        raise bad("type", "未知的来源类型")
    if not UTC_RE.fullmatch(s["availableAt"]) or instant(s["availableAt"]) is None:
        raise bad("availableAt", "产生时间格式错误")
    if t != "dice" and s["value"] != "":
        raise bad("value", "彩票和信标的值不能写入承诺")
    if not non_blank(s["description"]) or not nfc(s["description"]):
        raise bad("description", "说明须为非空白的 NFC 文本")


def check_sources(sources, exception, base):
    if not sources:
        raise Mismatch("INVALID_SOURCE", "至少须声明一个随机数来源", base + ".sources")
    seen = set()
    for i, s in enumerate(sources):
        check_declaration(s, "%s.sources[%d]" % (base, i))
        if s["id"] in seen:
            raise Mismatch("INVALID_SOURCE", "随机数来源编号重复", "%s.sources[%d].id" % (base, i))
        seen.add(s["id"])
    outside = any(s["type"] in ("lottery", "beacon") for s in sources)
    if outside and exception != "":
        raise Mismatch("INVALID_SOURCE", "已声明彩票或信标来源时不能再声明例外", base + ".sourceException")
    for i, s in enumerate(sources):
        if s["type"] != "dice":
            continue
        path = "%s.sources[%d].value" % (base, i)
        if outside and s["value"] == "":
            raise Mismatch("INVALID_SOURCE", "与彩票或信标同用的骰子须在承诺前掷出并写入承诺", path)
        if not outside and s["value"] != "":
            raise Mismatch("INVALID_SOURCE", "仅用骰子时点数须在锚定后录入", path)
        if s["value"] != "":
            check_value(s, s["value"], path)
    if not outside and (not non_blank(exception) or not nfc(exception)):
        raise Mismatch("SOURCE_NOT_INDEPENDENT", "只有骰子来源且未写明经批准的例外", base + ".sourceException")


# ---------------------------------------------------------------------------------------------
# Strict parsing (§17.2)

COMMITMENT_STRINGS = ["protocol", "algorithm", "taskId", "attempt", "previousCommitmentHash", "redrawReason", "redrawApprovedBy",
                      "committedAt", "drawDate", "annualCap", "ledgerHash", "inspectorPoolHash", "sourceException"]
# The fields a row hash covers, in hash order (§16.2), then what a published row adds.
HASHED_KEYS = ["seq", "at", "actorId", "actorName", "actorDepartmentId", "actorRegionCode", "action", "summary", "targetType",
               "targetId", "outcome", "errorCode", "ip", "method", "path", "detail"]
ROW_KEYS = HASHED_KEYS + ["hashVersion", "eventsDigest", "prevHash", "hash"]
NULLABLE = ["actorId", "actorName", "actorDepartmentId", "actorRegionCode", "targetType", "targetId", "errorCode", "ip", "eventsDigest"]
CHECKPOINT_KEYS = ["format", "seq", "headHash", "at", "keyId", "signature"]


def integer(v, path):
    if isinstance(v, bool) or not isinstance(v, int):
        raise malformed(path, "应为整数")
    return v


def parse_row(v, path):
    o = obj(v, path, ROW_KEYS)
    integer(o["seq"], path + ".seq")
    integer(o["hashVersion"], path + ".hashVersion")
    for k in ROW_KEYS:
        if k in ("seq", "hashVersion", "detail") or (k in NULLABLE and o[k] is None):
            continue
        string(o[k], path + "." + k)
    if not isinstance(o["detail"], dict):
        raise malformed(path + ".detail", "应为对象")
    return o


def parse_checkpoint(v, path):
    o = obj(v, path, CHECKPOINT_KEYS)
    integer(o["seq"], path + ".seq")
    for k in CHECKPOINT_KEYS[2:] + ["format"]:
        string(o[k], path + "." + k)
    return o


def parse_anchor(v, path):
    o = obj(v, path, ["rows", "checkpoint"])
    return {"rows": array(o["rows"], path + ".rows", parse_row), "checkpoint": parse_checkpoint(o["checkpoint"], path + ".checkpoint")}


def parse_receipt(v):
    top = ["protocol", "disclosure", "commitmentHash", "seed", "publicResultHash", "privateResultHash", "resultHash"]
    o = obj(v, "receipt", top + ["commitment", "anchor", "sourceValues", "publicResult"], ["result", "previousAnchor"])
    r = {k: string(o[k], "receipt." + k) for k in top}
    if r["disclosure"] not in ("full", "public"):
        raise malformed("receipt.disclosure", "应为 full 或 public")
    if (r["disclosure"] == "full") != ("result" in o):
        raise malformed("receipt.result", "完整凭证须有、公开凭证不应有分层结果")
    path = "receipt.commitment"
    co = obj(o["commitment"], path, COMMITMENT_STRINGS + ["ruleVersions", "params", "pool", "strata", "sources"])
    c = {k: string(co[k], path + "." + k) for k in COMMITMENT_STRINGS}
    c.update(v1.parse_commitment_parts(co, path))
    c["sources"] = array(co["sources"], path + ".sources", lambda x, p: record(x, p, SOURCE_KEYS))
    r["commitment"] = c
    r["anchor"] = parse_anchor(o["anchor"], "receipt.anchor")
    r["previousAnchor"] = parse_anchor(o["previousAnchor"], "receipt.previousAnchor") if "previousAnchor" in o else None
    r["sourceValues"] = array(o["sourceValues"], "receipt.sourceValues", lambda x, p: record(x, p, ["id", "value"]))
    po = obj(o["publicResult"], "receipt.publicResult", ["strata", "selected"])
    r["publicResult"] = {
        "strata": array(po["strata"], "receipt.publicResult.strata", lambda x, p: record(x, p, ["key", "size", "quota", "threshold"])),
        "selected": array(po["selected"], "receipt.publicResult.selected", string),
    }
    if "result" in o:
        ro = obj(o["result"], "receipt.result", ["strata"])
        r["result"] = {"strata": array(ro["strata"], "receipt.result.strata", v1.parse_stratum_result)}
    return r


# ---------------------------------------------------------------------------------------------
# Commitment, hash and seed (§16–§17)

def commitment_value(c):
    value = {k: c[k] for k in COMMITMENT_STRINGS}
    value["ruleVersions"] = dict(c["ruleVersions"])
    value["params"] = {"strata": [dict(s) for s in c["params"]["strata"]], "minTotalPercent": c["params"]["minTotalPercent"]}
    value["pool"] = dict(c["pool"])
    value["strata"] = [dict(s) for s in c["strata"]]
    value["sources"] = [dict(s) for s in c["sources"]]
    return value


def check_commitment(r):
    c = r["commitment"]
    base = "receipt.commitment"
    if r["protocol"] != PROTOCOL or c["protocol"] != PROTOCOL:
        raise Mismatch("RECEIPT_MISMATCH", "协议版本须为 " + PROTOCOL, base + ".protocol")
    if c["algorithm"] != v1.ALGORITHM:
        raise Mismatch("RECEIPT_MISMATCH", "不支持的算法", base + ".algorithm")
    check_task_id(c["taskId"], base + ".taskId")
    if instant(c["committedAt"]) is None:
        raise Mismatch("INVALID_PARAMS", "承诺时间格式错误", base + ".committedAt")
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", c["drawDate"])
    if not m or not calendar_date(int(m.group(1)), int(m.group(2)), int(m.group(3))):
        raise Mismatch("INVALID_PARAMS", "抽取日期无效", base + ".drawDate")
    if not SMALL_RE.fullmatch(c["annualCap"]):
        raise Mismatch("INVALID_PARAMS", "年度抽查上限须为 1–999", base + ".annualCap")
    if not SMALL_RE.fullmatch(c["attempt"]):
        raise Mismatch("INVALID_PARAMS", "抽取次序须为 1–999", base + ".attempt")
    v1.check_link(c)
    for k, val in c["ruleVersions"].items():
        if not (non_blank(k) and nfc(k) and non_blank(val) and nfc(val)):
            raise Mismatch("INVALID_PARAMS", "规则版本须为非空白的 NFC 文本", base + ".ruleVersions")
    for value, name, allow_empty in ((c["pool"]["root"], "pool.root", False), (c["ledgerHash"], "ledgerHash", True),
                                     (c["inspectorPoolHash"], "inspectorPoolHash", True)):
        if not (HEX64_RE.fullmatch(value) or (allow_empty and value == "")):
            raise malformed(base + "." + name, "应为 64 位小写十六进制")
    check_sources(c["sources"], c["sourceException"], base)
    for i, s in enumerate(c["params"]["strata"]):
        if any(v1.is_control(ch) or ch in BIDI for ch in s["key"]) or invisible(s["key"]):
            raise Mismatch("INVALID_PARAMS", "分层键含有控制符、方向控制符或零宽字符", "%s.params.strata[%d].key" % (base, i))
    v1.check_committed_quotas(c)


def all_values(sources, entered):
    by_id = dict((v["id"], v["value"]) for v in entered)
    return [{"id": s["id"], "value": s["value"] or by_id.get(s["id"], "")} for s in sources]


def check_entered(sources, values):
    expected = [s for s in sources if s["value"] == ""]
    if len(values) != len(expected):
        raise Mismatch("INVALID_SEED_INPUT", "待录入随机数的个数与声明不符", "receipt.sourceValues")
    for i, v in enumerate(values):
        if v["id"] != expected[i]["id"]:
            raise Mismatch("INVALID_SEED_INPUT", "第 %d 个随机数来源不符" % (i + 1), "receipt.sourceValues[%d].id" % i)
        check_value(expected[i], v["value"], "receipt.sourceValues[%d].value" % i)


def derive_seed(commitment_hash, values):
    parts = [field(bytes.fromhex(commitment_hash)), v1.u32be(len(values))]
    for v in values:
        parts += [field(v["id"]), field(v["value"])]
    return tagged_hash(TAG_SEED, parts)


# ---------------------------------------------------------------------------------------------
# Anchoring (§16.3), redraws and the attempt list (§17.3)

def row_hash(row):
    """SHA-256(prevHash "\n" content): version 1 hashes the 16 fields, version 2 [2, fields..., eventsDigest] (§16.2)."""
    fields = [row[k] for k in HASHED_KEYS]
    content = canonical_json(fields if row["hashVersion"] == 1 else [2] + fields + [row["eventsDigest"]])
    return hashlib.sha256((row["prevHash"] + "\n" + content).encode("utf-8")).hexdigest()


def base64_strict(s):
    if not re.fullmatch(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?", s):
        return None
    b = base64.b64decode(s)
    return b if base64.b64encode(b).decode("ascii") == s else None


def checkpoint_message(cp):
    return canonical_json(dict((k, cp[k]) for k in CHECKPOINT_KEYS[:5])).encode("utf-8")


def verify_anchor(anchor, binding, public_key, path):
    def fail(p, message):
        return Mismatch("ANCHOR_MISMATCH", message, path + p)
    rows = anchor["rows"]
    if not rows:
        raise fail(".rows", "锚定记录须至少包含承诺所在的日志行")
    first = rows[0]
    if first["action"] != "draw.commit":
        raise fail(".rows[0].action", "第一行应为抽取承诺")
    for k in ("protocol", "taskId", "attempt", "commitmentHash"):
        if first["detail"].get(k) != binding[k]:
            raise fail(".rows[0].detail." + k, "日志行记录的 %s 与承诺不符" % k)
    for i, row in enumerate(rows):
        p = ".rows[%d]" % i
        if row["seq"] < 1:
            raise fail(p + ".seq", "序号须为正整数")
        if row["hashVersion"] not in (1, 2):
            raise fail(p + ".hashVersion", "哈希版本须为 1 或 2")
        if i > 0 and row["hashVersion"] < rows[i - 1]["hashVersion"]:
            raise fail(p + ".hashVersion", "哈希版本不能低于上一行")
        if not ROW_AT_RE.fullmatch(row["at"]) or instant(row["at"]) is None:
            raise fail(p + ".at", "时间格式错误")
        if not HEX64_RE.fullmatch(row["prevHash"]) or not HEX64_RE.fullmatch(row["hash"]):
            raise fail(p + ".hash", "哈希格式错误")
        digest = row["eventsDigest"]
        if (digest is not None) if row["hashVersion"] == 1 else (digest is None or not HEX64_RE.fullmatch(digest)):
            raise fail(p + ".eventsDigest", "领域事件摘要与哈希版本不符")
        if i > 0:
            if row["seq"] != rows[i - 1]["seq"] + 1:
                raise fail(p + ".seq", "日志行不连续")
            if row["prevHash"] != rows[i - 1]["hash"]:
                raise fail(p + ".prevHash", "哈希链断开")
        if row_hash(row) != row["hash"]:
            raise fail(p + ".hash", "第 %d 行的内容与其哈希不符" % row["seq"])
    cp = anchor["checkpoint"]
    if cp["format"] != "suiji-checkpoint/1":
        raise fail(".checkpoint.format", "检查点格式错误")
    if cp["seq"] != rows[-1]["seq"] or cp["headHash"] != rows[-1]["hash"]:
        raise fail(".checkpoint.headHash", "检查点与日志末行不符")
    cp_at = instant(cp["at"]) if cp["at"].endswith("Z") else None
    if cp_at is None:
        raise fail(".checkpoint.at", "检查点时间格式错误")
    if cp["keyId"] != hashlib.sha256(public_key).hexdigest()[:16]:
        raise fail(".checkpoint.keyId", "检查点的密钥编号不是所给公钥的编号")
    sig = base64_strict(cp["signature"])
    if sig is None or not ed25519_verify(public_key, checkpoint_message(cp), sig):
        raise fail(".checkpoint.signature", "检查点签名无效")
    row_at = instant(first["at"])
    if cp_at < row_at:
        raise fail(".checkpoint.at", "检查点时间早于承诺日志行")
    return row_at, cp_at, first["seq"]


def check_anchors(r, ch, public_key, checkpoint, checked):
    c = r["commitment"]
    binding = {"protocol": PROTOCOL, "taskId": c["taskId"], "attempt": c["attempt"], "commitmentHash": ch}
    row_at, cp_at, row_seq = verify_anchor(r["anchor"], binding, public_key, "receipt.anchor")
    if instant(c["committedAt"]) > row_at:
        raise Mismatch("ANCHOR_MISMATCH", "承诺时间晚于其操作日志行", "receipt.commitment.committedAt")
    for i, s in enumerate(c["sources"]):
        if s["value"] == "" and cp_at >= instant(s["availableAt"]):
            raise Mismatch("ANCHOR_TOO_LATE", "检查点时间不早于随机数“%s”的产生时间" % s["id"], "receipt.commitment.sources[%d].availableAt" % i)
    if checkpoint is not None and canonical_json(checkpoint) != canonical_json(r["anchor"]["checkpoint"]):
        raise Mismatch("ANCHOR_MISMATCH", "凭证中的检查点与所给的公开检查点不同", "receipt.anchor.checkpoint")
    checked.append("锚定：承诺记录在操作日志第 %d 行，检查点签名有效且早于待录入随机数的产生时间" % row_seq)
    prev = r["previousAnchor"]
    if c["attempt"] == "1":
        if prev is not None:
            raise Mismatch("LINK_MISMATCH", "首次抽取不应附前次锚定记录", "receipt.previousAnchor")
        return
    if prev is None:
        raise Mismatch("LINK_MISMATCH", "重抽须附前次承诺的锚定记录", "receipt.previousAnchor")
    pb = {"protocol": PROTOCOL, "taskId": c["taskId"], "attempt": str(int(c["attempt"]) - 1), "commitmentHash": c["previousCommitmentHash"]}
    try:
        _a, _b, prev_seq = verify_anchor(prev, pb, public_key, "receipt.previousAnchor")
    except Mismatch as e:
        if e.path and e.path.startswith("receipt.previousAnchor.rows[0].") and e.path != "receipt.previousAnchor.rows[0].hash":
            raise Mismatch("LINK_MISMATCH", "前次锚定记录与所指的前次承诺不符：" + e.message, e.path)
        raise
    if prev_seq >= row_seq:
        raise Mismatch("LINK_MISMATCH", "前次承诺记录须早于本次", "receipt.previousAnchor.rows[0].seq")
    checked.append("重抽：前次承诺 %s 已锚定" % c["previousCommitmentHash"])


def parse_attempts(value):
    def bad(path, message):
        return Mismatch("ATTEMPT_LIST_MALFORMED", "抽取次序表格式错误：" + message, path)
    if (not isinstance(value, dict) or sorted(value) != ["attempts", "format", "taskId"] or value["format"] != "suiji-attempts/1"
            or not isinstance(value["taskId"], str) or not isinstance(value["attempts"], list)):
        raise bad("attempts", "结构不符")
    for i, e in enumerate(value["attempts"]):
        if not isinstance(e, dict) or sorted(e) != ["attempt", "commitmentHash", "previousCommitmentHash"] or not all(isinstance(x, str) for x in e.values()):
            raise bad("attempts[%d]" % i, "每一项应为 {attempt, commitmentHash, previousCommitmentHash}")
    return value


def check_attempts(lst, r):
    c = r["commitment"]
    bad = lambda path, message: Mismatch("ATTEMPT_LIST_MALFORMED", "抽取次序表格式错误：" + message, path)  # noqa: E731
    if lst["taskId"] != c["taskId"]:
        raise bad("attempts.taskId", "次序表属于另一个任务")
    previous = ""
    for i, e in enumerate(lst["attempts"]):
        if e["attempt"] != str(i + 1):
            raise bad("attempts[%d].attempt" % i, "次序不连续")
        if not HEX64_RE.fullmatch(e["commitmentHash"]):
            raise bad("attempts[%d].commitmentHash" % i, "承诺哈希格式错误")
        if e["previousCommitmentHash"] != previous:
            raise bad("attempts[%d].previousCommitmentHash" % i, "未衔接前一次")
        previous = e["commitmentHash"]
    n = int(c["attempt"])
    entry = lst["attempts"][n - 1] if n <= len(lst["attempts"]) else None
    if entry is None or entry["commitmentHash"] != r["commitmentHash"]:
        raise Mismatch("ATTEMPT_UNPUBLISHED", "本凭证不在公布的抽取次序表中", "attempts")
    if entry["previousCommitmentHash"] != c["previousCommitmentHash"]:
        raise Mismatch("ATTEMPT_UNPUBLISHED", "所指的前次承诺不是公布的前一次", "receipt.commitment.previousCommitmentHash")
    published = set(e["commitmentHash"] for e in lst["attempts"])
    for name in ("anchor", "previousAnchor"):
        for i, row in enumerate((r[name] or {"rows": []})["rows"]):
            if row["action"] == "draw.commit" and row["detail"].get("taskId") == c["taskId"] and row["detail"].get("commitmentHash") not in published:
                raise Mismatch("ATTEMPT_UNPUBLISHED", "日志第 %d 行记录了未公布的抽取承诺" % row["seq"], "receipt.%s.rows[%d]" % (name, i))
    if n < len(lst["attempts"]):
        raise Mismatch("ATTEMPT_SUPERSEDED", "本凭证已被第 %d 次抽取取代" % len(lst["attempts"]), "attempts")


# ---------------------------------------------------------------------------------------------
# The verifier (§18.1)

def verify(r, pool, public_key, checkpoint=None, attempts=None, published_commitment=None, published_result=None):
    checked = []
    check_commitment(r)
    c = r["commitment"]
    checked.append("承诺记录（%s）：字段合法，随机数来源 %s" % (PROTOCOL, "、".join(s["id"] for s in c["sources"])))
    ch = tagged_hash(TAG_COMMITMENT, [ce(commitment_value(c))]).hex()
    if r["commitmentHash"] != ch:
        raise Mismatch("RECEIPT_MISMATCH", "承诺哈希不符：凭证为 %s，计算为 %s" % (r["commitmentHash"], ch), "receipt.commitmentHash")
    if published_commitment is not None and published_commitment != ch:
        raise Mismatch("PUBLISHED_MISMATCH", "公布的承诺哈希与本凭证不符", "published.commitmentHash")
    checked.append("承诺哈希 " + ch)
    check_anchors(r, ch, public_key, checkpoint, checked)
    if attempts is not None:
        check_attempts(attempts, r)
        checked.append("公布的抽取次序表：本凭证为最后一次，衔接无缺")
    check_entered(c["sources"], r["sourceValues"])
    seed = derive_seed(ch, all_values(c["sources"], r["sourceValues"]))
    if r["seed"] != seed.hex():
        raise Mismatch("RECEIPT_MISMATCH", "种子不符：凭证为 %s，计算为 %s" % (r["seed"], seed.hex()), "receipt.seed")
    checked.append("种子 " + seed.hex())
    v1.verify_outcome(c, r, ch, seed, pool, checked, check_identifier_v2)
    if published_result is not None and published_result != r["resultHash"]:
        raise Mismatch("PUBLISHED_MISMATCH", "公布的结果哈希与本凭证不符", "published.resultHash")
    return ("recomputed" if pool is not None else "receipt-only"), checked


def check_entity_strict(entity):
    """§18.2: exactly {id, stratum, salt, proof}; each step exactly {side, hash}."""
    good = (isinstance(entity, dict) and sorted(entity) == ["id", "proof", "salt", "stratum"]
            and all(isinstance(entity[k], str) for k in ("id", "stratum", "salt")) and isinstance(entity["proof"], list)
            and all(isinstance(s, dict) and sorted(s) == ["hash", "side"] and s["side"] in ("L", "R") and from_hex(s["hash"], 32) is not None
                    for s in entity["proof"]))
    if not good:
        raise Mismatch("RECEIPT_MALFORMED", "主体记录应恰为 {id, stratum, salt, proof}", "entity")
