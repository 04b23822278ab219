#!/usr/bin/env python3
"""Independent verifier of suiji inspector matching (检查人员随机匹配), Python standard library only.

Implements docs/draw-protocol.md §9 (inputs, team rules, seeded costs and order, the exact greedy +
augmenting-path algorithm, the inspector pool hash) from the document, independently of the
TypeScript matcher in domain/matching/match.ts. The encodings of §2 (SHA-256, field(), ce(),
AES-256 from FIPS 197) are imported from scripts/verify_draw.py.

A record is a JSON object {name, drawSeed, seedMatch, objects, inspectors, experts?, rules,
inspectorPoolHash, expect}, as in test/vectors/match/*.json; expect is one of
{result: "TEAMS", teams, loads}, {result: "INFEASIBLE", depts} or {result: "INVALID_INPUT"}.

Usage:
    python3 scripts/verify_match.py record.json      # MATCH (exit 0) / MISMATCH: … (exit 1)
    python3 scripts/verify_match.py --vectors DIR    # PASS/FAIL per *.json; exit 0 iff all pass
Malformed input: message on stderr, exit 2.
"""

import json
import os
import re
import sys
from collections import deque
from typing import Any, Optional

sys.dont_write_bytecode = True  # leave no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_draw  # noqa: E402  (guarded by __main__; import has no side effects)
from verify_draw import Aes256, ce, field, tagged_hash  # noqa: E402

TAG_SEED = "suiji/match/v1/seed"
TAG_COST_KEY = "suiji/match/v1/cost-key"
TAG_ORDER_KEY = "suiji/match/v1/order-key"
TAG_OBJECT = "suiji/match/v1/object"
TAG_INSPECTOR = "suiji/match/v1/inspector"
TAG_POOL = "suiji/match/v1/inspector-pool"

DATE_RE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\Z")
HEX32_RE = re.compile(r"^[0-9a-f]{64}\Z")


class Malformed(Exception):
    """The record itself cannot be read (exit 2)."""


class InvalidInput(Exception):
    """The matching inputs break §9.1 (the matcher refuses them: INVALID_INPUT)."""


def utf8(s: str) -> bytes:
    return s.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Record shape (types only; a record that fails here is malformed, exit 2)

def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_string(v: Any) -> bool:
    return isinstance(v, str) and verify_draw.well_formed(v)


def is_strings(v: Any) -> bool:
    return isinstance(v, list) and all(is_string(x) for x in v)


def object_problem(o: Any) -> Optional[str]:
    if not isinstance(o, dict):
        return "not an object"
    if not is_string(o.get("id")) or not is_string(o.get("leadDept")):
        return "id and leadDept must be strings"
    if not is_strings(o.get("participatingDepts")):
        return "participatingDepts must be a list of strings"
    ex = o.get("expertise")
    if not isinstance(ex, list) or not all(isinstance(x, dict) and is_string(x.get("dept")) and is_string(x.get("expertise")) for x in ex):
        return "expertise must be [{dept, expertise}]"
    if "region" in o and not is_string(o["region"]):
        return "region must be a string"
    q = o.get("quotas", [])
    if not isinstance(q, list) or not all(isinstance(x, dict) and is_string(x.get("dept")) and is_number(x.get("members")) for x in q):
        return "quotas must be [{dept, members}]"
    if not is_strings(o.get("appointed", [])):
        return "appointed must be a list of strings"
    return None


def expert_problem(x: Any) -> Optional[str]:
    if not isinstance(x, dict):
        return "not an object"
    if not is_string(x.get("id")) or not is_string(x.get("dept")):
        return "id and dept must be strings"
    if not isinstance(x.get("available"), bool):
        return "available must be true or false"
    if not is_strings(x.get("conflicts")):
        return "conflicts must be a list of strings"
    h = x.get("history", [])
    if not isinstance(h, list) or not all(isinstance(y, dict) and is_string(y.get("entityId")) and is_string(y.get("date")) for y in h):
        return "history must be [{entityId, date}]"
    return None


