/** One row of the doctor's table. */
export type Status = 'pass' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

export function skipped(name: string, why: string): Check {
  return { name, status: 'skip', detail: why };
}
