// The notations of an sbatch script that `mlplab slurm` writes, besides the array list
// (run/shard.ts's arraySpec): a time limit (`--time=D-HH:MM:SS`) with its margin, and shell words.

/**
 * A time limit in Slurm's `days-hours:minutes:seconds`, rounded up to the whole minute: Slurm
 * rounds a limit up to minutes anyway, and a round figure reads as the margin it is.
 */
export function slurmTime(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d}-${two(h)}:${two(m)}:00`;
}

/**
 * The time limit of a task whose work is estimated at `seconds` on this machine: twice that plus
 * five minutes. The estimate comes from this machine's kernel speed, and a cluster node may be
 * slower or shared; a task past its limit is killed, and its run only resumes when resubmitted.
 */
export function timeLimit(seconds: number): number {
  return 2 * seconds + 5 * 60;
}

/** A word as the shell reads it back unchanged: bare when it is safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