def inspector_problem(i: Any) -> Optional[str]:
    if not isinstance(i, dict):
        return "not an object"
    for key in ("id", "dept", "region", "certificateValidUntil"):
        if not is_string(i.get(key)):
            return "%s must be a string" % key
    if not isinstance(i.get("onDuty"), bool):
        return "onDuty must be true or false"
    if not is_strings(i.get("expertise")) or not is_strings(i.get("conflicts")):
        return "expertise and conflicts must be lists of strings"
    h = i.get("history")
    if not isinstance(h, list) or not all(isinstance(x, dict) and is_string(x.get("entityId")) and is_string(x.get("date")) for x in h):
        return "history must be [{entityId, date}]"
    if "maxObjects" in i and not is_number(i["maxObjects"]):
        return "maxObjects must be a number"
    return None


def read_record(record: Any) -> tuple[bytes, dict]:
    if not isinstance(record, dict):
        raise Malformed("the record is not a JSON object")
    for key in ("drawSeed", "seedMatch", "inspectorPoolHash"):
        if not isinstance(record.get(key), str) or not HEX32_RE.match(record[key]):
            raise Malformed("%s must be 64 lowercase hex characters" % key)
    if not isinstance(record.get("objects"), list) or not isinstance(record.get("inspectors"), list):
        raise Malformed("objects and inspectors must be lists")
    for n, o in enumerate(record["objects"]):
        if object_problem(o):
            raise Malformed("objects[%d]: %s" % (n, object_problem(o)))
    for n, i in enumerate(record["inspectors"]):
        if inspector_problem(i):
            raise Malformed("inspectors[%d]: %s" % (n, inspector_problem(i)))
    experts = record.get("experts", [])
    if not isinstance(experts, list):
        raise Malformed("experts must be a list")
    for n, x in enumerate(experts):
        if expert_problem(x):
            raise Malformed("experts[%d]: %s" % (n, expert_problem(x)))
    rules = record.get("rules")
    if isinstance(rules, dict) and "expertsPerObject" in rules and not is_number(rules["expertsPerObject"]):
        raise Malformed("rules.expertsPerObject must be a number")
    if (not isinstance(rules, dict) or not is_string(rules.get("inspectionDate")) or not isinstance(rules.get("sameRegion"), bool)
            or not all(is_number(rules.get(k)) for k in ("teamSize", "maxObjectsPerInspector", "recusalYears"))):
        raise Malformed("rules must be {inspectionDate, teamSize, maxObjectsPerInspector, recusalYears, sameRegion}")
    expect = record.get("expect")
    if not isinstance(expect, dict) or expect.get("result") not in ("TEAMS", "INFEASIBLE", "INVALID_INPUT"):
        raise Malformed("expect.result must be TEAMS, INFEASIBLE or INVALID_INPUT")
    if expect["result"] == "INFEASIBLE" and not is_strings(expect.get("depts")):
        raise Malformed("expect.depts must be a list of department names")
    return bytes.fromhex(record["drawSeed"]), expect


# ---------------------------------------------------------------------------------------------
# §9.1 Inputs: validation (INVALID_INPUT)

def is_int(v: Any) -> bool:
    return is_number(v) and v == int(v)


def valid_date(s: str) -> bool:
    """YYYY-MM-DD with month 01–12 and day 01–31 (the day is not checked against the month)."""
    return DATE_RE.match(s) is not None


def require(condition: bool, path: str, what: str) -> None:
    if not condition:
        raise InvalidInput("%s: %s" % (path, what))


