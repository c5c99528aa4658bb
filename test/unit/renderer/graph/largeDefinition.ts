import type { StateMachineDefinition } from '../../../../src-main/common/asl/types';

/**
 * A large state machine for the graph's readability checks (issue #6): `count` states in all
 * (nested ones included), built from a repeating mix of Tasks with Retry and Catch, Choices with
 * three ways out, Parallels with three branches, and Maps over three items. Every third plain Task has a
 * long name. Deterministic. It runs without mocks: every Task fails with Stepscope.MockNotFound,
 * is retried once by its `States.ALL` Retrier, then caught.
 */
export function largeDefinition(count = 200): StateMachineDefinition {
  const states: Record<string, Record<string, unknown>> = {};
  let total = 0;
  let seg = 0;
  const retry = [
    { ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'], MaxAttempts: 3, IntervalSeconds: 1, BackoffRate: 2 },
    { ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 },
  ];
  const task = (name: string, next: { Next: string } | { End: true }, catchTo: string) => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: `arn:aws:lambda:us-east-1:111111111111:function:${name.toLowerCase()}`, 'Payload.$': '$' },
    ResultPath: '$.result',
    Retry: retry,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: catchTo }],
    ...next,
  });
  const pass = (next: { Next: string } | { End: true }, extra: Record<string, unknown> = {}) => ({ Type: 'Pass', ...extra, ...next });
  const taskName = (i: number) => (i % 3 === 0 ? `ValidateCustomerShippingAddressAgainstCarrierRules${i}` : `CallService${i}`);

  type Segment = { size: number; first: (i: number) => string; add: (i: number, next: string) => void };
  const taskSeg: Segment = {
    size: 2,
    first: taskName,
    add: (i, next) => {
      states[taskName(i)] = task(taskName(i), { Next: next }, `Recover${i}`);
      states[`Recover${i}`] = pass({ Next: next });
    },
  };
  const choiceSeg: Segment = {
    size: 4,
    first: (i) => `Route${i}`,
    add: (i, next) => {
      states[`Route${i}`] = {
        Type: 'Choice',
        Choices: [
          { Variable: '$.route', IsPresent: true, Next: `Express${i}` },
          { Variable: '$.priority', IsPresent: true, Next: `Priority${i}` },
        ],
        Default: `Standard${i}`,
      };
      for (const n of ['Express', 'Priority', 'Standard']) states[`${n}${i}`] = pass({ Next: next });
    },
  };
  const parallelSeg: Segment = {
    size: 10,
    first: (i) => `FanOut${i}`,
    add: (i, next) => {
      states[`FanOut${i}`] = {
        Type: 'Parallel',
        ResultPath: null,
        Branches: ['A', 'B', 'C'].map((b) => ({
          StartAt: `Prepare${i}${b}`,
          States: {
            [`Prepare${i}${b}`]: pass({ Next: `Call${i}${b}` }),
            [`Call${i}${b}`]: task(`Call${i}${b}`, { End: true }, `Fallback${i}${b}`),
            [`Fallback${i}${b}`]: pass({ End: true }),
          },
        })),
        Next: next,
      };
    },
  };
  const mapSeg: Segment = {
    size: 7,
    first: (i) => `Items${i}`,
    add: (i, next) => {
      states[`Items${i}`] = pass({ Next: `ProcessItems${i}` }, { Result: [{ id: 1 }, { id: 2 }, { id: 3 }], ResultPath: '$.items' });
      states[`ProcessItems${i}`] = {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 2,
        ResultPath: null,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: `Enrich${i}`,
          States: {
            [`Enrich${i}`]: task(`Enrich${i}`, { Next: `Check${i}` }, `Skip${i}`),
            [`Skip${i}`]: pass({ End: true }),
            [`Check${i}`]: { Type: 'Choice', Choices: [{ Variable: '$', IsPresent: true, Next: `Keep${i}` }], Default: `Drop${i}` },
            [`Keep${i}`]: pass({ End: true }),
            [`Drop${i}`]: pass({ End: true }),
          },
        },
        Next: next,
      };
    },
  };
  const cycle = [taskSeg, choiceSeg, parallelSeg, taskSeg, mapSeg];

  // Plan the segments first (each needs the name of the next one's first state).
  const plan: { seg: Segment; i: number }[] = [];
  const budget = count - 1; // the last state is `Done`
  while (total + cycle[seg % cycle.length].size <= budget) {
    const s = cycle[seg % cycle.length];
    plan.push({ seg: s, i: seg });
    total += s.size;
    seg++;
  }
  const fillers = budget - total;
  const firstOf = (k: number): string => (k < plan.length ? plan[k].seg.first(plan[k].i) : fillers > 0 ? 'Filler0' : 'Done');
  for (let k = plan.length - 1; k >= 0; k--) plan[k].seg.add(plan[k].i, firstOf(k + 1));
  for (let f = 0; f < fillers; f++) states[`Filler${f}`] = pass({ Next: f + 1 < fillers ? `Filler${f + 1}` : 'Done' });
  states.Done = { Type: 'Succeed' };
  return { Comment: `A generated machine with ${count} states for the graph's readability checks.`, StartAt: firstOf(0), States: states } as unknown as StateMachineDefinition;
}

/** Every state name of a definition, nested ones included. */
export function allStateNames(definition: StateMachineDefinition): string[] {
  const out: string[] = [];
  const walk = (machine: { States?: Record<string, unknown> }) => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      out.push(name);
      const s = state as { Branches?: unknown[]; ItemProcessor?: unknown; Iterator?: unknown };
      for (const b of s.Branches ?? []) walk(b as { States?: Record<string, unknown> });
      const processor = s.ItemProcessor ?? s.Iterator;
      if (processor) walk(processor as { States?: Record<string, unknown> });
    }
  };
  walk(definition as unknown as { States?: Record<string, unknown> });
  return out;
}
