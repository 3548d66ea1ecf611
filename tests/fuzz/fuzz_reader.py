"""Fuzz the reader, the header detector and the loader with mutated real workbooks.

    python tests/fuzz/fuzz_reader.py --seconds 300            # fuzz for 5 minutes
    python tests/fuzz/fuzz_reader.py --seconds 60 --seed 7    # another reproducible stream
    python tests/fuzz/fuzz_reader.py --replay --seed 7 --case 123   # rebuild one case
    python tests/fuzz/fuzz_reader.py --score ...              # also score what loads

Seeds: data/samples/county-2025.xlsx, broken.xlsx and county-2025-cadres.csv. Mutations:
byte flips anywhere in the file (the zip itself); XML part mutations re-zipped with a
correct CRC (byte flips and splices inside one part, cell values and types replaced by
awkward values, cell references moved, attributes changed); CSV byte mutations (flips,
inserted quotes/delimiters/newlines/NUL/GBK bytes, truncation, duplicated lines).

Case ``i`` of seed ``s`` is built from ``random.Random(f"{s}:{i}")`` alone, so any case can
be rebuilt from its seed and number. Each case is read by a long-lived child process with
its address space capped (RLIMIT_AS) and a wall-time limit per case:
``read_book`` + ``load`` (and, with ``--score``, ``api.score(..., lenient=True)``).
The only acceptable outcomes are a clean result or a ``CadrekitError`` whose message is one
line. Anything else — another exception, a crash, a signal, a hang, running out of the
memory cap — is a finding: the file is saved under tests/fuzz/regressions/ with a JSON
sidecar (seed, case, mutation, outcome), and ``tests/fuzz/test_fuzz.py`` replays it forever.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
SEEDS = [
    SAMPLES / "county-2025.xlsx",
    SAMPLES / "broken.xlsx",
    SAMPLES / "county-2025-cadres.csv",
]
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
MEMORY_CAP = 3 << 30  # address space of the reader process, as in tests/hostile
CASE_TIMEOUT = 60.0  # seconds per case; a seed reads and loads in about a second

CHILD = textwrap.dedent(
    """
    import datetime, json, resource, sys, traceback
    cap = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    from cadrekit.errors import CadrekitError
    from cadrekit.load.loader import load
    from cadrekit.rules.load import default_rules
    rules = default_rules()
    score = sys.argv[2] == "1"
    today = datetime.date(2026, 6, 30)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        path = line.rstrip("\\n")
        try:
            dataset = load(path, rules, today=today)
            result = {"outcome": "ok", "problems": len(dataset.problems)}
            if score:
                from cadrekit.api import score as run_score
                try:
                    scored = run_score(dataset, None, lenient=True, today=today)
                    result["scored"] = len(scored.cadres)
                except CadrekitError as exc:
                    result["scored"] = "refused: " + exc.message("en")[:200]
        except CadrekitError as exc:
            text = exc.message("zh") + exc.message("en")
            result = {"outcome": "refused", "message": exc.message("en")[:300]}
            if "\\n" in text or "Traceback" in text:
                result = {"outcome": "bug", "detail": "multi-line error: " + repr(text[:500])}
        except MemoryError:
            result = {"outcome": "bug", "detail": "MemoryError under the address-space cap"}
        except Exception as exc:  # anything else is a finding
            result = {"outcome": "bug", "detail": repr(exc)[:500],
                      "traceback": traceback.format_exc()[-4000:]}
        print(json.dumps(result), flush=True)
    """
)

# ---------------------------------------------------------------------------- mutations

AWKWARD_VALUES = [
    "",
    " ",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "1e-320",
    "NaN",
    "inf",
    "-inf",
    "99999999999999999999999",
    "2024-02-30",
    "1900-02-29",
    "0000-00-00",
    "9999-12-31",
    "44927",
    "-44927",
    "2958466",
    "是",
    "否",
    "TRUE",
    "#N/A",
    "#DIV/0!",
    "=1+1",
    "@SUM(A1)",
    "１２３",
    "\u200b",
    "\ufeff编号",
    "编号",
    "姓名",
    "单位",
    "优秀票",
    "一季度",
    "身份证号",
    "11010119900101123X",
    "好",
    "一般",
    "正职",
    "乡镇",
    "不参加",
    "加分",
    "一票否决",
    "诫勉",
    "x" * 5000,
    "A" * 40,
    "干部名册",
    "历年考核",
    "\U0001f600",
    "\ud7ff",
    "&amp;",
    "<b>",
    "]]>",
]
CELL_TYPES = ["s", "n", "str", "b", "e", "inlineStr", "d", "", "zz"]
XML_TOKENS = [
    b"<",
    b">",
    b"/>",
    b'"',
    b"&",
    b"&#0;",
    b"&#xFFFF;",
    b"&lt;",
    b"<c/>",
    b"<row/>",
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<c r="A1048576" t="s"><v>0</v></c>',
    b'<c t="s"><v>999999999</v></c>',
    b'<c t="s"><v>-1</v></c>',
    b'<c r="A0"><v>1</v></c>',
    b'<c r="ZZZZ1"><v>1</v></c>',
    b'<row r="0">',
    b'<row r="4294967296">',
    b"<f>1+1</f>",
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'<dimension ref="A1:XFD1048576"/>',
    b"\x00",
    b"\xff\xfe",
    b"\xe4\xb8",
]
CSV_TOKENS = [
    b",",
    b'"',
    b'""',
    b"\n",
    b"\r",
    b"\r\n",
    b"\t",
    b";",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xc4\xe3",  # GBK 你
    b"\xe4\xbd\xa0",  # UTF-8 你
    b"\xff",
    b"=1+1",
    b"1e308",
    b"NaN",
    b"2024-02-30",
    b",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
    b"\xe7\xbc\x96\xe5\x8f\xb7",  # 编号
]


def flip_bytes(rng: random.Random, data: bytes, max_flips: int = 8) -> tuple[bytes, str]:
    buf = bytearray(data)
    n = rng.randint(1, max_flips)
    where = []
    for _ in range(n):
        i = rng.randrange(len(buf))
        kind = rng.random()
        if kind < 0.5:
            buf[i] ^= 1 << rng.randrange(8)
        elif kind < 0.8:
            buf[i] = rng.randrange(256)
        else:
            buf[i] = rng.choice([0x00, 0xFF, 0x7F, 0x80])
        where.append(i)
    return bytes(buf), f"flip {n} bytes at {sorted(where)[:8]}"


def splice(rng: random.Random, data: bytes, tokens: list[bytes]) -> tuple[bytes, str]:
    """Insert tokens, delete, duplicate or truncate ranges."""
    if not data:
        return rng.choice(tokens), "empty → token"
    op = rng.choice(["insert", "insert", "delete", "duplicate", "truncate", "swap"])
    i = rng.randrange(len(data))
    if op == "insert":
        token = rng.choice(tokens)
        return data[:i] + token + data[i:], f"insert {token[:40]!r} at {i}"
    if op == "delete":
        j = min(len(data), i + rng.randint(1, 200))
        return data[:i] + data[j:], f"delete {i}:{j}"
    if op == "duplicate":
        j = min(len(data), i + rng.randint(1, 2000))
        return data[:j] + data[i:j] * rng.randint(1, 20) + data[j:], f"duplicate {i}:{j}"
    if op == "truncate":
        return data[:i], f"truncate at {i}"
    j = rng.randrange(len(data))
    a, b = sorted((i, j))
    k = min(rng.randint(1, 100), b - a)
    return data[:a] + data[b : b + k] + data[a + k : b] + data[a : a + k] + data[b + k :], (
        f"swap {a},{b} len {k}"
    )


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_VALUE = re.compile(rb"(<(v|t)(?: [^>]*)?>)([^<]*)(</\2>)")
_TYPE = re.compile(rb' t="[^"]*"')
_REF = re.compile(rb' r="([A-Z]{1,3})([0-9]+)"')
_STYLE = re.compile(rb' s="[0-9]+"')


def mutate_cells(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Keep the XML well formed; change cell values, types, references or styles."""
    op = rng.choice(["value", "value", "value", "type", "ref", "style"])
    pattern = {"value": _VALUE, "type": _TYPE, "ref": _REF, "style": _STYLE}[op]
    matches = list(pattern.finditer(data))
    if not matches:
        return splice(rng, data, XML_TOKENS)
    chosen = rng.sample(matches, min(len(matches), rng.randint(1, 6)))
    out = bytearray(data)
    notes = []
    for m in sorted(chosen, key=lambda m: m.start(), reverse=True):
        if op == "value":
            value = rng.choice(AWKWARD_VALUES)
            new = m.group(1) + _xml_escape(value).encode("utf-8", "surrogatepass") + m.group(4)
            notes.append(value[:20])
        elif op == "type":
            new = b' t="' + rng.choice(CELL_TYPES).encode() + b'"'
            notes.append(new.decode())
        elif op == "ref":
            col = "".join(
                rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(1, 3))
            )
            row = rng.choice([1, 2, 3, rng.randint(1, 1_048_576), 0, 1_048_577])
            new = f' r="{col}{row}"'.encode()
            notes.append(new.decode())
        else:
            new = f' s="{rng.choice([0, 1, 2, 99, 65535])}"'.encode()
            notes.append(new.decode())
        out[m.start() : m.end()] = new
    return bytes(out), f"cells/{op} {notes[:6]}"