def validate(objects: list, inspectors: list, rules: dict, experts: list) -> None:
    require(valid_date(rules["inspectionDate"]), "rules.inspectionDate", "not YYYY-MM-DD")
    require(is_int(rules["teamSize"]) and rules["teamSize"] >= 2, "rules.teamSize", "must be an integer ≥ 2")
    require(is_int(rules["maxObjectsPerInspector"]) and rules["maxObjectsPerInspector"] >= 1,
            "rules.maxObjectsPerInspector", "must be an integer ≥ 1")
    require(is_int(rules["recusalYears"]) and rules["recusalYears"] >= 0, "rules.recusalYears", "must be an integer ≥ 0")
    seen = set()
    for n, i in enumerate(inspectors):
        p = "inspectors[%d]" % n
        require(i["id"] != "" and i["id"] not in seen, p + ".id", "empty or duplicate")
        seen.add(i["id"])
        require(i["dept"] != "", p + ".dept", "empty")
        # "" means no valid certificate (used by the vectors)
        require(i["certificateValidUntil"] == "" or valid_date(i["certificateValidUntil"]), p + ".certificateValidUntil", "not YYYY-MM-DD")
        if "maxObjects" in i:
            require(is_int(i["maxObjects"]) and i["maxObjects"] >= 0, p + ".maxObjects", "must be an integer ≥ 0")
        for h in i["history"]:
            require(valid_date(h["date"]), p + ".history", "date not YYYY-MM-DD")
    if "expertsPerObject" in rules:
        require(is_int(rules["expertsPerObject"]) and rules["expertsPerObject"] >= 0, "rules.expertsPerObject", "must be an integer ≥ 0")
    inspector_ids = set(seen)
    for n, x in enumerate(experts):
        p = "experts[%d]" % n
        require(x["id"] != "" and x["id"] not in seen, p + ".id", "empty, duplicate or an inspector's id")
        seen.add(x["id"])
        require(x["dept"] != "", p + ".dept", "empty")
        for h in x.get("history", []):
            require(valid_date(h["date"]), p + ".history", "date not YYYY-MM-DD")
    by_id = {i["id"]: i for i in inspectors}
    appointed_load: dict[str, int] = {}
    seen = set()
    for n, o in enumerate(objects):
        p = "objects[%d]" % n
        require(o["id"] != "" and o["id"] not in seen, p + ".id", "empty or duplicate")
        seen.add(o["id"])
        require(o["leadDept"] != "", p + ".leadDept", "empty")
        if rules["sameRegion"]:
            require(o.get("region", "") != "", p + ".region", "required when sameRegion")
        team_depts = {o["leadDept"]} | set(o["participatingDepts"])
        req_depts = set()
        for r in o["expertise"]:
            require(r["dept"] in team_depts, p + ".expertise", "department %s sends nobody" % r["dept"])
            require(r["dept"] not in req_depts, p + ".expertise", "two requirements for %s" % r["dept"])
            require(r["expertise"] != "", p + ".expertise", "empty expertise")
            req_depts.add(r["dept"])
        quota_depts = set()
        for q in o.get("quotas", []):
            require(q["dept"] in team_depts, p + ".quotas", "department %s is not on the team" % q["dept"])
            require(q["dept"] not in quota_depts, p + ".quotas", "two quotas for %s" % q["dept"])
            require(is_int(q["members"]) and q["members"] >= 1, p + ".quotas", "members must be an integer ≥ 1")
            quota_depts.add(q["dept"])
        appointed = o.get("appointed", [])
        require(len(set(appointed)) == len(appointed), p + ".appointed", "repeated")
        for a in appointed:
            require(a in inspector_ids, p + ".appointed", "%s is not an inspector" % a)
            insp = by_id[a]
            require(demand_of(o, insp["dept"], rules["teamSize"]) > 0, p + ".appointed", "%s is not of the team's departments" % a)
            # 直接委派: 在岗, 执法证 and 回避 apply, the region rule does not
            require(is_eligible(o, insp, dict(rules, sameRegion=False), recusal_start(rules)), p + ".appointed", "%s is not eligible" % a)
            appointed_load[a] = appointed_load.get(a, 0) + 1
        for dept in [o["leadDept"]] + participating_depts(o):
            mine = [by_id[a] for a in appointed if by_id[a]["dept"] == dept]
            require(len(mine) <= demand_of(o, dept, rules["teamSize"]), p + ".appointed", "more than %s's share" % dept)
            need = requirement_of(o, dept)
            if need is not None and len(mine) == demand_of(o, dept, rules["teamSize"]):
                require(any(need in i["expertise"] for i in mine), p + ".appointed", "%s's share is full without the expertise" % dept)
    for a, count in appointed_load.items():
        require(count <= capacity_of(by_id[a], rules), "objects.appointed", "%s appointed beyond the workload cap" % a)


