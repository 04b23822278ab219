#!/usr/bin/env python3
"""Independent verifier of suiji draw receipts (docs/draw-protocol.md), Python standard library only.

Written from the protocol document, not from the TypeScript code, so that one language's quirks
cannot hide a bug in the other. Usage:

    python3 scripts/verify_draw.py receipt.json [pool.csv] [--entity entity.json]
    python3 scripts/verify_draw.py receipt.json pool.csv --candidates candidates.csv --ledger ledger.json
                                   --draw-date YYYY-MM-DD [--annual-cap N]
    python3 scripts/verify_draw.py --vectors test/vectors

The second form also checks the pool's eligibility (protocol §10.1, steps 12–13): the ledger
(a JSON array of {taskId, attempt, date, departments, entityIds}) hashes to commitment.ledgerHash,
and the pool is exactly the candidates (CSV `id,status`) that are active and were drawn fewer than
N times (default 2, at most 999) in the calendar year of the draw date.

Prints MATCH or MISMATCH with the first difference. Exit codes: 0 MATCH, 1 difference, 2 usage/file error.
"""

import base64
import hashlib
import json
import os
import re
import sys
import unicodedata
from functools import cmp_to_key

sys.dont_write_bytecode = True  # leave no __pycache__ in scripts/

PROTOCOL = "suiji-draw/1"
ALGORITHM = "sha256+aes-256-ecb"

TAG_COMMITMENT = "suiji/draw/v1/commitment"
TAG_SECRET = "suiji/draw/v1/server-secret"
TAG_SEED = "suiji/draw/v1/seed"
TAG_TICKET_KEY = "suiji/draw/v1/ticket-key"
TAG_PUBLIC = "suiji/draw/v1/public-result"
TAG_PRIVATE = "suiji/draw/v1/private-result"
TAG_RESULT = "suiji/draw/v1/result"
TAG_LEDGER = "suiji/draw/v1/ledger"


class Mismatch(Exception):
    def __init__(self, code, message, path=""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path


# ---------------------------------------------------------------------------------------------
# AES-256 (FIPS 197), encryption only: the ticket PRF.

def _build_sbox():
    sbox = [0] * 256
    p = q = 1
    while True:
        # p := p * 3 in GF(2^8); q := q / 3
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xFF
        if q & 0x80:
            q ^= 0x09
        x = q ^ (((q << 1) | (q >> 7)) & 0xFF) ^ (((q << 2) | (q >> 6)) & 0xFF) ^ (((q << 3) | (q >> 5)) & 0xFF) ^ (((q << 4) | (q >> 4)) & 0xFF)
        sbox[p] = x ^ 0x63
        if p == 1:
            break
    sbox[0] = 0x63
    return sbox


SBOX = _build_sbox()


def _xtime(a):
    return ((a << 1) ^ 0x1B) & 0xFF if a & 0x80 else a << 1


def _expand_key(key):
    assert len(key) == 32
    words = [list(key[4 * i:4 * i + 4]) for i in range(8)]
    rcon = 1
    for i in range(8, 60):
        t = list(words[i - 1])
        if i % 8 == 0:
            t = t[1:] + t[:1]
            t = [SBOX[b] for b in t]
            t[0] ^= rcon
            rcon = _xtime(rcon)
        elif i % 8 == 4:
            t = [SBOX[b] for b in t]
        words.append([words[i - 8][j] ^ t[j] for j in range(4)])
    return [sum(words[4 * r:4 * r + 4], []) for r in range(15)]


def _encrypt_block(round_keys, block):
    s = [block[i] ^ round_keys[0][i] for i in range(16)]
    for r in range(1, 15):
        s = [SBOX[b] for b in s]
        # ShiftRows (column-major state: byte index = 4 * column + row)
        s = [s[4 * ((c + row) % 4) + row] for c in range(4) for row in range(4)]
        if r != 14:
            t = []
            for c in range(4):
                a = s[4 * c:4 * c + 4]
                x = a[0] ^ a[1] ^ a[2] ^ a[3]
                t += [a[i] ^ x ^ _xtime(a[i] ^ a[(i + 1) % 4]) for i in range(4)]
            s = t
        s = [s[i] ^ round_keys[r][i] for i in range(16)]
    return bytes(s)


class Aes256:
    def __init__(self, key):
        self.round_keys = _expand_key(key)

    def encrypt(self, block):
        return _encrypt_block(self.round_keys, block)


def _aes_self_test():
    # FIPS 197 Appendix C.3
    key = bytes(range(32))
    ct = Aes256(key).encrypt(bytes.fromhex("00112233445566778899aabbccddeeff"))
    if ct.hex() != "8ea2b7ca516745bfeafc49904b496089":
        raise RuntimeError("AES-256 self-test failed")


# ---------------------------------------------------------------------------------------------
# Encodings (protocol §2)

def u32be(n):
    return n.to_bytes(4, "big")


def field(b):
    if isinstance(b, str):
        b = b.encode("utf-8")
    return u32be(len(b)) + b


def sha256(b):
    return hashlib.sha256(b).digest()


def tagged_hash(tag, parts):
    return sha256(field(tag) + b"".join(parts))


def ce(value):
    if isinstance(value, str):
        b = value.encode("utf-8")
        return b"\x53" + u32be(len(b)) + b
    if isinstance(value, list):
        return b"\x4c" + u32be(len(value)) + b"".join(ce(v) for v in value)
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=lambda k: k.encode("utf-8"))
        out = b"\x4d" + u32be(len(keys))
        for k in keys:
            out += ce(k) + ce(value[k])
        return out
    raise TypeError("ce: unsupported value")


HEX_RE = re.compile(r"^(?:[0-9a-f]{2})*\Z")


def from_hex(h, nbytes):
    if not isinstance(h, str) or not HEX_RE.match(h) or len(h) != 2 * nbytes:
        return None
    return bytes.fromhex(h)


def utf8_key(s):
    return s.encode("utf-8")


def well_formed(s):
    return not any(0xD800 <= ord(c) <= 0xDFFF for c in s)


# ---------------------------------------------------------------------------------------------
# Identifiers (protocol §2.3)

