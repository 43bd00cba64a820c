export interface BenchResult {
  name: string;
  ours: number;
  baseline: number;
  /** ours / baseline for rates and throughputs; say in `goal` which direction is good. */
  ratio: number;
  unit: string;
  runs: number;
  goal?: string;
}

export interface BenchPart {
  run(opts: { log: (message: string) => void }): Promise<BenchResult[]>;
}