# ---------------------------------------------------------------------------------------------
# §9.5 Inspector pool hash

def number_string(v: Any) -> str:
    """A JSON number as the decimal string §9.5 hashes (integral values written without ".0")."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
        v = int(v)
    return str(v)


def inspector_pool_hash(inspectors: list, rules: dict, experts: list) -> bytes:
    entries = []
    for i in sorted(inspectors, key=lambda x: utf8(x["id"])):
        history = sorted(i["history"], key=lambda h: (utf8(h["entityId"]), utf8(h["date"])))
        entries.append({
            "id": i["id"],
            "dept": i["dept"],
            "region": i["region"],
            "expertise": sorted(i["expertise"], key=utf8),
            "certificateValidUntil": i["certificateValidUntil"],
            "onDuty": "true" if i["onDuty"] else "false",
            "conflicts": sorted(i["conflicts"], key=utf8),
            "history": [{"entityId": h["entityId"], "date": h["date"]} for h in history],
            "maxObjects": number_string(i["maxObjects"]) if "maxObjects" in i else "",
        })
    rules_value = {
        "inspectionDate": rules["inspectionDate"],
        "teamSize": number_string(rules["teamSize"]),
        "maxObjectsPerInspector": number_string(rules["maxObjectsPerInspector"]),
        "recusalYears": number_string(rules["recusalYears"]),
        "sameRegion": "true" if rules["sameRegion"] else "false",
    }
    if "expertsPerObject" in rules:  # absent from records older than the expert directory
        rules_value["expertsPerObject"] = number_string(rules["expertsPerObject"])
    value = {"inspectors": entries, "rules": rules_value}
    if experts:
        value["experts"] = []
        for x in sorted(experts, key=lambda x: utf8(x["id"])):
            entry = {"id": x["id"], "dept": x["dept"], "available": "true" if x["available"] else "false",
                     "conflicts": sorted(x["conflicts"], key=utf8)}
            if x.get("history"):  # added with experts' recent-inspection 回避; absent when empty (older hashes hold)
                history = sorted(x["history"], key=lambda h: (utf8(h["entityId"]), utf8(h["date"])))
                entry["history"] = [{"entityId": h["entityId"], "date": h["date"]} for h in history]
            value["experts"].append(entry)
    return tagged_hash(TAG_POOL, [ce(value)])


# ---------------------------------------------------------------------------------------------
# §9.3 Seeded costs and order

def derive_seed_match(draw_seed: bytes) -> bytes:
    return tagged_hash(TAG_SEED, [field(draw_seed)])


class SeededCosts:
    """cost(o, i) = AES(Kc, D_o[0..8) ‖ D_i[0..8)), memoized; object order by AES(Ko, D_o[0..16))."""

    def __init__(self, seed_match: bytes) -> None:
        self.cost_cipher = Aes256(tagged_hash(TAG_COST_KEY, [field(seed_match)]))
        self.order_cipher = Aes256(tagged_hash(TAG_ORDER_KEY, [field(seed_match)]))
        self.object_digests: dict[str, bytes] = {}
        self.inspector_digests: dict[str, bytes] = {}
        self.memo: dict[tuple[str, str], tuple[bytes, bytes]] = {}

    def object_digest(self, object_id: str) -> bytes:
        if object_id not in self.object_digests:
            self.object_digests[object_id] = tagged_hash(TAG_OBJECT, [field(object_id)])
        return self.object_digests[object_id]

    def inspector_digest(self, inspector_id: str) -> bytes:
        if inspector_id not in self.inspector_digests:
            self.inspector_digests[inspector_id] = tagged_hash(TAG_INSPECTOR, [field(inspector_id)])
        return self.inspector_digests[inspector_id]

    def cost(self, object_id: str, inspector_id: str) -> tuple[bytes, bytes]:
        """Sort key: the 16-byte cost, then the inspector id (UTF-8)."""
        key = (object_id, inspector_id)
        if key not in self.memo:
            block = self.object_digest(object_id)[:8] + self.inspector_digest(inspector_id)[:8]
            self.memo[key] = (self.cost_cipher.encrypt(block), utf8(inspector_id))
        return self.memo[key]

    def object_order_key(self, object_id: str) -> tuple[bytes, bytes]:
        return (self.order_cipher.encrypt(self.object_digest(object_id)[:16]), utf8(object_id))


# ---------------------------------------------------------------------------------------------
# §9.2 Team rules

def participating_depts(obj: dict) -> list[str]:
    return sorted(set(obj["participatingDepts"]) - {obj["leadDept"]}, key=utf8)


def quota_of(obj: dict, dept: str) -> Optional[int]:
    for q in obj.get("quotas", []):
        if q["dept"] == dept:
            return int(q["members"])
    return None


def demand_of(obj: dict, dept: str, team_size: int) -> int:
    """A participant sends its quota or 1; the lead its quota or 1, raised to reach team_size (§9.2)."""
    others = participating_depts(obj)
    if dept == obj["leadDept"]:
        sent = sum(quota_of(obj, d) or 1 for d in others)
        return max(quota_of(obj, dept) or 1, team_size - sent)
    return (quota_of(obj, dept) or 1) if dept in others else 0


def requirement_of(obj: dict, dept: str) -> Optional[str]:
    for r in obj["expertise"]:
        if r["dept"] == dept:
            return r["expertise"]
    return None


def is_leap(year: int) -> bool:
    return (year % 4 == 0 and year % 100 != 0) or year % 400 == 0


def years_earlier(date: str, years: int) -> str:
    """The same calendar date `years` earlier, 29 Feb → 28 Feb in a common year."""
    year = int(date[:4]) - years
    if year < 0:
        return ""  # before year 0: every dated entry is recent
    month_day = date[4:]
    if month_day == "-02-29" and not is_leap(year):
        month_day = "-02-28"
    return "%04d%s" % (year, month_day)


def recusal_start(rules: dict) -> Optional[str]:
    return years_earlier(rules["inspectionDate"], rules["recusalYears"]) if rules["recusalYears"] > 0 else None


def is_eligible(obj: dict, insp: dict, rules: dict, recusal_from: Optional[str]) -> bool:
    """recusal_from is None when recusalYears = 0 (history then never excludes)."""
    if not insp["onDuty"]:
        return False
    if insp["certificateValidUntil"] < rules["inspectionDate"]:  # "" sorts first: no certificate
        return False
    if obj["id"] in insp["conflicts"]:
        return False
    for h in insp["history"]:
        if recusal_from is not None and h["entityId"] == obj["id"] and h["date"] >= recusal_from:
            return False
    if rules["sameRegion"] and insp["region"] != obj["region"]:
        return False
    return True


def capacity_of(insp: dict, rules: dict) -> int:
    if "maxObjects" in insp:
        return min(rules["maxObjectsPerInspector"], int(insp["maxObjects"]))
    return rules["maxObjectsPerInspector"]


# ---------------------------------------------------------------------------------------------
# §9.4 Algorithm, one department

class Department:
    """One bipartite b-matching: this department's slots on its objects and its inspectors."""

    def __init__(self, name: str, objects: list[dict], inspectors: list[dict], rules: dict, costs: SeededCosts,
                 demand: Optional[int] = None) -> None:
        """`demand` set: the expert directory (专家库), every object needing that many, no requirement."""
        recusal_from = recusal_start(rules)
        if demand is None:
            self.objects = [o for o in objects if demand_of(o, name, rules["teamSize"]) > 0]  # seeded order
        else:
            self.objects = list(objects)
        staff = [i for i in inspectors if i["dept"] == name] if demand is None else list(inspectors)
        self.skills = {i["id"]: set(i["expertise"]) for i in staff}
        self.dept_of = {i["id"]: i["dept"] for i in staff}
        # 直接委派: the appointed hold their places, use up capacity and are not drawn again for the object
        self.appointed = {o["id"]: [a for a in o.get("appointed", []) if a in self.skills] if demand is None else [] for o in self.objects}
        self.demand = {o["id"]: (demand if demand is not None else demand_of(o, name, rules["teamSize"])) - len(self.appointed[o["id"]])
                       for o in self.objects}
        self.requirement = {}
        for o in self.objects:
            need = requirement_of(o, name) if demand is None else None
            if need is not None and any(need in self.skills[a] for a in self.appointed[o["id"]]):
                need = None
            self.requirement[o["id"]] = need
        self.capacity = {i["id"]: capacity_of(i, rules) for i in staff}
        for held in self.appointed.values():
            for a in held:
                self.capacity[a] -= 1
        self.load = {i["id"]: 0 for i in staff}
        self.team: dict[str, set[str]] = {o["id"]: set() for o in self.objects}
        self.serves: dict[str, list[str]] = {i["id"]: [] for i in staff}  # objects, in the order joined
        # eligible inspectors per object, cheapest first
        self.candidates: dict[str, list[str]] = {}
        for o in self.objects:
            ids = [i["id"] for i in staff if is_eligible(o, i, rules, recusal_from) and i["id"] not in self.appointed[o["id"]]]
            self.candidates[o["id"]] = sorted(ids, key=lambda i, oid=o["id"]: costs.cost(oid, i))

    def is_expert(self, object_id: str, inspector_id: str) -> bool:
        need = self.requirement[object_id]
        return need is not None and need in self.skills[inspector_id]

    def spare(self, inspector_id: str) -> bool:
        return self.load[inspector_id] < self.capacity[inspector_id]

    def non_experts(self, object_id: str) -> int:
        return sum(1 for i in self.team[object_id] if not self.is_expert(object_id, i))

    def add(self, object_id: str, inspector_id: str) -> None:
        self.team[object_id].add(inspector_id)
        self.load[inspector_id] += 1
        self.serves[inspector_id].append(object_id)

    def remove(self, object_id: str, inspector_id: str) -> None:
        self.team[object_id].discard(inspector_id)
        self.load[inspector_id] -= 1
        self.serves[inspector_id].remove(object_id)

    # Step 1
    def greedy(self) -> None:
        for o in self.objects:
            oid = o["id"]
            demand = self.demand[oid]
            if self.requirement[oid] is not None:
                for i in self.candidates[oid]:
                    if self.is_expert(oid, i) and self.spare(i):
                        self.add(oid, i)
                        break
            for i in self.candidates[oid]:
                if len(self.team[oid]) >= demand:
                    break
                if i in self.team[oid] or not self.spare(i):
                    continue
                if self.requirement[oid] is not None and not self.is_expert(oid, i) and self.non_experts(oid) >= demand - 1:
                    continue
                self.add(oid, i)

    # Step 2: residual network nodes are ("object", id), ("gate", id), ("inspector", id)
    def neighbours(self, node: tuple[str, str]) -> list[tuple[str, str]]:
        kind, key = node
        out = []
        if kind == "object":
            gated = self.requirement[key] is not None
            for i in self.candidates[key]:
                if i not in self.team[key] and (not gated or self.is_expert(key, i)):
                    out.append(("inspector", i))
            if gated and self.non_experts(key) < self.demand[key] - 1:
                out.append(("gate", key))
        elif kind == "gate":
            for i in self.candidates[key]:
                if i not in self.team[key] and not self.is_expert(key, i):
                    out.append(("inspector", i))
            if self.non_experts(key) > 0:
                out.append(("object", key))
        else:  # an inspector at capacity may leave any object it serves, in the order it joined them
            for oid in self.serves[key]:
                gated = self.requirement[oid] is not None
                out.append(("gate" if gated and not self.is_expert(oid, key) else "object", oid))
        return out

    def augmenting_path(self, start: str) -> Optional[list[tuple[str, str]]]:
        """Breadth-first search for the shortest path from `start` to an inspector with spare capacity."""
        origin = ("object", start)
        parent: dict[tuple[str, str], Optional[tuple[str, str]]] = {origin: None}
        queue = deque([origin])
        while queue:
            node = queue.popleft()
            for nxt in self.neighbours(node):
                if nxt in parent:
                    continue
                parent[nxt] = node
                if nxt[0] == "inspector" and self.spare(nxt[1]):
                    path = [nxt]
                    while parent[path[-1]] is not None:
                        path.append(parent[path[-1]])
                    return path[::-1]
                queue.append(nxt)
        return None

    def apply_path(self, path: list[tuple[str, str]]) -> None:
        for a, b in zip(path, path[1:]):
            if b[0] == "inspector":
                self.add(a[1], b[1])
            elif a[0] == "inspector":
                self.remove(b[1], a[1])

    def repair(self) -> bool:
        """Returns False when an object cannot be staffed (a Hall violator: no valid assignment)."""
        for o in self.objects:
            oid = o["id"]
            while len(self.team[oid]) < self.demand[oid]:
                path = self.augmenting_path(oid)
                if path is None:
                    return False
                self.apply_path(path)
        return True


