"""Summary statistics of the cleaned corpus, for the report.

Run by the corpusStats command task: python3 corpus_stats.py <clean.ndjson> <stats.json>
Standard library only. The output path is a temporary file: Pipewright moves it into place
only when this script exits with 0.
"""

import json
import statistics
import sys
from collections import Counter

TOP_WORDS = 10
# Words so common in English that they say nothing about a class.
STOP_WORDS = set(
    "the to and of a in is for you that this it on be with are your as have or at from we "
    "will not by can if an our all my has was but do so me more any just no he they their "
    "would there what about which out get one up am been like has than some only".split()
)


def summarize(lengths):
    ordered = sorted(lengths)
    return {
        "mean": round(statistics.fmean(ordered), 1),
        "median": statistics.median(ordered),
        "p90": ordered[int(0.9 * (len(ordered) - 1))],
        "max": ordered[-1],
    }


def main(source, target):
    words_by_label = {}
    lengths_by_label = {}
    vocabulary = set()
    with open(source, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            message = json.loads(line)
            words = message["text"].split()
            label = message["label"]
            lengths_by_label.setdefault(label, []).append(len(words))
            words_by_label.setdefault(label, Counter()).update(w for w in words if w not in STOP_WORDS)
            vocabulary.update(words)
    if not lengths_by_label:
        print(f"{source} holds no messages: run the clean step first.", file=sys.stderr)
        return 1
    stats = {
        "messages": sum(len(v) for v in lengths_by_label.values()),
        "distinctWords": len(vocabulary),
        "byLabel": {
            label: {
                "messages": len(lengths),
                "words": summarize(lengths),
                "topWords": [[w, n] for w, n in words_by_label[label].most_common(TOP_WORDS)],
            }
            for label, lengths in sorted(lengths_by_label.items())
        },
    }
    with open(target, "w", encoding="utf-8") as out:
        json.dump(stats, out, indent=2)
        out.write("\n")
    counts = ", ".join(f"{label}: {s['messages']}" for label, s in stats["byLabel"].items())
    print(f"{stats['messages']} messages ({counts}), {stats['distinctWords']} distinct words")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: corpus_stats.py <clean.ndjson> <stats.json>", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