def mutate_zip(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """Re-zip with one or two parts mutated; every other part copied as it was."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    names = [info.filename for info, _ in parts]
    xml = [n for n in names if n.endswith((".xml", ".rels"))]
    weights = [
        8 if "worksheets/" in n else 6 if "sharedStrings" in n else 3 if "workbook" in n else 1
        for n in xml
    ]
    notes = []
    op = rng.random()
    new_parts = dict(parts_by_name(parts))
    if op < 0.05:
        victim = rng.choice(names)
        del new_parts[victim]
        notes.append(f"drop {victim}")
    else:
        for target in sorted(set(rng.choices(xml, weights=weights, k=rng.randint(1, 2)))):
            body = new_parts[target]
            r = rng.random()
            if r < 0.55:
                body, note = mutate_cells(rng, body)
            elif r < 0.8:
                body, note = splice(rng, body, XML_TOKENS)
            else:
                body, note = flip_bytes(rng, body, 4)
            new_parts[target] = body
            notes.append(f"{target}: {note}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, _ in parts:
            if info.filename in new_parts:  # a fixed time stamp: the same bytes every run
                stamp = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                zf.writestr(stamp, new_parts[info.filename], zipfile.ZIP_DEFLATED)
    return out.getvalue(), "; ".join(notes)


def parts_by_name(parts: list[tuple[zipfile.ZipInfo, bytes]]) -> list[tuple[str, bytes]]:
    return [(info.filename, body) for info, body in parts]


def mutate_csv(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    notes = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.3:
            data, note = flip_bytes(rng, data, 4)
        elif r < 0.85:
            data, note = splice(rng, data, CSV_TOKENS)
        else:
            lines = data.split(b"\n")
            i = rng.randrange(len(lines))
            fields = lines[i].split(b",")
            j = rng.randrange(len(fields))
            fields[j] = rng.choice(AWKWARD_VALUES).encode("gb18030", "replace")
            lines[i] = b",".join(fields)
            data = b"\n".join(lines)
            note = f"field {i}:{j}"
        notes.append(note)
    return data, "; ".join(notes)


def build_case(seed: int, case: int, sources: dict[Path, bytes]) -> tuple[Path, bytes, str]:
    """The bytes of case ``case`` of stream ``seed``: (seed file, data, what was done)."""
    rng = random.Random(f"{seed}:{case}")
    source = rng.choice(list(sources))
    data = sources[source]
    if source.suffix == ".csv":
        data, note = mutate_csv(rng, data)
    elif rng.random() < 0.2:
        data, note = flip_bytes(rng, data)
        note = "zip " + note
    else:
        data, note = mutate_zip(rng, data)
    return source, data, note


# ---------------------------------------------------------------------------- the child


@dataclass
class Reader:
    """A capped child process that reads one path per line and answers one JSON line."""

    score: bool = False
    proc: subprocess.Popen[str] | None = None
    restarts: int = 0
    stderr: list[str] = field(default_factory=list)

    def start(self) -> None:
        env = dict(os.environ)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(MEMORY_CAP), "1" if self.score else "0"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        line = self._line(120.0)
        if line is None or not json.loads(line).get("ready"):
            raise RuntimeError(f"the reader process did not start: {self._stop()}")

    def _line(self, timeout: float) -> str | None:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return None
        line = self.proc.stdout.readline()
        return line or None

    def _stop(self) -> str:
        """Kill the child (by its own id) and return the tail of its stderr."""
        proc, self.proc = self.proc, None
        if proc is None:
            return ""
        if proc.poll() is None:
            proc.kill()
        try:
            _, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            err = ""
        code = proc.returncode
        return f"exit {code}; stderr: {(err or '')[-2000:]}"

    def read(self, path: Path, timeout: float = CASE_TIMEOUT) -> dict[str, object]:
        if self.proc is None:
            self.start()
            self.restarts += 1
        assert self.proc is not None and self.proc.stdin is not None
        start = time.monotonic()
        try:
            self.proc.stdin.write(f"{path}\n")
            self.proc.stdin.flush()
            line = self._line(timeout)
        except BrokenPipeError:
            line = None
        seconds = round(time.monotonic() - start, 3)
        if line is None:
            alive = self.proc.poll() is None
            tail = self._stop()
            kind = f"hang (> {timeout:g} s)" if alive else "crash"
            return {"outcome": "bug", "detail": f"{kind}: {tail}", "seconds": seconds}
        result: dict[str, object] = json.loads(line)
        result["seconds"] = seconds
        return result

    def close(self) -> None:
        if self.proc is not None and self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self._stop()
            self.proc = None


# ------------------------------------------------------------------------------ driver


def save_finding(
    folder: Path, seed: int, case: int, source: Path, note: str, data: bytes, result: dict
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    name = f"seed{seed}-case{case}{source.suffix}"
    path = folder / name
    path.write_bytes(data)
    meta = {
        "seed": seed,
        "case": case,
        "source": source.name,
        "mutation": note,
        "outcome": result,
        "replay": f"python tests/fuzz/fuzz_reader.py --replay --seed {seed} --case {case}",
    }
    path.with_name(name + ".json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path


def fuzz(
    seconds: float,
    seed: int,
    *,
    first_case: int = 0,
    max_cases: int | None = None,
    score: bool = False,
    out: Path = REGRESSIONS,
    verbose: bool = True,
) -> dict[str, object]:
    sources = {p: p.read_bytes() for p in SEEDS}
    reader = Reader(score=score)
    reader.start()
    stats: dict[str, object] = {"seed": seed, "cases": 0, "ok": 0, "refused": 0, "findings": []}
    messages: dict[str, int] = {}
    start = time.monotonic()
    case = first_case
    with tempfile.TemporaryDirectory(prefix="cadrekit-fuzz-") as tmp:
        try:
            while time.monotonic() - start < seconds:
                if max_cases is not None and stats["cases"] >= max_cases:  # type: ignore[operator]
                    break
                source, data, note = build_case(seed, case, sources)
                path = Path(tmp) / f"case{case}{source.suffix}"
                path.write_bytes(data)
                result = reader.read(path)
                path.unlink()
                stats["cases"] += 1  # type: ignore[operator]
                outcome = str(result["outcome"])
                if outcome in ("ok", "refused"):
                    stats[outcome] += 1  # type: ignore[operator]
                    if outcome == "refused":
                        key = re.sub(r"[0-9]+", "N", str(result["message"]).split(": ", 1)[-1])[:90]
                        messages[key] = messages.get(key, 0) + 1
                else:
                    saved = save_finding(out, seed, case, source, note, data, result)
                    stats["findings"].append(str(saved))  # type: ignore[union-attr]
                    if verbose:
                        print(f"FINDING case {case}: {result.get('detail')} → {saved}", flush=True)
                case += 1
        finally:
            reader.close()
    stats["seconds"] = round(time.monotonic() - start, 1)
    stats["reader_restarts"] = reader.restarts
    stats["refusals"] = dict(sorted(messages.items(), key=lambda kv: -kv[1])[:15])
    return stats


def replay_file(path: Path, *, score: bool = False) -> dict[str, object]:
    """Read one saved file in a fresh capped child (used by the regression test)."""
    reader = Reader(score=score)
    reader.start()
    try:
        with tempfile.TemporaryDirectory(prefix="cadrekit-fuzz-") as tmp:
            copy = Path(tmp) / path.name.replace(".json", "")
            shutil.copyfile(path, copy)
            return reader.read(copy)
    finally:
        reader.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget")
    parser.add_argument("--seed", type=int, default=0, help="stream of cases")
    parser.add_argument("--case", type=int, default=0, help="first case number")
    parser.add_argument("--max-cases", type=int, default=None)
    parser.add_argument("--score", action="store_true", help="also score what loads")
    parser.add_argument("--replay", action="store_true", help="rebuild and run --case only")
    parser.add_argument("--out", type=Path, default=REGRESSIONS, help="findings folder")
    args = parser.parse_args(argv)
    if args.replay:
        sources = {p: p.read_bytes() for p in SEEDS}
        source, data, note = build_case(args.seed, args.case, sources)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"case{args.case}{source.suffix}"
            path.write_bytes(data)
            reader = Reader(score=args.score)
            reader.start()
            try:
                result = reader.read(path)
            finally:
                reader.close()
        print(json.dumps({"source": source.name, "mutation": note, **result}, ensure_ascii=False))
        return 0 if result["outcome"] in ("ok", "refused") else 1
    stats = fuzz(
        args.seconds,
        args.seed,
        first_case=args.case,
        max_cases=args.max_cases,
        score=args.score,
        out=args.out,
    )
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    return 1 if stats["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
