import { describe, expect, it } from "vitest";
import { advance, type JobRecord } from "../src/job-record.ts";
import { tallyVotes } from "../src/quorum.ts";
import { type SignedVote, signVote } from "../src/vote.ts";
import { newSigner, payloadFor } from "./support/votes.ts";

const signer = newSigner();
const vote = (node: string, data: string): Promise<SignedVote> =>
  signVote(node, { ...payloadFor("s", data), job_id: "j" }, signer);
const nodes = ["n1", "n2", "n3"];

describe("tallyVotes", () => {
  it("reaches a quorum of 2 of 3 and names the dissenter", async () => {
    const t = tallyVotes(nodes, 2, [await vote("n1", "a"), await vote("n2", "b"), await vote("n3", "a")]);
    expect(t.state).toBe("reached");
    expect(t.agreeing.map((v) => v.node_id)).toEqual(["n1", "n3"]);
    expect(t.dissenting).toEqual(["n2"]);
    expect(t.agreement_score).toBeCloseTo(2 / 3, 3);
    expect(t.participants).toBe(3);
  });

  it("stays pending while a quorum is still possible and gives up when it is not", async () => {
    expect(tallyVotes(nodes, 2, [await vote("n1", "a")]).state).toBe("pending");
    expect(tallyVotes(nodes, 2, [await vote("n1", "a"), await vote("n2", "b")]).state).toBe("pending");
    const all = [await vote("n1", "a"), await vote("n2", "b"), await vote("n3", "c")];
    expect(tallyVotes(nodes, 2, all).state).toBe("impossible");
    expect(tallyVotes(nodes, 2, [await vote("n1", "a")], ["n2", "n3"]).state).toBe("impossible");
  });
});

describe("job lifecycle", () => {
  const record = (): JobRecord => ({
    job_id: "j",
    state: "submitted",
    nodes,
    quorum: 2,
    attempt: 1,
    max_attempts: 2,
    created_at: "",
    updated_at: "",
    deadline_at: "",
    votes: [],
  });

  it("moves forward only, and never out of a final state", () => {
    const r = record();
    const now = new Date();
    for (const next of ["distributed", "generating", "voting", "consensus", "completed"] as const) {
      expect(advance(r, next, now)).toBe(true);
    }
    expect(advance(r, "failed", now)).toBe(false);
    const s = record();
    expect(advance(s, "voting", now)).toBe(true);
    expect(advance(s, "generating", now)).toBe(false);
    expect(advance(s, "distributed", now, { retry: true })).toBe(true);
    expect(advance(s, "timeout", now)).toBe(true);
    expect(advance(s, "completed", now)).toBe(false);
    expect(s.state).toBe("timeout");
  });
});
