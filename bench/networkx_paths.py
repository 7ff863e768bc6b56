"""Reference top-k introduction paths with NetworkX, checked against IntroGraph.

Reads the weighted edge list and the queries (with IntroGraph's answers) that
`intrograph-bench` wrote, answers each query the clearest correct way -- every
simple path of at most H hops from `networkx.all_simple_paths(G, s, t, cutoff=H)`,
scored by the product of its weights taken from the rep outwards -- and compares:
the i-th scores must agree within 1e-9, and the paths of equal score must be the
same set (at the k-th place, IntroGraph's must be among NetworkX's). Each query
runs under a time cap; a capped query counts as timed out, never as agreeing.
"""

import argparse
import json
import signal
import sys
import time

import networkx as nx

TOLERANCE = 1e-9


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def load_graph(path):
    g = nx.Graph()
    with open(path) as f:
        for line in f:
            a, b, w = line.split()
            g.add_edge(int(a), int(b), weight=float(w))
    return g


def score(g, path):
    s = 1.0
    for a, b in zip(path, path[1:]):
        s *= g[a][b]["weight"]
    return s


def reference(g, source, target, hops):
    """Every simple path of at most `hops` hops, best first."""
    if source not in g or target not in g:
        return []
    found = [(score(g, p), p) for p in nx.all_simple_paths(g, source, target, cutoff=hops)]
    found.sort(key=lambda sp: (-sp[0], len(sp[1]), sp[1]))
    return found


def compare(mine, ref, k):
    """None when IntroGraph's top-k agrees with the reference, else what differs."""
    want = min(k, len(ref))
    if len(mine) != want:
        return f"IntroGraph returned {len(mine)} paths, the reference has {len(ref)} (k={k})"
    for i, ((s1, p1), (s2, _)) in enumerate(zip(mine, ref)):
        if abs(s1 - s2) > TOLERANCE:
            return f"path {i + 1}: score {s1!r} ({p1}) but the reference's is {s2!r}"
    # Equal scores: the same set of paths, except at the k-th place where
    # IntroGraph's (a tie-break choice) must be among the reference's.
    i = 0
    while i < len(mine):
        s = mine[i][0]
        j = i
        while j < len(mine) and abs(mine[j][0] - s) <= TOLERANCE:
            j += 1
        group = {tuple(p) for _, p in mine[i:j]}
        ref_group = {tuple(p) for rs, p in ref if abs(rs - s) <= TOLERANCE}
        if not group <= ref_group:
            return f"paths of score {s!r}: {sorted(group - ref_group)} are not reference paths"
        if j < len(mine) and group != ref_group:
            return f"paths of score {s!r}: missing {sorted(ref_group - group)}"
        i = j
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--edges", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds per query")
    args = ap.parse_args()

    g = load_graph(args.edges)
    with open(args.queries) as f:
        queries = json.load(f)
    signal.signal(signal.SIGALRM, on_alarm)
    results = []
    for q in queries:
        start = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, args.timeout)
        try:
            ref = reference(g, q["source"], q["target"], q["max_hops"])
            signal.setitimer(signal.ITIMER_REAL, 0)
        except Timeout:
            results.append({"status": "timeout", "secs": time.perf_counter() - start})
            continue
        secs = time.perf_counter() - start
        mine = [(s, p) for s, p in q["paths"]]
        problem = compare(mine, ref, q["k"])
        results.append(
            {"status": "agree" if problem is None else "mismatch", "secs": secs, "detail": problem or ""}
        )
    with open(args.out, "w") as f:
        json.dump({"networkx_version": nx.__version__, "results": results}, f)
    bad = sum(r["status"] == "mismatch" for r in results)
    print(
        f"networkx {nx.__version__}: {len(results)} queries, {bad} mismatches, "
        f"{sum(r['status'] == 'timeout' for r in results)} timed out",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