# ---------------------------------------------------------------------------------------------
# Whole matching and result

EXPERT_POOL = "专家库"


def expert_as_inspector(x: dict) -> dict:
    """An expert directory entry seen by the department algorithm: no 执法证 or region rule; conflicts and history apply."""
    return {"id": x["id"], "dept": x["dept"], "region": "", "expertise": [], "certificateValidUntil": "9999-12-31",
            "onDuty": x["available"], "conflicts": x["conflicts"], "history": x.get("history", [])}


def match(seed_match: bytes, objects: list, inspectors: list, rules: dict, experts: list) -> dict:
    costs = SeededCosts(seed_match)
    ordered = sorted(objects, key=lambda o: costs.object_order_key(o["id"]))
    dept_names = set()
    for o in objects:
        dept_names.add(o["leadDept"])
        dept_names.update(o["participatingDepts"])
    departments: dict[str, Department] = {}
    infeasible = []
    for name in sorted(dept_names, key=utf8):
        dept = Department(name, ordered, inspectors, rules, costs)
        dept.greedy()
        if not dept.repair():
            infeasible.append(name)
        departments[name] = dept
    expert_pool = None
    if rules.get("expertsPerObject", 0) > 0:
        pool_rules = dict(rules, sameRegion=False)
        expert_pool = Department(EXPERT_POOL, ordered, [expert_as_inspector(x) for x in experts], pool_rules, costs,
                                 demand=rules["expertsPerObject"])
        expert_pool.greedy()
        if not expert_pool.repair():
            infeasible.append(EXPERT_POOL)
    if infeasible:
        return {"result": "INFEASIBLE", "depts": sorted(infeasible, key=utf8)}
    return {"result": "TEAMS", "teams": build_teams(objects, departments, costs, expert_pool),
            "loads": build_loads(inspectors, departments)}


