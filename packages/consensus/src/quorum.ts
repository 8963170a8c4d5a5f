import type { SignedVote } from "./vote.ts";

export type TallyState = "reached" | "impossible" | "pending";

export interface Tally {
  state: TallyState;
  /** Votes of the largest agreeing group (the quorum's, once reached). */
  agreeing: SignedVote[];
  /** Nodes whose valid vote differs from the agreeing group's payload. */
  dissenting: string[];
  /** Nodes that have not answered at all. */
  missing: string[];
  /** Nodes that answered with a valid vote. */
  participants: number;
  /** Largest agreeing group / N. */
  agreement_score: number;
}

/**
 * Groups valid votes by payload digest. Reached once a group has `quorum` votes; impossible once no group can
 * get there even if every outstanding node agrees with it. Ties keep the first group to arrive.
 */
export function tallyVotes(
  nodes: readonly string[],
  quorum: number,
  votes: readonly SignedVote[],
  /** Nodes that answered without a valid vote (pipeline failure, bad signature): no longer outstanding. */
  unavailable: readonly string[] = [],
): Tally {
  const groups = new Map<string, SignedVote[]>();
  for (const vote of votes) {
    const group = groups.get(vote.payload_digest);
    if (group) group.push(vote);
    else groups.set(vote.payload_digest, [vote]);
  }
  let agreeing: SignedVote[] = [];
  for (const group of groups.values()) if (group.length > agreeing.length) agreeing = group;
  const voted = new Set([...votes.map((vote) => vote.node_id), ...unavailable]);
  const missing = nodes.filter((node) => !voted.has(node));
  const digest = agreeing[0]?.payload_digest;
  const dissenting = votes.filter((vote) => vote.payload_digest !== digest).map((vote) => vote.node_id);
  const state: TallyState =
    agreeing.length >= quorum
      ? "reached"
      : agreeing.length + missing.length < quorum
        ? "impossible"
        : "pending";
  return {
    state,
    agreeing,
    dissenting,
    missing,
    participants: votes.length,
    agreement_score: nodes.length === 0 ? 0 : Math.round((agreeing.length / nodes.length) * 1e4) / 1e4,
  };
}
