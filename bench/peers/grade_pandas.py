#!/usr/bin/python3
"""National party grading with pandas: a peer of bench/grade.lua.

    grade_pandas.py MEMBERS.csv OUTDIR

The same job and outputs as bench/peers/grade_plain.py. Reads only the columns the job
needs (id, cell_id, score), as a pandas user would.
"""
import os
import sys

import numpy as np
import pandas as pd

LEVELS = np.array(["HTXSNV", "HTTNV", "HTNV", "KHTNV"])


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: grade_pandas.py MEMBERS.csv OUTDIR")
    df = pd.read_csv(sys.argv[1], sep=";", decimal=",", thousands=".", usecols=["id", "cell_id", "score"],
                     dtype={"id": str, "cell_id": str, "score": float}, encoding="utf-8")
    s = df["score"].to_numpy()
    rank = np.select([s >= 90, s >= 70, s >= 50], [0, 1, 2], 3)
    df["rank"] = rank
    proposed_g = pd.Series(rank == 1).groupby(df["cell_id"]).transform("sum").to_numpy()
    allowed = proposed_g * 20 // 100
    df["allowed"] = allowed
    cands = df[rank == 0].sort_values(["cell_id", "score", "id"], ascending=[True, False, True])
    place = cands.groupby("cell_id").cumcount().to_numpy()
    moved = cands.index[place >= cands["allowed"].to_numpy()]
    df.loc[moved, "rank"] = 1
    os.makedirs(sys.argv[2], exist_ok=True)
    out = pd.DataFrame({"id": df["id"], "cell": df["cell_id"], "level": LEVELS[df["rank"].to_numpy()]})
    out.to_csv(os.path.join(sys.argv[2], "member_levels.csv"), index=False)
    counts = pd.crosstab(df["cell_id"], df["rank"]).reindex(columns=range(4), fill_value=0)
    summary = pd.DataFrame({"cell": counts.index, "graded": counts.sum(axis=1).to_numpy(),
                            "allowed": df.groupby("cell_id")["allowed"].first().reindex(counts.index).to_numpy(),
                            "htxsnv": counts[0].to_numpy(), "httnv": counts[1].to_numpy(),
                            "htnv": counts[2].to_numpy(), "khtnv": counts[3].to_numpy()})
    summary.to_csv(os.path.join(sys.argv[2], "cell_counts.csv"), index=False)


if __name__ == "__main__":
    main()