def build_teams(objects: list, departments: dict, costs: SeededCosts, expert_pool: Optional[Department]) -> list:
    """Input object order; lead department first (cheapest = leader), then participating departments
    in UTF-8 order; within a department cheapest first (drawn and appointed alike); `covers` marks the
    cheapest member with the object's required expertise; then the experts of the directory, cheapest first."""
    teams = []
    for o in objects:
        members = []
        for dept_name in [o["leadDept"]] + participating_depts(o):
            dept = departments[dept_name]
            held = dept.appointed[o["id"]]
            ids = sorted(list(dept.team[o["id"]]) + held, key=lambda i: costs.cost(o["id"], i))
            need = requirement_of(o, dept_name)
            experts = [i for i in ids if need is not None and need in dept.skills[i]]
            for i in ids:
                member = {
                    "inspectorId": i,
                    "dept": dept_name,
                    "role": "leader" if not members else "member",
                    "covers": [need] if experts and i == experts[0] else [],
                }
                if i in held:
                    member["appointed"] = True
                members.append(member)
        if expert_pool is not None:
            for i in sorted(expert_pool.team[o["id"]], key=lambda i: costs.cost(o["id"], i)):
                members.append({"inspectorId": i, "dept": expert_pool.dept_of[i], "role": "expert", "covers": []})
        teams.append({"objectId": o["id"], "members": members})
    return teams


