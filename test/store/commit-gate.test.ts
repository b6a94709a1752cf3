import { CommitGate } from '../../src/store/commit-gate';

/** A task that runs until `finish()` is called, recording when it started and ended. */
function task(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish: () => finish(),
    run: async () => {
      log.push(`${name} start`);
      await done;
      log.push(`${name} end`);
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CommitGate', () => {
  it('runs reads together', async () => {
    const gate = new CommitGate();
    const log: string[] = [];
    const [a, b] = [task(log, 'read a'), task(log, 'read b')];

    const reads = [gate.read(a.run), gate.read(b.run)];
    await tick();
    expect(log).toEqual(['read a start', 'read b start']);
    a.finish();
    b.finish();
    await Promise.all(reads);
  });

  it('starts a commit only once the running reads have ended, and holds later reads back', async () => {
    const gate = new CommitGate();
    const log: string[] = [];
    const [first, commit, later] = [task(log, 'read 1'), task(log, 'commit'), task(log, 'read 2')];

    const running = gate.read(first.run);
    await tick();
    const committing = gate.commit(commit.run);
    const waiting = gate.read(later.run);
    await tick();
    expect(log).toEqual(['read 1 start']);

    first.finish();
    await tick();
    expect(log).toEqual(['read 1 start', 'read 1 end', 'commit start']);

    commit.finish();
    await tick();
    later.finish();
    await Promise.all([running, committing, waiting]);
    expect(log).toEqual([
      'read 1 start',
      'read 1 end',
      'commit start',
      'commit end',
      'read 2 start',
      'read 2 end',
    ]);
  });

  it('runs commits one at a time and admits reads after the last', async () => {
    const gate = new CommitGate();
    const log: string[] = [];
    const [one, two, read] = [task(log, 'commit 1'), task(log, 'commit 2'), task(log, 'read')];

    const first = gate.commit(one.run);
    const second = gate.commit(two.run);
    const reading = gate.read(read.run);
    await tick();
    one.finish();
    await tick();
    two.finish();
    await tick();
    read.finish();
    await Promise.all([first, second, reading]);

    expect(log).toEqual([
      'commit 1 start',
      'commit 1 end',
      'commit 2 start',
      'commit 2 end',
      'read start',
      'read end',
    ]);
  });

  it('passes errors through and frees the gate after them', async () => {
    const gate = new CommitGate();

    await expect(gate.read(() => Promise.reject(new Error('read failed')))).rejects.toThrow(
      'read failed',
    );
    await expect(gate.commit(() => Promise.reject(new Error('commit failed')))).rejects.toThrow(
      'commit failed',
    );
    await expect(gate.read(async () => 'after')).resolves.toBe('after');
  });
});
