// Runs contenders in alternation rather than one after another, so load from other processes on a
// shared machine spreads over all of them instead of penalising whichever ran during a busy spell.

/**
 * Measures every contender once per round, `rounds` times, rotating which goes first each round.
 * Returns each contender's samples in round order, so sample i of two contenders form a pair.
 */
export async function interleave<Name extends string, Sample>(
  names: readonly Name[],
  rounds: number,
  measure: (name: Name, round: number) => Promise<Sample>,
): Promise<Record<Name, Sample[]>> {
  const samples = Object.fromEntries(names.map((name) => [name, [] as Sample[]])) as Record<Name, Sample[]>;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      samples[name].push(await measure(name, round));
    }
  }
  return samples;
}