def build_loads(inspectors: list, departments: dict) -> list:
    loads = []
    for i in inspectors:
        dept = departments.get(i["dept"])
        held = sum(a.count(i["id"]) for a in dept.appointed.values()) if dept else 0
        loads.append({"inspectorId": i["id"], "objects": dept.load[i["id"]] + held if dept else 0})
    return loads


# ---------------------------------------------------------------------------------------------
# Checking a record

def first_difference(expected: Any, got: Any, path: str) -> Optional[str]:
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in list(expected) + [k for k in got if k not in expected]:
            if key not in got or key not in expected:
                return "%s.%s: expected %s, got %s" % (path, key, show(expected.get(key)), show(got.get(key)))
            diff = first_difference(expected[key], got[key], "%s.%s" % (path, key))
            if diff:
                return diff
        return None
    if isinstance(expected, list) and isinstance(got, list):
        for n in range(min(len(expected), len(got))):
            diff = first_difference(expected[n], got[n], "%s[%d]" % (path, n))
            if diff:
                return diff
        if len(expected) != len(got):
            return "%s: expected %d items, got %d" % (path, len(expected), len(got))
        return None
    if expected != got:
        return "%s: expected %s, got %s" % (path, show(expected), show(got))
    return None


def show(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


def check_record(record: Any) -> Optional[str]:
    """None when the record is reproduced exactly, otherwise the first difference."""
    draw_seed, expect = read_record(record)
    seed_match = derive_seed_match(draw_seed)
    if seed_match.hex() != record["seedMatch"]:
        return "seedMatch: expected %s, got %s" % (record["seedMatch"], seed_match.hex())
    experts = record.get("experts", [])
    pool_hash = inspector_pool_hash(record["inspectors"], record["rules"], experts).hex()
    if pool_hash != record["inspectorPoolHash"]:
        return "inspectorPoolHash: expected %s, got %s" % (record["inspectorPoolHash"], pool_hash)
    try:
        validate(record["objects"], record["inspectors"], record["rules"], experts)
    except InvalidInput as e:
        if expect["result"] == "INVALID_INPUT":
            return None
        return "expect.result: expected %s, got INVALID_INPUT (%s)" % (expect["result"], e)
    rules = dict(record["rules"])
    for key in ("teamSize", "maxObjectsPerInspector", "recusalYears", "expertsPerObject"):
        if key in rules:
            rules[key] = int(rules[key])
    got = match(seed_match, record["objects"], record["inspectors"], rules, experts)
    if expect["result"] == "INVALID_INPUT":
        return "expect.result: expected INVALID_INPUT, got %s" % got["result"]
    if expect["result"] == "INFEASIBLE" and got["result"] == "INFEASIBLE":
        # the set of departments; the TypeScript record sorts it by UTF-16 units, §2.3 by UTF-8
        expect = {"result": "INFEASIBLE", "depts": sorted(expect["depts"], key=utf8)}
    return first_difference(expect, got, "expect")


def load_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise Malformed("cannot read %s: %s" % (path, e))


def run_vectors(directory: str) -> int:
    failures = 0
    names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    for file_name in names:
        try:
            record = load_json(os.path.join(directory, file_name))
            label = record.get("name", file_name) if isinstance(record, dict) else file_name
            diff = check_record(record)
        except Malformed as e:
            label, diff = file_name, "malformed: %s" % e
        if diff:
            failures += 1
            print("FAIL %s: %s" % (label, diff))
        else:
            print("PASS %s" % label)
    return 1 if failures or not names else 0


def main(argv: list[str]) -> int:
    verify_draw._aes_self_test()
    try:
        if len(argv) == 2 and argv[0] == "--vectors":
            return run_vectors(argv[1])
        if len(argv) == 1 and not argv[0].startswith("--"):
            diff = check_record(load_json(argv[0]))
            print("MATCH" if diff is None else "MISMATCH: " + diff)
            return 0 if diff is None else 1
    except Malformed as e:
        sys.stderr.write("malformed input: %s\n" % e)
        return 2
    sys.stderr.write("usage: verify_match.py RECORD.json | verify_match.py --vectors DIR\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