WS = set("\t\n\x0b\x0c\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}
BIDI = {chr(c) for c in [0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]}
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_SHAPE = re.compile(r"^[0-9A-Za-z]{18}\Z")


def is_control(c):
    o = ord(c)
    return o <= 0x1F or 0x7F <= o <= 0x9F


def forbidden(c):
    return is_control(c) or c in ",\"\u2028\u2029" or c in BIDI


def uscc_valid(code):
    total = 0
    for i in range(17):
        v = USCC_CHARS.find(code[i])
        if v < 0:
            return False
        if 2 <= i <= 7 and v > 9:
            return False
        total += v * pow(3, i, 31)
    last = USCC_CHARS.find(code[17])
    return last >= 0 and last == (31 - total % 31) % 31


def canonical_identifier(raw):
    if not well_formed(raw):
        raise Mismatch("INVALID_ID", "标识含有无效的 Unicode 字符")
    s = unicodedata.normalize("NFC", raw)
    if s == "":
        raise Mismatch("INVALID_ID", "标识不能为空")
    if s[0] in WS or s[-1] in WS:
        raise Mismatch("INVALID_ID", "标识“%s”首尾不能有空白字符" % s)
    if any(forbidden(c) for c in s):
        raise Mismatch("INVALID_ID", "标识“%s”含有控制字符、逗号、引号或方向控制符" % s)
    if len(s.encode("utf-8")) > 256:
        raise Mismatch("INVALID_ID", "标识超过 256 字节")
    if USCC_SHAPE.match(s):
        upper = s.upper()
        if not uscc_valid(upper):
            raise Mismatch("INVALID_USCC", "统一社会信用代码“%s”无效（字符集、第3–8位数字或校验位）" % upper)
        return upper
    return s


def check_canonical_identifier(s, path):
    try:
        c = canonical_identifier(s)
    except Mismatch as e:
        raise Mismatch(e.code, e.message, path)
    if c != s:
        raise Mismatch("NON_CANONICAL_ID", "标识“%s”不是规范形式（应为“%s”）" % (s, c), path)


def check_stratum_key(key, path):
    if (key == "" or not well_formed(key) or unicodedata.normalize("NFC", key) != key or len(key.encode("utf-8")) > 64
            or key[0] in WS or key[-1] in WS or any(is_control(c) or c in ',"' for c in key)):
        raise Mismatch("INVALID_PARAMS", "分层键“%s”无效" % key, path)


# ---------------------------------------------------------------------------------------------
# Quotas (protocol §4.2)

PERCENT_RE = re.compile(r"^(?:0|[1-9][0-9]*)(?:\.[0-9]{1,6})?\Z")
SIGNED_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?\Z")
DECIMAL_RE = re.compile(r"^(?:0|[1-9][0-9]{0,14})\Z")
ROUNDING = ("half_up", "ceil", "floor_min_1")


def parse_percent(value, path):
    if not PERCENT_RE.match(value):
        if SIGNED_RE.match(value) and (value.startswith("-") or float(value) > 100):
            raise Mismatch("RATIO_OUT_OF_RANGE", "比例“%s%%”超出 0–100%% 的范围" % value, path)
        raise Mismatch("INVALID_PARAMS", "“%s”不是有效的百分数" % value, path)
    whole, _, frac = value.partition(".")
    scale = 10 ** len(frac)
    num = int(whole) * scale + (int(frac) if frac else 0)
    den = 100 * scale
    if num > den:
        raise Mismatch("RATIO_OUT_OF_RANGE", "比例“%s%%”超出 0–100%% 的范围" % value, path)
    return num, den


def round_quota(size, p, rule):
    a = size * p[0]
    b = p[1]
    if rule == "half_up":
        return (2 * a + b) // (2 * b)
    if rule == "ceil":
        return -(-a // b)
    k = a // b
    return 1 if a > 0 and k == 0 else k


def parse_decimal(s):
    return int(s) if DECIMAL_RE.match(s) else None


def validate_params(params):
    previous = None
    for i, s in enumerate(params["strata"]):
        path = "params.strata[%d]" % i
        check_stratum_key(s["key"], path + ".key")
        if previous is not None:
            if previous == s["key"]:
                raise Mismatch("DUPLICATE_STRATUM", "分层“%s”重复" % s["key"], path + ".key")
            if utf8_key(previous) > utf8_key(s["key"]):
                raise Mismatch("INVALID_PARAMS", "分层须按键排序", path + ".key")
        previous = s["key"]
        if s["mode"] == "ratio":
            parse_percent(s["value"], path + ".value")
        elif s["mode"] == "count":
            if parse_decimal(s["value"]) is None:
                raise Mismatch("INVALID_PARAMS", "抽查户数不是非负整数", path + ".value")
        else:
            raise Mismatch("INVALID_PARAMS", "抽取方式无效", path + ".mode")
        if s["rounding"] not in ROUNDING:
            raise Mismatch("INVALID_PARAMS", "取整规则无效", path + ".rounding")
        if s["minPercent"] != "":
            parse_percent(s["minPercent"], path + ".minPercent")
        if s["reserve"] != "" and parse_decimal(s["reserve"]) is None:
            raise Mismatch("INVALID_PARAMS", "备选名单长度不是非负整数", path + ".reserve")
    if params["minTotalPercent"] != "":
        parse_percent(params["minTotalPercent"], "params.minTotalPercent")


def compute_quotas(params, sizes):
    validate_params(params)
    keys = [s["key"] for s in params["strata"]]
    for k in sizes:
        if k not in keys:
            raise Mismatch("UNKNOWN_STRATUM", "名录库中出现未定义的分层“%s”" % k)
    out = []
    total_size = total_quota = 0
    for i, s in enumerate(params["strata"]):
        path = "params.strata[%d]" % i
        size = sizes.get(s["key"], 0)
        if s["mode"] == "ratio":
            quota = round_quota(size, parse_percent(s["value"], path + ".value"), s["rounding"])
        else:
            quota = min(parse_decimal(s["value"]), size)
        if s["minPercent"] != "":
            quota = max(quota, round_quota(size, parse_percent(s["minPercent"], path + ".minPercent"), "ceil"))
        quota = min(quota, size)
        wanted = -(-quota // 10) if s["reserve"] == "" else parse_decimal(s["reserve"])
        reserve = min(wanted, size - quota)
        out.append((s["key"], size, quota, reserve))
        total_size += size
        total_quota += quota
    if params["minTotalPercent"] != "":
        floor = round_quota(total_size, parse_percent(params["minTotalPercent"], "params.minTotalPercent"), "ceil")
        if total_quota < floor:
            raise Mismatch("BELOW_MIN_TOTAL", "合计抽取 %d 户，低于总体最低比例（至少 %d 户）" % (total_quota, floor), "params.minTotalPercent")
    return out


# ---------------------------------------------------------------------------------------------
# Strict receipt parsing (protocol §6)

def malformed(path, what):
    return Mismatch("RECEIPT_MALFORMED", "凭证格式错误：%s %s" % (path, what), path)


def obj(v, path, required, optional=()):
    if not isinstance(v, dict):
        raise malformed(path, "应为对象")
    for k in v:
        if k not in required and k not in optional:
            raise malformed(path + "." + k, "是未定义的字段")
    for k in required:
        if k not in v:
            raise malformed(path + "." + k, "缺失")
    return v


def string(v, path):
    if not isinstance(v, str):
        raise malformed(path, "应为字符串")
    if not well_formed(v):
        raise malformed(path, "含有无效的 Unicode")
    return v


def record(v, path, keys):
    o = obj(v, path, keys)
    return {k: string(o[k], path + "." + k) for k in keys}


def array(v, path, item):
    if not isinstance(v, list):
        raise malformed(path, "应为数组")
    return [item(x, "%s[%d]" % (path, i)) for i, x in enumerate(v)]


COMMITMENT_STRINGS = ["protocol", "algorithm", "taskId", "attempt", "previousCommitmentHash", "redrawReason",
                      "redrawApprovedBy", "committedAt", "ledgerHash", "inspectorPoolHash", "serverSecretHash"]


def parse_commitment(v, path):
    o = obj(v, path, COMMITMENT_STRINGS + ["ruleVersions", "params", "pool", "strata", "randomness"])
    c = {k: string(o[k], path + "." + k) for k in COMMITMENT_STRINGS}
    c.update(parse_commitment_parts(o, path))
    c["randomness"] = array(o["randomness"], path + ".randomness", lambda x, p: record(x, p, ["id", "kind", "description"]))
    return c


def parse_commitment_parts(o, path):
    """ruleVersions, params, pool and strata, in this order (shared by /1 and /2)."""
    c = {}
    rv = o["ruleVersions"]
    if not isinstance(rv, dict):
        raise malformed(path + ".ruleVersions", "应为对象")
    c["ruleVersions"] = {}
    for k, x in rv.items():
        if not well_formed(k):
            raise malformed(path + ".ruleVersions", "的键含有无效的 Unicode")
        c["ruleVersions"][k] = string(x, path + ".ruleVersions." + k)
    po = obj(o["params"], path + ".params", ["strata", "minTotalPercent"])
    c["params"] = {
        "minTotalPercent": string(po["minTotalPercent"], path + ".params.minTotalPercent"),
        "strata": array(po["strata"], path + ".params.strata", lambda x, p: record(x, p, ["key", "mode", "value", "rounding", "minPercent", "reserve"])),
    }
    c["pool"] = record(o["pool"], path + ".pool", ["size", "root", "saltMode"])
    if c["pool"]["saltMode"] not in ("salted", "unsalted"):
        raise malformed(path + ".pool.saltMode", "应为 salted 或 unsalted")
    c["strata"] = array(o["strata"], path + ".strata", lambda x, p: record(x, p, ["key", "size", "quota", "reserve"]))
    return c


def parse_entries(v, path):
    return array(v, path, lambda x, p: record(x, p, ["id", "ticket"]))


def parse_stratum_result(v, path):
    o = obj(v, path, ["key", "size", "quota", "reserve", "threshold", "selected", "reserveList"])
    s = {k: string(o[k], path + "." + k) for k in ["key", "size", "quota", "reserve", "threshold"]}
    s["selected"] = parse_entries(o["selected"], path + ".selected")
    s["reserveList"] = parse_entries(o["reserveList"], path + ".reserveList")
    return s


RECEIPT_STRINGS = ["protocol", "disclosure", "commitmentHash", "serverSecret", "seed", "publicResultHash", "privateResultHash", "resultHash"]


def parse_receipt(v):
    o = obj(v, "receipt", RECEIPT_STRINGS + ["commitment", "randomness", "publicResult"], ["result"])
    r = {k: string(o[k], "receipt." + k) for k in RECEIPT_STRINGS}
    if r["disclosure"] not in ("full", "public"):
        raise malformed("receipt.disclosure", "应为 full 或 public")
    if r["disclosure"] == "full" and "result" not in o:
        raise malformed("receipt.result", "缺失")
    if r["disclosure"] == "public" and "result" in o:
        raise malformed("receipt.result", "不应出现在公开凭证中")
    r["commitment"] = parse_commitment(o["commitment"], "receipt.commitment")
    r["randomness"] = array(o["randomness"], "receipt.randomness", lambda x, p: record(x, p, ["id", "value"]))
    po = obj(o["publicResult"], "receipt.publicResult", ["strata", "selected"])
    r["publicResult"] = {
        "strata": array(po["strata"], "receipt.publicResult.strata", lambda x, p: record(x, p, ["key", "size", "quota", "threshold"])),
        "selected": array(po["selected"], "receipt.publicResult.selected", string),
    }
    if "result" in o:
        ro = obj(o["result"], "receipt.result", ["strata"])
        r["result"] = {"strata": array(ro["strata"], "receipt.result.strata", parse_stratum_result)}
    return r


# ---------------------------------------------------------------------------------------------
# Records and hashes (protocol §4–6)

def commitment_value(c):
    return {
        "protocol": c["protocol"], "algorithm": c["algorithm"], "taskId": c["taskId"], "attempt": c["attempt"],
        "previousCommitmentHash": c["previousCommitmentHash"], "redrawReason": c["redrawReason"],
        "redrawApprovedBy": c["redrawApprovedBy"], "committedAt": c["committedAt"], "ruleVersions": dict(c["ruleVersions"]),
        "params": {"strata": [dict(s) for s in c["params"]["strata"]], "minTotalPercent": c["params"]["minTotalPercent"]},
        "pool": dict(c["pool"]), "strata": [dict(s) for s in c["strata"]], "ledgerHash": c["ledgerHash"],
        "inspectorPoolHash": c["inspectorPoolHash"], "serverSecretHash": c["serverSecretHash"],
        "randomness": [dict(r) for r in c["randomness"]],
    }


def private_value(strata):
    return {"strata": [{
        "key": s["key"], "size": s["size"], "quota": s["quota"], "reserve": s["reserve"], "threshold": s["threshold"],
        "selected": [{"id": e["id"], "ticket": e["ticket"]} for e in s["selected"]],
        "reserveList": [{"id": e["id"], "ticket": e["ticket"]} for e in s["reserveList"]],
    } for s in strata]}


def public_value(p):
    return {"strata": [{"key": s["key"], "size": s["size"], "quota": s["quota"], "threshold": s["threshold"]} for s in p["strata"]],
            "selected": list(p["selected"])}


def public_of(strata):
    return {"strata": [{"key": s["key"], "size": s["size"], "quota": s["quota"], "threshold": s["threshold"]} for s in strata],
            "selected": sorted((e["id"] for s in strata for e in s["selected"]), key=utf8_key)}


def hash_commitment(c):
    return tagged_hash(TAG_COMMITMENT, [ce(commitment_value(c))]).hex()


def derive_seed(commitment_hash, values, secret):
    parts = [field(bytes.fromhex(commitment_hash)), u32be(len(values))]
    for v in values:
        parts += [field(v["id"]), field(v["value"])]
    parts.append(field(secret))
    return tagged_hash(TAG_SEED, parts)


def ticket_key(seed):
    return tagged_hash(TAG_TICKET_KEY, [field(seed)])


def lot_of(id_, salt):
    b = id_.encode("utf-8")
    return sha256(b"\x02" + field(b) + field(salt))[:16]


def leaf_of(id_, stratum, salt):
    return sha256(b"\x00" + field(id_) + field(stratum) + field(salt))


def merkle_root(leaves):
    if not leaves:
        return sha256(b"")
    level = list(leaves)
    while len(level) > 1:
        nxt = [sha256(b"\x01" + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2 == 1:
            nxt.append(level[-1])
        level = nxt
    return level[0]


# ---------------------------------------------------------------------------------------------
# Verification (protocol §8, same order as the document)

LINK_HEX = re.compile(r"^[0-9a-f]{64}\Z")
ATTEMPT_RE = re.compile(r"^[1-9][0-9]{0,8}\Z")
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}\Z")
SIZE_RE = re.compile(r"^(?:0|[1-9][0-9]{0,9})\Z")


def mismatch(path, message):
    return Mismatch("RECEIPT_MISMATCH", message, path)


def nfc_text(v):
    return well_formed(v) and unicodedata.normalize("NFC", v) == v


def check_link(c):
    if not ATTEMPT_RE.match(c["attempt"]):
        raise Mismatch("INVALID_PARAMS", "抽取次序须为正整数", "commitment.attempt")
    if c["attempt"] == "1":
        if c["previousCommitmentHash"] or c["redrawReason"] or c["redrawApprovedBy"]:
            raise Mismatch("LINK_MISMATCH", "首次抽取不能填写前次承诺、重抽原因或批准人", "commitment.previousCommitmentHash")
        return
    if not LINK_HEX.match(c["previousCommitmentHash"]):
        raise Mismatch("LINK_MISMATCH", "重抽须填写前一次抽取的承诺哈希", "commitment.previousCommitmentHash")
    if all(ch in WS for ch in c["redrawReason"]):
        raise Mismatch("LINK_MISMATCH", "重抽须写明原因", "commitment.redrawReason")
    if all(ch in WS for ch in c["redrawApprovedBy"]):
        raise Mismatch("LINK_MISMATCH", "重抽须写明批准人", "commitment.redrawApprovedBy")


def check_sources(sources):
    if not sources:
        raise Mismatch("INVALID_SEED_INPUT", "至少须声明一个公开随机数来源", "commitment.randomness")
    seen = set()
    for i, s in enumerate(sources):
        if not SOURCE_ID_RE.match(s["id"]) or s["id"] in seen:
            raise Mismatch("INVALID_SEED_INPUT", "随机数来源编号“%s”无效或重复" % s["id"], "commitment.randomness[%d].id" % i)
        seen.add(s["id"])
        for name in ("kind", "description"):
            if s[name] == "" or not nfc_text(s[name]):
                raise Mismatch("INVALID_PARAMS", "随机数来源的 %s 须为非空 NFC 文本" % name, "commitment.randomness[%d].%s" % (i, name))


def check_commitment(c):
    if c["protocol"] != PROTOCOL:
        raise mismatch("receipt.commitment.protocol", "不支持的协议版本“%s”" % c["protocol"])
    if c["algorithm"] != ALGORITHM:
        raise mismatch("receipt.commitment.algorithm", "不支持的算法“%s”" % c["algorithm"])
    check_link(c)
    for value, name, allow_empty in ((c["pool"]["root"], "pool.root", False), (c["serverSecretHash"], "serverSecretHash", False),
                                     (c["ledgerHash"], "ledgerHash", True), (c["inspectorPoolHash"], "inspectorPoolHash", True)):
        if not (LINK_HEX.match(value) or (allow_empty and value == "")):
            raise malformed("receipt.commitment." + name, "应为 64 位小写十六进制")
    check_sources(c["randomness"])
    check_committed_quotas(c)


def check_committed_quotas(c):
    """End of §10 step 4, shared by /1 and /2: sizes, key order, the sum, and quotas that follow from the parameters."""
    sizes = {}
    total = 0
    previous = None
    for i, s in enumerate(c["strata"]):
        if not SIZE_RE.match(s["size"]):
            raise malformed("receipt.commitment.strata[%d].size" % i, "应为非负整数字符串")
        if previous is not None and utf8_key(previous) >= utf8_key(s["key"]):
            raise malformed("receipt.commitment.strata[%d].key" % i, "分层须按键排序且不重复")
        previous = s["key"]
        n = int(s["size"])
        if n > 0:
            sizes[s["key"]] = n
        total += n
    if str(total) != c["pool"]["size"]:
        raise mismatch("receipt.commitment.pool.size", "各分层条目数之和 %d 与名录库条目数 %s 不符" % (total, c["pool"]["size"]))
    quotas = compute_quotas(c["params"], sizes)
    if len(quotas) != len(c["strata"]):
        raise mismatch("receipt.commitment.strata", "分层数与参数不符")
    for i, (key, _size, quota, reserve) in enumerate(quotas):
        s = c["strata"][i]
        if s["key"] != key:
            raise mismatch("receipt.commitment.strata[%d].key" % i, "分层应为“%s”" % key)
        if s["quota"] != str(quota):
            raise mismatch("receipt.commitment.strata[%d].quota" % i, "分层“%s”按参数应抽 %d 户，承诺记录为 %s" % (key, quota, s["quota"]))
        if s["reserve"] != str(reserve):
            raise mismatch("receipt.commitment.strata[%d].reserve" % i, "分层“%s”备选名单应为 %d 户" % (key, reserve))


def check_randomness(sources, values):
    if len(values) != len(sources):
        raise Mismatch("INVALID_SEED_INPUT", "随机数个数与声明不符", "randomness")
    for i, v in enumerate(values):
        if v["id"] != sources[i]["id"]:
            raise Mismatch("INVALID_SEED_INPUT", "第 %d 个随机数来源不符" % (i + 1), "randomness[%d].id" % i)
        if v["value"] == "" or not nfc_text(v["value"]) or len(v["value"].encode("utf-8")) > 4096:
            raise Mismatch("INVALID_SEED_INPUT", "随机数的值须为非空 NFC 文本", "randomness[%d].value" % i)


def check_result_shape(c, strata, check_id):
    if len(strata) != len(c["strata"]):
        raise mismatch("receipt.result.strata", "结果分层数与承诺不符")
    seen = set()
    for i, s in enumerate(strata):
        cs = c["strata"][i]
        p = "receipt.result.strata[%d]" % i
        for k in ("key", "size", "quota", "reserve"):
            if s[k] != cs[k]:
                raise mismatch(p + "." + k, "分层结果的 %s 与承诺不符" % k)
        if str(len(s["selected"])) != s["quota"]:
            raise mismatch(p + ".selected", "抽中户数与抽取数不符")
        if str(len(s["reserveList"])) != s["reserve"]:
            raise mismatch(p + ".reserveList", "备选户数不符")
        prev = None
        for j, e in enumerate(s["selected"] + s["reserveList"]):
            ep = p + (".selected[%d]" % j if j < len(s["selected"]) else ".reserveList[%d]" % (j - len(s["selected"])))
            check_id(e["id"], ep + ".id")
            if from_hex(e["ticket"], 16) is None:
                raise malformed(ep + ".ticket", "应为 32 位小写十六进制")
            if e["id"] in seen:
                raise mismatch(ep + ".id", "“%s”在结果中出现不止一次" % e["id"])
            seen.add(e["id"])
            if prev is not None and (prev["ticket"], utf8_key(prev["id"])) >= (e["ticket"], utf8_key(e["id"])):
                raise mismatch(ep + ".ticket", "名单未按票号升序排列")
            prev = e
        threshold = s["selected"][-1]["ticket"] if s["selected"] else ""
        if s["threshold"] != threshold:
            raise mismatch(p + ".threshold", "阈值应为最后一名抽中者的票号")


def compare_public(expected, actual):
    if len(expected["strata"]) != len(actual["strata"]):
        raise mismatch("receipt.publicResult.strata", "公开结果分层数不符")
    for i, e in enumerate(expected["strata"]):
        for k in ("key", "size", "quota", "threshold"):
            if e[k] != actual["strata"][i][k]:
                raise mismatch("receipt.publicResult.strata[%d].%s" % (i, k), "公开结果的 %s 不符" % k)
    n = max(len(expected["selected"]), len(actual["selected"]))
    for i in range(n):
        a = actual["selected"][i] if i < len(actual["selected"]) else None
        e = expected["selected"][i] if i < len(expected["selected"]) else None
        if a != e:
            raise mismatch("receipt.publicResult.selected[%d]" % i, "公开名单第 %d 位：凭证为“%s”，应为“%s”" % (i + 1, a, e))


def check_public_shape(c, p, check_id):
    if len(p["strata"]) != len(c["strata"]):
        raise mismatch("receipt.publicResult.strata", "公开结果分层数不符")
    total = 0
    for i, s in enumerate(p["strata"]):
        cs = c["strata"][i]
        for k in ("key", "size", "quota"):
            if s[k] != cs[k]:
                raise mismatch("receipt.publicResult.strata[%d].%s" % (i, k), "公开结果的 %s 与承诺不符" % k)
        ok = (cs["quota"] == "0") if s["threshold"] == "" else (from_hex(s["threshold"], 16) is not None and cs["quota"] != "0")
        if not ok:
            raise malformed("receipt.publicResult.strata[%d].threshold" % i, "阈值格式错误")
        total += int(cs["quota"])
    if len(p["selected"]) != total:
        raise mismatch("receipt.publicResult.selected", "公开名单户数不符")
    for i, id_ in enumerate(p["selected"]):
        check_id(id_, "receipt.publicResult.selected[%d]" % i)
        if i > 0 and utf8_key(p["selected"][i - 1]) >= utf8_key(id_):
            raise mismatch("receipt.publicResult.selected[%d]" % i, "公开名单须排序且不重复")


def recompute_listed_tickets(seed, strata):
    aes = Aes256(ticket_key(seed))
    for i, s in enumerate(strata):
        for name in ("selected", "reserveList"):
            for j, e in enumerate(s[name]):
                t = aes.encrypt(lot_of(e["id"], b"")).hex()
                if t != e["ticket"]:
                    raise mismatch("receipt.result.strata[%d].%s[%d].ticket" % (i, name, j), "“%s”的票号：凭证为 %s，重新计算为 %s" % (e["id"], e["ticket"], t))


def parse_pool_csv(text, empty_mode):
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0] if lines else ""
    if header.endswith("\r"):
        header = header[:-1]
    if header != "id,stratum,salt":
        raise Mismatch("POOL_MALFORMED", "名录库文件第 1 行应为“id,stratum,salt”", "pool:1")
    rows = []
    mode = None
    for r, raw in enumerate(lines[1:]):
        line = raw[:-1] if raw.endswith("\r") else raw
        fields = line.split(",")
        if len(fields) != 3:
            raise Mismatch("POOL_MALFORMED", "名录库文件第 %d 行应有 3 个字段" % (r + 2), "pool:%d" % (r + 2))
        id_, stratum, salt = fields
        m = "unsalted" if salt == "" else "salted"
        if mode is None:
            mode = m
        if m != mode:
            raise Mismatch("INVALID_SALT", "名录库文件第 %d 行：盐值须全部为空或全部为 32 位十六进制" % (r + 2), "pool:%d" % (r + 2))
        if m == "salted" and from_hex(salt, 16) is None:
            raise Mismatch("INVALID_SALT", "名录库文件第 %d 行：盐值格式错误" % (r + 2), "pool:%d" % (r + 2))
        rows.append((id_, stratum, bytes.fromhex(salt)))
    rows.sort(key=lambda x: utf8_key(x[0]))
    return {"rows": rows, "mode": mode or empty_mode}


def check_pool(pool):
    keys = sorted({r[1] for r in pool["rows"]}, key=utf8_key)
    for i, k in enumerate(keys):
        check_stratum_key(k, "keys[%d]" % i)
    previous = None
    for i, (id_, _s, _salt) in enumerate(pool["rows"]):
        if not well_formed(id_):
            raise Mismatch("INVALID_ID", "第 %d 条标识无效" % (i + 1), "pool[%d].id" % i)
        try:
            check_canonical_identifier(id_, "pool[%d].id" % i)
        except Mismatch as e:
            raise Mismatch(e.code, "第 %d 条：%s" % (i + 1, e.message), e.path)
        if previous is not None and utf8_key(previous) == utf8_key(id_):
            raise Mismatch("DUPLICATE_ID", "名录库中标识“%s”重复出现" % id_, "pool[%d].id" % i)
        previous = id_


def draw(pool, seed, quotas):
    aes = Aes256(ticket_key(seed))
    tickets = [(aes.encrypt(lot_of(id_, salt)), id_, stratum) for (id_, stratum, salt) in pool["rows"]]
    out = []
    for key, size, quota, reserve in quotas:
        members = sorted((t for t in tickets if t[2] == key), key=lambda t: (t[0], utf8_key(t[1])))[: quota + reserve]
        entries = [{"id": t[1], "ticket": t[0].hex()} for t in members]
        selected = entries[:quota]
        out.append({"key": key, "size": str(size), "quota": str(quota), "reserve": str(reserve),
                    "threshold": selected[-1]["ticket"] if selected else "", "selected": selected, "reserveList": entries[quota:]})
    return out


def compare_lists(expected, actual, path, label):
    for i in range(max(len(expected), len(actual))):
        if i >= len(expected) or i >= len(actual):
            raise mismatch("%s[%d]" % (path, i), "%s长度不符：重新计算为 %d 户，凭证为 %d 户" % (label, len(expected), len(actual)))
        e, a = expected[i], actual[i]
        if e["id"] != a["id"]:
            raise mismatch("%s[%d].id" % (path, i), "%s第 %d 位：凭证为“%s”，重新计算为“%s”" % (label, i + 1, a["id"], e["id"]))
        if e["ticket"] != a["ticket"]:
            raise mismatch("%s[%d].ticket" % (path, i), "%s第 %d 位“%s”的票号：凭证为 %s，重新计算为 %s" % (label, i + 1, a["id"], a["ticket"], e["ticket"]))


def verify_outcome(c, receipt, ch, seed, pool, checked, check_id=check_canonical_identifier):
    """§10 steps 9–11, shared by /1 and /2; `check_id` is the identifier rule of the version."""
    # With a pool file the draw is recomputed first, so the first difference is the first entry
    # where the receipt departs from the recomputation (protocol §8, step 5).
    expected = None
    if pool is not None:
        check_pool_against_commitment(pool, c, check_id)
        checked.append("名录库文件与承诺一致：%d 条，根哈希 %s" % (len(pool["rows"]), c["pool"]["root"]))
        quotas = [(s["key"], int(s["size"]), int(s["quota"]), int(s["reserve"])) for s in c["strata"]]
        expected = draw(pool, seed, quotas)
    public = receipt["publicResult"]
    if receipt["disclosure"] == "full":
        strata = receipt["result"]["strata"]
        if expected is not None:
            if len(strata) != len(expected):
                raise mismatch("receipt.result.strata", "结果分层数不符")
            for i, e in enumerate(expected):
                a = strata[i]
                compare_lists(e["selected"], a["selected"], "receipt.result.strata[%d].selected" % i, "分层“%s”抽中名单" % e["key"])
                compare_lists(e["reserveList"], a["reserveList"], "receipt.result.strata[%d].reserveList" % i, "分层“%s”备选名单" % e["key"])
            checked.append("用名录库完整重算：抽中名单、备选名单和票号逐一一致")
        check_result_shape(c, strata, check_id)
        compare_public(public_of(strata), receipt["publicResult"])
        public = public_of(strata)
        if c["pool"]["saltMode"] == "unsalted" and expected is None:
            recompute_listed_tickets(seed, strata)
            checked.append("无盐模式：重算了凭证所列全部主体的票号")
        priv = tagged_hash(TAG_PRIVATE, [ce(private_value(strata))]).hex()
        if receipt["privateResultHash"] != priv:
            raise mismatch("receipt.privateResultHash", "分层结果哈希不符")
    else:
        if expected is not None:
            compare_public(public_of(expected), receipt["publicResult"])
            priv = tagged_hash(TAG_PRIVATE, [ce(private_value(expected))]).hex()
            if receipt["privateResultHash"] != priv:
                raise mismatch("receipt.privateResultHash", "分层结果哈希与名录库重算结果不符")
            checked.append("用名录库完整重算：公开名单、阈值和分层结果哈希一致")
        check_public_shape(c, receipt["publicResult"], check_id)
        if from_hex(receipt["privateResultHash"], 32) is None:
            raise malformed("receipt.privateResultHash", "应为 64 位小写十六进制")
    pub = tagged_hash(TAG_PUBLIC, [ce(public_value(public))]).hex()
    if receipt["publicResultHash"] != pub:
        raise mismatch("receipt.publicResultHash", "公开结果哈希不符")
    result = tagged_hash(TAG_RESULT, [field(bytes.fromhex(h)) for h in (ch, seed.hex(), pub, receipt["privateResultHash"])]).hex()
    if receipt["resultHash"] != result:
        raise mismatch("receipt.resultHash", "结果哈希不符：凭证为 %s，计算为 %s" % (receipt["resultHash"], result))
    checked.append("结果哈希 " + result)


def verify(receipt, pool=None):
    """Returns (scope, checked); raises Mismatch with the first difference."""
    checked = []
    if receipt["protocol"] != PROTOCOL:
        raise mismatch("receipt.protocol", "不支持的协议版本")
    c = receipt["commitment"]
    check_commitment(c)
    checked.append("承诺记录：各分层抽取数与备选数由条目数和参数推出")
    ch = hash_commitment(c)
    if receipt["commitmentHash"] != ch:
        raise mismatch("receipt.commitmentHash", "承诺哈希不符：凭证为 %s，计算为 %s" % (receipt["commitmentHash"], ch))
    checked.append("承诺哈希 " + ch)
    secret = from_hex(receipt["serverSecret"], 32)
    if secret is None:
        raise malformed("receipt.serverSecret", "应为 64 位小写十六进制")
    if tagged_hash(TAG_SECRET, [field(secret)]).hex() != c["serverSecretHash"]:
        raise mismatch("receipt.serverSecret", "公开的服务器秘密与承诺中的哈希不符")
    check_randomness(c["randomness"], receipt["randomness"])
    seed = derive_seed(ch, receipt["randomness"], secret)
    if receipt["seed"] != seed.hex():
        raise mismatch("receipt.seed", "种子不符：凭证为 %s，计算为 %s" % (receipt["seed"], seed.hex()))
    checked.append("种子 " + seed.hex())
    verify_outcome(c, receipt, ch, seed, pool, checked)
    return ("recomputed" if pool is not None else "receipt-only"), checked


def check_pool_against_commitment(pool, c, check_id):
    check_pool(pool)
    if check_id is not check_canonical_identifier:
        for id_, _s, _salt in pool["rows"]:
            check_id(id_, "pool")
    if pool["mode"] != c["pool"]["saltMode"]:
        raise Mismatch("POOL_MISMATCH", "名录库文件的加盐模式与承诺不符", "pool")
    committed = [s["key"] for s in c["strata"]]
    sizes = {}
    for _id, stratum, _salt in pool["rows"]:
        sizes[stratum] = sizes.get(stratum, 0) + 1
    for k in sorted(sizes, key=utf8_key):
        if k not in committed:
            raise Mismatch("UNKNOWN_STRATUM", "名录库文件中出现承诺记录没有的分层“%s”" % k, "pool")
    if str(len(pool["rows"])) != c["pool"]["size"]:
        raise Mismatch("POOL_MISMATCH", "名录库文件有 %d 条，承诺记录为 %s 条" % (len(pool["rows"]), c["pool"]["size"]), "pool")
    for s in c["strata"]:
        if str(sizes.get(s["key"], 0)) != s["size"]:
            raise Mismatch("POOL_MISMATCH", "名录库文件中分层“%s”的条目数与承诺不符" % s["key"], "pool")
    root = merkle_root([leaf_of(i, s, salt) for (i, s, salt) in pool["rows"]]).hex()
    if root != c["pool"]["root"]:
        raise Mismatch("POOL_MISMATCH", "名录库文件的根哈希 %s 与承诺记录 %s 不符" % (root, c["pool"]["root"]), "pool")


def check_entity(receipt, entity):
    """What an inspected entity can check (protocol §9.2)."""
    salt_hex = entity.get("salt", "")
    salt = b"" if salt_hex == "" else from_hex(salt_hex, 16)
    if salt is None:
        raise Mismatch("INVALID_SALT", "盐值格式错误", "entity.salt")
    h = leaf_of(entity["id"], entity["stratum"], salt)
    for step in entity["proof"]:
        sib = from_hex(step.get("hash"), 32)
        if sib is None or step.get("side") not in ("L", "R"):
            raise Mismatch("POOL_MISMATCH", "审计路径格式错误", "entity.proof")
        h = sha256(b"\x01" + (sib + h if step["side"] == "L" else h + sib))
    if h.hex() != receipt["commitment"]["pool"]["root"]:
        raise Mismatch("POOL_MISMATCH", "主体的名录记录与承诺的名录库根哈希不符", "entity.proof")
    stratum = next((s for s in receipt["publicResult"]["strata"] if s["key"] == entity["stratum"]), None)
    if stratum is None:
        raise Mismatch("UNKNOWN_STRATUM", "凭证中没有分层“%s”" % entity["stratum"], "entity.stratum")
    ticket = Aes256(ticket_key(bytes.fromhex(receipt["seed"]))).encrypt(lot_of(entity["id"], salt)).hex()
    listed = entity["id"] in receipt["publicResult"]["selected"]
    below = stratum["threshold"] != "" and ticket <= stratum["threshold"]
    if listed != below:
        raise mismatch("receipt.publicResult.selected", "“%s”是否抽中与票号 %s 和阈值 %s 不符" % (entity["id"], ticket, stratum["threshold"]))
    return "主体“%s”：票号 %s，阈值 %s，%s" % (entity["id"], ticket, stratum["threshold"] or "（空）", "依规则被抽中" if listed else "依规则未被抽中")


# ---------------------------------------------------------------------------------------------
# The pool's eligibility (protocol §4.3 and §10.1, steps 12–13)

# Registration statuses (§10.1): the keys and the Chinese words the directory uses.
STATUS_LABELS = {"active": "存续（在营、开业）", "deregistered": "注销", "licence_revoked": "吊销营业执照",
                 "registration_revoked": "撤销设立登记", "moved_out": "迁出"}
STATUS_WORDS = dict((k, k) for k in STATUS_LABELS)
STATUS_WORDS.update({"存续": "active", "在营": "active", "开业": "active", "在业": "active", "注销": "deregistered",
                     "吊销营业执照": "licence_revoked", "吊销": "licence_revoked", "撤销设立登记": "registration_revoked",
                     "撤销": "registration_revoked", "迁出": "moved_out"})
DATE_RE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
DATE_SHAPE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
LEDGER_ATTEMPT_RE = re.compile(r"[1-9][0-9]{0,8}")
ANNUAL_CAP_RE = re.compile(r"[1-9][0-9]{0,2}")
LISTED = 10  # at most this many identifiers are named in a message
_NUMBER = object()  # a JSON number in the ledger (never valid there)


def utf16_key(s):
    """Order of UTF-8 bytes, also for strings with a lone surrogate (which sorts after every BMP character)."""
    b = s.encode("utf-16-be", "surrogatepass")
    return [u + 0x10000 if 0xD800 <= u <= 0xDFFF else u for u in (int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b), 2))]


def utf8_text(s):
    """A JSON string as UTF-8 encodes it: a lone surrogate becomes U+FFFD."""
    return re.sub("[\ud800-\udfff]", "\ufffd", s)


def number_of(s):
    """The numeric value of an attempt text, as used to order ledger entries (NaN when it is not a number)."""
    t = s.strip("".join(WS))
    if t == "":
        return 0.0
    if re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", t):
        return float(t)
    if re.fullmatch(r"0[xXoObB][0-9a-fA-F]+", t):
        try:
            return float(int(t, 0))
        except ValueError:
            return float("nan")
    if t in ("Infinity", "+Infinity", "-Infinity"):
        return float(t.replace("Infinity", "inf"))
    return float("nan")


def parse_candidates_csv(text):
    """Candidates file (§10.1): header `id,status`, one `identifier,status` line per directory entry."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "id,status":
        raise Mismatch("POOL_MALFORMED", "候选名单第 1 行应为“id,status”，实际为“%s”" % (lines[0][:60] if lines else ""), "candidates:1")
    out = []
    seen = set()
    for r, line in enumerate(lines[1:], start=2):
        fields = line.split(",")
        if len(fields) != 2 or fields[0] == "":
            raise Mismatch("POOL_MALFORMED", "候选名单第 %d 行应为“标识,登记状态”" % r, "candidates:%d" % r)
        id_, text_ = fields
        status = STATUS_WORDS.get(text_)
        if status is None:
            raise Mismatch("POOL_MALFORMED", "候选名单第 %d 行的登记状态“%s”无法识别（可用 active、存续、注销、吊销营业执照、撤销设立登记、迁出）" % (r, text_[:20]), "candidates:%d" % r)
        if id_ in seen:
            raise Mismatch("DUPLICATE_ID", "候选名单第 %d 行：标识“%s”重复" % (r, id_), "candidates:%d" % r)
        seen.add(id_)
        out.append((id_, status))
    return out


def _no_constant(name):
    raise ValueError("不允许 %s" % name)


def parse_ledger(text):
    """Ledger file (§4.3): a JSON array of {taskId, attempt, date, departments, entityIds}."""
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_int=lambda _s: _NUMBER, parse_float=lambda _s: _NUMBER)
    except ValueError as e:
        raise Mismatch("RECEIPT_MALFORMED", "抽查台账不是有效的 JSON：%s" % e)
    except RecursionError:
        raise Mismatch("POOL_MALFORMED", "抽查台账嵌套过深", "ledger")
    if not isinstance(value, list):
        raise Mismatch("POOL_MALFORMED", "抽查台账应为 JSON 数组", "ledger")

    def strings(v):
        return isinstance(v, list) and all(isinstance(x, str) for x in v)

    for i, e in enumerate(value):
        if not (isinstance(e, dict) and all(isinstance(e.get(k), str) for k in ("taskId", "attempt", "date"))
                and strings(e.get("departments")) and strings(e.get("entityIds"))):
            raise Mismatch("POOL_MALFORMED", "抽查台账第 %d 条应为 {taskId, attempt, date, departments, entityIds}（均为字符串或字符串数组）" % (i + 1), "ledger[%d]" % i)
    return value


def check_ledger_v2(ledger, task_id):
    """§18.2 (/2): one entry per (taskId, attempt), no department twice, no entry of the task being drawn."""
    seen = set()
    for i, e in enumerate(ledger):
        if e["taskId"] == task_id:
            raise Mismatch("POOL_MALFORMED", "台账第 %d 条是本任务自己的抽取" % (i + 1), "ledger[%d].taskId" % i)
        key = (e["taskId"], e["attempt"])
        if key in seen:
            raise Mismatch("POOL_MALFORMED", "台账中任务“%s”第 %s 次抽取出现了不止一次" % key, "ledger[%d]" % i)
        seen.add(key)
        if len(set(e["departments"])) != len(e["departments"]):
            raise Mismatch("POOL_MALFORMED", "台账第 %d 条的部门有重复" % (i + 1), "ledger[%d].departments" % i)


def _ledger_order(a, b):
    ka, kb = utf16_key(a["taskId"]), utf16_key(b["taskId"])
    if ka != kb:
        return -1 if ka < kb else 1
    d = number_of(a["attempt"]) - number_of(b["attempt"])
    return -1 if d < 0 else 1 if d > 0 else 0  # NaN: keeps the given order


def hash_ledger(ledger):
    """ledgerHash (§4.3): entries by (taskId, attempt as a number), departments sorted, entityIds deduplicated and sorted."""
    entries = [{
        "taskId": utf8_text(e["taskId"]), "attempt": utf8_text(e["attempt"]), "date": utf8_text(e["date"]),
        "departments": [utf8_text(x) for x in sorted(e["departments"], key=utf16_key)],
        "entityIds": [utf8_text(x) for x in sorted(set(e["entityIds"]), key=utf16_key)],
    } for e in sorted(ledger, key=cmp_to_key(_ledger_order))]
    return tagged_hash(TAG_LEDGER, [ce(entries)]).hex()


def annual_counts(ledger, year):
    """Draws per entity in `year`: per task only its highest attempt, an entity once per task (§4.3)."""
    for i, e in enumerate(ledger):
        if not DATE_RE.fullmatch(e["date"]):
            raise Mismatch("INVALID_PARAMS", "台账第 %d 条的日期“%s”不是 YYYY-MM-DD" % (i + 1, e["date"]), "ledger[%d].date" % i)
        if not LEDGER_ATTEMPT_RE.fullmatch(e["attempt"]):
            raise Mismatch("INVALID_PARAMS", "台账第 %d 条的抽取次序“%s”不是正整数" % (i + 1, e["attempt"]), "ledger[%d].attempt" % i)
    latest = {}
    for e in ledger:
        current = latest.get(e["taskId"])
        if current is None or int(e["attempt"]) > int(current["attempt"]):
            latest[e["taskId"]] = e
    counts = {}
    for e in latest.values():
        if int(e["date"][:4]) != year:
            continue
        for id_ in set(e["entityIds"]):
            counts[id_] = counts.get(id_, 0) + 1
    return counts


def listed(ids):
    shown = "、".join("“%s”" % i for i in ids[:LISTED])
    return "%s 等 %d 个" % (shown, len(ids)) if len(ids) > LISTED else shown


def check_eligibility(committed_ledger_hash, pool_ids, candidates, ledger, draw_date, annual_cap):
    """Steps 12–13 of §10.1; returns the lines of what was checked, raises Mismatch with the first difference."""
    # Step 12: the ledger is the one the commitment names ("" only for a draw that read no ledger).
    ledger_hash = "" if not ledger and committed_ledger_hash == "" else hash_ledger(ledger)
    if ledger_hash != committed_ledger_hash:
        raise Mismatch("POOL_MISMATCH", "抽查台账的哈希为 %s，与承诺记录中的 ledgerHash %s 不符：提供的台账不是抽取时使用的台账"
                       % (ledger_hash or "（空）", committed_ledger_hash or "（空）"), "commitment.ledgerHash")
    # Step 13: apply §4.3 to the candidates.
    m = DATE_RE.fullmatch(draw_date)
    if not m:
        raise Mismatch("INVALID_PARAMS", "抽取日期“%s”不是 YYYY-MM-DD" % draw_date, "drawDate")
    year = int(m.group(1))
    counts = annual_counts(ledger, year)
    eligible = []
    excluded = {}
    not_active = capped = 0
    for id_, status in candidates:
        if status != "active":
            excluded[id_] = "“%s”已%s，不列入抽查名录" % (id_, STATUS_LABELS[status])
            not_active += 1
            continue
        n = counts.get(id_, 0)
        if n >= annual_cap:
            excluded[id_] = "“%s”%d 年已被随机抽中 %d 次，达到每年不超过 %d 次的上限" % (id_, year, n, annual_cap)
            capped += 1
            continue
        eligible.append(id_)
    eligible_set = set(eligible)
    pool_set = set(pool_ids)
    wrongly_in = sorted((i for i in pool_ids if i not in eligible_set), key=utf8_key)
    if wrongly_in:
        first = wrongly_in[0]
        reason = excluded.get(first, "“%s”不在候选名单中" % first)
        raise Mismatch("POOL_MISMATCH", "名录库中有 %d 个不应参加抽取的主体：%s。例如：%s" % (len(wrongly_in), listed(wrongly_in), reason), "pool")
    left = sorted((i for i in eligible if i not in pool_set), key=utf8_key)
    if left:
        raise Mismatch("POOL_MISMATCH", "有 %d 个符合条件的主体未列入名录库：%s" % (len(left), listed(left)), "pool")
    return [
        "承诺记录未使用抽查台账，提供的台账为空" if committed_ledger_hash == "" else "抽查台账与承诺记录中的 ledgerHash 一致（%d 条）" % len(ledger),
        "名录库恰为候选名单中符合条件的 %d 个主体：排除非存续 %d 个，排除 %s 年已被抽中 %d 次的 %d 个"
        % (len(eligible_set), not_active, draw_date[:4], annual_cap, capped),
    ]


# ---------------------------------------------------------------------------------------------
# Command line

def _draw_v2():
    """The /2 module imports this one by name; make that name this very module (also when run as a script)."""
    sys.modules.setdefault("verify_draw", sys.modules[__name__])
    import draw_v2
    return draw_v2


V2_OPTIONS = ("--public-key", "--checkpoint", "--attempts", "--commitment-hash", "--result-hash")


def run_v2(data, pool_text, entity_text, published):
    """A /2 receipt (§18.1). `published`: dict with public_key (bytes), and optionally the texts checkpoint
    and attempts, and commitment_hash / result_hash."""
    d2 = _draw_v2()
    receipt = d2.parse_receipt(data)
    if published is None or published.get("public_key") is None:
        return None
    d2.ed25519_self_test()
    checkpoint = attempts = None
    if published.get("checkpoint") is not None:
        checkpoint = d2.parse_checkpoint(d2.strict_loads(published["checkpoint"], "ANCHOR_MISMATCH", "检查点"), "checkpoint")
    if published.get("attempts") is not None:
        attempts = d2.parse_attempts(d2.strict_loads(published["attempts"], "ATTEMPT_LIST_MALFORMED", "抽取次序表"))
    pool = parse_pool_csv(pool_text, receipt["commitment"]["pool"]["saltMode"]) if pool_text is not None else None
    scope, checked = d2.verify(receipt, pool, published["public_key"], checkpoint, attempts,
                               published.get("commitment_hash"), published.get("result_hash"))
    if entity_text is not None:
        entity = d2.strict_loads(entity_text, "RECEIPT_MALFORMED", "主体记录")
        d2.check_entity_strict(entity)
        checked.append(check_entity(receipt, entity))
    return scope, checked


def run(receipt_text, pool_text=None, entity=None, eligibility=None, published=None, entity_text=None):
    """Returns (exit_code, output, code). `eligibility` (with a pool): a dict with the texts `candidates` and
    `ledger`, `draw_date` and `annual_cap` for steps 12–13 of §10.1. `published`: the /2 inputs (run_v2)."""
    try:
        data = _draw_v2().strict_loads(receipt_text, "RECEIPT_MALFORMED", "凭证")
        if isinstance(data, dict) and data.get("protocol") == "suiji-draw/2":
            outcome = run_v2(data, pool_text, entity_text, published)
            if outcome is None:
                return 2, "核验 suiji-draw/2 凭证须用 --public-key 给出操作方公布的 Ed25519 公钥\n", None
            scope, checked = outcome
            if eligibility is not None:
                c = data["commitment"]
                # /2 commits the draw date and the cap (§16.1): the verifier's values must be the committed ones.
                if eligibility["draw_date"] != c["drawDate"] or (eligibility.get("cap_given") and str(eligibility["annual_cap"]) != c["annualCap"]):
                    return 2, "--draw-date/--annual-cap 须与承诺中的 drawDate %s、annualCap %s 一致\n" % (c["drawDate"], c["annualCap"]), None
                candidates = parse_candidates_csv(eligibility["candidates"])
                ledger = parse_ledger(eligibility["ledger"])
                check_ledger_v2(ledger, c["taskId"])
                pool_ids = [r[0] for r in parse_pool_csv(pool_text, c["pool"]["saltMode"])["rows"]]
                checked += check_eligibility(c["ledgerHash"], pool_ids, candidates, ledger, c["drawDate"], int(c["annualCap"]))
            head = "已用名录库文件完整重算" if scope == "recomputed" else "仅核对凭证本身（未提供名录库文件）"
            return 0, "MATCH\n范围：%s\n%s\n" % (head, "\n".join("- " + c for c in checked)), None
        if published:
            return 2, "%s 只适用于 suiji-draw/2 凭证\n" % ", ".join(V2_OPTIONS), None
        if entity is None and entity_text is not None:
            entity = json.loads(entity_text)
        receipt = parse_receipt(data)
        pool = parse_pool_csv(pool_text, receipt["commitment"]["pool"]["saltMode"]) if pool_text is not None else None
        scope, checked = verify(receipt, pool)
        if entity is not None:
            checked.append(check_entity(receipt, entity))
        if eligibility is not None:
            candidates = parse_candidates_csv(eligibility["candidates"])
            ledger = parse_ledger(eligibility["ledger"])
            checked += check_eligibility(receipt["commitment"]["ledgerHash"], [r[0] for r in pool["rows"]], candidates, ledger,
                                         eligibility["draw_date"], eligibility["annual_cap"])
    except Mismatch as e:
        return 1, "MISMATCH\n错误：%s\n%s说明：%s\n" % (e.code, ("位置：%s\n" % e.path) if e.path else "", e.message), e.code
    head = "已用名录库文件完整重算" if scope == "recomputed" else "仅核对凭证本身（未提供名录库文件）"
    return 0, "MATCH\n范围：%s\n%s\n" % (head, "\n".join("- " + c for c in checked)), None


def published_of(p):
    """The /2 inputs of a vector's `published` object."""
    return {"public_key": base64.b64decode(p["publicKey"]),
            "checkpoint": json.dumps(p["checkpoint"], ensure_ascii=False) if p.get("checkpoint") is not None else None,
            "attempts": json.dumps(p["attempts"], ensure_ascii=False) if p.get("attempts") is not None else None,
            "commitment_hash": p.get("commitmentHash"), "result_hash": p.get("resultHash")}


def run_vectors(directory):
    failures = 0
    names = sorted(f for f in os.listdir(directory) if f.endswith(".json"))
    for name in names:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            v = json.load(f)
        text = v["receipt"] if isinstance(v["receipt"], str) else json.dumps(v["receipt"], ensure_ascii=False)
        if "published" in v:
            entity_text = json.dumps(v["entity"], ensure_ascii=False) if v["entity"] is not None else None
            code, output, err = run(text, v["pool"], None, None, published_of(v["published"]), entity_text)
        else:
            code, output, err = run(text, v["pool"], v["entity"])
        exp = v["expect"]
        if exp["result"] == "MATCH":
            good = code == 0 and (("完整重算" in output) == (exp["scope"] == "recomputed"))
        else:
            good = code == 1 and err == exp["code"]
        print("%s %s%s" % ("ok  " if good else "FAIL", v["name"], "" if good else " — " + output.replace("\n", " | ")))
        failures += 0 if good else 1
    print("%d vectors, %d failed" % (len(names), failures))
    return 1 if failures else 0


USAGE = ("用法：verify_draw.py receipt.json [pool.csv] [--entity entity.json]\n"
         "       verify_draw.py receipt.json [pool.csv] --public-key KEY [--checkpoint cp.json] [--attempts attempts.json]\n"
         "                      [--commitment-hash HEX] [--result-hash HEX] [--entity entity.json]   (suiji-draw/2)\n"
         "       verify_draw.py receipt.json pool.csv --candidates candidates.csv --ledger ledger.json --draw-date YYYY-MM-DD [--annual-cap N]\n"
         "       verify_draw.py --vectors DIR\n")


def main(argv):
    _aes_self_test()
    if len(argv) == 2 and argv[0] == "--vectors":
        return run_vectors(argv[1])
    positional = []
    entity_path = None
    options = {}  # --candidates, --ledger, --draw-date, --annual-cap (§10.1)
    i = 0
    while i < len(argv):
        if argv[i] == "--entity" and i + 1 < len(argv):
            entity_path = argv[i + 1]
            i += 2
            continue
        if argv[i] in ("--candidates", "--ledger", "--draw-date", "--annual-cap") + V2_OPTIONS:
            if i + 1 >= len(argv):
                sys.stderr.write("选项 %s 缺少取值\n%s" % (argv[i], USAGE))
                return 2
            options[argv[i]] = argv[i + 1]
            i += 2
            continue
        if argv[i].startswith("--"):
            sys.stderr.write("未知选项 %s\n" % argv[i])
            return 2
        positional.append(argv[i])
        i += 1
    if not 1 <= len(positional) <= 2:
        sys.stderr.write(USAGE)
        return 2
    published = {}
    for option in V2_OPTIONS:
        if option in options:
            published[option] = options.pop(option)
    eligibility = None
    if options:
        if "--candidates" not in options or "--ledger" not in options or "--draw-date" not in options or len(positional) != 2:
            sys.stderr.write("核验名录库须同时给出 pool.csv、--candidates、--ledger 和 --draw-date\n%s" % USAGE)
            return 2
        if not DATE_SHAPE_RE.fullmatch(options["--draw-date"]):
            sys.stderr.write("--draw-date 须为 YYYY-MM-DD\n%s" % USAGE)
            return 2
        cap = options.get("--annual-cap", "2")
        if not ANNUAL_CAP_RE.fullmatch(cap):
            sys.stderr.write("--annual-cap 须为正整数（1–999）\n%s" % USAGE)
            return 2
        eligibility = {"draw_date": options["--draw-date"], "annual_cap": int(cap), "cap_given": "--annual-cap" in options}
    try:
        with open(positional[0], encoding="utf-8") as f:
            receipt_text = f.read()
        pool_text = None
        if len(positional) == 2:
            with open(positional[1], encoding="utf-8", newline="") as f:
                pool_text = f.read()
        entity_text = None
        if entity_path:
            with open(entity_path, encoding="utf-8") as f:
                entity_text = f.read()
        if eligibility is not None:
            for name, option in (("candidates", "--candidates"), ("ledger", "--ledger")):
                with open(options[option], encoding="utf-8", newline="") as f:
                    eligibility[name] = f.read()
    except (OSError, UnicodeDecodeError, ValueError) as e:
        sys.stderr.write("无法读取文件：%s\n" % e)
        return 2
    v2 = None
    if published:
        key = published.get("--public-key")
        v2 = {"public_key": None, "commitment_hash": published.get("--commitment-hash"), "result_hash": published.get("--result-hash")}
        if key is not None:
            v2["public_key"] = bytes.fromhex(key) if re.fullmatch(r"[0-9a-f]{64}", key) else _draw_v2().base64_strict(key)
            if v2["public_key"] is None or len(v2["public_key"]) != 32:
                sys.stderr.write("--public-key 须为 32 字节公钥的 base64 或 64 位小写十六进制\n")
                return 2
        for option in ("--commitment-hash", "--result-hash"):
            if option in published and not re.fullmatch(r"[0-9a-f]{64}", published[option]):
                sys.stderr.write("%s 须为 64 位小写十六进制\n" % option)
                return 2
        try:
            for option, name in (("--checkpoint", "checkpoint"), ("--attempts", "attempts")):
                if option in published:
                    with open(published[option], encoding="utf-8") as f:
                        v2[name] = f.read()
        except (OSError, UnicodeDecodeError) as e:
            sys.stderr.write("无法读取文件：%s\n" % e)
            return 2
    code, output, _ = run(receipt_text, pool_text, None, eligibility, v2, entity_text)
    (sys.stderr if code == 2 else sys.stdout).write(output)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
